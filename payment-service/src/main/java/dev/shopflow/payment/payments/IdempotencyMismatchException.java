package dev.shopflow.payment.payments;

import java.util.UUID;

/**
 * A payment request repeats an order that already has a payment, but for a different
 * customer, amount or currency. Answering it with the first result would hide a caller
 * bug; charging again would break once-per-order, so it is rejected.
 */
public class IdempotencyMismatchException extends RuntimeException {

	private final UUID orderId;

	IdempotencyMismatchException(UUID orderId) {
		super("Order %s already has a payment with a different customer, amount or currency".formatted(orderId));
		this.orderId = orderId;
	}

	public UUID getOrderId() {
		return this.orderId;
	}

}
