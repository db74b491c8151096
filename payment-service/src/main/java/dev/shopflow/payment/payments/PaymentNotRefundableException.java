package dev.shopflow.payment.payments;

import java.util.UUID;

/**
 * The order's payment is in a status that cannot be refunded (it was never authorized).
 */
public class PaymentNotRefundableException extends RuntimeException {

	private final UUID orderId;

	private final PaymentStatus status;

	PaymentNotRefundableException(UUID orderId, PaymentStatus status) {
		super("Payment of order %s is %s and cannot be refunded".formatted(orderId, status));
		this.orderId = orderId;
		this.status = status;
	}

	public UUID getOrderId() {
		return this.orderId;
	}

	public PaymentStatus getStatus() {
		return this.status;
	}

}
