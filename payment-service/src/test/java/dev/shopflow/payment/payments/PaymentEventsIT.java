package dev.shopflow.payment.payments;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shopflow.events.DomainEvent;
import dev.shopflow.events.PaymentAuthorized;
import dev.shopflow.events.PaymentDeclined;
import dev.shopflow.events.PaymentRefunded;
import dev.shopflow.events.ShopflowHeaders;
import dev.shopflow.messaging.testing.TopicProbe;
import dev.shopflow.payment.PaymentIntegrationTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

class PaymentEventsIT extends PaymentIntegrationTest {

	@Autowired
	private PaymentService service;

	@Autowired
	private TransactionTemplate transactions;

	@Test
	void authorizingPublishesOnePaymentAuthorizedKeyedByTheOrderAndAReplayPublishesNothing() throws Exception {
		UUID orderId = UUID.randomUUID();
		String key = orderId.toString();
		try (TopicProbe probe = paymentEvents()) {
			ResponseEntity<JsonNode> created = pay(orderId, "c-11", "25.5", "EUR");

			List<ConsumerRecord<String, byte[]>> published = probe.awaitKey(key, (records) -> !records.isEmpty());
			assertThat(published).hasSize(1);
			assertThat(TopicProbe.header(published.getFirst(), ShopflowHeaders.EVENT_TYPE))
				.isEqualTo(PaymentAuthorized.TYPE);
			assertThat(event(published.getFirst())).isInstanceOfSatisfying(PaymentAuthorized.class, (authorized) -> {
				assertThat(authorized.orderId()).isEqualTo(orderId);
				assertThat(authorized.paymentId()).hasToString(created.getBody().get("paymentId").asText());
				assertThat(authorized.customerId()).isEqualTo("c-11");
				assertThat(authorized.amount()).isEqualByComparingTo("25.50");
				assertThat(authorized.currency()).isEqualTo("EUR");
			});

			assertThat(pay(orderId, "c-11", "25.50", "EUR").getStatusCode()).isEqualTo(HttpStatus.OK);
			assertThat(refund(orderId).getStatusCode()).isEqualTo(HttpStatus.OK);

			// One partition per order keeps commit order: an event of the replay would
			// have to arrive before the refund's.
			assertThat(probe.awaitKey(key, (records) -> records.stream().anyMatch(PaymentEventsIT::isRefund)))
				.extracting(PaymentEventsIT::eventType)
				.containsExactly(PaymentAuthorized.TYPE, PaymentRefunded.TYPE);
		}
	}

	@Test
	void decliningPublishesPaymentDeclinedWithTheReason() throws Exception {
		UUID orderId = UUID.randomUUID();
		try (TopicProbe probe = paymentEvents()) {
			pay(orderId, "c-12", "1290.00", "EUR");

			ConsumerRecord<String, byte[]> declined = probe
				.awaitKey(orderId.toString(), (records) -> !records.isEmpty())
				.getFirst();
			assertThat(eventType(declined)).isEqualTo(PaymentDeclined.TYPE);
			assertThat(event(declined)).isInstanceOfSatisfying(PaymentDeclined.class,
					(event) -> assertThat(event.reason())
						.isEqualTo("amount 1290.00 EUR exceeds the limit of 1000.00 for customer c-12"));
		}
	}

	@Test
	void refundingTwicePublishesPaymentRefundedOnce() throws Exception {
		UUID orderId = UUID.randomUUID();
		try (TopicProbe probe = paymentEvents()) {
			pay(orderId, "c-13", "40.00", "EUR");

			refund(orderId);
			refund(orderId);

			// The outbox is all that is ever published, and the repeat appended nothing.
			assertThat(outboxTypes(orderId)).containsExactly(PaymentAuthorized.TYPE, PaymentRefunded.TYPE);
			ConsumerRecord<String, byte[]> refunded = probe
				.awaitKey(orderId.toString(), (records) -> records.stream().anyMatch(PaymentEventsIT::isRefund))
				.getLast();
			assertThat(event(refunded)).isInstanceOfSatisfying(PaymentRefunded.class, (event) -> {
				assertThat(event.orderId()).isEqualTo(orderId);
				assertThat(event.amount()).isEqualByComparingTo(new BigDecimal("40.00"));
			});
		}
	}

	@Test
	void rolledBackRefundLeavesNoEvent() {
		UUID orderId = UUID.randomUUID();
		pay(orderId, "c-14", "15.00", "EUR");

		// As when a consumer's inbox transaction fails after the refund ran in it.
		this.transactions.executeWithoutResult((status) -> {
			this.service.refund(orderId);
			assertThat(outboxTypes(orderId)).containsExactly(PaymentAuthorized.TYPE, PaymentRefunded.TYPE);
			status.setRollbackOnly();
		});

		assertThat(status(orderId)).isEqualTo("AUTHORIZED");
		assertThat(outboxTypes(orderId)).containsExactly(PaymentAuthorized.TYPE);
	}

	@Test
	void authorizationIsNotStoredWhenItsEventCannotBeRecorded() {
		UUID orderId = UUID.randomUUID();
		// Refuses the outbox rows of this one order, so other tests' events still flow.
		this.jdbc
			.sql("ALTER TABLE outbox_event ADD CONSTRAINT refuse_one_order CHECK (message_key <> '%s') NOT VALID"
				.formatted(orderId))
			.update();
		try {
			assertThat(pay(orderId, "c-15", "15.00", "EUR").getStatusCode())
				.isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
		}
		finally {
			this.jdbc.sql("ALTER TABLE outbox_event DROP CONSTRAINT refuse_one_order").update();
		}

		assertThat(paymentCount(orderId)).isZero();
	}

	private DomainEvent event(ConsumerRecord<String, byte[]> record) throws IOException {
		return this.objectMapper.readValue(record.value(), DomainEvent.class);
	}

	private static boolean isRefund(ConsumerRecord<String, byte[]> record) {
		return PaymentRefunded.TYPE.equals(eventType(record));
	}

	private String status(UUID orderId) {
		return this.jdbc.sql("SELECT status FROM payment WHERE order_id = :orderId")
			.param("orderId", orderId)
			.query(String.class)
			.single();
	}

}
