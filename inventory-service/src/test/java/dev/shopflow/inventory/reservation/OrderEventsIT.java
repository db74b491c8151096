package dev.shopflow.inventory.reservation;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;

import dev.shopflow.events.ConsumerGroups;
import dev.shopflow.events.DomainEvent;
import dev.shopflow.events.OrderCancelled;
import dev.shopflow.events.OrderConfirmed;
import dev.shopflow.events.OrderRejected;
import dev.shopflow.events.ShopflowHeaders;
import dev.shopflow.events.Topics;
import dev.shopflow.inventory.ContainersConfig;
import dev.shopflow.inventory.reservation.ReservationFixture.Stock;
import dev.shopflow.messaging.UnprocessableEventException;
import dev.shopflow.messaging.testing.TopicProbe;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.testcontainers.kafka.KafkaContainer;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.KafkaHeaders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(ContainersConfig.class)
@AutoConfigureObservability
class OrderEventsIT {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final String CUSTOMER = "customer-1";

	private final ReservationFixture fixture;

	private final JdbcClient jdbc;

	private final KafkaTemplate<Object, Object> kafka;

	private final MeterRegistry meters;

	private final String bootstrapServers;

	OrderEventsIT(@LocalServerPort int port, @Autowired JdbcClient jdbc, @Autowired KafkaTemplate<Object, Object> kafka,
			@Autowired MeterRegistry meters, @Autowired KafkaContainer kafkaContainer) {
		this.fixture = new ReservationFixture(port, jdbc);
		this.jdbc = jdbc;
		this.kafka = kafka;
		this.meters = meters;
		this.bootstrapServers = kafkaContainer.getBootstrapServers();
	}

	@Test
	void releasesReservationWhenOrderIsCancelled() throws Exception {
		String sku = this.fixture.newProduct(10);
		UUID orderId = this.fixture.reserve(sku, 3);
		assertThat(this.fixture.stockOf(sku)).isEqualTo(new Stock(7, 3, 0));

		send(OrderCancelled.of(orderId, CUSTOMER, "payment declined", Instant.now()));

		awaitStock(sku, new Stock(10, 0, 0));
		assertThat(this.fixture.statusOf(orderId)).isEqualTo("RELEASED");
	}

	@Test
	void releasesReservationWhenOrderIsRejected() throws Exception {
		String sku = this.fixture.newProduct(10);
		UUID orderId = this.fixture.reserve(sku, 4);

		send(OrderRejected.of(orderId, CUSTOMER, "payment declined", Instant.now()));

		awaitStock(sku, new Stock(10, 0, 0));
		assertThat(this.fixture.statusOf(orderId)).isEqualTo("RELEASED");
	}

