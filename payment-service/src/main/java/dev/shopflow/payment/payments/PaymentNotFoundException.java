package dev.shopflow.payment.payments;

import java.util.UUID;

/**
 * The order has no payment.
 */
public class PaymentNotFoundException extends RuntimeException {

	private final UUID orderId;

	PaymentNotFoundException(UUID orderId) {
		super("No payment for order " + orderId);
		this.orderId = orderId;
	}

	public UUID getOrderId() {
		return this.orderId;
	}

}
