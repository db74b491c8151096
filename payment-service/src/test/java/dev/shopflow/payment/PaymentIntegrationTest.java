package dev.shopflow.payment;

import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shopflow.events.ShopflowHeaders;
import dev.shopflow.events.Topics;
import dev.shopflow.messaging.testing.TopicProbe;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.kafka.KafkaConnectionDetails;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.client.RestClient;

/**
 * Base of every payment-service integration test: the real application on a real
 * PostgreSQL, Kafka and RabbitMQ, called over HTTP or by message. All subclasses share
 * one Spring context. Retry tiers and the lock timeout are short so that a test can watch
 * a message go through every tier.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "shopflow.messaging.rabbit.retry-tiers=200ms,400ms,800ms", "shopflow.payment.lock-timeout=1s",
				// Tests race requests against the database's own guards; the admission
				// limit (tested in common-web) would refuse most of the race.
				"shopflow.web.overload.enabled=false" })
@Import(ContainersConfig.class)
public abstract class PaymentIntegrationTest {

	@LocalServerPort
	private int port;

	@Autowired
	private RestClient.Builder restClientBuilder;

	@Autowired
	private KafkaConnectionDetails kafka;

	@Autowired
	protected JdbcClient jdbc;

	@Autowired
	protected MeterRegistry meters;

	@Autowired
	protected ObjectMapper objectMapper;

	protected RestClient http;

	@BeforeEach
	void httpClientThatNeverThrows() {
		// Error statuses are what many of these tests are about, so never throw on them.
		this.http = this.restClientBuilder.baseUrl("http://localhost:" + this.port)
			.defaultStatusHandler((status) -> true, (request, response) -> {
			})
			.build();
	}

	protected ResponseEntity<JsonNode> pay(UUID orderId, String customerId, String amount, String currency) {
		return pay(orderId, customerId, amount, currency, JsonNode.class);
	}

	protected <T> ResponseEntity<T> pay(UUID orderId, String customerId, String amount, String currency,
			Class<T> bodyType) {
		return this.http.post()
			.uri("/api/payments")
			.contentType(MediaType.APPLICATION_JSON)
			.body(paymentJson(orderId, customerId, amount, currency))
			.retrieve()
			.toEntity(bodyType);
	}

	protected ResponseEntity<JsonNode> getPayment(UUID orderId) {
		return this.http.get().uri("/api/payments/{orderId}", orderId).retrieve().toEntity(JsonNode.class);
	}

	protected ResponseEntity<JsonNode> refund(UUID orderId) {
		return this.http.post().uri("/api/payments/{orderId}/refund", orderId).retrieve().toEntity(JsonNode.class);
	}

	// Raw JSON so that amounts reach the service exactly as written.
	protected static String paymentJson(UUID orderId, String customerId, String amount, String currency) {
		return """
				{"orderId": "%s", "customerId": "%s", "amount": %s, "currency": "%s"}""".formatted(orderId, customerId,
				amount, currency);
	}

	/** How many payment rows are stored for the order. */
	protected long paymentCount(UUID orderId) {
		return this.jdbc.sql("SELECT count(*) FROM payment WHERE order_id = :orderId")
			.param("orderId", orderId)
			.query(Long.class)
			.single();
	}

	/** The types of the order's outbox rows, in the order they were appended. */
	protected List<String> outboxTypes(UUID orderId) {
		return this.jdbc.sql("SELECT event_type FROM outbox_event WHERE message_key = :key ORDER BY id")
			.param("key", orderId.toString())
			.query(String.class)
			.list();
	}

	/** The payment events published so far; filter them by order id. */
	protected TopicProbe paymentEvents() {
		return TopicProbe.on(String.join(",", this.kafka.getBootstrapServers()), Topics.PAYMENT_EVENTS);
	}

	protected static String eventType(ConsumerRecord<String, byte[]> record) {
		return TopicProbe.header(record, ShopflowHeaders.EVENT_TYPE);
	}

}
