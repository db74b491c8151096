package dev.shopflow.order.messaging;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shopflow.events.AuthorizePayment;
import dev.shopflow.events.PaymentAuthorized;
import dev.shopflow.events.ShopflowHeaders;
import dev.shopflow.events.Topics;
import dev.shopflow.events.WorkQueues;
import dev.shopflow.order.IntegrationTest;
import dev.shopflow.order.Stubs;
import dev.shopflow.order.payment.PaymentClient;
import io.micrometer.core.instrument.Counter;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A payment that cannot be asked for now is not lost: the order waits in PAYMENT_PENDING
 * and an AuthorizePayment command goes to payment-service through the outbox and
 * RabbitMQ.
 */
class PaymentCommandsIT extends IntegrationTest {

	private static final String ORDER = """
			{"customerId":"c-5","currency":"EUR","lines":[{"sku":"BOOK-001","quantity":2}]}
			""";

	@Test
	void paymentBreakerOpenOrderIsPaymentPendingAndItsAuthorizePaymentCommandIsPublished() throws Exception {
		inventory.stubFor(Stubs.catalogue());
		inventory.stubFor(Stubs.reservationAccepted());
		payment.stubFor(Stubs.paymentAuthorized());
		this.circuitBreakers.circuitBreaker(PaymentClient.DOWNSTREAM).transitionToOpenState();

		ResponseEntity<Map> response = placeOrder(ORDER, null);

		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
		assertThat(response.getBody()).containsEntry("status", "PAYMENT_PENDING");
		UUID orderId = UUID.fromString((String) response.getBody().get("id"));
		Message command = awaitPaymentCommand(orderId);
		JsonNode body = this.json.readTree(command.getBody());
		assertThat(body.path("orderId").asText()).isEqualTo(orderId.toString());
		assertThat(body.path("customerId").asText()).isEqualTo("c-5");
		assertThat(body.path("amount").decimalValue()).isEqualByComparingTo("90.00");
		assertThat(body.path("currency").asText()).isEqualTo("EUR");
		MessageProperties properties = command.getMessageProperties();
		assertThat(properties.getReceivedDeliveryMode()).isEqualTo(MessageDeliveryMode.PERSISTENT);
		assertThat(properties.getMessageId()).isEqualTo(body.path("commandId").asText());
		assertThat(properties.getType()).isEqualTo(AuthorizePayment.TYPE);
		assertThat(properties.getReceivedExchange()).isEqualTo(WorkQueues.PAYMENT_COMMANDS);
		assertThat(properties.getReceivedRoutingKey()).isEqualTo(WorkQueues.AUTHORIZE_PAYMENT);
		assertThat(((Number) properties.getHeader(ShopflowHeaders.ATTEMPT)).intValue()).isOne();
		assertThat(payment.getAllServeEvents()).isEmpty();

		// payment-service's own integration test covers consuming the command; here its
		// outcome arrives the way payment-service publishes it.
		this.kafkaTemplate
			.send(Topics.PAYMENT_EVENTS, orderId.toString(),
					PaymentAuthorized.of(orderId, UUID.randomUUID(), "c-5", new BigDecimal("90.00"), "EUR",
							Instant.now()))
			.join();

		await().untilAsserted(() -> assertThat(storedStatus(orderId)).isEqualTo("CONFIRMED"));
	}

	@Test
	void unroutableCommandIsReturnedAndRetriedNotLost() {
		inventory.stubFor(Stubs.catalogue());
		inventory.stubFor(Stubs.reservationAccepted());
		this.circuitBreakers.circuitBreaker(PaymentClient.DOWNSTREAM).transitionToOpenState();
		double returnedBefore = returnedPublishes();
		UUID orderId;

		this.rabbitAdmin.removeBinding(paymentCommandsProbe());
		try {
			ResponseEntity<Map> response = placeOrder(ORDER, null);
			assertThat(response.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
			orderId = UUID.fromString((String) response.getBody().get("id"));

			await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
				Map<String, Object> row = commandRow(orderId);
				assertThat(row.get("sent_at")).isNull();
				assertThat((String) row.get("last_error")).contains("returned");
			});
			assertThat(returnedPublishes()).isGreaterThan(returnedBefore);
		}
		finally {
			this.rabbitAdmin.declareBinding(paymentCommandsProbe());
		}

		Message command = awaitPaymentCommand(orderId);

		assertThat(command.getMessageProperties().getMessageId())
			.isEqualTo(commandRow(orderId).get("event_id").toString());
		assertThat(commandRow(orderId).get("sent_at")).isNotNull();
		assertThat((Integer) commandRow(orderId).get("attempts")).isGreaterThan(1);
	}

	private Map<String, Object> commandRow(UUID orderId) {
		return this.jdbc.sql("""
				SELECT event_id, channel, sent_at, attempts, last_error FROM outbox_event
				WHERE message_key = :key AND event_type = :type
				""").param("key", orderId.toString()).param("type", AuthorizePayment.TYPE).query().singleRow();
	}

	private double returnedPublishes() {
		Counter returned = this.meters.find("shopflow.rabbit.publishes")
			.tags("outcome", "returned", "exchange", WorkQueues.PAYMENT_COMMANDS)
			.counter();
		return (returned != null) ? returned.count() : 0;
	}

}
