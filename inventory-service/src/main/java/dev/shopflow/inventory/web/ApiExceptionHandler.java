package dev.shopflow.inventory.web;

import java.util.List;

import dev.shopflow.inventory.product.ProductNotFoundException;
import dev.shopflow.inventory.product.TooManySkusException;
import dev.shopflow.inventory.product.UnknownSkuException;
import dev.shopflow.inventory.reservation.IdempotencyMismatchException;
import dev.shopflow.inventory.reservation.InsufficientStockException;
import dev.shopflow.inventory.reservation.InvalidReservationException;
import dev.shopflow.inventory.reservation.ReservationNotFoundException;
import dev.shopflow.inventory.reservation.ReservationReleasedException;
import dev.shopflow.web.FieldViolation;
import dev.shopflow.web.ProblemHandler;
import dev.shopflow.web.Problems;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The problems of the catalogue and of reservations; every other failure is answered by
 * {@link ProblemHandler} as in every service. Clients branch on the type, not on the
 * detail.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ProblemHandler {

	@ExceptionHandler
	ProblemDetail handleInvalidReservation(InvalidReservationException ex) {
		return Problems.invalidRequest(ex.getMessage(), List.of(new FieldViolation(ex.getField(), ex.getReason())));
	}

	@ExceptionHandler
	ProblemDetail handleTooManySkus(TooManySkusException ex) {
		return Problems.invalidRequest(ex.getMessage(),
				List.of(new FieldViolation("sku", "must not be given more than " + ex.getMax() + " times")));
	}

	@ExceptionHandler
	ProblemDetail handleProductNotFound(ProductNotFoundException ex) {
		ProblemDetail problem = Problems.of(HttpStatus.NOT_FOUND, "product-not-found", "Product not found",
				ex.getMessage());
		problem.setProperty("skus", List.of(ex.getSku()));
		return problem;
	}

	@ExceptionHandler
	ProblemDetail handleUnknownSku(UnknownSkuException ex) {
		ProblemDetail problem = Problems.of(HttpStatus.UNPROCESSABLE_ENTITY, "unknown-sku", "Unknown SKU",
				ex.getMessage());
		problem.setProperty("skus", ex.getSkus());
		return problem;
	}

	@ExceptionHandler
	ProblemDetail handleInsufficientStock(InsufficientStockException ex) {
		ProblemDetail problem = Problems.of(HttpStatus.CONFLICT, "insufficient-stock", "Insufficient stock",
				ex.getMessage());
		problem.setProperty("orderId", ex.getOrderId());
		problem.setProperty("shortages", ex.getShortages());
		return problem;
	}

	@ExceptionHandler
	ProblemDetail handleReservationReleased(ReservationReleasedException ex) {
		ProblemDetail problem = Problems.of(HttpStatus.CONFLICT, "reservation-released", "Reservation released",
				ex.getMessage());
		problem.setProperty("orderId", ex.getOrderId());
		return problem;
	}

	@ExceptionHandler
	ProblemDetail handleReservationNotFound(ReservationNotFoundException ex) {
		ProblemDetail problem = Problems.of(HttpStatus.NOT_FOUND, "reservation-not-found", "Reservation not found",
				ex.getMessage());
		problem.setProperty("orderId", ex.getOrderId());
		return problem;
	}

	@ExceptionHandler
	ProblemDetail handleIdempotencyMismatch(IdempotencyMismatchException ex) {
		ProblemDetail problem = Problems.of(HttpStatus.UNPROCESSABLE_ENTITY, "idempotency-mismatch",
				"Idempotency mismatch", ex.getMessage());
		problem.setProperty("orderId", ex.getOrderId());
		return problem;
	}

}
