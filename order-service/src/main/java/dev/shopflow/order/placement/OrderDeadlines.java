package dev.shopflow.order.placement;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.shopflow.order.OrderProperties;
import dev.shopflow.order.domain.Order;
import dev.shopflow.order.domain.Orders;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Cancels orders that passed their deadline unsettled: PENDING ones whose request died,
 * PAYMENT_PENDING ones whose payment never came.
 *
 * <p>
 * The compensations travel as the OrderCancelled event that the cancellation writes to
 * the outbox: inventory-service releases the stock, payment-service refunds a payment
 * that was authorized after all. Being events, they happen even if those services are
 * down right now.
 *
 * <p>
 * Safe with several instances: each batch locks its orders with
 * {@code FOR UPDATE SKIP LOCKED}, so instances sweep disjoint orders, and every
 * cancellation is conditional on the state it was read in.
 */
@Component
class OrderDeadlines {

	private static final Logger log = LoggerFactory.getLogger(OrderDeadlines.class);

	private final JdbcClient jdbc;

	private final Orders orders;

	private final TransactionOperations transactions;

	private final OrderProperties.Deadlines deadlines;

	private final Clock clock;

	private final Counter cancelled;

	OrderDeadlines(JdbcClient jdbc, Orders orders, TransactionOperations transactions, OrderProperties properties,
			Clock clock, MeterRegistry meters) {
		this.jdbc = jdbc;
		this.orders = orders;
		this.transactions = transactions;
		this.deadlines = properties.deadlines();
		this.clock = clock;
		this.cancelled = Counter.builder("shopflow.orders.deadline.cancelled")
			.description("Orders cancelled because they passed their deadline unsettled")
			.register(meters);
	}

	@Scheduled(fixedDelayString = "${shopflow.order.deadlines.check-interval}",
			initialDelayString = "${shopflow.order.deadlines.check-interval}")
	void sweep() {
		int swept;
		do {
			swept = sweepBatch(this.clock.instant());
		}
		while (swept == this.deadlines.batchSize());
	}

	/**
	 * @return how many orders were cancelled
	 */
	int sweepBatch(Instant now) {
		Integer swept = this.transactions.execute((status) -> {
			List<UUID> late = this.jdbc.sql("""
					SELECT id FROM orders
					WHERE (status = 'PENDING' AND updated_at < :pendingSince)
					   OR (status = 'PAYMENT_PENDING' AND updated_at < :paymentPendingSince)
					ORDER BY updated_at
					LIMIT :limit
					FOR UPDATE SKIP LOCKED
					""")
				.param("pendingSince", Timestamp.from(now.minus(this.deadlines.pending())))
				.param("paymentPendingSince", Timestamp.from(now.minus(this.deadlines.paymentPending())))
				.param("limit", this.deadlines.batchSize())
				.query(UUID.class)
				.list();
			for (UUID id : late) {
				Order order = this.orders.findById(id).orElseThrow();
				this.orders.update(order.cancel("deadline passed in " + order.status(), now), order.status());
				log.warn("Cancelled order {}: deadline passed in {}", id, order.status());
			}
			return late.size();
		});
		int count = (swept != null) ? swept : 0;
		this.cancelled.increment(count);
		return count;
	}

}
