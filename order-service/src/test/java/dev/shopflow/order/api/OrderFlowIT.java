package dev.shopflow.order.api;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.util.ArrayList;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.shopflow.order.IntegrationTest;
import dev.shopflow.order.Stubs;
import dev.shopflow.messaging.testing.DatabaseOutage;
import dev.shopflow.web.ProblemHandler;
import org.junit.jupiter.api.Test;
import com.zaxxer.hikari.HikariDataSource;
import org.testcontainers.containers.PostgreSQLContainer;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class OrderFlowIT extends IntegrationTest {

	private static final String TWO_BOOKS = """
			{"customerId":"c-1","currency":"EUR","lines":[{"sku":"BOOK-001","quantity":2}]}
			""";

	@Autowired
	private PostgreSQLContainer<?> postgres;

	@Autowired
	private HikariDataSource dataSource;

	@Test
	void confirmsOrderPricedByInventoryWhenStockAndPaymentAreThere() {
		inventory.stubFor(Stubs.catalogue());
		inventory.stubFor(Stubs.reservationAccepted());
		payment.stubFor(Stubs.paymentAuthorized());

		ResponseEntity<Map> response = placeOrder(TWO_BOOKS, null);

		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CREATED);
		assertThat(response.getBody()).containsEntry("status", "CONFIRMED").containsEntry("total", 90.0);
		UUID id = UUID.fromString((String) response.getBody().get("id"));
		assertThat(response.getHeaders().getLocation()).hasPath("/api/orders/" + id);
		assertThat(storedStatus(id)).isEqualTo("CONFIRMED");
		inventory.verify(postRequestedFor(urlPathEqualTo("/api/reservations")).withRequestBody(
				equalToJson("{\"orderId\":\"" + id + "\",\"lines\":[{\"sku\":\"BOOK-001\",\"quantity\":2}]}")));
		payment.verify(postRequestedFor(urlPathEqualTo("/api/payments")).withRequestBody(equalToJson(
				"{\"orderId\":\"" + id + "\",\"customerId\":\"c-1\",\"amount\":90.00,\"currency\":\"EUR\"}")));
		assertThat(this.http.getForObject("/api/orders/" + id, Map.class)).containsEntry("status", "CONFIRMED");
	}

	@Test
	void rejectsOrderWhenStockIsShort() {
		inventory.stubFor(Stubs.catalogue());
		inventory.stubFor(Stubs.stockShort());

		ResponseEntity<Map> response = placeOrder("""
				{"customerId":"c-1","currency":"EUR","lines":[{"sku":"KEYB-001","quantity":30}]}
				""", null);

		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
		assertThat(response.getBody()).containsEntry("status", "REJECTED")
			.containsEntry("reason", "Insufficient stock: KEYB-001 requested 30, available 20");
		assertThat(payment.getAllServeEvents()).isEmpty();
	}

	@Test
	void cancelsOrderAndReleasesStockWhenPaymentIsDeclined() {
		inventory.stubFor(Stubs.catalogue());
		inventory.stubFor(Stubs.reservationAccepted());
		inventory.stubFor(Stubs.releaseAccepted());
		payment.stubFor(Stubs.paymentDeclined());

		ResponseEntity<Map> response = placeOrder("""
				{"customerId":"c-1","currency":"EUR","lines":[{"sku":"KEYB-001","quantity":10}]}
				""", null);

		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.PAYMENT_REQUIRED);
		assertThat(response.getBody()).containsEntry("status", "CANCELLED");
		assertThat((String) response.getBody().get("reason")).startsWith("payment declined: amount 1290.00 EUR");
		inventory.verify(1, Stubs.releaseRequests());
	}

	@Test
	void rejectsUnknownSkuAndStoresNothing() {
		inventory.stubFor(Stubs.catalogue());
		long before = orderCount();

		ResponseEntity<Map> response = placeOrder("""
				{"customerId":"c-1","currency":"EUR","lines":[{"sku":"NOPE-404","quantity":1}]}
				""", null);

		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
		assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(response.getBody()).containsEntry("detail", "Unknown SKU: NOPE-404");
		assertThat(orderCount()).isEqualTo(before);
		assertThat(inventory.findAll(Stubs.reservationRequests())).isEmpty();
	}

	@Test
	void rejectsOrderInAnotherCurrencyThanTheCatalogueAndStoresNothing() {
		inventory.stubFor(Stubs.catalogue());
		long before = orderCount();

		ResponseEntity<Map> response = placeOrder("""
				{"customerId":"c-1","currency":"USD","lines":[{"sku":"BOOK-001","quantity":1}]}
				""", null);

		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
		assertThat(orderCount()).isEqualTo(before);
	}

	@Test
	void repeatsTheFirstResponseForTheSameIdempotencyKeyAndBody() {
		inventory.stubFor(Stubs.catalogue());
		inventory.stubFor(Stubs.reservationAccepted());
		payment.stubFor(Stubs.paymentAuthorized());
		String key = "key-" + UUID.randomUUID();

		ResponseEntity<Map> first = placeOrder(TWO_BOOKS, key);
		ResponseEntity<Map> again = placeOrder(TWO_BOOKS.replace(" ", ""), key);

		assertThat(first.getStatusCode()).isEqualTo(HttpStatus.CREATED);
		assertThat(again.getStatusCode()).isEqualTo(HttpStatus.CREATED);
		assertThat(again.getBody()).isEqualTo(first.getBody());
		assertThat(again.getHeaders().getLocation()).isEqualTo(first.getHeaders().getLocation());
		assertThat(again.getHeaders().getFirst("Idempotent-Replayed")).isEqualTo("true");
		assertThat(inventory.findAll(Stubs.reservationRequests())).hasSize(1);
		assertThat(payment.getAllServeEvents()).hasSize(1);
	}

	@Test
	void refusesAnIdempotencyKeyReusedForADifferentBody() {
		inventory.stubFor(Stubs.catalogue());
		inventory.stubFor(Stubs.reservationAccepted());
		payment.stubFor(Stubs.paymentAuthorized());
		String key = "key-" + UUID.randomUUID();
		assertThat(placeOrder(TWO_BOOKS, key).getStatusCode()).isEqualTo(HttpStatus.CREATED);
		long before = orderCount();

		ResponseEntity<Map> reused = placeOrder(TWO_BOOKS.replace("\"quantity\":2", "\"quantity\":3"), key);

		assertThat(reused.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
		assertThat(reused.getBody()).containsEntry("type", "urn:shopflow:problem:idempotency-key-reused");
		assertThat(orderCount()).isEqualTo(before);
	}

	@Test
	void neverPlacesASecondOrderForAKeyWhoseFirstRequestFailedAfterStoringIt() {
		inventory.stubFor(Stubs.catalogue());
		inventory.stubFor(Stubs.reservationAccepted());
		payment.stubFor(Stubs.paymentAuthorized());
		String key = "key-" + UUID.randomUUID();
		String customer = "broken-" + UUID.randomUUID().toString().substring(0, 8);
		long before = orderCount();
		// A real database failure after the order was stored: its first status change
		// fails.
		this.jdbc.sql("""
				CREATE FUNCTION fail_update() RETURNS trigger LANGUAGE plpgsql AS
				$$ BEGIN RAISE EXCEPTION 'simulated failure'; END $$
				""").update();
		this.jdbc
			.sql("CREATE TRIGGER fail_update BEFORE UPDATE ON orders FOR EACH ROW WHEN (OLD.customer_id = '" + customer
					+ "') EXECUTE FUNCTION fail_update()")
			.update();
		try {
			ResponseEntity<Map> first = placeOrder(TWO_BOOKS.replace("c-1", customer), key);
			ResponseEntity<Map> retry = placeOrder(TWO_BOOKS.replace("c-1", customer), key);

			assertThat(first.getStatusCode()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
			assertThat(first.getBody()).containsEntry("detail", "Unexpected error, see server logs");
			assertThat(retry.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
			assertThat(retry.getBody()).containsEntry("type", "urn:shopflow:problem:idempotency-key-in-progress");
			assertThat(orderCount()).isEqualTo(before + 1);
			assertThat(payment.getAllServeEvents()).hasSize(1);
		}
		finally {
			this.jdbc.sql("DROP TRIGGER fail_update ON orders").update();
			this.jdbc.sql("DROP FUNCTION fail_update()").update();
		}
	}

	@Test
	void aFailureBeforeAnythingIsStoredFreesTheKeyForARetry() {
		String key = "key-" + UUID.randomUUID();
		inventory.stubFor(Stubs.products().willReturn(Stubs.problem(400, "invalid-request", "bad lookup")));

		ResponseEntity<Map> first = placeOrder(TWO_BOOKS, key);
		inventory.resetAll();
		inventory.stubFor(Stubs.catalogue());
		inventory.stubFor(Stubs.reservationAccepted());
		payment.stubFor(Stubs.paymentAuthorized());
		ResponseEntity<Map> retry = placeOrder(TWO_BOOKS, key);

		assertThat(first.getStatusCode()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
		assertThat(retry.getStatusCode()).isEqualTo(HttpStatus.CREATED);
	}

	@Test
	void findsOrdersByCustomerAndStatusNewestFirstAPageAtATime() {
		inventory.stubFor(Stubs.catalogue());
		inventory.stubFor(Stubs.reservationAccepted());
		payment.stubFor(Stubs.paymentAuthorized());
		String customer = "find-" + UUID.randomUUID().toString().substring(0, 8);
		Object older = placeOrder(TWO_BOOKS.replace("c-1", customer), null).getBody().get("id");
		Object newer = placeOrder(TWO_BOOKS.replace("c-1", customer), null).getBody().get("id");

		Map[] mine = this.http.getForObject("/api/orders?customerId=" + customer, Map[].class);
		Map[] rejectedOfMine = this.http.getForObject("/api/orders?customerId=" + customer + "&status=REJECTED",
				Map[].class);
		Map[] secondPage = this.http.getForObject("/api/orders?customerId=" + customer + "&size=1&page=1", Map[].class);
		Map[] thirdPage = this.http.getForObject("/api/orders?customerId=" + customer + "&size=1&page=2", Map[].class);

		assertThat(mine).extracting((order) -> order.get("id")).containsExactly(newer, older);
		assertThat(rejectedOfMine).isEmpty();
		assertThat(secondPage).extracting((order) -> order.get("id")).containsExactly(older);
		assertThat(thirdPage).isEmpty();
	}

	@Test
	void refusesAFractionalQuantityAndStoresNothing() {
		long before = orderCount();

		ResponseEntity<Map> response = placeOrder("""
				{"customerId":"c-1","currency":"EUR","lines":[{"sku":"BOOK-001","quantity":1.5}]}
				""", "key-" + UUID.randomUUID());

		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(response.getBody()).containsEntry("type", "urn:shopflow:problem:invalid-request")
			.containsEntry("errors",
					List.of(Map.of("field", "lines[0].quantity", "message", "must be a whole number")));
		assertThat(orderCount()).isEqualTo(before);
		assertThat(inventory.getAllServeEvents()).isEmpty();
	}

	@Test
	void cutsOffAChunkedBodyOverTheLimitAndStoresNothing() throws Exception {
		long before = orderCount();
		byte[] body = ("{\"customerId\":\"" + "x".repeat(70_000) + "\",\"currency\":\"EUR\",\"lines\":[]}")
			.getBytes(StandardCharsets.UTF_8);
		HttpRequest chunked = HttpRequest.newBuilder(URI.create(this.http.getRootUri() + "/api/orders"))
			.header("Content-Type", "application/json")
			// A publisher of unknown length makes the client send the body chunked,
			// without Content-Length, so only the counting stream can stop it.
			.POST(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofByteArray(body)))
			.build();

		HttpResponse<String> response = HttpClient.newHttpClient().send(chunked, HttpResponse.BodyHandlers.ofString());

		assertThat(response.statusCode()).isEqualTo(413);
		assertThat(response.body()).contains("urn:shopflow:problem:payload-too-large");
		assertThat(orderCount()).isEqualTo(before);
		assertThat(inventory.getAllServeEvents()).isEmpty();
	}

	@Test
	void answers503WithRetryAfterWhileTheDatabaseIsAway() {
		String path = "/api/orders/" + UUID.randomUUID();
		try (DatabaseOutage outage = DatabaseOutage.of(this.postgres.getJdbcUrl(), this.postgres.getUsername(),
				this.postgres.getPassword())) {
			ResponseEntity<String> response = this.http.getForEntity(path, String.class);

			assertThat(response.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
			assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
			assertThat(response.getHeaders().getFirst(HttpHeaders.RETRY_AFTER))
				.isEqualTo(Integer.toString(ProblemHandler.RETRY_AFTER_SECONDS));
			assertThat(response.getBody()).contains("\"type\":\"urn:shopflow:problem:service-unavailable\"")
				.doesNotContainIgnoringCase("hikari")
				.doesNotContainIgnoringCase("jdbc")
				.doesNotContain("accepting connections");
		}
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(this.http.getForEntity(path, String.class).getStatusCode())
				.isEqualTo(HttpStatus.NOT_FOUND));
	}

	@Test
	void keepsItsOutboxGaugesReadableWhileTheDatabaseIsAway() {
		try (DatabaseOutage outage = DatabaseOutage.of(this.postgres.getJdbcUrl(), this.postgres.getUsername(),
				this.postgres.getPassword())) {
			// A gauge that queried the database would wait for the pool's timeout and
			// report NaN; a scrape made of such gauges times out and the service looks
			// down just when its metrics matter.
			assertThat(this.meters.get("shopflow.outbox.backlog").gauge().value()).isNotNaN();
			assertThat(this.meters.get("shopflow.outbox.oldest.age").gauge().value()).isNotNaN();
		}
		// The outage closed every pooled connection; the next test should not meet one.
		await().atMost(Duration.ofSeconds(30))
			.ignoreExceptions()
			.untilAsserted(() -> assertThat(orderCount()).isNotNegative());
	}

	@Test
	void answersServiceUnavailableNotAnErrorWhenEveryConnectionIsTaken() throws Exception {
		inventory.stubFor(Stubs.catalogue());
		long before = orderCount();
		List<Connection> taken = new ArrayList<>();
		try {
			for (int i = 0; i < this.dataSource.getMaximumPoolSize(); i++) {
				taken.add(this.dataSource.getConnection());
			}

			ResponseEntity<Map> response = placeOrder(TWO_BOOKS, null);

			assertThat(response.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
			assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
			assertThat(response.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isNotBlank();
			assertThat(response.getBody()).containsEntry("type", "urn:shopflow:problem:service-unavailable");
		}
		finally {
			for (Connection connection : taken) {
				connection.close();
			}
		}
		assertThat(orderCount()).isEqualTo(before);
	}

	@Test
	void answersNotFoundForAnUnknownOrder() {
		ResponseEntity<Map> response = this.http.getForEntity("/api/orders/" + UUID.randomUUID(), Map.class);

		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
		assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
	}

}
