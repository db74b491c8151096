package dev.shopflow.payment.payments;

import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;

/**
 * Authorizes and refunds payments, at most once per order.
 * <p>
 * No money moves here: the decision comes from {@link CustomerLimitPolicy}. A real
 * service would call its payment service provider (PSP) where the policy is consulted,
 * passing the order id as the PSP's idempotency key, so that a retry after a crash
 * between the PSP call and the insert cannot charge twice either.
 */
@Service
class PaymentService {

	private static final Logger log = LoggerFactory.getLogger(PaymentService.class);

	private final Payments payments;

	private final CustomerLimitPolicy policy;

	private final PaymentMetrics metrics;

	PaymentService(Payments payments, CustomerLimitPolicy policy, PaymentMetrics metrics) {
		this.payments = payments;
		this.policy = policy;
		this.metrics = metrics;
	}

	/**
	 * Authorizes the payment of an order, or replays the order's earlier result.
	 * @throws IdempotencyMismatchException if the order already has a payment for a
	 * different customer, amount or currency
	 */
	AuthorizationResult authorize(PaymentAttempt attempt) {
		// The PSP call would go here (see class comment).
		Decision decision = this.policy.decide(attempt.customerId(), attempt.amount(), attempt.currency());
		Optional<Payment> inserted = this.payments.insertIfAbsent(UUID.randomUUID(), attempt, decision);
		if (inserted.isPresent()) {
			Payment payment = inserted.get();
			this.metrics.decided(decision);
			log.info("Payment {} for order {} {}", payment.paymentId(), payment.orderId(), payment.status());
			return new AuthorizationResult(payment, true);
		}
		// Lost the race or a plain repeat: the row is committed, because ON CONFLICT
		// waits for a concurrent inserter to finish before doing nothing.
		Payment existing = this.payments.findByOrderId(attempt.orderId())
			.orElseThrow(() -> new IllegalStateException("Payment of order %s vanished".formatted(attempt.orderId())));
		if (!existing.isSameChargeAs(attempt)) {
			throw new IdempotencyMismatchException(attempt.orderId());
		}
		this.metrics.duplicate();
		return new AuthorizationResult(existing, false);
	}

	/**
	 * Refunds the order's payment; refunding a refunded payment answers it unchanged.
	 * @throws PaymentNotFoundException if the order has no payment
	 * @throws PaymentNotRefundableException if the payment was declined
	 */
	Payment refund(UUID orderId) {
		// A real refund would be sent to the PSP here, keyed by the order id.
		Optional<Payment> refunded = this.payments.refundIfAuthorized(orderId);
		if (refunded.isPresent()) {
			this.metrics.refunded();
			log.info("Payment {} for order {} REFUNDED", refunded.get().paymentId(), orderId);
			return refunded.get();
		}
		Payment existing = find(orderId);
		if (existing.status() != PaymentStatus.REFUNDED) {
			throw new PaymentNotRefundableException(orderId, existing.status());
		}
		return existing;
	}

	/**
	 * The order's payment.
	 * @throws PaymentNotFoundException if the order has no payment
	 */
	Payment find(UUID orderId) {
		return this.payments.findByOrderId(orderId).orElseThrow(() -> new PaymentNotFoundException(orderId));
	}

}
