package dev.shopflow.system;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The order saga across the four real services: what a user sees with
 * {@code docker compose up}, checked through each service's own API.
 */
class OrderSagaSystemIT {

	private static final HttpClient http = HttpClient.newHttpClient();

	private static final ObjectMapper json = new ObjectMapper();

	@BeforeAll
	static void startTheSystem() {
		ShopFlow.start();
	}

	@Test
	void aConfirmedOrderSellsItsStockAndTellsTheCustomer() throws Exception {
		HttpResponse<String> placed = placeOrder("c-sys-1", "MUG-001", 2);

		assertThat(placed.statusCode()).isEqualTo(201);
		String orderId = body(placed).get("id").asText();
		awaitJson(ShopFlow.inventory.uri("/api/reservations/" + orderId),
				(reservation) -> "COMMITTED".equals(reservation.path("status").asText()));
		JsonNode notifications = awaitJson(ShopFlow.notification.uri("/api/notifications?orderId=" + orderId),
				(list) -> list.size() == 1);
		assertThat(notifications.get(0).get("kind").asText()).isEqualTo("CONFIRMED");
	}

	@Test
	void aDeclinedPaymentCancelsTheOrderAndReleasesItsStock() throws Exception {
		// 10 keyboards at 129.00 are over the default customer limit of 1000.00.
		HttpResponse<String> placed = placeOrder("c-sys-2", "KEYB-001", 10);

		assertThat(placed.statusCode()).isEqualTo(402);
		String orderId = body(placed).get("id").asText();
		awaitJson(ShopFlow.inventory.uri("/api/reservations/" + orderId),
				(reservation) -> "RELEASED".equals(reservation.path("status").asText()));
		awaitJson(ShopFlow.notification.uri("/api/notifications?orderId=" + orderId),
				(list) -> list.size() == 1 && "CANCELLED".equals(list.get(0).get("kind").asText()));
	}

	@Test
	void aPaymentThatCannotBeMadeNowIsMadeLaterThroughTheCommandQueue() throws Exception {
		ShopFlow.payment.stop();
		HttpResponse<String> placed;
		try {
			placed = placeOrder("c-sys-3", "LAMP-001", 1);
		}
		finally {
			ShopFlow.payment.start().awaitReady();
		}

		assertThat(placed.statusCode()).isEqualTo(202);
		assertThat(body(placed).get("status").asText()).isEqualTo("PAYMENT_PENDING");
		String orderId = body(placed).get("id").asText();
		// The AuthorizePayment command waited in payment-service's queue; its outcome
		// came back as a PaymentAuthorized event.
		awaitJson(ShopFlow.order.uri("/api/orders/" + orderId),
				(order) -> "CONFIRMED".equals(order.path("status").asText()));
		assertThat(get(ShopFlow.payment.uri("/api/payments/" + orderId)).path("status").asText())
			.isEqualTo("AUTHORIZED");
		awaitJson(ShopFlow.inventory.uri("/api/reservations/" + orderId),
				(reservation) -> "COMMITTED".equals(reservation.path("status").asText()));
	}

	@Test
	void aConfirmationIsEmailedToTheCustomerOnce() throws Exception {
		HttpResponse<String> placed = placeOrder("c-sys-4", "BOOK-001", 1);

		String orderId = body(placed).get("id").asText();
		JsonNode delivered = awaitJson(ShopFlow.notification.uri("/api/notifications?orderId=" + orderId),
				(list) -> list.size() == 1 && "DELIVERED".equals(list.get(0).path("status").asText()));
		assertThat(delivered.get(0).get("kind").asText()).isEqualTo("CONFIRMED");
	}

	@Test
	void aQuoteIsTheSameOverRabbitMqAndOverRest() throws Exception {
		JsonNode overRabbit = get(ShopFlow.order.uri("/api/quotes?sku=BOOK-001&quantity=3&via=rabbitmq"));
		JsonNode overRest = get(ShopFlow.order.uri("/api/quotes?sku=BOOK-001&quantity=3&via=rest"));

		assertThat(overRabbit.path("sku").asText()).isEqualTo("BOOK-001");
		assertThat(overRabbit.path("unitPrice").decimalValue()).isEqualByComparingTo("45.00");
		assertThat(overRabbit).isEqualTo(overRest);
	}

	private static HttpResponse<String> placeOrder(String customer, String sku, int quantity)
			throws IOException, InterruptedException {
		String order = """
				{"customerId":"%s","currency":"EUR","lines":[{"sku":"%s","quantity":%d}]}
				""".formatted(customer, sku, quantity);
		return http.send(HttpRequest.newBuilder(ShopFlow.order.uri("/api/orders"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(order))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	static JsonNode awaitJson(URI uri, Predicate<JsonNode> until) {
		return await().atMost(Duration.ofSeconds(60)).until(() -> get(uri), until);
	}

	static JsonNode get(URI uri) throws IOException, InterruptedException {
		HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).build(),
				HttpResponse.BodyHandlers.ofString());
		return (response.statusCode() == 200) ? json.readTree(response.body()) : json.nullNode();
	}

	private static JsonNode body(HttpResponse<String> response) throws IOException {
		return json.readTree(response.body());
	}

}
