package dev.shopflow.notification.notifications;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import dev.shopflow.events.DomainEvent;
import dev.shopflow.events.OrderConfirmed;
import dev.shopflow.events.ShopflowHeaders;
import dev.shopflow.events.WorkQueues;
import dev.shopflow.messaging.rabbit.WorkQueue;
import dev.shopflow.notification.GreenMailContainer;
import dev.shopflow.notification.GreenMailContainer.Email;
import dev.shopflow.notification.NotificationIntegrationTest;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class EmailDeliveryIT extends NotificationIntegrationTest {

	private static final String PARKING_LOT = WorkQueues.parkingLotOf(WorkQueues.EMAIL_QUEUE);

	private static final Duration PATIENCE = Duration.ofSeconds(30);

	@Autowired
	KafkaTemplate<Object, Object> kafka;

	@Autowired
	RabbitTemplate rabbit;

	@Autowired
	GreenMailContainer greenMail;

	@Autowired
	NotificationRepository notifications;

	@Autowired
	WorkQueue.Factory workQueues;

	@Autowired
	MeterRegistry meters;

	@Autowired
	JdbcClient jdbc;

	/** Parked messages taken from the parking lot so far, this test's and others'. */
	private final List<Message> parked = new ArrayList<>();

	@Test
	void anOrderConfirmedEventEndsAsOneEmail() throws Exception {
		String customer = newCustomer();
		UUID orderId = UUID.randomUUID();

		publish(OrderConfirmed.of(orderId, customer, "EUR", new BigDecimal("42.50"), Instant.now()));

		Notification delivered = awaitNotification(orderId, NotificationStatus.DELIVERED);
		assertThat(delivered.attempts()).isEqualTo(1);
		assertThat(delivered.deliveredAt()).isAfterOrEqualTo(delivered.createdAt());
		assertThat(emailsTo(customer)).singleElement().satisfies((email) -> {
			assertThat(email.subject()).isEqualTo("Your order is confirmed");
			assertThat(email.messageId()).isEqualTo("<" + delivered.id() + "@shopflow.example>");
			assertThat(email.mime()).contains("From: orders@shopflow.example")
				.contains("To: " + addressOf(customer))
				.contains("Your order " + orderId + " is confirmed. Total: 42.50 EUR.");
		});
	}

	@Test
	void aRedeliveredTaskSendsNoSecondEmail() throws Exception {
		String customer = newCustomer();
		UUID orderId = UUID.randomUUID();
		publish(OrderConfirmed.of(orderId, customer, "EUR", BigDecimal.TEN, Instant.now()));
		Notification delivered = awaitNotification(orderId, NotificationStatus.DELIVERED);
		double repeatsBefore = repeatedTasks();

		sendTask(delivered.id());
		sendTask(delivered.id());

		await().atMost(PATIENCE).until(() -> repeatedTasks() - repeatsBefore >= 2);
		assertThat(emailsTo(customer)).hasSize(1);
		assertThat(notification(orderId)).hasValueSatisfying((notification) -> {
			assertThat(notification.status()).isEqualTo(NotificationStatus.DELIVERED);
			assertThat(notification.attempts()).isEqualTo(1);
			assertThat(notification.deliveredAt()).isEqualTo(delivered.deliveredAt());
		});
	}

	@Test
	void twoCopiesOfATaskTakenAtOnceSendOneEmail() {
		String customer = newCustomer();
		UUID orderId = UUID.randomUUID();
		// Stored without a task of its own, so the two copies are the only ones.
		UUID id = this.notifications
			.add(new NewNotification(UUID.randomUUID(), orderId, customer, NotificationKind.CONFIRMED,
					"Your order is confirmed", "Your order " + orderId + " is confirmed."))
			.orElseThrow();
		double repeatsBefore = repeatedTasks();

		sendTask(id);
		sendTask(id);

		awaitNotification(orderId, NotificationStatus.DELIVERED);
		await().atMost(PATIENCE).until(() -> repeatedTasks() - repeatsBefore >= 1);
		assertThat(emailsTo(customer)).hasSize(1);
	}

	@Test
	void emailsAreRetriedWhileTheSmtpSinkIsDownAndDeliveredOnceItIsBack() throws Exception {
		String customer = newCustomer();
		UUID orderId = UUID.randomUUID();
		awaitNoEmailInFlight();
		double retriesBefore = retries(firstTier());

		this.greenMail.pause();
		try {
			publish(OrderConfirmed.of(orderId, customer, "EUR", BigDecimal.ONE, Instant.now()));
			await().atMost(PATIENCE).until(() -> retries(firstTier()) > retriesBefore);
			assertThat(notification(orderId)).hasValueSatisfying(
					(notification) -> assertThat(notification.status()).isEqualTo(NotificationStatus.PENDING));
		}
		finally {
			this.greenMail.unpause();
		}

		Notification delivered = awaitNotification(orderId, NotificationStatus.DELIVERED);
		assertThat(delivered.attempts()).isGreaterThan(1);
		assertThat(emailsTo(customer)).hasSize(1);
	}

	@Test
	void aTaskWhoseSmtpSinkStaysDownPastEveryTierKeepsRetryingThroughTheLastAndIsDeliveredOnceItIsBack()
			throws Exception {
		String customer = newCustomer();
		UUID orderId = UUID.randomUUID();
		List<Duration> tiers = this.workQueues.tiers();
		Duration lastTier = tiers.getLast();
		awaitNoEmailInFlight();
		double lastTierBefore = retries(lastTier);
		double parkedBefore = parkedTasks();

		this.greenMail.pause();
		try {
			publish(OrderConfirmed.of(orderId, customer, "EUR", BigDecimal.ONE, Instant.now()));
			// Through every tier, then the last one twice more: where it used to be
			// parked.
			await().atMost(PATIENCE).until(() -> retries(lastTier) - lastTierBefore >= 3);
			assertThat(parkedTasks()).isEqualTo(parkedBefore);
			assertThat(notification(orderId)).hasValueSatisfying(
					(notification) -> assertThat(notification.status()).isEqualTo(NotificationStatus.PENDING));
			assertThat(this.meters.get("shopflow.messaging.waiting.on.dependency")
				.tag("listener", WorkQueues.EMAIL_QUEUE)
				.gauge()
				.value()).isOne();
		}
		finally {
			this.greenMail.unpause();
		}

		Notification delivered = awaitNotification(orderId, NotificationStatus.DELIVERED);
		assertThat(delivered.attempts()).isGreaterThan(tiers.size() + 1);
		assertThat(emailsTo(customer)).hasSize(1);
		assertThat(parkedTasks()).isEqualTo(parkedBefore);
		await().atMost(PATIENCE)
			.until(() -> this.meters.get("shopflow.messaging.waiting.on.dependency")
				.tag("listener", WorkQueues.EMAIL_QUEUE)
				.gauge()
				.value() == 0);
	}

	@Test
	void anEmailSentJustBeforeTheDatabaseWentAwayIsRecordedNotSentAgain() throws Exception {
		String customer = newCustomer();
		UUID orderId = UUID.randomUUID();
		awaitNoEmailInFlight();
		double retriesBefore = retries(firstTier());
		// The database fails the record of this customer's delivery three times, as a
		// server shutting down does (57P01), after the SMTP server took the email.
		this.jdbc.sql("CREATE SEQUENCE record_failures").update();
		this.jdbc.sql("""
				CREATE FUNCTION fail_record() RETURNS trigger LANGUAGE plpgsql AS $$
				BEGIN
				  IF nextval('record_failures') <= 3 THEN
				    RAISE EXCEPTION 'terminating connection due to administrator command' USING ERRCODE = '57P01';
				  END IF;
				  RETURN NEW;
				END $$""").update();
		this.jdbc.sql("""
				CREATE TRIGGER fail_record BEFORE UPDATE ON notification FOR EACH ROW
				WHEN (NEW.status = 'DELIVERED' AND NEW.customer_id = '%s') EXECUTE FUNCTION fail_record()
				""".formatted(customer)).update();
		try {
			publish(OrderConfirmed.of(orderId, customer, "EUR", BigDecimal.TEN, Instant.now()));

			Notification delivered = awaitNotification(orderId, NotificationStatus.DELIVERED);
			assertThat(delivered.attempts()).isOne();
			assertThat(this.jdbc.sql("SELECT last_value FROM record_failures").query(Long.class).single()).isEqualTo(4);
			assertThat(emailsTo(customer)).hasSize(1);
			assertThat(retries(firstTier())).isEqualTo(retriesBefore);
		}
		finally {
			this.jdbc.sql("DROP TRIGGER fail_record ON notification").update();
			this.jdbc.sql("DROP FUNCTION fail_record()").update();
			this.jdbc.sql("DROP SEQUENCE record_failures").update();
		}
	}

	@Test
	void aMalformedTaskGoesStraightToTheParkingLot() {
		String messageId = UUID.randomUUID().toString();

		this.rabbit.send(WorkQueues.NOTIFICATIONS,
				WorkQueues.emailRoutingKey(NotificationKind.CONFIRMED.deliveryName()),
				MessageBuilder.withBody("not json".getBytes(StandardCharsets.UTF_8))
					.setContentType(MessageProperties.CONTENT_TYPE_JSON)
					.setMessageId(messageId)
					.setHeader(ShopflowHeaders.ATTEMPT, 1)
					.build());

		Message task = awaitParked((message) -> messageId.equals(message.getMessageProperties().getMessageId()));
		assertThat(body(task)).isEqualTo("not json");
		assertThat(header(task, ShopflowHeaders.ATTEMPT)).isEqualTo(1);
		assertThat(header(task, ShopflowHeaders.PARKED_FROM)).isEqualTo(WorkQueues.EMAIL_QUEUE);
		assertThat(header(task, ShopflowHeaders.PARKING_REASON)).asString()
			.startsWith("JsonParseException: Unrecognized token 'not'");
	}

	@Test
	void aTaskForAnUnknownNotificationIsParked() {
		UUID unknown = UUID.randomUUID();

		String messageId = sendTask(unknown);

		Message task = awaitParked((message) -> messageId.equals(message.getMessageProperties().getMessageId()));
		assertThat(header(task, ShopflowHeaders.ATTEMPT)).isEqualTo(1);
		assertThat(header(task, ShopflowHeaders.PARKING_REASON)).isEqualTo("UnprocessableEventException: "
				+ DeliverEmail.TYPE + " names notification " + unknown + ", which does not exist");
	}

	private void publish(DomainEvent event) throws Exception {
		this.kafka.send(event.topic(), event.orderId().toString(), event).get(10, TimeUnit.SECONDS);
	}

	/** Publishes a task as the outbox relay does; returns its message id. */
	private String sendTask(UUID notificationId) {
		String messageId = UUID.randomUUID().toString();
		this.rabbit.convertAndSend(WorkQueues.NOTIFICATIONS,
				WorkQueues.emailRoutingKey(NotificationKind.CONFIRMED.deliveryName()), new DeliverEmail(notificationId),
				(message) -> {
					message.getMessageProperties().setMessageId(messageId);
					message.getMessageProperties().setHeader(ShopflowHeaders.ATTEMPT, 1);
					return message;
				});
		return messageId;
	}

	private Optional<Notification> notification(UUID orderId) {
		return this.notifications.findByOrderId(orderId, 0, 1).stream().findFirst();
	}

	private Notification awaitNotification(UUID orderId, NotificationStatus status) {
		return await().atMost(PATIENCE)
			.until(() -> notification(orderId), (found) -> found.filter((n) -> n.status() == status).isPresent())
			.orElseThrow();
	}

	/**
	 * Waits until every email task that earlier tests queued is settled, so that an
	 * outage started now fails only this test's task.
	 */
	private void awaitNoEmailInFlight() {
		await().atMost(PATIENCE).until(() -> this.jdbc.sql("""
				SELECT count(*) FROM notification n
				WHERE n.status = 'PENDING' AND EXISTS (
				    SELECT 1 FROM outbox_event o WHERE o.payload::jsonb ->> 'notificationId' = n.id::text)
				""").query(Long.class).single() == 0);
	}

	private Message awaitParked(Predicate<Message> wanted) {
		return await().atMost(PATIENCE).until(() -> {
			for (Message message = this.rabbit.receive(PARKING_LOT); message != null; message = this.rabbit
				.receive(PARKING_LOT)) {
				this.parked.add(message);
			}
			return this.parked.stream().filter(wanted).findFirst();
		}, Optional::isPresent).orElseThrow();
	}

	private List<Email> emailsTo(String customer) {
		return this.greenMail.emailsTo(addressOf(customer));
	}

	// The address the service makes up for a customer.
	private static String addressOf(String customer) {
		return customer + "@customers.shopflow.example";
	}

	private static String newCustomer() {
		return "customer-" + UUID.randomUUID().toString().substring(0, 8);
	}

	private Duration firstTier() {
		return this.workQueues.tiers().getFirst();
	}

	private double retries(Duration tier) {
		Counter counter = this.meters.find("shopflow.rabbit.retries")
			.tags("queue", WorkQueues.EMAIL_QUEUE, "tier", tier.toString())
			.counter();
		return (counter != null) ? counter.count() : 0;
	}

	private double parkedTasks() {
		Counter counter = this.meters.find("shopflow.rabbit.parked").tags("queue", WorkQueues.EMAIL_QUEUE).counter();
		return (counter != null) ? counter.count() : 0;
	}

	private double repeatedTasks() {
		Counter counter = this.meters.find("shopflow.notification.emails").tags("outcome", "repeated").counter();
		return (counter != null) ? counter.count() : 0;
	}

	private static Object header(Message message, String name) {
		return message.getMessageProperties().getHeader(name);
	}

	private static String body(Message message) {
		return new String(message.getBody(), StandardCharsets.UTF_8);
	}

}
