package dev.shopflow.payment.web;

import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import dev.shopflow.payment.payments.IdempotencyMismatchException;
import dev.shopflow.payment.payments.PaymentNotFoundException;
import dev.shopflow.payment.payments.PaymentNotRefundableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.MethodParameter;
import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.Errors;
import org.springframework.validation.FieldError;
import org.springframework.validation.method.ParameterErrors;
import org.springframework.validation.method.ParameterValidationResult;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * The one place that turns exceptions into RFC 9457 problem details, so every error of
 * the API has the same shape and no internal message leaks to clients.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

	static final String MALFORMED_JSON = "Malformed JSON request body";

	static final String INVALID_FIELDS = "The request has invalid fields";

	static final String UNEXPECTED_ERROR = "Unexpected error, see server logs";

	private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

	@ExceptionHandler
	ProblemDetail paymentNotFound(PaymentNotFoundException ex) {
		ProblemDetail problem = problem(HttpStatus.NOT_FOUND, "payment-not-found", "Payment not found",
				ex.getMessage());
		problem.setProperty("orderId", ex.getOrderId());
		return problem;
	}

	@ExceptionHandler
	ProblemDetail paymentNotRefundable(PaymentNotRefundableException ex) {
		ProblemDetail problem = problem(HttpStatus.CONFLICT, "payment-not-refundable", "Payment not refundable",
				ex.getMessage());
		problem.setProperty("orderId", ex.getOrderId());
		problem.setProperty("status", ex.getStatus());
		return problem;
	}

	@ExceptionHandler
	ProblemDetail idempotencyMismatch(IdempotencyMismatchException ex) {
		ProblemDetail problem = problem(HttpStatus.UNPROCESSABLE_ENTITY, "idempotency-mismatch", "Idempotency mismatch",
				ex.getMessage());
		problem.setProperty("orderId", ex.getOrderId());
		return problem;
	}

	@ExceptionHandler
	ProblemDetail unexpected(Exception ex) {
		log.error("Unexpected error", ex);
		return problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "Internal error", UNEXPECTED_ERROR);
	}

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		// Jackson wraps what the body stream throws while it binds a property, so the 413
		// of RequestBodyLimit for a body without Content-Length arrives here.
		for (Throwable cause = ex.getCause(); cause != null; cause = cause.getCause()) {
			if (cause instanceof ErrorResponseException tooLarge) {
				return handleErrorResponseException(tooLarge, headers, tooLarge.getStatusCode(), request);
			}
		}
		return handleExceptionInternal(ex,
				problem(HttpStatus.BAD_REQUEST, "malformed-request", "Malformed request", MALFORMED_JSON), headers,
				HttpStatus.BAD_REQUEST, request);
	}

	@Override
	protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		return handleExceptionInternal(ex, validationProblem(violationsOf(ex.getBindingResult())), headers,
				HttpStatus.BAD_REQUEST, request);
	}

	@Override
	protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		// Raised instead of MethodArgumentNotValidException when a handler also has
		// constraints on plain parameters, e.g. the Idempotency-Key header.
		List<FieldViolation> violations = new ArrayList<>();
		for (ParameterValidationResult result : ex.getParameterValidationResults()) {
			if (result instanceof ParameterErrors errors) {
				violations.addAll(violationsOf(errors));
			}
			else {
				String name = nameOf(result.getMethodParameter());
				result.getResolvableErrors()
					.forEach((error) -> violations.add(new FieldViolation(name, error.getDefaultMessage())));
			}
		}
		return handleExceptionInternal(ex, validationProblem(violations), headers, HttpStatus.BAD_REQUEST, request);
	}

	private static List<FieldViolation> violationsOf(Errors errors) {
		List<FieldViolation> violations = new ArrayList<>();
		for (FieldError error : errors.getFieldErrors()) {
			violations.add(new FieldViolation(error.getField(), error.getDefaultMessage()));
		}
		errors.getGlobalErrors()
			.forEach((error) -> violations.add(new FieldViolation(error.getObjectName(), error.getDefaultMessage())));
		return violations;
	}

	private static String nameOf(MethodParameter parameter) {
		RequestHeader header = parameter.getParameterAnnotation(RequestHeader.class);
		if (header != null && !header.name().isEmpty()) {
			return header.name();
		}
		return parameter.getParameterName();
	}

	private static ProblemDetail validationProblem(List<FieldViolation> violations) {
		ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", INVALID_FIELDS);
		problem.setProperty("errors",
				violations.stream()
					.sorted(Comparator.comparing(FieldViolation::field)
						.thenComparing(FieldViolation::message, Comparator.nullsFirst(Comparator.naturalOrder())))
					.toList());
		return problem;
	}

	@Override
	protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
			HttpStatusCode status, WebRequest request) {
		String expected = (ex.getRequiredType() != null) ? " (expected " + ex.getRequiredType().getSimpleName() + ")"
				: "";
		ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request",
				"Invalid value for '" + ex.getPropertyName() + "'" + expected);
		return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
	}

	static ProblemDetail problem(HttpStatus status, String type, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(URI.create("urn:shopflow:problem:" + type));
		problem.setTitle(title);
		return problem;
	}

}
