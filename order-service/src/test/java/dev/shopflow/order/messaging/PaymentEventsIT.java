package dev.shopflow.order.messaging;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.shopflow.events.ConsumerGroups;
import dev.shopflow.events.PaymentAuthorized;
import dev.shopflow.events.PaymentDeclined;
import dev.shopflow.events.PaymentEvent;
import dev.shopflow.events.ShopflowHeaders;
import dev.shopflow.events.Topics;
import dev.shopflow.order.IntegrationTest;
import dev.shopflow.order.Stubs;
import dev.shopflow.messaging.testing.TopicProbe;
import io.micrometer.core.instrument.Counter;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Orders left waiting for their payment are settled by the payment's events. */
class PaymentEventsIT extends IntegrationTest {

	private static final String ORDER = """
			{"customerId":"c-7","currency":"EUR","lines":[{"sku":"BOOK-001","quantity":1}]}
			""";

	@Test
	void paymentPendingOrderIsConfirmedWhenItsPaymentIsAuthorized() {
		UUID id = orderWaitingForPayment();

		publish(PaymentAuthorized.of(id, UUID.randomUUID(), "c-7", new BigDecimal("45.00"), "EUR", Instant.now()));

		await().untilAsserted(() -> assertThat(storedStatus(id)).isEqualTo("CONFIRMED"));
		try (TopicProbe events = orderEvents()) {
			assertThat(eventTypes(events.awaitKey(id.toString(), (published) -> eventTypes(published).size() >= 2)))
				.containsExactly("OrderPlaced", "OrderConfirmed");
		}
	}

	@Test
	void paymentPendingOrderIsCancelledWhenItsPaymentIsDeclinedSoItsStockIsReleased() {
		UUID id = orderWaitingForPayment();

		publish(PaymentDeclined.of(id, UUID.randomUUID(), "c-7", new BigDecimal("45.00"), "EUR", "card expired",
				Instant.now()));

		await().untilAsserted(() -> assertThat(storedStatus(id)).isEqualTo("CANCELLED"));
		assertThat(this.http.getForObject("/api/orders/" + id, Map.class)).containsEntry("reason",
				"payment declined: card expired");
		// inventory-service releases the reservation when it reads this event.
		try (TopicProbe events = orderEvents()) {
			assertThat(eventTypes(events.awaitKey(id.toString(), (published) -> eventTypes(published).size() >= 2)))
				.containsExactly("OrderPlaced", "OrderCancelled");
		}
	}

	@Test
	void theSamePaymentEventDeliveredTwiceHasOneEffect() {
		UUID id = orderWaitingForPayment();
		PaymentAuthorized authorized = PaymentAuthorized.of(id, UUID.randomUUID(), "c-7", new BigDecimal("45.00"),
				"EUR", Instant.now());
		double duplicatesBefore = duplicates(PaymentAuthorized.TYPE);

		publish(authorized);
		publish(authorized);

		await().untilAsserted(() -> assertThat(duplicates(PaymentAuthorized.TYPE) - duplicatesBefore).isEqualTo(1));
		assertThat(storedStatus(id)).isEqualTo("CONFIRMED");
		assertThat(this.jdbc.sql("SELECT count(*) FROM processed_events WHERE event_id = :id")
			.param("id", authorized.eventId())
			.query(Long.class)
			.single()).isOne();
		try (TopicProbe events = orderEvents()) {
			assertThat(eventTypes(events.awaitKey(id.toString(), (published) -> eventTypes(published).size() >= 2)))
				.containsExactly("OrderPlaced", "OrderConfirmed");
		}
	}

	@Test
	void paymentEventOfAnUnknownOrderGoesToTheDeadLetterTopicWithItsReason() {
		UUID unknown = UUID.randomUUID();

		publish(PaymentAuthorized.of(unknown, UUID.randomUUID(), "c-7", BigDecimal.TEN, "EUR", Instant.now()));

		try (TopicProbe deadLetters = TopicProbe.on(this.kafka.getBootstrapServers(), Topics.PAYMENT_EVENTS_DLT)) {
			List<ConsumerRecord<String, byte[]>> records = deadLetters.awaitKey(unknown.toString(),
					(found) -> !found.isEmpty());
			assertThat(TopicProbe.header(records.get(0), "kafka_dlt-original-topic")).isEqualTo(Topics.PAYMENT_EVENTS);
			assertThat(TopicProbe.header(records.get(0), "kafka_dlt-exception-message"))
				.contains("No order " + unknown);
			assertThat(TopicProbe.value(records.get(0))).contains("\"type\":\"PaymentAuthorized\"");
		}
	}

	private UUID orderWaitingForPayment() {
		inventory.stubFor(Stubs.catalogue());
		inventory.stubFor(Stubs.reservationAccepted());
		payment.stubFor(Stubs.payments().willReturn(aResponse().withStatus(503)));
		ResponseEntity<Map> response = placeOrder(ORDER, null);
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
		return UUID.fromString((String) response.getBody().get("id"));
	}

	private void publish(PaymentEvent event) {
		this.kafkaTemplate.send(Topics.PAYMENT_EVENTS, event.orderId().toString(), event).join();
	}

	private double duplicates(String type) {
		Counter counter = this.meters.find("shopflow.events.duplicates")
			.tags("consumer", ConsumerGroups.ORDER, "type", type)
			.counter();
		return (counter != null) ? counter.count() : 0;
	}

}