	@Test
	void cancellationBeforeTheReservationMakesALateReserveTakeNoStock() throws Exception {
		String sku = this.fixture.newProduct(10);
		UUID orderId = UUID.randomUUID();
		OrderCancelled cancelled = OrderCancelled.of(orderId, CUSTOMER, "deadline passed", Instant.now());

		send(cancelled);
		awaitProcessed(cancelled);

		assertThat(this.fixture.reserve(orderId, sku, 3).getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
		assertThat(this.fixture.stockOf(sku)).isEqualTo(new Stock(10, 0, 0));
		assertThat(this.fixture.statusOf(orderId)).isEqualTo("RELEASED");
	}

	@Test
	void commitsReservationWhenOrderIsConfirmed() throws Exception {
		String sku = this.fixture.newProduct(10);
		UUID orderId = this.fixture.reserve(sku, 3);

		send(confirmation(orderId));

		awaitStock(sku, new Stock(7, 0, 3));
		assertThat(this.fixture.statusOf(orderId)).isEqualTo("COMMITTED");
	}

	@Test
	void processesADuplicateEventOnce() throws Exception {
		String sku = this.fixture.newProduct(10);
		UUID orderId = this.fixture.reserve(sku, 2);
		OrderConfirmed confirmed = confirmation(orderId);
		double duplicatesBefore = count("shopflow.events.duplicates", OrderConfirmed.TYPE);

		send(confirmed);
		send(confirmed);

		await().atMost(TIMEOUT)
			.untilAsserted(() -> assertThat(count("shopflow.events.duplicates", OrderConfirmed.TYPE) - duplicatesBefore)
				.isEqualTo(1));
		assertThat(this.fixture.stockOf(sku)).isEqualTo(new Stock(8, 0, 2));
	}

	@Test
	void anotherConfirmationOfACommittedOrderChangesNothing() throws Exception {
		String sku = this.fixture.newProduct(10);
		UUID orderId = this.fixture.reserve(sku, 2);
		send(confirmation(orderId));
		awaitStock(sku, new Stock(8, 0, 2));
		OrderConfirmed again = confirmation(orderId);

		send(again);
		awaitProcessed(again);

		assertThat(this.fixture.stockOf(sku)).isEqualTo(new Stock(8, 0, 2));
		assertThat(this.fixture.statusOf(orderId)).isEqualTo("COMMITTED");
	}

	@Test
	void deadLettersAConfirmationOfAReleasedReservationWithTheReason() throws Exception {
		String sku = this.fixture.newProduct(10);
		UUID orderId = this.fixture.reserve(sku, 3);
		this.fixture.release(orderId);
		double refusedBefore = counter("shopflow.reservations.commits.refused", "status", "RELEASED");

		try (TopicProbe deadLetters = TopicProbe.on(this.bootstrapServers, Topics.ORDER_EVENTS_DLT)) {
			RecordMetadata sent = send(confirmation(orderId));

			ConsumerRecord<String, byte[]> deadLetter = awaitDeadLetter(deadLetters, orderId);
			assertIsDeadLetterOf(deadLetter, sent);
			assertThat(TopicProbe.header(deadLetter, KafkaHeaders.DLT_EXCEPTION_CAUSE_FQCN))
				.isEqualTo(UnprocessableEventException.class.getName());
			// The refusal's own message, which the listener also logs, is the reason.
			assertThat(TopicProbe.header(deadLetter, ShopflowHeaders.DEAD_LETTER_REASON))
				.isEqualTo("UnprocessableEventException: Cannot commit the reservation of confirmed order " + orderId
						+ ": it is RELEASED");
		}
		assertThat(counter("shopflow.reservations.commits.refused", "status", "RELEASED") - refusedBefore).isEqualTo(1);
		assertThat(this.fixture.stockOf(sku)).isEqualTo(new Stock(10, 0, 0));
		assertThat(this.fixture.statusOf(orderId)).isEqualTo("RELEASED");
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("poison")
	void deadLettersARecordItCannotReadAndProcessesTheNextOne(String description, Function<UUID, String> poison,
			String cause, String message) throws Exception {
		String sku = this.fixture.newProduct(10);
		UUID orderId = this.fixture.reserve(sku, 3);
		String value = poison.apply(orderId);

		try (TopicProbe deadLetters = TopicProbe.on(this.bootstrapServers, Topics.ORDER_EVENTS_DLT)) {
			// Same key, same partition: the good record queues up behind the poison.
			RecordMetadata sent = this.kafka.send(Topics.ORDER_EVENTS, orderId.toString(), value)
				.get()
				.getRecordMetadata();
			send(OrderCancelled.of(orderId, CUSTOMER, "payment declined", Instant.now()));

			ConsumerRecord<String, byte[]> deadLetter = awaitDeadLetter(deadLetters, orderId);
			assertIsDeadLetterOf(deadLetter, sent);
			assertThat(TopicProbe.value(deadLetter)).isEqualTo(value);
			assertThat(TopicProbe.header(deadLetter, ShopflowHeaders.DEAD_LETTER_REASON)).startsWith(cause + ": ")
				.contains(message);
		}
		awaitStock(sku, new Stock(10, 0, 0));
	}

	static Stream<Arguments> poison() {
		Function<UUID, String> notJson = (orderId) -> "this is not JSON";
		Function<UUID, String> unknownType = (orderId) -> """
				{"type": "OrderTeleported", "eventId": "%s", "occurredAt": "2025-01-01T00:00:00Z",
				 "schemaVersion": 1, "orderId": "%s", "customerId": "customer-1"}
				""".formatted(UUID.randomUUID(), orderId);
		Function<UUID, String> withoutOrderId = (orderId) -> """
				{"type": "OrderCancelled", "eventId": "%s", "occurredAt": "2025-01-01T00:00:00Z",
				 "schemaVersion": 1, "customerId": "customer-1", "reason": "payment declined"}
				""".formatted(UUID.randomUUID());
		// The reason is the innermost cause, not the deserializer's or Jackson's wrapper.
		return Stream.of(Arguments.of("not JSON", notJson, "JsonParseException", "Unrecognized token 'this'"),
				Arguments.of("unknown event type", unknownType, "InvalidTypeIdException",
						"Could not resolve type id 'OrderTeleported'"),
				Arguments.of("event breaking its contract", withoutOrderId, "IllegalArgumentException",
						"orderId is required"));
	}

	private RecordMetadata send(DomainEvent event) throws Exception {
		return this.kafka.send(Topics.ORDER_EVENTS, event.orderId().toString(), event).get().getRecordMetadata();
	}

	private static OrderConfirmed confirmation(UUID orderId) {
		return OrderConfirmed.of(orderId, CUSTOMER, "EUR", new BigDecimal("29.97"), Instant.now());
	}

	private void awaitStock(String sku, Stock expected) {
		await().atMost(TIMEOUT).untilAsserted(() -> assertThat(this.fixture.stockOf(sku)).isEqualTo(expected));
	}

	/** Waits until the inbox has recorded the event, which it does with its effect. */
	private void awaitProcessed(DomainEvent event) {
		await().atMost(TIMEOUT)
			.until(() -> this.jdbc
				.sql("SELECT count(*) FROM processed_events WHERE consumer = :consumer AND event_id = :eventId")
				.param("consumer", ConsumerGroups.INVENTORY)
				.param("eventId", event.eventId())
				.query(Integer.class)
				.single(), (count) -> count == 1);
	}

	private static ConsumerRecord<String, byte[]> awaitDeadLetter(TopicProbe deadLetters, UUID orderId) {
		List<ConsumerRecord<String, byte[]>> records = deadLetters.awaitKey(orderId.toString(),
				(found) -> !found.isEmpty());
		assertThat(records).hasSize(1);
		return records.get(0);
	}

	private static void assertIsDeadLetterOf(ConsumerRecord<String, byte[]> deadLetter, RecordMetadata original) {
		assertThat(TopicProbe.header(deadLetter, KafkaHeaders.DLT_ORIGINAL_TOPIC)).isEqualTo(Topics.ORDER_EVENTS);
		assertThat(deadLetter.partition()).isEqualTo(original.partition());
		assertThat(ByteBuffer.wrap(deadLetter.headers().lastHeader(KafkaHeaders.DLT_ORIGINAL_OFFSET).value()).getLong())
			.isEqualTo(original.offset());
		assertThat(TopicProbe.header(deadLetter, KafkaHeaders.DLT_EXCEPTION_MESSAGE)).isNotBlank();
	}

	private double count(String name, String type) {
		return counter(name, "consumer", ConsumerGroups.INVENTORY, "type", type);
	}

	private double counter(String name, String... tags) {
		Counter counter = this.meters.find(name).tags(tags).counter();
		return (counter != null) ? counter.count() : 0;
	}

}
