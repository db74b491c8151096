package dev.shopflow.payment.payments;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A payment as the API shows it. The idempotency key and update time stay internal.
 */
record PaymentResponse(UUID paymentId, UUID orderId, String customerId, BigDecimal amount, String currency,
		PaymentStatus status, @JsonInclude(JsonInclude.Include.NON_NULL) String declineReason, Instant createdAt) {

	static PaymentResponse from(Payment payment) {
		return new PaymentResponse(payment.paymentId(), payment.orderId(), payment.customerId(), payment.amount(),
				payment.currency(), payment.status(), payment.declineReason(), payment.createdAt());
	}

}
