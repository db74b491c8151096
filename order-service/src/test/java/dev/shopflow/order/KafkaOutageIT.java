package dev.shopflow.order;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import dev.shopflow.messaging.testing.TopicProbe;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;

import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The outbox decouples taking orders from publishing their events. */
class KafkaOutageIT extends IntegrationTest {

	private static final String ORDER = """
			{"customerId":"c-9","currency":"EUR","lines":[{"sku":"BOOK-001","quantity":1}]}
			""";

	@Test
	void ordersSucceedWhileKafkaIsDownAndEveryEventIsPublishedWhenItReturns() {
		inventory.stubFor(Stubs.catalogue());
		inventory.stubFor(Stubs.reservationAccepted());
		payment.stubFor(Stubs.paymentAuthorized());
		List<UUID> placed;

		pauseKafka();
		try {
			placed = IntStream.range(0, 5).mapToObj((i) -> placeOrder(ORDER, null)).map((response) -> {
				assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CREATED);
				return UUID.fromString((String) response.getBody().get("id"));
			}).toList();

			await().untilAsserted(() -> assertThat(unsent(placed)).isEqualTo(2 * placed.size()));
			// The relay counts its backlog every second; a scrape never waits for the
			// database.
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				assertThat(this.meters.get("shopflow.outbox.backlog").gauge().value())
					.isGreaterThanOrEqualTo(2 * placed.size());
				assertThat(this.meters.get("shopflow.outbox.oldest.age").gauge().value()).isPositive();
			});
			// Kafka stays away until the relay has failed to publish at least once, so
			// what is proven is the retry after a failure, not a send that merely waited.
			await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(failedAttempts(placed)).isPositive());
		}
		finally {
			unpauseKafka();
		}

		await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(unsent(placed)).isZero());
		try (TopicProbe events = orderEvents()) {
			for (UUID id : placed) {
				assertThat(eventTypes(events.awaitKey(id.toString(), (found) -> eventTypes(found).size() >= 2)))
					.containsExactly("OrderPlaced", "OrderConfirmed");
			}
		}
	}

	private long unsent(List<UUID> orders) {
		return this.jdbc.sql("SELECT count(*) FROM outbox_event WHERE sent_at IS NULL AND message_key IN (:keys)")
			.param("keys", orders.stream().map(UUID::toString).toList())
			.query(Long.class)
			.single();
	}

	private long failedAttempts(List<UUID> orders) {
		return this.jdbc.sql("""
				SELECT count(*) FROM outbox_event
				WHERE sent_at IS NULL AND last_error IS NOT NULL AND message_key IN (:keys)
				""").param("keys", orders.stream().map(UUID::toString).toList()).query(Long.class).single();
	}

	private void pauseKafka() {
		DockerClientFactory.instance().client().pauseContainerCmd(this.kafka.getContainerId()).exec();
	}

	private void unpauseKafka() {
		DockerClientFactory.instance().client().unpauseContainerCmd(this.kafka.getContainerId()).exec();
	}

}
