package dev.shopflow.system.compose;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shopflow.system.dashboards.PanelQueryCheck;
import dev.shopflow.system.soak.InjectedPoison;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The README's walkthrough against {@code docker compose up}: the images built from this
 * checkout, the compose file as users run it, checked through the published ports. The
 * steps build on each other, so they run in order. The stack is shared with the chaos
 * soak ({@link ComposeStackExtension}), which may run before or after: these steps use
 * their own customers and the seeded SKUs, which the soak leaves alone. Run with
 * {@code ./mvnw -B -pl system-tests -Pe2e verify} (after
 * {@code ./mvnw -B install -DskipTests}).
 */
@ExtendWith(ComposeStackExtension.class)
@Order(ComposeStackExtension.WALKTHROUGH_ORDER)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ComposeStackIT {

	private static final ComposeStack stack = ComposeStack.e2e();

	// HTTP/1.1: the JDK client would otherwise offer an h2c upgrade that RabbitMQ's API
	// closes on.
	private static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	private static final ObjectMapper json = new ObjectMapper();

	private static final String ORDERS = "http://localhost:8080/api/orders";

	private static final String PARKING_LOT = "payment-service.authorize-payment.parking-lot";

	private static final String RABBIT_ADMIN = "Basic "
			+ Base64.getEncoder().encodeToString("shopflow:local-rabbitmq".getBytes(StandardCharsets.UTF_8));

	@Test
	@Order(1)
	void anOrderIsConfirmed() throws Exception {
		JsonNode order = place("e2e-confirmed", "BOOK-001", 1, 201);

		assertThat(order.get("status").asText()).isEqualTo("CONFIRMED");
	}

	@Test
	@Order(2)
	void anOrderForStockThatIsNotThereIsRejected() throws Exception {
		JsonNode order = place("e2e-rejected", "GPU-001", 1, 409);

		assertThat(order.get("status").asText()).isEqualTo("REJECTED");
	}

	@Test
	@Order(3)
	void withPaymentServiceStoppedOrdersWaitAndAreConfirmedWhenItReturnsWithOneEmail() throws Exception {
		stack.compose("stop", "payment-service");
		JsonNode waiting;
		try {
			waiting = place("e2e-deferred", "LAMP-001", 1, 202);
			assertThat(waiting.get("status").asText()).isEqualTo("PAYMENT_PENDING");
			// More orders until the payment breaker has seen enough failures to open.
			await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
				place("e2e-breaker", "MUG-001", 1, 202);
				return "OPEN".equals(get("http://localhost:8080/actuator/health")
					.at("/components/circuitBreakers/details/payment/details/state")
					.asText());
			});
			long start = System.nanoTime();
			place("e2e-fast", "MUG-001", 1, 202);
			System.out.printf("%nPOST /api/orders with the payment breaker OPEN: %.1f ms%n",
					(System.nanoTime() - start) / 1e6);
			await().atMost(Duration.ofSeconds(30))
				.until(() -> prometheus("resilience4j_circuitbreaker_state{name=\"payment\",state=\"open\"} == 1")
					.size() == 1);
		}
		finally {
			stack.compose("start", "payment-service");
		}
		// In the chaos profile a restart brings back its default faults: calm them again,
		// so that whatever runs next on this stack gets a well-behaved payment-service.
		ChaosEndpoint.payment().calmWhenUp(Duration.ofMinutes(3));
		String id = waiting.get("id").asText();
		await().atMost(Duration.ofMinutes(3))
			.until(() -> "CONFIRMED".equals(get(ORDERS + "/" + id).path("status").asText()));
		await().atMost(Duration.ofSeconds(60))
			.until(() -> get("http://localhost:8025/api/user/e2e-deferred@customers.shopflow.example/messages/INBOX")
				.size() == 1);
	}

	@Test
	@Order(4)
	void aPoisonCommandIsParkedAndShowsInTheMetrics() throws Exception {
		// The chaos soak may have parked its own poison here already.
		int parkedBefore = rabbit("http://localhost:15672/api/queues/%2F/" + PARKING_LOT).path("messages").asInt();
		// Marked, so the soak's checker knows it for injected poison, not a parked
		// command.
		String body = json.writeValueAsString(Map.of("properties", Map.of("content_type", "application/json"),
				"routing_key", "payment.authorize", "payload",
				InjectedPoison.MARKER + " from ComposeStackIT: this is not json", "payload_encoding", "string"));
		HttpResponse<String> published = http.send(HttpRequest
			.newBuilder(URI.create("http://localhost:15672/api/exchanges/%2F/shopflow.payment-commands/publish"))
			.header("Authorization", RABBIT_ADMIN)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());

		assertThat(published.body()).contains("\"routed\":true");
		await().atMost(Duration.ofSeconds(60))
			.until(() -> prometheus(
					"shopflow_rabbit_parking_lot_depth{queue=\"" + PARKING_LOT + "\"} >= " + (parkedBefore + 1))
				.size() == 1);
		assertThat(prometheus("shopflow_rabbit_parked_total")).isNotEmpty();
	}

	@Test
	@Order(5)
	void everyDashboardPanelHasData() {
		PanelQueryCheck check = new PanelQueryCheck("http://localhost:9090");
		List<PanelQueryCheck.Result> results = await().atMost(Duration.ofSeconds(90))
			.pollInterval(Duration.ofSeconds(5))
			.ignoreExceptions()
			.until(check::assertEveryPanelHasSeries, (checked) -> true);
		System.out.println("\nSeries per dashboard panel:");
		PanelQueryCheck.seriesPerPanel(results)
			.forEach((panel, series) -> System.out.printf("  %-70s %d%n", panel, series));
	}

	private static JsonNode place(String customer, String sku, int quantity, int expectedStatus) throws Exception {
		String order = """
				{"customerId":"%s","currency":"EUR","lines":[{"sku":"%s","quantity":%d}]}
				""".formatted(customer, sku, quantity);
		HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(ORDERS))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(order))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(expectedStatus);
		return json.readTree(response.body());
	}

	private static JsonNode get(String uri) throws IOException, InterruptedException {
		HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(uri)).build(),
				HttpResponse.BodyHandlers.ofString());
		return json.readTree(response.body());
	}

	private static JsonNode rabbit(String uri) throws IOException, InterruptedException {
		HttpResponse<String> response = http.send(
				HttpRequest.newBuilder(URI.create(uri)).header("Authorization", RABBIT_ADMIN).build(),
				HttpResponse.BodyHandlers.ofString());
		return json.readTree(response.body());
	}

	private static JsonNode prometheus(String query) throws IOException, InterruptedException {
		return get("http://localhost:9090/api/v1/query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8))
			.at("/data/result");
	}

}
