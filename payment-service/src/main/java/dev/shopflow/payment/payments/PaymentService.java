package dev.shopflow.payment.payments;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import dev.shopflow.messaging.outbox.Outbox;
import dev.shopflow.payment.PaymentProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionOperations;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Authorizes and refunds payments, at most once per order.
 * <p>
 * No money moves here: the decision comes from {@link CustomerLimitPolicy}. A real
 * service would call its payment service provider (PSP) where the policy is consulted,
 * passing the order id as the PSP's idempotency key, so that a retry after a crash
 * between the PSP call and the insert cannot charge twice either.
 * <p>
 * Every change that other services must learn about appends its event to the
 * {@link Outbox} in the transaction of the change: the payment and its event commit
 * together or not at all. Only a change that actually happened has an event; a replayed
 * authorization or a repeated refund changes nothing and publishes nothing. The
 * transactions join the caller's, so a consumer's inbox entry commits with them too.
 * <p>
 * Whether it is asked over HTTP or by an {@code AuthorizePayment} command, a payment for
 * an order that was cancelled first is declined: the command may have waited in its queue
 * while the order saga gave up on it.
 */
@Service
class PaymentService {

	static final String ORDER_CANCELLED = "order was cancelled";

	private static final Logger log = LoggerFactory.getLogger(PaymentService.class);

	private final Payments payments;

	private final CustomerLimitPolicy policy;

	private final PaymentMetrics metrics;

	private final Outbox outbox;

	private final TransactionOperations transactions;

	private final Duration lockTimeout;

	PaymentService(Payments payments, CustomerLimitPolicy policy, PaymentMetrics metrics, Outbox outbox,
			TransactionOperations transactions, PaymentProperties properties) {
		this.payments = payments;
		this.policy = policy;
		this.metrics = metrics;
		this.outbox = outbox;
		this.transactions = transactions;
		this.lockTimeout = properties.lockTimeout();
	}

	/**
	 * Authorizes the payment of an order, or replays the order's earlier result.
	 * @throws IdempotencyMismatchException if the order already has a payment for a
	 * different customer, amount or currency
	 */
	AuthorizationResult authorize(PaymentAttempt attempt) {
		// The PSP call would go here (see class comment).
		Decision offered = this.policy.decide(attempt.customerId(), attempt.amount(), attempt.currency());
		Optional<Payment> inserted = this.transactions.execute((status) -> {
			this.payments.lockOrder(attempt.orderId(), this.lockTimeout);
			// Under the order's lock, so a cancellation is either committed and seen here
			// or waits and then refunds what this commits. A real service would void the
			// PSP authorization of a cancelled order.
			Decision decision = this.payments.isCancelled(attempt.orderId()) ? Decision.declined(ORDER_CANCELLED)
					: offered;
			Optional<Payment> payment = this.payments.insertIfAbsent(UUID.randomUUID(), attempt, decision);
			payment.ifPresent((created) -> {
				this.outbox.append(PaymentEvents.decided(created));
				afterCommit(() -> {
					this.metrics.decided(decision);
					log.info("Payment {} for order {} {}", created.paymentId(), created.orderId(), created.status());
				});
			});
			return payment;
		});
		if (inserted.isPresent()) {
			return new AuthorizationResult(inserted.get(), true);
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
		Optional<Payment> refunded = refundIfAuthorized(orderId);
		if (refunded.isPresent()) {
			return refunded.get();
		}
		Payment existing = find(orderId);
		if (existing.status() != PaymentStatus.REFUNDED) {
			throw new PaymentNotRefundableException(orderId, existing.status());
		}
		return existing;
	}

	/**
	 * Gives the money back for an order that was called off, and remembers the
	 * cancellation so that a payment asked for it later is declined. An order without
	 * payment, or with a declined or already refunded one, has nothing to give back: that
	 * is a normal outcome of the saga, not an error.
	 */
	void cancelOrder(UUID orderId, Instant cancelledAt) {
		Optional<Payment> refunded = this.transactions.execute((status) -> {
			this.payments.lockOrder(orderId, this.lockTimeout);
			this.payments.rememberCancelled(orderId, cancelledAt);
			return refundIfAuthorized(orderId);
		});
		if (refunded.isEmpty()) {
			log.info("Order {} was cancelled with nothing to refund: {}", orderId,
					this.payments.findByOrderId(orderId)
						.map((payment) -> "its payment is " + payment.status())
						.orElse("it has no payment"));
		}
	}

	/**
	 * The order's payment.
	 * @throws PaymentNotFoundException if the order has no payment
	 */
	Payment find(UUID orderId) {
		return this.payments.findByOrderId(orderId).orElseThrow(() -> new PaymentNotFoundException(orderId));
	}

	private Optional<Payment> refundIfAuthorized(UUID orderId) {
		// A real refund would be sent to the PSP here, keyed by the order id.
		return this.transactions.execute((status) -> {
			Optional<Payment> refunded = this.payments.refundIfAuthorized(orderId);
			refunded.ifPresent((payment) -> {
				this.outbox.append(PaymentEvents.refunded(payment));
				afterCommit(() -> {
					this.metrics.refunded();
					log.info("Payment {} for order {} REFUNDED", payment.paymentId(), orderId);
				});
			});
			return refunded;
		});
	}

	/**
	 * Counts and logs a change once it is committed: the transaction may be a consumer's
	 * that can still roll back after this service is done with it.
	 */
	private static void afterCommit(Runnable action) {
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
			@Override
			public void afterCommit() {
				action.run();
			}
		});
	}

}
