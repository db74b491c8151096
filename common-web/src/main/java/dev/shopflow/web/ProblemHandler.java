package dev.shopflow.web;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.BeanUtils;
import org.springframework.beans.TypeMismatchException;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.util.ClassUtils;
import org.springframework.validation.Errors;
import org.springframework.validation.FieldError;
import org.springframework.validation.method.ParameterErrors;
import org.springframework.validation.method.ParameterValidationResult;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Turns every failure into an RFC 9457 problem, the same way in every service: client
 * mistakes are explained in detail, with the fields they concern; a database that cannot
 * be reached is a {@code 503} with {@code Retry-After}; anything else is a {@code 500}. A
 * 5xx is logged and answered with a generic text, never with an exception message that
 * could leak internals (SQL, hosts, credentials).
 * <p>
 * Each service's {@code @RestControllerAdvice} extends this and adds only the problems of
 * its own domain.
 */
public abstract class ProblemHandler extends ResponseEntityExceptionHandler {

	/**
	 * Seconds a client should wait before repeating a request answered {@code 503} for
	 * want of the database. Each service's pool waits 2 s for a connection before giving
	 * up, and a PostgreSQL that restarts or fails over is back within seconds: repeating
	 * sooner mostly queues behind the same exhausted pool, waiting much longer keeps a
	 * client away from a service that has recovered.
	 */
	public static final int RETRY_AFTER_SECONDS = 5;

	static final String INVALID_FIELDS = "The request has invalid fields";

	private final Logger log = LoggerFactory.getLogger(getClass());

	/**
	 * Last resort: a database (or socket) that cannot be reached now is a {@code 503};
	 * anything else is a bug, a {@code 500}. Either way the exception message goes to the
	 * log only.
	 */
	@ExceptionHandler
	protected ResponseEntity<Object> handleUnexpected(Exception ex, WebRequest request) {
		if (DependencyFailures.isUnavailable(ex)) {
			this.log.warn("Answering 503 to {}: {}", describe(request), DependencyFailures.describe(ex));
			HttpHeaders headers = new HttpHeaders();
			headers.set(HttpHeaders.RETRY_AFTER, Integer.toString(RETRY_AFTER_SECONDS));
			return handleExceptionInternal(ex, Problems.serviceUnavailable(), headers, HttpStatus.SERVICE_UNAVAILABLE,
					request);
		}
		this.log.error("Unexpected error handling {}", describe(request), ex);
		return handleExceptionInternal(ex, Problems.internalError(), new HttpHeaders(),
				HttpStatus.INTERNAL_SERVER_ERROR, request);
	}

