package dev.shopflow.inventory.web;

import java.net.URI;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.shopflow.inventory.product.ProductNotFoundException;
import dev.shopflow.inventory.product.TooManySkusException;
import dev.shopflow.inventory.product.UnknownSkuException;
import dev.shopflow.inventory.reservation.IdempotencyMismatchException;
import dev.shopflow.inventory.reservation.InsufficientStockException;
import dev.shopflow.inventory.reservation.InvalidReservationException;
import dev.shopflow.inventory.reservation.ReservationNotFoundException;
import dev.shopflow.inventory.reservation.ReservationReleasedException;

import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Turns every failure into an RFC 9457 problem. Problem types are
 * {@code urn:shopflow:problem:<name>}; clients branch on the type, not on the detail.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

	static final URI INVALID_REQUEST = problemType("invalid-request");

	static final URI MALFORMED_REQUEST = problemType("malformed-request");

	static final URI PAYLOAD_TOO_LARGE = problemType("payload-too-large");

	static final URI PRODUCT_NOT_FOUND = problemType("product-not-found");

	static final URI UNKNOWN_SKU = problemType("unknown-sku");

	static final URI INSUFFICIENT_STOCK = problemType("insufficient-stock");

	static final URI RESERVATION_RELEASED = problemType("reservation-released");

	static final URI RESERVATION_NOT_FOUND = problemType("reservation-not-found");

	static final URI IDEMPOTENCY_MISMATCH = problemType("idempotency-mismatch");

	static final URI INTERNAL_ERROR = problemType("internal-error");

	private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

	@Override
	protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		Stream<FieldViolation> fieldViolations = ex.getBindingResult()
			.getFieldErrors()
			.stream()
			.map((error) -> new FieldViolation(error.getField(), error.getDefaultMessage()));
		Stream<FieldViolation> objectViolations = ex.getBindingResult()
			.getGlobalErrors()
			.stream()
			.map((error) -> new FieldViolation(error.getObjectName(), error.getDefaultMessage()));
		List<FieldViolation> errors = Stream.concat(fieldViolations, objectViolations)
			.sorted(Comparator.comparing(FieldViolation::field).thenComparing(FieldViolation::message))
			.toList();
		return handleExceptionInternal(ex, invalidRequest("The request has invalid fields", errors), headers, status,
				request);
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
		ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, MALFORMED_REQUEST, "Malformed request",
				"Malformed JSON request body");
		return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
	}

	@ExceptionHandler
	ProblemDetail handleInvalidReservation(InvalidReservationException ex) {
		return invalidRequest(ex.getMessage(), List.of(new FieldViolation(ex.getField(), ex.getReason())));
	}

	@ExceptionHandler
	ProblemDetail handleTooManySkus(TooManySkusException ex) {
		return invalidRequest(ex.getMessage(),
				List.of(new FieldViolation("sku", "must not be given more than " + ex.getMax() + " times")));
	}

	@ExceptionHandler
	ProblemDetail handleProductNotFound(ProductNotFoundException ex) {
		ProblemDetail problem = problem(HttpStatus.NOT_FOUND, PRODUCT_NOT_FOUND, "Product not found", ex.getMessage());
		problem.setProperty("skus", List.of(ex.getSku()));
		return problem;
	}

	@ExceptionHandler
	ProblemDetail handleUnknownSku(UnknownSkuException ex) {
		ProblemDetail problem = problem(HttpStatus.UNPROCESSABLE_ENTITY, UNKNOWN_SKU, "Unknown SKU", ex.getMessage());
		problem.setProperty("skus", ex.getSkus());
		return problem;
	}

	@ExceptionHandler
	ProblemDetail handleInsufficientStock(InsufficientStockException ex) {
		ProblemDetail problem = problem(HttpStatus.CONFLICT, INSUFFICIENT_STOCK, "Insufficient stock", ex.getMessage());
		problem.setProperty("orderId", ex.getOrderId());
		problem.setProperty("shortages", ex.getShortages());
		return problem;
	}

	@ExceptionHandler
	ProblemDetail handleReservationReleased(ReservationReleasedException ex) {
		ProblemDetail problem = problem(HttpStatus.CONFLICT, RESERVATION_RELEASED, "Reservation released",
				ex.getMessage());
		problem.setProperty("orderId", ex.getOrderId());
		return problem;
	}

	@ExceptionHandler
	ProblemDetail handleReservationNotFound(ReservationNotFoundException ex) {
		ProblemDetail problem = problem(HttpStatus.NOT_FOUND, RESERVATION_NOT_FOUND, "Reservation not found",
				ex.getMessage());
		problem.setProperty("orderId", ex.getOrderId());
		return problem;
	}

	@ExceptionHandler
	ProblemDetail handleIdempotencyMismatch(IdempotencyMismatchException ex) {
		ProblemDetail problem = problem(HttpStatus.UNPROCESSABLE_ENTITY, IDEMPOTENCY_MISMATCH, "Idempotency mismatch",
				ex.getMessage());
		problem.setProperty("orderId", ex.getOrderId());
		return problem;
	}

	/**
	 * Last resort. The exception message may reveal internals (SQL, hosts), so it goes to
	 * the log only.
	 */
	@ExceptionHandler
	ProblemDetail handleUnexpected(Exception ex, HttpServletRequest request) {
		log.error("Unexpected error handling {} {}", request.getMethod(), request.getRequestURI(), ex);
		return problem(HttpStatus.INTERNAL_SERVER_ERROR, INTERNAL_ERROR, "Internal error",
				"Unexpected error, see server logs");
	}

	@Override
	protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
			HttpStatusCode status, WebRequest request) {
		String expected = (ex.getRequiredType() != null) ? " (expected " + ex.getRequiredType().getSimpleName() + ")"
				: "";
		ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, INVALID_REQUEST, "Invalid request",
				"Invalid value for '" + ex.getPropertyName() + "'" + expected);
		return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
	}

	private static ProblemDetail invalidRequest(String detail, List<FieldViolation> errors) {
		ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, INVALID_REQUEST, "Invalid request", detail);
		problem.setProperty("errors", errors);
		return problem;
	}

	static ProblemDetail problem(HttpStatus status, URI type, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(type);
		problem.setTitle(title);
		return problem;
	}

	private static URI problemType(String name) {
		return URI.create("urn:shopflow:problem:" + name);
	}

}
