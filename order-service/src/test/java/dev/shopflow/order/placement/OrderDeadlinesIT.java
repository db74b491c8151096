package dev.shopflow.order.placement;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import dev.shopflow.messaging.testing.TopicProbe;
import dev.shopflow.order.IntegrationTest;
import dev.shopflow.order.domain.Order;
import dev.shopflow.order.domain.OrderLine;
import dev.shopflow.order.domain.Orders;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Orders that never settle are cancelled, and the cancellation tells others to
 * compensate.
 */
class OrderDeadlinesIT extends IntegrationTest {

	@Autowired
	private Orders orders;

	@Autowired
	private OrderDeadlines deadlines;

	@Test
	void cancelsPendingOrderPastItsDeadlineAndPublishesTheCancellationThatReleasesItsStock() {
		Instant now = Instant.now();
		UUID late = pendingSince(now.minus(Duration.ofMinutes(3)));

		this.deadlines.sweepBatch(now);

		assertThat(storedStatus(late)).isEqualTo("CANCELLED");
		assertThat(this.orders.findById(late).orElseThrow().reason()).isEqualTo("deadline passed in PENDING");
		try (TopicProbe events = orderEvents()) {
			assertThat(eventTypes(events.awaitKey(late.toString(), (published) -> eventTypes(published).size() >= 2)))
				.containsExactly("OrderPlaced", "OrderCancelled");
		}
	}

	@Test
	void cancelsPaymentPendingOrderOnlyAfterItsLongerDeadline() {
		Instant now = Instant.now();
		UUID waiting = paymentPendingSince(now.minus(Duration.ofMinutes(10)));
		UUID late = paymentPendingSince(now.minus(Duration.ofMinutes(16)));
		UUID young = pendingSince(now.minus(Duration.ofMinutes(1)));

		this.deadlines.sweepBatch(now);

		assertThat(storedStatus(waiting)).isEqualTo("PAYMENT_PENDING");
		assertThat(storedStatus(young)).isEqualTo("PENDING");
		assertThat(storedStatus(late)).isEqualTo("CANCELLED");
		assertThat(this.orders.findById(late).orElseThrow().reason()).isEqualTo("deadline passed in PAYMENT_PENDING");
	}

	@Test
	void sweepersRunningAtOnceCancelEachOrderOnce() {
		Instant now = Instant.now();
		List<UUID> late = IntStream.range(0, 30).mapToObj((i) -> pendingSince(now.minus(Duration.ofHours(1)))).toList();

		CompletableFuture<Integer> one = CompletableFuture.supplyAsync(() -> this.deadlines.sweepBatch(now));
		CompletableFuture<Integer> other = CompletableFuture.supplyAsync(() -> this.deadlines.sweepBatch(now));

		assertThat(one.join() + other.join()).isGreaterThanOrEqualTo(late.size());
		assertThat(late).allSatisfy((id) -> assertThat(storedStatus(id)).isEqualTo("CANCELLED"));
		assertThat(this.jdbc.sql("""
				SELECT count(*) FROM outbox_event
				WHERE event_type = 'OrderCancelled' AND message_key IN (:ids)
				""").param("ids", late.stream().map(UUID::toString).toList()).query(Long.class).single())
			.isEqualTo(late.size());
	}

	private UUID pendingSince(Instant since) {
		UUID id = UUID.randomUUID();
		this.orders.insert(Order.place(id, "c-late", "EUR",
				List.of(new OrderLine("LAMP-001", 1, new BigDecimal("39.90"))), since));
		return id;
	}

	private UUID paymentPendingSince(Instant since) {
		UUID id = pendingSince(since);
		Order pending = this.orders.findById(id).orElseThrow();
		this.orders.update(pending.awaitPayment("payment-service unavailable", since), pending.status());
		return id;
	}

}
