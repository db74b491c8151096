package dev.shopflow.notification.notifications;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import dev.shopflow.events.ConsumerGroups;
import dev.shopflow.events.DomainEvent;
import dev.shopflow.events.OrderCancelled;
import dev.shopflow.events.OrderConfirmed;
import dev.shopflow.events.OrderPlaced;
import dev.shopflow.events.OrderRejected;
import dev.shopflow.events.PaymentAuthorized;
import dev.shopflow.events.PaymentDeclined;
import dev.shopflow.events.PaymentRefunded;
import dev.shopflow.events.ShopflowHeaders;
import dev.shopflow.events.Topics;
import dev.shopflow.messaging.testing.TopicProbe;
import dev.shopflow.notification.NotificationIntegrationTest;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.testcontainers.kafka.KafkaContainer;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.KafkaHeaders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class NotificationsIT extends NotificationIntegrationTest {

	private static final String CUSTOMER = "customer-7";

	private static final UUID PAYMENT_ID = UUID.fromString("9f1e2d3c-4b5a-4697-8877-665544332211");

	@Autowired
	TestRestTemplate http;

	@Autowired
	KafkaTemplate<Object, Object> kafka;

	@Autowired
	KafkaContainer broker;

	@Autowired
	MeterRegistry meters;

	@Autowired
	NotificationRepository notifications;

	@Test
	void tellsTheCustomerTheirOrderIsConfirmedWithItsTotal() throws Exception {
		UUID orderId = UUID.randomUUID();

		publish(OrderConfirmed.of(orderId, CUSTOMER, "EUR", new BigDecimal("1042.50"), Instant.now()));

		Notification confirmed = awaitNotifications(orderId, 1).getFirst();
		assertThat(confirmed.kind()).isEqualTo(NotificationKind.CONFIRMED);
		assertThat(confirmed.orderId()).isEqualTo(orderId);
		assertThat(confirmed.customerId()).isEqualTo(CUSTOMER);
		assertThat(confirmed.subject()).isEqualTo("Your order is confirmed");
		assertThat(confirmed.body()).contains(orderId.toString()).contains("1042.50 EUR");
		assertThat(confirmed.createdAt()).isNotNull();
	}

	@Test
	void tellsTheCustomerWhyTheirOrderWasRejected() throws Exception {
		UUID orderId = UUID.randomUUID();

		publish(OrderRejected.of(orderId, CUSTOMER, "MUG-001 is out of stock", Instant.now()));

		Notification rejected = awaitNotifications(orderId, 1).getFirst();
		assertThat(rejected.kind()).isEqualTo(NotificationKind.REJECTED);
		assertThat(rejected.body()).contains(orderId.toString()).contains("MUG-001 is out of stock");
	}

	@Test
	void tellsTheCustomerWhyTheirOrderWasCancelled() throws Exception {
		UUID orderId = UUID.randomUUID();

		publish(OrderCancelled.of(orderId, CUSTOMER, "payment declined", Instant.now()));

		Notification cancelled = awaitNotifications(orderId, 1).getFirst();
		assertThat(cancelled.kind()).isEqualTo(NotificationKind.CANCELLED);
		assertThat(cancelled.body()).contains(orderId.toString()).contains("payment declined");
	}

	@Test
	void tellsTheCustomerAboutTheRefundAfterTheCancellationOldestFirst() throws Exception {
		UUID orderId = UUID.randomUUID();
		publish(OrderCancelled.of(orderId, CUSTOMER, "deadline passed", Instant.now()));
		awaitNotifications(orderId, 1);

		publish(PaymentRefunded.of(orderId, PAYMENT_ID, CUSTOMER, new BigDecimal("25.00"), "CHF", Instant.now()));

		List<Notification> both = awaitNotifications(orderId, 2);
		assertThat(both).extracting(Notification::kind)
			.containsExactly(NotificationKind.CANCELLED, NotificationKind.REFUNDED);
		assertThat(both.getLast().body()).contains(orderId.toString()).contains("25.00 CHF");
	}

	@Test
	void doesNotNotifyThatAnOrderWasPlaced() throws Exception {
		UUID orderId = UUID.randomUUID();

		publish(OrderPlaced.of(orderId, CUSTOMER, "EUR", new BigDecimal("12.50"),
				List.of(new OrderPlaced.Line("MUG-001", 1, new BigDecimal("12.50"))), Instant.now()));
		// Same key, same partition: once the confirmation is visible, the placement
		// before it has been consumed.
		publish(OrderConfirmed.of(orderId, CUSTOMER, "EUR", new BigDecimal("12.50"), Instant.now()));

		assertThat(awaitNotifications(orderId, 1)).extracting(Notification::kind)
			.containsExactly(NotificationKind.CONFIRMED);
	}

	@Test
	void doesNotNotifyPaymentAuthorizationOrDecline() throws Exception {
		UUID orderId = UUID.randomUUID();
		BigDecimal amount = new BigDecimal("12.50");

		publish(PaymentAuthorized.of(orderId, PAYMENT_ID, CUSTOMER, amount, "EUR", Instant.now()));
		publish(PaymentDeclined.of(orderId, PAYMENT_ID, CUSTOMER, amount, "EUR", "card expired", Instant.now()));
		// Same key, same partition: once the refund is visible, the two before it have
		// been consumed.
		publish(PaymentRefunded.of(orderId, PAYMENT_ID, CUSTOMER, amount, "EUR", Instant.now()));

		assertThat(awaitNotifications(orderId, 1)).extracting(Notification::kind)
			.containsExactly(NotificationKind.REFUNDED);
	}

	@Test
	void notifiesOnceForAnEventDeliveredTwice() throws Exception {
		UUID orderId = UUID.randomUUID();
		OrderRejected rejected = OrderRejected.of(orderId, CUSTOMER, "inventory unavailable", Instant.now());
		double duplicatesBefore = duplicates(OrderRejected.TYPE);

		publish(rejected);
		publish(rejected);

		await().atMost(Duration.ofSeconds(30)).until(() -> duplicates(OrderRejected.TYPE) - duplicatesBefore >= 1);
		assertThat(duplicates(OrderRejected.TYPE) - duplicatesBefore).isEqualTo(1.0);
		assertThat(notificationsOf(orderId)).extracting(Notification::kind).containsExactly(NotificationKind.REJECTED);
	}

	@Test
	void keepsOneNotificationPerEventEvenWhenTheInboxLetsADuplicateThrough() {
		UUID orderId = UUID.randomUUID();
		NewNotification notification = NewNotification
			.of(OrderCancelled.of(orderId, CUSTOMER, "deadline passed", Instant.now()));

		assertThat(this.notifications.add(notification)).isPresent();
		assertThat(this.notifications.add(notification)).isEmpty();

		assertThat(notificationsOf(orderId)).hasSize(1);
	}

	@Test
	void deadLettersAPaymentRecordThatIsNotJsonAndGoesOnWithTheNext() throws Exception {
		UUID orderId = UUID.randomUUID();
		String key = orderId.toString();
		RecordMetadata poison = this.kafka.send(Topics.PAYMENT_EVENTS, key, "not json")
			.get(10, TimeUnit.SECONDS)
			.getRecordMetadata();

		publish(PaymentRefunded.of(orderId, PAYMENT_ID, CUSTOMER, new BigDecimal("9.99"), "EUR", Instant.now()));

		try (TopicProbe deadLetters = TopicProbe.on(this.broker.getBootstrapServers(), Topics.PAYMENT_EVENTS_DLT)) {
			ConsumerRecord<String, byte[]> dead = deadLetters.awaitKey(key, (records) -> !records.isEmpty()).getFirst();
			assertThat(TopicProbe.value(dead)).isEqualTo("not json");
			assertThat(dead.partition()).isEqualTo(poison.partition());
			assertThat(TopicProbe.header(dead, KafkaHeaders.DLT_ORIGINAL_TOPIC)).isEqualTo(Topics.PAYMENT_EVENTS);
			assertThat(originalOffset(dead)).isEqualTo(poison.offset());
			assertThat(TopicProbe.header(dead, KafkaHeaders.DLT_EXCEPTION_FQCN)).endsWith("DeserializationException");
			assertThat(TopicProbe.header(dead, KafkaHeaders.DLT_EXCEPTION_MESSAGE)).isNotBlank();
			// The reason is Jackson's parse error, not the deserializer's wrapper.
			assertThat(TopicProbe.header(dead, ShopflowHeaders.DEAD_LETTER_REASON)).startsWith("JsonParseException: ")
				.contains("Unrecognized token 'not'");
		}
		assertThat(awaitNotifications(orderId, 1)).extracting(Notification::kind)
			.containsExactly(NotificationKind.REFUNDED);
	}

	@Test
	void deadLettersAPaymentEventFoundOnTheOrderTopic() throws Exception {
		UUID orderId = UUID.randomUUID();
		String key = orderId.toString();
		PaymentRefunded misrouted = PaymentRefunded.of(orderId, PAYMENT_ID, CUSTOMER, BigDecimal.ONE, "EUR",
				Instant.now());

		this.kafka.send(Topics.ORDER_EVENTS, key, misrouted).get(10, TimeUnit.SECONDS);

		try (TopicProbe deadLetters = TopicProbe.on(this.broker.getBootstrapServers(), Topics.ORDER_EVENTS_DLT)) {
			ConsumerRecord<String, byte[]> dead = deadLetters.awaitKey(key, (records) -> !records.isEmpty()).getFirst();
			assertThat(TopicProbe.header(dead, KafkaHeaders.DLT_ORIGINAL_TOPIC)).isEqualTo(Topics.ORDER_EVENTS);
			assertThat(TopicProbe.header(dead, ShopflowHeaders.DEAD_LETTER_REASON))
				.isEqualTo("UnprocessableEventException: " + PaymentRefunded.TYPE
						+ " is not an order event and does not belong on " + Topics.ORDER_EVENTS);
		}
		assertThat(notificationsOf(orderId)).isEmpty();
	}

	private void publish(DomainEvent event) throws Exception {
		this.kafka.send(event.topic(), event.orderId().toString(), event).get(10, TimeUnit.SECONDS);
	}

	private List<Notification> awaitNotifications(UUID orderId, int count) {
		return await().atMost(Duration.ofSeconds(30))
			.until(() -> notificationsOf(orderId), (found) -> found.size() >= count);
	}

	private List<Notification> notificationsOf(UUID orderId) {
		ResponseEntity<Notification[]> response = this.http.getForEntity("/api/notifications?orderId={orderId}",
				Notification[].class, orderId);
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
		return List.of(response.getBody());
	}

	private double duplicates(String eventType) {
		Counter counter = this.meters.find("shopflow.events.duplicates")
			.tags("consumer", ConsumerGroups.NOTIFICATION, "type", eventType)
			.counter();
		return (counter != null) ? counter.count() : 0;
	}

	// Spring Kafka writes the original offset as an 8-byte long, not as text.
	private static long originalOffset(ConsumerRecord<?, ?> record) {
		return ByteBuffer.wrap(record.headers().lastHeader(KafkaHeaders.DLT_ORIGINAL_OFFSET).value()).getLong();
	}

}
