package dev.shopflow.payment.payments;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shopflow.events.ConsumerGroups;
import dev.shopflow.events.OrderCancelled;
import dev.shopflow.events.PaymentAuthorized;
import dev.shopflow.events.PaymentRefunded;
import dev.shopflow.events.ShopflowHeaders;
import dev.shopflow.events.Topics;
import dev.shopflow.messaging.testing.TopicProbe;
import dev.shopflow.payment.ContainersConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.kafka.KafkaConnectionDetails;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(ContainersConfig.class)
class OrderEventsListenerIT {

	private static final Duration PATIENCE = Duration.ofSeconds(30);

	@LocalServerPort
	private int port;

	@Autowired
	private RestClient.Builder restClientBuilder;

	@Autowired
	private KafkaTemplate<Object, Object> template;

	@Autowired
	private KafkaConnectionDetails kafka;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private MeterRegistry meters;

	private RestClient http;

	@BeforeEach
	void setUp() {
		this.http = this.restClientBuilder.baseUrl("http://localhost:" + this.port)
			.defaultStatusHandler((status) -> true, (request, response) -> {
			})
			.build();
	}

	@Test
	void refundsAuthorizedPaymentWhenOrderIsCancelled() throws Exception {
		UUID orderId = UUID.randomUUID();
		authorize(orderId, "c-21");
		double duplicatesBefore = cancellationDuplicates();
		OrderCancelled cancelled = OrderCancelled.of(orderId, "c-21", "payment deadline passed", Instant.now());

		send(cancelled, null);
		send(cancelled, null);

		await().atMost(PATIENCE).until(() -> status(orderId), "REFUNDED"::equals);
		await().atMost(PATIENCE).until(this::cancellationDuplicates, (count) -> count == duplicatesBefore + 1);
		assertThat(outboxTypes(orderId)).containsExactly(PaymentAuthorized.TYPE, PaymentRefunded.TYPE);
		try (TopicProbe probe = TopicProbe.on(bootstrapServers(), Topics.PAYMENT_EVENTS)) {
			assertThat(probe.awaitKey(orderId.toString(), (records) -> records.size() == 2))
				.extracting((record) -> TopicProbe.header(record, ShopflowHeaders.EVENT_TYPE))
				.containsExactly(PaymentAuthorized.TYPE, PaymentRefunded.TYPE);
		}
	}

	@Test
	void consumesCancellationOfAnOrderWithoutPaymentWithoutEffect() throws Exception {
		UUID unpaid = UUID.randomUUID();
		OrderCancelled nothingToRefund = OrderCancelled.of(unpaid, "c-22", "inventory unavailable", Instant.now());

		int partition = send(nothingToRefund, null).getRecordMetadata().partition();

		await().atMost(PATIENCE).until(() -> processed(nothingToRefund));
		assertThat(this.jdbc.sql("SELECT count(*) FROM payment WHERE order_id = :orderId")
			.param("orderId", unpaid)
			.query(Long.class)
			.single()).isZero();
		assertThat(outboxTypes(unpaid)).isEmpty();

		// On the same partition, so it queues behind the first: the consumer moved on.
		UUID paid = UUID.randomUUID();
		authorize(paid, "c-23");
		send(OrderCancelled.of(paid, "c-23", "payment deadline passed", Instant.now()), partition);
		await().atMost(PATIENCE).until(() -> status(paid), "REFUNDED"::equals);
	}

	private SendResult<Object, Object> send(OrderCancelled event, Integer partition) throws Exception {
		return this.template.send(Topics.ORDER_EVENTS, partition, event.orderId().toString(), event)
			.get(30, TimeUnit.SECONDS);
	}

	private void authorize(UUID orderId, String customerId) {
		JsonNode payment = this.http.post()
			.uri("/api/payments")
			.contentType(MediaType.APPLICATION_JSON)
			.body("""
					{"orderId": "%s", "customerId": "%s", "amount": 30.00, "currency": "EUR"}""".formatted(orderId,
					customerId))
			.retrieve()
			.body(JsonNode.class);
		assertThat(payment.get("status").asText()).isEqualTo("AUTHORIZED");
	}

	private String status(UUID orderId) {
		return this.http.get()
			.uri("/api/payments/{orderId}", orderId)
			.retrieve()
			.body(JsonNode.class)
			.path("status")
			.asText();
	}

	private boolean processed(OrderCancelled event) {
		return this.jdbc.sql("SELECT count(*) FROM processed_events WHERE consumer = :consumer AND event_id = :eventId")
			.param("consumer", ConsumerGroups.PAYMENT)
			.param("eventId", event.eventId())
			.query(Long.class)
			.single() == 1;
	}

	private List<String> outboxTypes(UUID orderId) {
		return this.jdbc.sql("SELECT event_type FROM outbox_event WHERE message_key = :key ORDER BY id")
			.param("key", orderId.toString())
			.query(String.class)
			.list();
	}

	private double cancellationDuplicates() {
		Counter counter = this.meters.find("shopflow.events.duplicates")
			.tags("consumer", ConsumerGroups.PAYMENT, "type", OrderCancelled.TYPE)
			.counter();
		return (counter != null) ? counter.count() : 0;
	}

	private String bootstrapServers() {
		return String.join(",", this.kafka.getBootstrapServers());
	}

}
