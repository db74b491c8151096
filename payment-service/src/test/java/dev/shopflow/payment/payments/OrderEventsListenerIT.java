package dev.shopflow.payment.payments;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shopflow.events.ConsumerGroups;
import dev.shopflow.events.OrderCancelled;
import dev.shopflow.events.PaymentAuthorized;
import dev.shopflow.events.PaymentDeclined;
import dev.shopflow.events.PaymentRefunded;
import dev.shopflow.events.Topics;
import dev.shopflow.messaging.testing.TopicProbe;
import dev.shopflow.payment.PaymentIntegrationTest;
import io.micrometer.core.instrument.Counter;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class OrderEventsListenerIT extends PaymentIntegrationTest {

	private static final Duration PATIENCE = Duration.ofSeconds(30);

	@Autowired
	private KafkaTemplate<Object, Object> template;

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
		try (TopicProbe probe = paymentEvents()) {
			assertThat(probe.awaitKey(orderId.toString(), (records) -> records.size() == 2))
				.extracting(OrderEventsListenerIT::eventType)
				.containsExactly(PaymentAuthorized.TYPE, PaymentRefunded.TYPE);
		}
	}

	@Test
	void consumesCancellationOfAnOrderWithoutPaymentWithoutEffect() throws Exception {
		UUID unpaid = UUID.randomUUID();
		OrderCancelled nothingToRefund = OrderCancelled.of(unpaid, "c-22", "inventory unavailable", Instant.now());

		int partition = send(nothingToRefund, null).getRecordMetadata().partition();

		await().atMost(PATIENCE).until(() -> processed(nothingToRefund));
		assertThat(paymentCount(unpaid)).isZero();
		assertThat(outboxTypes(unpaid)).isEmpty();

		// On the same partition, so it queues behind the first: the consumer moved on.
		UUID paid = UUID.randomUUID();
		authorize(paid, "c-23");
		send(OrderCancelled.of(paid, "c-23", "payment deadline passed", Instant.now()), partition);
		await().atMost(PATIENCE).until(() -> status(paid), "REFUNDED"::equals);
	}

	@Test
	void declinesAPaymentAskedForAfterTheOrderWasCancelled() throws Exception {
		UUID orderId = UUID.randomUUID();
		OrderCancelled cancelled = OrderCancelled.of(orderId, "c-24", "payment deadline passed", Instant.now());
		send(cancelled, null);
		await().atMost(PATIENCE).until(() -> processed(cancelled));

		ResponseEntity<JsonNode> late = pay(orderId, "c-24", "30.00", "EUR");

		assertThat(late.getStatusCode()).isEqualTo(HttpStatus.CREATED);
		assertThat(late.getBody().get("status").asText()).isEqualTo("DECLINED");
		assertThat(late.getBody().get("declineReason").asText()).isEqualTo("order was cancelled");
		assertThat(outboxTypes(orderId)).containsExactly(PaymentDeclined.TYPE);
	}

	private SendResult<Object, Object> send(OrderCancelled event, Integer partition) throws Exception {
		return this.template.send(Topics.ORDER_EVENTS, partition, event.orderId().toString(), event)
			.get(30, TimeUnit.SECONDS);
	}

	private void authorize(UUID orderId, String customerId) {
		JsonNode payment = pay(orderId, customerId, "30.00", "EUR").getBody();
		assertThat(payment.get("status").asText()).isEqualTo("AUTHORIZED");
	}

	private String status(UUID orderId) {
		return getPayment(orderId).getBody().path("status").asText();
	}

	private boolean processed(OrderCancelled event) {
		return this.jdbc.sql("SELECT count(*) FROM processed_events WHERE consumer = :consumer AND event_id = :eventId")
			.param("consumer", ConsumerGroups.PAYMENT)
			.param("eventId", event.eventId())
			.query(Long.class)
			.single() == 1;
	}

	private double cancellationDuplicates() {
		Counter counter = this.meters.find("shopflow.events.duplicates")
			.tags("consumer", ConsumerGroups.PAYMENT, "type", OrderCancelled.TYPE)
			.counter();
		return (counter != null) ? counter.count() : 0;
	}

}
