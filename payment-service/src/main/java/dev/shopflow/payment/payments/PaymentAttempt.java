package dev.shopflow.payment.payments;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.UUID;

/**
 * A request to authorize the payment of an order, already validated at the edge.
 *
 * @param orderId the order to pay for
 * @param customerId the paying customer
 * @param amount amount, at most two decimals
 * @param currency ISO-4217 code
 * @param idempotencyKey the caller's idempotency key, may be {@code null}
 */
record PaymentAttempt(UUID orderId, String customerId, BigDecimal amount, String currency, String idempotencyKey) {

	PaymentAttempt {
		// numeric(12,2) would store 12.5 as 12.50; normalising here makes the first
		// answer and every replayed answer render the amount identically.
		amount = amount.setScale(2, RoundingMode.UNNECESSARY);
	}

}
