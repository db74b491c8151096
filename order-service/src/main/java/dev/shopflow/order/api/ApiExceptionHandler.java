package dev.shopflow.order.api;

import dev.shopflow.order.domain.ConcurrentOrderUpdateException;
import dev.shopflow.order.domain.OrderNotFoundException;
import dev.shopflow.order.placement.CurrencyMismatchException;
import dev.shopflow.order.placement.UnknownSkuException;
import dev.shopflow.web.ProblemHandler;
import dev.shopflow.web.Problems;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The problems of orders; every other failure is answered by {@link ProblemHandler} as in
 * every service.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ProblemHandler {

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

}
