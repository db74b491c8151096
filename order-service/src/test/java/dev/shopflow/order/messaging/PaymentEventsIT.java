package dev.shopflow.order.messaging;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.shopflow.events.ConsumerGroups;
import dev.shopflow.events.PaymentAuthorized;
import dev.shopflow.events.PaymentDeclined;
import dev.shopflow.events.PaymentEvent;
import dev.shopflow.events.ShopflowHeaders;
import dev.shopflow.events.Topics;
import dev.shopflow.order.IntegrationTest;
import dev.shopflow.order.Stubs;
import dev.shopflow.messaging.testing.DatabaseOutage;
import dev.shopflow.messaging.testing.TopicProbe;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.PostgreSQLContainer;

import org.springframework.beans.factory.annotation.Autowired;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Orders left waiting for their payment are settled by the payment's events. */
class PaymentEventsIT extends IntegrationTest {

	@Autowired
	private PostgreSQLContainer<?> postgres;

	private static final String ORDER = """
			{"customerId":"c-7","currency":"EUR","lines":[{"sku":"BOOK-001","quantity":1}]}
			""";

	@Test
	void paymentPendingOrderIsConfirmedWhenItsPaymentIsAuthorized() {
		UUID id = orderWaitingForPayment();

		publish(PaymentAuthorized.of(id, UUID.randomUUID(), "c-7", new BigDecimal("45.00"), "EUR", Instant.now()));

		await().untilAsserted(() -> assertThat(storedStatus(id)).isEqualTo("CONFIRMED"));
		try (TopicProbe events = orderEvents()) {
			assertThat(eventTypes(events.awaitKey(id.toString(), (published) -> eventTypes(published).size() >= 2)))
				.containsExactly("OrderPlaced", "OrderConfirmed");
		}
	}

	@Test
	void paymentPendingOrderIsCancelledWhenItsPaymentIsDeclinedSoItsStockIsReleased() {
		UUID id = orderWaitingForPayment();

		publish(PaymentDeclined.of(id, UUID.randomUUID(), "c-7", new BigDecimal("45.00"), "EUR", "card expired",
				Instant.now()));

		await().untilAsserted(() -> assertThat(storedStatus(id)).isEqualTo("CANCELLED"));
		assertThat(this.http.getForObject("/api/orders/" + id, Map.class)).containsEntry("reason",
				"payment declined: card expired");
		// inventory-service releases the reservation when it reads this event.
		try (TopicProbe events = orderEvents()) {
			assertThat(eventTypes(events.awaitKey(id.toString(), (published) -> eventTypes(published).size() >= 2)))
				.containsExactly("OrderPlaced", "OrderCancelled");
		}
	}

	@Test
	void theSamePaymentEventDeliveredTwiceHasOneEffect() {
		UUID id = orderWaitingForPayment();
		PaymentAuthorized authorized = PaymentAuthorized.of(id, UUID.randomUUID(), "c-7", new BigDecimal("45.00"),
				"EUR", Instant.now());
		double duplicatesBefore = duplicates(PaymentAuthorized.TYPE);

		publish(authorized);
		publish(authorized);

		await().untilAsserted(() -> assertThat(duplicates(PaymentAuthorized.TYPE) - duplicatesBefore).isEqualTo(1));
		assertThat(storedStatus(id)).isEqualTo("CONFIRMED");
		assertThat(this.jdbc.sql("SELECT count(*) FROM processed_events WHERE event_id = :id")
			.param("id", authorized.eventId())
			.query(Long.class)
			.single()).isOne();
		try (TopicProbe events = orderEvents()) {
			assertThat(eventTypes(events.awaitKey(id.toString(), (published) -> eventTypes(published).size() >= 2)))
				.containsExactly("OrderPlaced", "OrderConfirmed");
		}
	}

	@Test
	void paymentEventOfAnUnknownOrderGoesToTheDeadLetterTopicWithItsReason() {
		UUID unknown = UUID.randomUUID();

		publish(PaymentAuthorized.of(unknown, UUID.randomUUID(), "c-7", BigDecimal.TEN, "EUR", Instant.now()));

		try (TopicProbe deadLetters = TopicProbe.on(this.kafka.getBootstrapServers(), Topics.PAYMENT_EVENTS_DLT)) {
			List<ConsumerRecord<String, byte[]>> records = deadLetters.awaitKey(unknown.toString(),
					(found) -> !found.isEmpty());
			assertThat(TopicProbe.header(records.get(0), "kafka_dlt-original-topic")).isEqualTo(Topics.PAYMENT_EVENTS);
			assertThat(TopicProbe.header(records.get(0), "kafka_dlt-exception-message"))
				.contains("No order " + unknown);
			assertThat(TopicProbe.value(records.get(0))).contains("\"type\":\"PaymentAuthorized\"");
		}
	}

