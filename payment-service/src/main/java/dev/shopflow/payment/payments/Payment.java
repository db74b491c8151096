package dev.shopflow.payment.payments;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * A payment as stored: the one and only payment of an order.
 *
 * @param paymentId id of the payment
 * @param orderId the order paid for; unique
 * @param customerId the paying customer
 * @param amount amount with two decimals
 * @param currency ISO-4217 code
 * @param status current status
 * @param declineReason why it was declined, {@code null} unless declined
 * @param idempotencyKey the caller's key of the first request, if it sent one
 * @param createdAt when the payment was decided
 * @param updatedAt when the status last changed
 */
record Payment(UUID paymentId, UUID orderId, String customerId, BigDecimal amount, String currency,
		PaymentStatus status, String declineReason, String idempotencyKey, Instant createdAt, Instant updatedAt) {

	/**
	 * Whether the attempt asks for the same payment as this one, so that answering it
	 * with this payment is a faithful replay rather than a different charge.
	 */
	boolean isSameChargeAs(PaymentAttempt attempt) {
		return this.customerId.equals(attempt.customerId()) && this.amount.compareTo(attempt.amount()) == 0
				&& this.currency.equals(attempt.currency());
	}

}
