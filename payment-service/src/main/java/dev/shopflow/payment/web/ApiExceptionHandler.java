package dev.shopflow.payment.web;

import dev.shopflow.payment.payments.IdempotencyMismatchException;
import dev.shopflow.payment.payments.PaymentNotFoundException;
import dev.shopflow.payment.payments.PaymentNotRefundableException;
import dev.shopflow.web.ProblemHandler;
import dev.shopflow.web.Problems;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The problems of payments; every other failure is answered by {@link ProblemHandler} as
 * in every service, so every error of the API has the same shape and no internal message
 * leaks to clients.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ProblemHandler {

	@ExceptionHandler
	ProblemDetail paymentNotFound(PaymentNotFoundException ex) {
		ProblemDetail problem = Problems.of(HttpStatus.NOT_FOUND, "payment-not-found", "Payment not found",
				ex.getMessage());
		problem.setProperty("orderId", ex.getOrderId());
		return problem;
	}

	@ExceptionHandler
	ProblemDetail paymentNotRefundable(PaymentNotRefundableException ex) {
		ProblemDetail problem = Problems.of(HttpStatus.CONFLICT, "payment-not-refundable", "Payment not refundable",
				ex.getMessage());
		problem.setProperty("orderId", ex.getOrderId());
		problem.setProperty("status", ex.getStatus());
		return problem;
	}

	@ExceptionHandler
	ProblemDetail idempotencyMismatch(IdempotencyMismatchException ex) {
		ProblemDetail problem = Problems.of(HttpStatus.UNPROCESSABLE_ENTITY, "idempotency-mismatch",
				"Idempotency mismatch", ex.getMessage());
		problem.setProperty("orderId", ex.getOrderId());
		return problem;
	}

}