	@Test
	void aPaymentEventArrivingWhileTheDatabaseIsDownIsProcessedOnceItIsBackAndNeverDeadLettered() throws Exception {
		UUID id = orderWaitingForPayment();
		PaymentAuthorized authorized = PaymentAuthorized.of(id, UUID.randomUUID(), "c-7", new BigDecimal("45.00"),
				"EUR", Instant.now());
		double deadLetteredBefore = deadLettered();
		double retriesBefore = transientRetries();
		RecordMetadata sent;
		try (DatabaseOutage outage = databaseOutage()) {
			sent = this.kafkaTemplate.send(Topics.PAYMENT_EVENTS, id.toString(), authorized).join().getRecordMetadata();

			// More attempts than the three retries that used to dead-letter it.
			await().atMost(Duration.ofSeconds(60)).until(() -> transientRetries() - retriesBefore >= 5);
			assertThat(committedOffset(sent.partition())).isLessThanOrEqualTo(sent.offset());
			assertThat(this.meters.get("shopflow.messaging.waiting.on.dependency")
				.tag("listener", Topics.PAYMENT_EVENTS)
				.gauge()
				.value()).isOne();
		}

		RecordMetadata published = sent;
		await().atMost(Duration.ofSeconds(60))
			.ignoreExceptions()
			.untilAsserted(() -> assertThat(storedStatus(id)).isEqualTo("CONFIRMED"));
		await().atMost(Duration.ofSeconds(30)).until(() -> committedOffset(published.partition()) > published.offset());
		assertThat(deadLettered()).isEqualTo(deadLetteredBefore);
	}

	@Test
	void aPoisonRecordGoesToTheDeadLetterTopicAtOnceWhileAnotherPartitionWaitsForTheDatabase() throws Exception {
		UUID id = orderWaitingForPayment();
		PaymentAuthorized authorized = PaymentAuthorized.of(id, UUID.randomUUID(), "c-7", new BigDecimal("45.00"),
				"EUR", Instant.now());
		String poisonKey = "poison-" + UUID.randomUUID();
		try (DatabaseOutage outage = databaseOutage();
				KafkaProducer<String, byte[]> raw = new KafkaProducer<>(
						Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, this.kafka.getBootstrapServers()),
						new StringSerializer(), new ByteArraySerializer());
				TopicProbe deadLetters = TopicProbe.on(this.kafka.getBootstrapServers(), Topics.PAYMENT_EVENTS_DLT)) {
			int waiting = this.kafkaTemplate.send(Topics.PAYMENT_EVENTS, id.toString(), authorized)
				.join()
				.getRecordMetadata()
				.partition();
			await().atMost(Duration.ofSeconds(30)).until(() -> waitingOnDependency() == 1);

			raw.send(new ProducerRecord<>(Topics.PAYMENT_EVENTS, (waiting + 1) % Topics.PARTITIONS, poisonKey,
					"not json".getBytes(StandardCharsets.UTF_8)))
				.get();

			ConsumerRecord<String, byte[]> deadLetter = deadLetters.awaitKey(poisonKey, (found) -> !found.isEmpty())
				.getFirst();
			assertThat(TopicProbe.header(deadLetter, ShopflowHeaders.DEAD_LETTER_REASON)).isNotBlank();
			// Its partition still waits; the poison's did not wait with it.
			assertThat(waitingOnDependency()).isOne();
		}
		await().atMost(Duration.ofSeconds(60))
			.ignoreExceptions()
			.untilAsserted(() -> assertThat(storedStatus(id)).isEqualTo("CONFIRMED"));
	}

	private DatabaseOutage databaseOutage() {
		return DatabaseOutage.of(this.postgres.getJdbcUrl(), this.postgres.getUsername(), this.postgres.getPassword());
	}

	/** The next offset order-service's consumer group will read from the partition. */
	private long committedOffset(int partition) throws Exception {
		try (Admin admin = Admin
			.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, this.kafka.getBootstrapServers()))) {
			OffsetAndMetadata committed = admin.listConsumerGroupOffsets(ConsumerGroups.ORDER)
				.partitionsToOffsetAndMetadata()
				.get()
				.get(new TopicPartition(Topics.PAYMENT_EVENTS, partition));
			return (committed != null) ? committed.offset() : 0;
		}
	}

	private double waitingOnDependency() {
		Gauge gauge = this.meters.find("shopflow.messaging.waiting.on.dependency")
			.tag("listener", Topics.PAYMENT_EVENTS)
			.gauge();
		return (gauge != null) ? gauge.value() : 0;
	}

	private double transientRetries() {
		Counter counter = this.meters.find("shopflow.messaging.transient.retries")
			.tag("listener", Topics.PAYMENT_EVENTS)
			.counter();
		return (counter != null) ? counter.count() : 0;
	}

	private double deadLettered() {
		Counter counter = this.meters.find("shopflow.events.dead.lettered")
			.tag("topic", Topics.PAYMENT_EVENTS)
			.counter();
		return (counter != null) ? counter.count() : 0;
	}

	private UUID orderWaitingForPayment() {
		inventory.stubFor(Stubs.catalogue());
		inventory.stubFor(Stubs.reservationAccepted());
		payment.stubFor(Stubs.payments().willReturn(aResponse().withStatus(503)));
		ResponseEntity<Map> response = placeOrder(ORDER, null);
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
		return UUID.fromString((String) response.getBody().get("id"));
	}

	private void publish(PaymentEvent event) {
		this.kafkaTemplate.send(Topics.PAYMENT_EVENTS, event.orderId().toString(), event).join();
	}

	private double duplicates(String type) {
		Counter counter = this.meters.find("shopflow.events.duplicates")
			.tags("consumer", ConsumerGroups.ORDER, "type", type)
			.counter();
		return (counter != null) ? counter.count() : 0;
	}

}
