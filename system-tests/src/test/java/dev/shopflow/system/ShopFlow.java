package dev.shopflow.system;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.containers.RabbitMQContainer;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The whole system for the system tests: one PostgreSQL (a database per service), one
 * Kafka, one RabbitMQ, one SMTP sink, and the four services started from their jars.
 * Started once per test JVM and shared by every test class.
 */
final class ShopFlow {

	static final PostgreSQLContainer<?> postgres = new PostgreSQLContainer<>("postgres:17")
		.withInitScript("create-databases.sql");

	static final KafkaContainer kafka = new KafkaContainer("apache/kafka:4.1.2");

	static final RabbitMQContainer rabbit = new RabbitMQContainer("rabbitmq:4.1-management");

	/**
	 * The image's default options log every SMTP line, which caps the sink at a few
	 * emails a second; these are the same options without that.
	 */
	static final GenericContainer<?> smtp = new GenericContainer<>("greenmail/standalone:2.1.8")
		.withEnv("GREENMAIL_OPTS", "-Dgreenmail.setup.test.all -Dgreenmail.hostname=0.0.0.0 -Dgreenmail.auth.disabled")
		.withExposedPorts(3025, 8080);

	static final ServiceProcess inventory;

	static final ServiceProcess payment;

	static final ServiceProcess order;

	static final ServiceProcess notification;

	static {
		// Threads of our own rather than the common pool: under exec:java only threads
		// that carry this class loader can find Testcontainers' Docker strategies.
		ClassLoader loader = ShopFlow.class.getClassLoader();
		ExecutorService starter = Executors.newFixedThreadPool(4, (task) -> {
			Thread thread = new Thread(task, "shopflow-start");
			thread.setContextClassLoader(loader);
			return thread;
		});
		CompletableFuture
			.allOf(Stream.of(postgres, kafka, rabbit, smtp)
				.map((container) -> CompletableFuture.runAsync(container::start, starter))
				.toArray(CompletableFuture[]::new))
			.join();
		inventory = new ServiceProcess("inventory-service", port(8082), environment("INVENTORY"));
		payment = new ServiceProcess("payment-service", port(8081), environment("PAYMENT"));
		notification = new ServiceProcess("notification-service", port(8083), environment("NOTIFICATION"));
		Map<String, String> orderEnvironment = environment("ORDER");
		orderEnvironment.put("INVENTORY_URL", inventory.baseUrl());
		orderEnvironment.put("PAYMENT_URL", payment.baseUrl());
		order = new ServiceProcess("order-service", port(8080), orderEnvironment);
		List<ServiceProcess> all = List.of(inventory, payment, notification, order);
		all.forEach(ServiceProcess::start);
		CompletableFuture
			.allOf(all.stream()
				.map((service) -> CompletableFuture.runAsync(service::awaitReady))
				.toArray(CompletableFuture[]::new))
			.join();
		Runtime.getRuntime().addShutdownHook(new Thread(() -> all.forEach(ServiceProcess::stop)));
	}

	private ShopFlow() {
	}

	/** Touching this class starts the system. */
	static void start() {
	}

	/** The documented ports when run by hand, any free ones in tests. */
	private static int port(int documented) {
		return Boolean.getBoolean("shopflow.documented-ports") ? documented : 0;
	}

	private static Map<String, String> environment(String service) {
		String database = service.toLowerCase();
		Map<String, String> environment = new HashMap<>();
		environment.put(service + "_DB_URL",
				"jdbc:postgresql://localhost:" + postgres.getMappedPort(5432) + "/" + database);
		environment.put(service + "_DB_USER", postgres.getUsername());
		environment.put(service + "_DB_PASSWORD", postgres.getPassword());
		environment.put("KAFKA_BOOTSTRAP_SERVERS", kafka.getBootstrapServers());
		environment.put("RABBITMQ_HOST", "localhost");
		environment.put("RABBITMQ_PORT", String.valueOf(rabbit.getAmqpPort()));
		environment.put("RABBITMQ_USER", rabbit.getAdminUsername());
		environment.put("RABBITMQ_PASSWORD", rabbit.getAdminPassword());
		environment.put("SMTP_HOST", "localhost");
		environment.put("SMTP_PORT", String.valueOf(smtp.getMappedPort(3025)));
		return environment;
	}

}