	@Override
	protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		return handleExceptionInternal(ex, Problems.invalidRequest(INVALID_FIELDS, violationsOf(ex.getBindingResult())),
				headers, HttpStatus.BAD_REQUEST, request);
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
		return handleExceptionInternal(ex, Problems.invalidRequest(INVALID_FIELDS, violations), headers,
				HttpStatus.BAD_REQUEST, request);
	}

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		// Jackson wraps what the body stream throws while it binds a property, so the 413
		// of BoundedRequestBody for a body without Content-Length arrives here.
		ErrorResponseException tooLarge = causeOf(ex, ErrorResponseException.class);
		if (tooLarge != null) {
			return handleErrorResponseException(tooLarge, headers, tooLarge.getStatusCode(), request);
		}
		// Well-formed JSON with a value of the wrong type for its field, 1.5 for a
		// quantity or "1" for a number: the client can fix the field, so name it.
		MismatchedInputException mismatch = causeOf(ex, MismatchedInputException.class);
		if (mismatch != null && !mismatch.getPath().isEmpty()) {
			FieldViolation violation = new FieldViolation(pathOf(mismatch), expectation(mismatch.getTargetType()));
			return handleExceptionInternal(ex, Problems.invalidRequest(INVALID_FIELDS, List.of(violation)), headers,
					HttpStatus.BAD_REQUEST, request);
		}
		return handleExceptionInternal(ex, Problems.malformedRequest("Malformed JSON request body"), headers,
				HttpStatus.BAD_REQUEST, request);
	}

	@Override
	protected ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		// Also what an empty value becomes when it converts to nothing, e.g. a UUID.
		String name = ex.getParameterName();
		ProblemDetail problem = Problems.invalidRequest("Required parameter '" + name + "' is missing",
				List.of(new FieldViolation(name, "is required")));
		return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
	}

	@Override
	protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
			HttpStatusCode status, WebRequest request) {
		String name = String.valueOf(ex.getPropertyName());
		Class<?> required = ex.getRequiredType();
		String expected = (required != null) ? " (expected " + required.getSimpleName() + ")" : "";
		ProblemDetail problem = Problems.invalidRequest("Invalid value for '" + name + "'" + expected,
				List.of(new FieldViolation(name, expectation(required))));
		return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
	}

	private static List<FieldViolation> violationsOf(Errors errors) {
		List<FieldViolation> violations = new ArrayList<>();
		for (FieldError error : errors.getFieldErrors()) {
			violations.add(new FieldViolation(error.getField(), messageOf(error)));
		}
		errors.getGlobalErrors()
			.forEach((error) -> violations.add(new FieldViolation(error.getObjectName(), error.getDefaultMessage())));
		return violations;
	}

	private static String messageOf(FieldError error) {
		// A query parameter that does not convert into the object it binds to (size=abc):
		// Spring's own message would name Java types.
		if (error.isBindingFailure()) {
			return expectation(error.contains(TypeMismatchException.class)
					? error.unwrap(TypeMismatchException.class).getRequiredType() : null);
		}
		return error.getDefaultMessage();
	}

	/** A parameter as the client named it on the wire. */
	private static String nameOf(MethodParameter parameter) {
		RequestHeader header = parameter.getParameterAnnotation(RequestHeader.class);
		if (header != null && !header.name().isEmpty()) {
			return header.name();
		}
		RequestParam param = parameter.getParameterAnnotation(RequestParam.class);
		if (param != null && !param.name().isEmpty()) {
			return param.name();
		}
		PathVariable variable = parameter.getParameterAnnotation(PathVariable.class);
		if (variable != null && !variable.name().isEmpty()) {
			return variable.name();
		}
		return String.valueOf(parameter.getParameterName());
	}

	/** Where in the body the value is, the way validation names it: lines[0].quantity. */
	private static String pathOf(JsonMappingException ex) {
		StringBuilder path = new StringBuilder();
		for (JsonMappingException.Reference reference : ex.getPath()) {
			if (reference.getFieldName() != null) {
				path.append(path.isEmpty() ? "" : ".").append(reference.getFieldName());
			}
			else if (reference.getIndex() >= 0) {
				path.append('[').append(reference.getIndex()).append(']');
			}
		}
		return path.toString();
	}

	/** What a value of {@code type} looks like, in the client's terms, not Java's. */
	static String expectation(Class<?> type) {
		if (type == null) {
			return "has an invalid value";
		}
		Class<?> boxed = ClassUtils.resolvePrimitiveIfNecessary(type);
		if (boxed == Integer.class || boxed == Long.class || boxed == Short.class || boxed == Byte.class
				|| boxed == BigInteger.class) {
			return "must be a whole number";
		}
		if (Number.class.isAssignableFrom(boxed)) {
			return "must be a number";
		}
		if (boxed == Boolean.class) {
			return "must be true or false";
		}
		if (CharSequence.class.isAssignableFrom(boxed)) {
			return "must be a string";
		}
		if (boxed.isEnum()) {
			return "must be one of " + Arrays.toString(boxed.getEnumConstants());
		}
		if (Collection.class.isAssignableFrom(boxed) || boxed.isArray()) {
			return "must be an array";
		}
		return BeanUtils.isSimpleValueType(boxed) ? "must be a valid " + boxed.getSimpleName() : "must be an object";
	}

	private static <T extends Throwable> T causeOf(Throwable failure, Class<T> type) {
		for (Throwable cause = failure.getCause(); cause != null && cause != failure; cause = cause.getCause()) {
			if (type.isInstance(cause)) {
				return type.cast(cause);
			}
		}
		return null;
	}

	private static String describe(WebRequest request) {
		if (request instanceof ServletWebRequest servlet) {
			return servlet.getRequest().getMethod() + " " + servlet.getRequest().getRequestURI();
		}
		return request.getDescription(false);
	}

}
