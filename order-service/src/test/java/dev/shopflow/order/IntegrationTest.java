package dev.shopflow.order;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import dev.shopflow.events.ShopflowHeaders;
import dev.shopflow.events.Topics;
import dev.shopflow.events.WorkQueues;
import dev.shopflow.messaging.testing.TopicProbe;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.testcontainers.kafka.KafkaContainer;

import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.DirectExchange;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.client.RestTemplateBuilder;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.awaitility.Awaitility.await;

/**
 * Base of every order-service integration test: the real application on a real
 * PostgreSQL, Kafka and RabbitMQ, with WireMock standing in for the HTTP APIs of
 * inventory-service and payment-service so that tests can make them fail at will. All
 * subclasses share one Spring context.
 *
 * <p>
 * Timeouts and backoff are shortened so the suite stays fast; breaker thresholds are the
 * production ones, and tests read them from the registry rather than repeating them. The
 * automatic OPEN to HALF_OPEN transition is off: tests drive every transition themselves,
 * and Resilience4j keeps the timer of an OPEN state alive across {@code reset()}, so a
 * breaker opened by one test would turn HALF_OPEN in the middle of a later one.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "shopflow.order.inventory.read-timeout=300ms", "shopflow.order.payment.read-timeout=300ms",
				"resilience4j.retry.configs.default.wait-duration=10ms",
				"resilience4j.circuitbreaker.configs.default.automatic-transition-from-open-to-half-open-enabled=false",
				"shopflow.order.quotes.reply-timeout=500ms",
				// Tests run the deadline sweeper themselves, at the instant they choose.
				"shopflow.order.deadlines.check-interval=1h" })
@Import(ContainersConfig.class)
@AutoConfigureObservability(tracing = false)
public abstract class IntegrationTest {

	/** Stands in for payment-service's queue of payment commands. */
	protected static final String PAYMENT_COMMANDS_PROBE = "order-service-it.payment-commands";

	private static final AtomicBoolean warmedUp = new AtomicBoolean();

	protected static final WireMockServer inventory = new WireMockServer(options().dynamicPort());

	protected static final WireMockServer payment = new WireMockServer(options().dynamicPort());

	static {
		inventory.start();
		payment.start();
	}

	protected TestRestTemplate http;

	@LocalServerPort
	private int port;

	@Autowired
	protected JdbcClient jdbc;

	@Autowired
	protected CircuitBreakerRegistry circuitBreakers;

	@Autowired
	protected KafkaContainer kafka;

	@Autowired
	protected KafkaTemplate<Object, Object> kafkaTemplate;

	@Autowired
	protected MeterRegistry meters;

	@Autowired
	protected RabbitTemplate rabbit;

	@Autowired
	protected AmqpAdmin rabbitAdmin;

	@Autowired
	protected ObjectMapper json;

	@DynamicPropertySource
	static void downstreams(DynamicPropertyRegistry registry) {
		registry.add("shopflow.order.inventory.base-url", inventory::baseUrl);
		registry.add("shopflow.order.payment.base-url", payment::baseUrl);
	}

	protected ResponseEntity<Map> placeOrder(String body, String idempotencyKey) {
		HttpHeaders headers = new HttpHeaders();
		headers.setContentType(MediaType.APPLICATION_JSON);
		if (idempotencyKey != null) {
			headers.set("Idempotency-Key", idempotencyKey);
		}
		return this.http.exchange("/api/orders", HttpMethod.POST, new HttpEntity<>(body, headers), Map.class);
	}

	/** The order events published so far; filter them by order id. */
	protected TopicProbe orderEvents() {
		return TopicProbe.on(this.kafka.getBootstrapServers(), Topics.ORDER_EVENTS);
	}

	/** The types of an order's events, in the order they were published, each once. */
	protected static List<String> eventTypes(List<ConsumerRecord<String, byte[]>> records) {
		Set<String> seen = new HashSet<>();
		return records.stream()
			.filter((record) -> seen.add(TopicProbe.header(record, ShopflowHeaders.EVENT_ID)))
			.map((record) -> TopicProbe.header(record, ShopflowHeaders.EVENT_TYPE))
			.toList();
	}

	protected String storedStatus(UUID id) {
		return this.jdbc.sql("SELECT status FROM orders WHERE id = :id").param("id", id).query(String.class).single();
	}

	protected long orderCount() {
		return this.jdbc.sql("SELECT count(*) FROM orders").query(Long.class).single();
	}

	/**
	 * Where payment commands go in these tests: payment-service's queue is not here, and
	 * without any queue the first command would be returned and hold up the outbox (and
	 * every event behind it) until one is bound.
	 */
	protected Binding paymentCommandsProbe() {
		return BindingBuilder.bind(new Queue(PAYMENT_COMMANDS_PROBE, false))
			.to(new DirectExchange(WorkQueues.PAYMENT_COMMANDS))
			.with(WorkQueues.AUTHORIZE_PAYMENT);
	}

	/**
	 * The payment command of one order, taken from the probe queue; commands of other
	 * orders are discarded on the way.
	 */
	protected Message awaitPaymentCommand(UUID orderId) {
		AtomicReference<Message> found = new AtomicReference<>();
		await().atMost(Duration.ofSeconds(30)).until(() -> {
			Message message = this.rabbit.receive(PAYMENT_COMMANDS_PROBE, 200);
			if (message != null
					&& orderId.toString().equals(this.json.readTree(message.getBody()).path("orderId").asText())) {
				found.set(message);
			}
			return found.get() != null;
		});
		return found.get();
	}

	@BeforeEach
	void freshClientDownstreamsBreakersAndCommandProbe() {
		this.rabbitAdmin.declareQueue(new Queue(PAYMENT_COMMANDS_PROBE, false));
		this.rabbitAdmin.declareBinding(paymentCommandsProbe());
		this.rabbitAdmin.purgeQueue(PAYMENT_COMMANDS_PROBE, false);
		// A client that never retries, so every request a test makes is one request.
		this.http = new TestRestTemplate(new RestTemplateBuilder().rootUri("http://localhost:" + this.port)
			.requestFactoryBuilder(ClientHttpRequestFactoryBuilder.jdk()));
		if (warmedUp.compareAndSet(false, true)) {
			warmUp();
		}
		inventory.resetAll();
		payment.resetAll();
		this.circuitBreakers.getAllCircuitBreakers().forEach(CircuitBreaker::reset);
	}

	/**
	 * The first orders of a fresh JVM load classes along the whole path for longer than
	 * the tests' 300 ms read timeouts, which would make whichever test runs first see
	 * inventory-service as down. One order that goes through, before any test, pays that
	 * once.
	 */
	private void warmUp() {
		inventory.stubFor(Stubs.catalogue());
		inventory.stubFor(Stubs.reservationAccepted());
		payment.stubFor(Stubs.paymentAuthorized());
		String order = """
				{"customerId":"warm-up","currency":"EUR","lines":[{"sku":"BOOK-001","quantity":1}]}
				""";
		await().atMost(Duration.ofSeconds(60)).until(() -> {
			this.circuitBreakers.getAllCircuitBreakers().forEach(CircuitBreaker::reset);
			return placeOrder(order, null).getStatusCode() == HttpStatus.CREATED;
		});
	}

}
