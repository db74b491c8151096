package dev.shopflow.order.api;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.shopflow.order.domain.ConcurrentOrderUpdateException;
import dev.shopflow.order.domain.OrderNotFoundException;
import dev.shopflow.order.placement.CurrencyMismatchException;
import dev.shopflow.order.placement.UnknownSkuException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.validation.method.ParameterErrors;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Turns every failure into an RFC 9457 problem. Client mistakes are explained in detail;
 * server failures are logged and answered with a generic text, never with an exception
 * message that could leak internals.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

	@ExceptionHandler
	ProblemDetail unknownSku(UnknownSkuException ex) {
		ProblemDetail problem = Problems.of(HttpStatus.UNPROCESSABLE_ENTITY, "unknown-sku", "Unknown SKU",
				ex.getMessage());
		problem.setProperty("skus", ex.skus());
		return problem;
	}

	@ExceptionHandler
	ProblemDetail currencyMismatch(CurrencyMismatchException ex) {
		return Problems.of(HttpStatus.UNPROCESSABLE_ENTITY, "currency-mismatch", "Currency mismatch", ex.getMessage());
	}

	@ExceptionHandler
	ProblemDetail orderNotFound(OrderNotFoundException ex) {
		return Problems.of(HttpStatus.NOT_FOUND, "order-not-found", "Order not found", ex.getMessage());
	}

	@ExceptionHandler
	ProblemDetail concurrentUpdate(ConcurrentOrderUpdateException ex) {
		return Problems.of(HttpStatus.CONFLICT, "concurrent-update", "Concurrent update", ex.getMessage());
	}

	@ExceptionHandler
	ResponseEntity<Object> unexpected(Exception ex, WebRequest request) {
		log.error("Unexpected error handling {}", request.getDescription(false), ex);
		ProblemDetail problem = Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "Internal error",
				"Unexpected error, see server logs");
		return handleExceptionInternal(ex, problem, new HttpHeaders(), HttpStatus.INTERNAL_SERVER_ERROR, request);
	}

	@Override
	protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request",
				"The request has invalid fields");
		problem.setProperty("errors", fieldErrors(ex.getBindingResult().getFieldErrors()));
		return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
	}

	@Override
	protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request",
				"The request has invalid fields");
		problem.setProperty("errors", sorted(ex.getParameterValidationResults().stream().flatMap((result) -> {
			if (result instanceof ParameterErrors body) {
				return fieldErrors(body.getFieldErrors()).stream();
			}
			RequestHeader header = result.getMethodParameter().getParameterAnnotation(RequestHeader.class);
			// A header is reported under its name on the wire, which is what the client
			// sent.
			String parameter = (header != null) ? header.name()
					: String.valueOf(result.getMethodParameter().getParameterName());
			return result.getResolvableErrors()
				.stream()
				.map((error) -> Map.of("field", parameter, "message", String.valueOf(error.getDefaultMessage())));
		})));
		return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
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
		ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, "malformed-request", "Malformed request",
				"Malformed JSON request body");
		return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
	}

	@Override
	protected ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request",
				"Missing parameter '" + ex.getParameterName() + "'");
		problem.setProperty("errors", List.of(Map.of("field", ex.getParameterName(), "message", "is required")));
		return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
	}

	@Override
	protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
			HttpStatusCode status, WebRequest request) {
		String expected = (ex.getRequiredType() != null) ? " (expected " + ex.getRequiredType().getSimpleName() + ")"
				: "";
		ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request",
				"Invalid value for '" + ex.getPropertyName() + "'" + expected);
		return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
	}

	private static List<Map<String, String>> fieldErrors(List<FieldError> errors) {
		return sorted(errors.stream()
			.map((error) -> Map.of("field", error.getField(), "message", String.valueOf(error.getDefaultMessage()))));
	}

	/**
	 * Validation reports errors in no particular order; clients and tests get a stable
	 * one.
	 */
	private static List<Map<String, String>> sorted(Stream<Map<String, String>> errors) {
		return errors
			.sorted(Comparator.comparing((Map<String, String> error) -> error.get("field"))
				.thenComparing((error) -> error.get("message")))
			.toList();
	}

}
