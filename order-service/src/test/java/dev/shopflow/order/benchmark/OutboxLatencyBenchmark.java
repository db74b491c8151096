package dev.shopflow.order.benchmark;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shopflow.events.Topics;
import dev.shopflow.order.ContainersConfig;
import dev.shopflow.order.OrderApplication;
import dev.shopflow.order.Stubs;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.testcontainers.kafka.KafkaContainer;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * How long an order event takes from its commit to a consumer: 1,000 orders placed over
 * HTTP at a steady rate, each publishing OrderPlaced and OrderConfirmed through the
 * outbox, read by a plain consumer in the same JVM (same clock). Not a test: it prints
 * numbers. Run with
 * {@code ./mvnw -B -pl common-events,common-messaging,order-service -Pbenchmark verify -Dit.test=OutboxLatencyBenchmark}.
 *
 * <p>
 * Latency is measured from the event's {@code occurredAt}, which order-service takes just
 * before the transaction that writes the order and its outbox row. That start is a little
 * earlier than the commit, so the numbers overstate commit-to-consumed by the length of
 * that transaction (about a millisecond).
 */
class OutboxLatencyBenchmark {

	private static final int ORDERS = Integer.getInteger("benchmark.orders", 1000);

	private static final int WARM_UP_ORDERS = 200;

	private static final int RATE_PER_SECOND = Integer.getInteger("benchmark.rate", 50);

	private static final String ORDER = """
			{"customerId":"bench","currency":"EUR","lines":[{"sku":"BOOK-001","quantity":1}]}
			""";

	private final ObjectMapper json = new ObjectMapper();

	private final HttpClient client = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.executor(Executors.newVirtualThreadPerTaskExecutor())
		.build();

	/** Latency in microseconds by event id, with the order id it belongs to. */
	private final Map<String, Received> received = new ConcurrentHashMap<>();

	private final Map<Integer, Integer> statuses = new ConcurrentHashMap<>();

	@Test
	void commitToConsumedLatencyOfOrderEvents() throws Exception {
		FakeDownstream inventory = new FakeDownstream();
		FakeDownstream payment = new FakeDownstream();
		inventory.answer("GET", "/api/products", 200, Stubs.CATALOGUE);
		inventory.answer("POST", "/api/reservations", 201, "{\"status\":\"RESERVED\"}");
		payment.answer("POST", "/api/payments", 201,
				"{\"paymentId\":\"5f0c7c1e-7c55-4c8e-9b1a-0c1d2e3f4a5b\",\"status\":\"AUTHORIZED\"}");
		ConfigurableApplicationContext app = SpringApplication.from(OrderApplication::main)
			.with(ContainersConfig.class)
			.run("--server.port=0", "--shopflow.order.inventory.base-url=" + inventory.baseUrl(),
					"--shopflow.order.payment.base-url=" + payment.baseUrl(), "--logging.level.root=WARN",
					"--logging.level.dev.shopflow=ERROR")
			.getApplicationContext();
		URI orders = URI
			.create("http://localhost:" + app.getEnvironment().getProperty("local.server.port") + "/api/orders");
		AtomicBoolean consuming = new AtomicBoolean(true);
		Thread consumer = Thread.ofPlatform()
			.name("benchmark-consumer")
			.start(() -> consume(app.getBean(KafkaContainer.class).getBootstrapServers(), consuming));
		try {
			// A cold JVM answers slowly enough to trip a breaker's slow-call rule: warm
			// it gently, then start from closed breakers.
			place(orders, WARM_UP_ORDERS, 20);
			app.getBean(CircuitBreakerRegistry.class).getAllCircuitBreakers().forEach(CircuitBreaker::reset);
			List<String> measured = place(orders, ORDERS, RATE_PER_SECOND);
			assertThat(measured).as("confirmed orders, statuses %s", this.statuses).hasSize(ORDERS);
			Set<String> keys = Set.copyOf(measured);
			await().atMost(Duration.ofMinutes(2))
				.until(() -> this.received.values().stream().filter((r) -> keys.contains(r.orderId)).count(),
						(count) -> count >= 2L * ORDERS);
			List<Long> latencies = new ArrayList<>(this.received.values()
				.stream()
				.filter((r) -> keys.contains(r.orderId))
				.map(Received::micros)
				.toList());
			Collections.sort(latencies);
			System.out.printf("%nOutbox commit -> consumed, %d orders at %d/s (%d events), poll interval %s%n", ORDERS,
					RATE_PER_SECOND, latencies.size(),
					app.getEnvironment().getProperty("shopflow.messaging.outbox.poll-interval", "2s"));
			System.out.printf("p50 %.1f ms   p90 %.1f ms   p99 %.1f ms   max %.1f ms%n", percentile(latencies, 50),
					percentile(latencies, 90), percentile(latencies, 99), percentile(latencies, 100));
			assertThat(latencies).hasSize(2 * ORDERS);
		}
		finally {
			consuming.set(false);
			consumer.join();
			app.close();
			inventory.stop();
			payment.stop();
		}
	}

	/** Places orders at a fixed rate and returns the ids of those confirmed. */
	private List<String> place(URI orders, int count, int ratePerSecond) throws Exception {
		List<String> ids = Collections.synchronizedList(new ArrayList<>());
		ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
		List<CompletableFuture<Void>> answers = Collections.synchronizedList(new ArrayList<>());
		long intervalNanos = TimeUnit.SECONDS.toNanos(1) / ratePerSecond;
		CountDownLatch sent = new CountDownLatch(count);
		ticker.scheduleAtFixedRate(() -> {
			if (sent.getCount() == 0) {
				return;
			}
			HttpRequest request = HttpRequest.newBuilder(orders)
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(ORDER))
				.build();
			answers.add(this.client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenAccept((response) -> {
				this.statuses.merge(response.statusCode(), 1, Integer::sum);
				if (response.statusCode() == 201) {
					ids.add(field(response.body(), "id"));
				}
			}));
			sent.countDown();
		}, 0, intervalNanos, TimeUnit.NANOSECONDS);
		sent.await();
		ticker.shutdown();
		CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).get(2, TimeUnit.MINUTES);
		return ids;
	}

	private void consume(String bootstrapServers, AtomicBoolean consuming) {
		try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
				Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ConsumerConfig.GROUP_ID_CONFIG,
						"outbox-latency-benchmark", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
				new StringDeserializer(), new ByteArrayDeserializer())) {
			List<TopicPartition> partitions = consumer.partitionsFor(Topics.ORDER_EVENTS, Duration.ofSeconds(30))
				.stream()
				.map((info) -> new TopicPartition(Topics.ORDER_EVENTS, info.partition()))
				.toList();
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			while (consuming.get()) {
				for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(50))) {
					Instant now = Instant.now();
					JsonNode event = tree(record.value());
					Instant occurredAt = Instant.parse(event.get("occurredAt").asText());
					this.received.putIfAbsent(event.get("eventId").asText(),
							new Received(record.key(), Duration.between(occurredAt, now).toNanos() / 1000));
				}
			}
		}
	}

	private JsonNode tree(byte[] value) {
		try {
			return this.json.readTree(value);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private String field(String body, String name) {
		return tree(body.getBytes(StandardCharsets.UTF_8)).get(name).asText();
	}

	private static double percentile(List<Long> sorted, int p) {
		int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
		return sorted.get(Math.max(0, index)) / 1000.0;
	}

	private record Received(String orderId, long micros) {

	}

}
