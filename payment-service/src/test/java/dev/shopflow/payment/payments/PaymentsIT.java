package dev.shopflow.payment.payments;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shopflow.events.ShopflowHeaders;
import dev.shopflow.payment.PaymentIntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.StreamingHttpOutputMessage;

import static org.assertj.core.api.Assertions.assertThat;

class PaymentsIT extends PaymentIntegrationTest {

	private static final MediaType PROBLEM_JSON = MediaType.APPLICATION_PROBLEM_JSON;

	@Test
	void authorizesPaymentWithinTheCustomerLimit() throws Exception {
		UUID orderId = UUID.randomUUID();

		ResponseEntity<String> response = this.http.post()
			.uri("/api/payments")
			.contentType(MediaType.APPLICATION_JSON)
			.header(ShopflowHeaders.IDEMPOTENCY_KEY, "key-" + orderId)
			.body(paymentJson(orderId, "c-1", "250.5", "EUR"))
			.retrieve()
			.toEntity(String.class);

		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CREATED);
		assertThat(response.getHeaders().getLocation()).hasToString("/api/payments/" + orderId);
		// On the wire rather than through JsonNode, which would hide the scale.
		assertThat(response.getBody()).contains("\"amount\":250.50");
		JsonNode body = this.objectMapper.readTree(response.getBody());
		assertThat(body.get("orderId").asText()).isEqualTo(orderId.toString());
		assertThat(body.get("customerId").asText()).isEqualTo("c-1");
		assertThat(body.get("currency").asText()).isEqualTo("EUR");
		assertThat(body.get("status").asText()).isEqualTo("AUTHORIZED");
		assertThat(body.has("declineReason")).isFalse();
		assertThat(body.get("createdAt").asText()).isNotBlank();
		assertThat(row(orderId)).isEqualTo(new Row(UUID.fromString(body.get("paymentId").asText()), "AUTHORIZED",
				new BigDecimal("250.50"), null, "key-" + orderId));
	}

	@Test
	void declinesPaymentOverTheCustomerLimitWithTheReason() {
		UUID orderId = UUID.randomUUID();
		String reason = "amount 1290.00 EUR exceeds the limit of 1000.00 for customer c-1";

		ResponseEntity<JsonNode> response = pay(orderId, "c-1", "1290.00", "EUR");

		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CREATED);
		assertThat(response.getBody().get("status").asText()).isEqualTo("DECLINED");
		assertThat(response.getBody().get("declineReason").asText()).isEqualTo(reason);
		assertThat(row(orderId).status()).isEqualTo("DECLINED");
		assertThat(row(orderId).declineReason()).isEqualTo(reason);
	}

	@Test
	void authorizesOverTheDefaultLimitForACustomerWithAHigherConfiguredLimit() {
		UUID orderId = UUID.randomUUID();

		ResponseEntity<JsonNode> response = pay(orderId, "vip-1", "1290.00", "EUR");

		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CREATED);
		assertThat(response.getBody().get("status").asText()).isEqualTo("AUTHORIZED");
	}

	@Test
	void repeatedPaymentForSameOrderChargesOnce() {
		UUID orderId = UUID.randomUUID();
		double duplicatesBefore = outcomeCount("duplicate");

		ResponseEntity<String> first = pay(orderId, "c-2", "99.90", "EUR", String.class);
		ResponseEntity<String> repeat = pay(orderId, "c-2", "99.9", "EUR", String.class);

		assertThat(first.getStatusCode()).isEqualTo(HttpStatus.CREATED);
		assertThat(repeat.getStatusCode()).isEqualTo(HttpStatus.OK);
		// Byte for byte: same paymentId, amount scale and createdAt precision.
		assertThat(repeat.getBody()).isEqualTo(first.getBody());
		assertThat(paymentCount(orderId)).isOne();
		assertThat(outcomeCount("duplicate")).isEqualTo(duplicatesBefore + 1);
	}

	@Test
	void concurrentRepeatsOfOneOrderChargeOnce() throws Exception {
		UUID orderId = UUID.randomUUID();
		int callers = 10;
		// Every caller is parked at the start gate before it opens, so they all race.
		CountDownLatch ready = new CountDownLatch(callers);
		CountDownLatch startGate = new CountDownLatch(1);
		List<ResponseEntity<JsonNode>> responses = new ArrayList<>();
		try (ExecutorService pool = Executors.newFixedThreadPool(callers)) {
			List<Future<ResponseEntity<JsonNode>>> answers = new ArrayList<>();
			for (int i = 0; i < callers; i++) {
				answers.add(pool.submit(() -> {
					ready.countDown();
					startGate.await();
					return pay(orderId, "c-3", "42.00", "EUR");
				}));
			}
			assertThat(ready.await(30, TimeUnit.SECONDS)).isTrue();
			startGate.countDown();
			for (Future<ResponseEntity<JsonNode>> answer : answers) {
				responses.add(answer.get(30, TimeUnit.SECONDS));
			}
		}

		assertThat(responses).extracting(ResponseEntity::getStatusCode)
			.containsOnly(HttpStatus.CREATED, HttpStatus.OK)
			.filteredOn(HttpStatus.CREATED::equals)
			.hasSize(1);
		assertThat(responses).extracting((response) -> response.getBody().get("paymentId").asText())
			.containsOnly(row(orderId).paymentId().toString());
		assertThat(paymentCount(orderId)).isOne();
	}

	@Test
	void rejectsRepeatWithADifferentAmountAndKeepsTheFirstPayment() {
		UUID orderId = UUID.randomUUID();
		pay(orderId, "c-4", "10.00", "EUR");

		ResponseEntity<JsonNode> response = pay(orderId, "c-4", "11.00", "EUR");

		assertProblem(response, HttpStatus.UNPROCESSABLE_ENTITY, "idempotency-mismatch", "Idempotency mismatch");
		assertThat(row(orderId).amount()).isEqualTo(new BigDecimal("10.00"));
		assertThat(paymentCount(orderId)).isOne();
	}

	@Test
	void refundingTwiceRefundsOnce() {
		UUID orderId = UUID.randomUUID();
		UUID paymentId = paymentIdOf(pay(orderId, "c-5", "20.00", "EUR"));
		double refundsBefore = outcomeCount("refunded");

		ResponseEntity<JsonNode> first = refund(orderId);
		ResponseEntity<JsonNode> second = refund(orderId);

		assertThat(first.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(second.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(first.getBody().get("status").asText()).isEqualTo("REFUNDED");
		assertThat(paymentIdOf(first)).isEqualTo(paymentId);
		assertThat(second.getBody()).isEqualTo(first.getBody());
		assertThat(row(orderId).status()).isEqualTo("REFUNDED");
		assertThat(outcomeCount("refunded")).isEqualTo(refundsBefore + 1);
	}

	@Test
	void refusesToRefundADeclinedPayment() {
		UUID orderId = UUID.randomUUID();
		pay(orderId, "c-6", "5000.00", "EUR");

		assertProblem(refund(orderId), HttpStatus.CONFLICT, "payment-not-refundable", "Payment not refundable");
		assertThat(row(orderId).status()).isEqualTo("DECLINED");
	}

	@Test
	void answers404ForAnOrderWithoutPayment() {
		UUID orderId = UUID.randomUUID();

		assertProblem(refund(orderId), HttpStatus.NOT_FOUND, "payment-not-found", "Payment not found");
		assertProblem(getPayment(orderId), HttpStatus.NOT_FOUND, "payment-not-found", "Payment not found");
		assertThat(paymentCount(orderId)).isZero();
	}

	@Test
	void getsThePaymentOfAnOrder() {
		UUID orderId = UUID.randomUUID();
		ResponseEntity<JsonNode> created = pay(orderId, "c-7", "12.34", "USD");

		ResponseEntity<JsonNode> response = getPayment(orderId);

		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(response.getBody()).isEqualTo(created.getBody());
	}

	@Test
	void cutsOffAChunkedBodyJustOverTheLimitAndStoresNothing() {
		UUID orderId = UUID.randomUUID();
		byte[] json = paymentJson(orderId, "c".repeat(65_536 + 1024), "10.00", "EUR").getBytes(StandardCharsets.UTF_8);

		// A streamed body has no Content-Length, so only counting the bytes read
		// can stop it.
		ResponseEntity<JsonNode> response = this.http.post()
			.uri("/api/payments")
			.contentType(MediaType.APPLICATION_JSON)
			.body((StreamingHttpOutputMessage.Body) (out) -> out.write(json))
			.retrieve()
			.toEntity(JsonNode.class);

		assertProblem(response, HttpStatus.PAYLOAD_TOO_LARGE, "payload-too-large", "Payload too large");
		assertThat(paymentCount(orderId)).isZero();
	}

	@Test
	void exposesHealthButNotTheEnvironment() {
		ResponseEntity<JsonNode> health = this.http.get().uri("/actuator/health").retrieve().toEntity(JsonNode.class);
		ResponseEntity<String> env = this.http.get().uri("/actuator/env").retrieve().toEntity(String.class);

		assertThat(health.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(health.getBody().get("status").asText()).isEqualTo("UP");
		assertThat(health.getBody().path("components").path("db").path("status").asText()).isEqualTo("UP");
		assertThat(health.getBody().path("components").has("diskSpace")).isFalse();
		assertThat(env.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
	}

	private static UUID paymentIdOf(ResponseEntity<JsonNode> response) {
		return UUID.fromString(response.getBody().get("paymentId").asText());
	}

	private static void assertProblem(ResponseEntity<JsonNode> response, HttpStatus status, String type, String title) {
		assertThat(response.getStatusCode()).isEqualTo(status);
		assertThat(response.getHeaders().getContentType()).isEqualTo(PROBLEM_JSON);
		assertThat(response.getBody().get("type").asText()).isEqualTo("urn:shopflow:problem:" + type);
		assertThat(response.getBody().path("title").asText()).isEqualTo(title);
	}

	private double outcomeCount(String outcome) {
		return this.meters.get("shopflow.payments").tag("outcome", outcome).counter().count();
	}

	private Row row(UUID orderId) {
		return this.jdbc
			.sql("SELECT payment_id, status, amount, decline_reason, idempotency_key FROM payment"
					+ " WHERE order_id = :orderId")
			.param("orderId", orderId)
			.query(Row.class)
			.single();
	}

	record Row(UUID paymentId, String status, BigDecimal amount, String declineReason, String idempotencyKey) {

	}

}
