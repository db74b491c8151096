package dev.shopflow.payment.payments;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import dev.shopflow.events.AuthorizePayment;
import dev.shopflow.events.DomainEvent;
import dev.shopflow.events.OrderCancelled;
import dev.shopflow.events.PaymentAuthorized;
import dev.shopflow.events.PaymentDeclined;
import dev.shopflow.events.ShopflowHeaders;
import dev.shopflow.events.Topics;
import dev.shopflow.events.WorkQueues;
import dev.shopflow.messaging.kafka.EventSerialization;
import dev.shopflow.messaging.rabbit.ConfirmedPublisher;
import dev.shopflow.messaging.rabbit.RetryTierRecoverer;
import dev.shopflow.messaging.testing.DatabaseOutage;
import dev.shopflow.messaging.testing.TopicProbe;
import dev.shopflow.payment.PaymentIntegrationTest;
import io.micrometer.core.instrument.Counter;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.testcontainers.containers.PostgreSQLContainer;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.core.KafkaTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

/**
 * Deferred payments: {@link AuthorizePayment} commands published to RabbitMQ as
 * order-service's outbox relay publishes them.
 */
class AuthorizePaymentCommandsIT extends PaymentIntegrationTest {

	private static final Duration PATIENCE = Duration.ofSeconds(30);

	private static final String PARKING_LOT = WorkQueues.parkingLotOf(WorkQueues.AUTHORIZE_PAYMENT_QUEUE);

	@Autowired
	private ConfirmedPublisher publisher;

	@Autowired
	private RabbitTemplate rabbit;

	@Autowired
	private KafkaTemplate<Object, Object> kafka;

	@Autowired
	private DataSource dataSource;

	@Autowired
	private PostgreSQLContainer<?> postgres;

	@Test
	void authorizesPaymentFromACommand() throws Exception {
		AuthorizePayment command = command("c-31", "75.10");
		try (TopicProbe probe = paymentEvents()) {
			publish(command);

			await().atMost(PATIENCE).until(() -> paymentCount(command.orderId()) == 1);
			ConsumerRecord<String, byte[]> published = probe
				.awaitKey(command.orderId().toString(), (records) -> !records.isEmpty())
				.getFirst();
			assertThat(event(published)).isInstanceOfSatisfying(PaymentAuthorized.class, (authorized) -> {
				assertThat(authorized.customerId()).isEqualTo("c-31");
				assertThat(authorized.amount()).isEqualByComparingTo("75.10");
				assertThat(authorized.currency()).isEqualTo("EUR");
			});
		}
		assertThat(getPayment(command.orderId()).getBody().get("status").asText()).isEqualTo("AUTHORIZED");
	}

	@Test
	void theSameCommandTwiceChargesOnce() throws Exception {
		AuthorizePayment command = command("c-32", "20.00");
		double duplicatesBefore = outcomeCount("duplicate");
		try (TopicProbe probe = paymentEvents()) {
			publish(command);
			publish(command);

			await().atMost(PATIENCE).until(() -> outcomeCount("duplicate") == duplicatesBefore + 1);
			assertThat(paymentCount(command.orderId())).isOne();
			// Only the outbox is ever published, and the repeat appended nothing to it.
			assertThat(outboxTypes(command.orderId())).containsExactly(PaymentAuthorized.TYPE);
			assertThat(probe.awaitKey(command.orderId().toString(), (records) -> !records.isEmpty()))
				.extracting(AuthorizePaymentCommandsIT::eventType)
				.containsExactly(PaymentAuthorized.TYPE);
		}
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|',
			textBlock = """
					not JSON             | not json                                                    | JsonParseException
					no order id          | {"commandId":"%1$s","issuedAt":"2030-01-01T00:00:00Z","schemaVersion":1,"customerId":"c-33","amount":10.00,"currency":"EUR"} | orderId is required
					amount the API refuses | {"commandId":"%1$s","issuedAt":"2030-01-01T00:00:00Z","schemaVersion":1,"orderId":"%1$s","customerId":"c-33","amount":10.001,"currency":"EUR"} | amount numeric value out of bounds
					""")
	void aMalformedCommandGoesStraightToTheParkingLot(String description, String body, String reason) {
		UUID id = UUID.randomUUID();
		double retriesBefore = retries();

		publish(message(body.formatted(id), id));

		Message parked = parked(id);
		assertThat(header(parked, ShopflowHeaders.PARKING_REASON)).contains(reason);
		assertThat(header(parked, ShopflowHeaders.PARKED_FROM)).isEqualTo(WorkQueues.AUTHORIZE_PAYMENT_QUEUE);
		assertThat(RetryTierRecoverer.attemptOf(parked)).isOne();
		assertThat(retries()).isEqualTo(retriesBefore);
		assertThat(paymentCount(id)).isZero();
	}

	@Test
	void aCommandConflictingWithTheOrdersPaymentIsParked() {
		AuthorizePayment command = command("c-34", "11.00");
		pay(command.orderId(), "c-34", "10.00", "EUR");

		publish(command);

		Message parked = parked(command.commandId());
		assertThat(header(parked, ShopflowHeaders.PARKING_REASON))
			.startsWith("UnprocessableEventException: Order " + command.orderId() + " already has a payment");
		assertThat(RetryTierRecoverer.attemptOf(parked)).isOne();
		assertThat(getPayment(command.orderId()).getBody().get("amount").decimalValue()).isEqualByComparingTo("10.00");
		assertThat(outboxTypes(command.orderId())).containsExactly(PaymentAuthorized.TYPE);
	}

	@Test
	void aCommandForACancelledOrderIsDeclined() throws Exception {
		AuthorizePayment command = command("c-35", "30.00");
		this.kafka
			.send(Topics.ORDER_EVENTS, command.orderId().toString(),
					OrderCancelled.of(command.orderId(), "c-35", "payment deadline passed", Instant.now()))
			.get(30, TimeUnit.SECONDS);
		await().atMost(PATIENCE).until(() -> cancelled(command.orderId()));
		try (TopicProbe probe = paymentEvents()) {
			publish(command);

			ConsumerRecord<String, byte[]> published = probe
				.awaitKey(command.orderId().toString(), (records) -> !records.isEmpty())
				.getFirst();
			assertThat(event(published)).isInstanceOfSatisfying(PaymentDeclined.class,
					(declined) -> assertThat(declined.reason()).isEqualTo("order was cancelled"));
		}
		assertThat(getPayment(command.orderId()).getBody().get("status").asText()).isEqualTo("DECLINED");
		assertThat(outboxTypes(command.orderId())).containsExactly(PaymentDeclined.TYPE);
	}

	@Test
	void aCommandBlockedByAnotherTransactionSucceedsOnTheNextTier() throws Exception {
		AuthorizePayment command = command("c-36", "40.00");
		double retriesBefore = retries();
		double parkedBefore = parked();
		try (Connection blocker = holdTheOrder(command.orderId())) {
			publish(command);

			await().atMost(PATIENCE).until(() -> retries() == retriesBefore + 1);
			blocker.rollback();
		}

		await().atMost(PATIENCE).until(() -> paymentCount(command.orderId()) == 1);
		assertThat(getPayment(command.orderId()).getBody().get("status").asText()).isEqualTo("AUTHORIZED");
		assertThat(retries()).isEqualTo(retriesBefore + 1);
		assertThat(parked()).isEqualTo(parkedBefore);
	}

	@Test
	void aCommandBlockedLongerThanEveryTierKeepsRetryingThroughTheLastAndIsNeverParked() throws Exception {
		AuthorizePayment command = command("c-37", "50.00");
		double retriesBefore = retries();
		double parkedBefore = parked();
		try (Connection blocker = holdTheOrder(command.orderId())) {
			publish(command);

			// The first attempt, one for each of the three tiers, and the last tier
			// again.
			await().atMost(PATIENCE).until(() -> retries() - retriesBefore >= 5);
			assertThat(parked()).isEqualTo(parkedBefore);
			blocker.rollback();
		}

		await().atMost(PATIENCE).until(() -> paymentCount(command.orderId()) == 1);
		assertThat(getPayment(command.orderId()).getBody().get("status").asText()).isEqualTo("AUTHORIZED");
		assertThat(parked()).isEqualTo(parkedBefore);
	}

	@Test
	void aCommandArrivingWhileTheDatabaseIsDownIsAuthorizedOnceItIsBackAndNeverParked() throws Exception {
		AuthorizePayment command = command("c-38", "60.00");
		double retriesBefore = retries();
		double parkedBefore = parked();
		try (DatabaseOutage outage = DatabaseOutage.of(this.postgres.getJdbcUrl(), this.postgres.getUsername(),
				this.postgres.getPassword())) {
			publish(command);

			await().atMost(PATIENCE).until(() -> retries() - retriesBefore >= 5);
			assertThat(transientRetries()).isPositive();
			assertThat(parked()).isEqualTo(parkedBefore);
		}

		// The pool needs a moment to connect again.
		await().atMost(PATIENCE).ignoreExceptions().until(() -> paymentCount(command.orderId()) == 1);
		assertThat(getPayment(command.orderId()).getBody().get("status").asText()).isEqualTo("AUTHORIZED");
		assertThat(parked()).isEqualTo(parkedBefore);
	}

	@Test
	void aMalformedCommandIsParkedAtOnceEvenWhileTheDatabaseIsDown() throws Exception {
		UUID id = UUID.randomUUID();
		double retriesBefore = retries();
		try (DatabaseOutage outage = DatabaseOutage.of(this.postgres.getJdbcUrl(), this.postgres.getUsername(),
				this.postgres.getPassword())) {
			publish(message("not json", id));

			Message parked = parked(id);
			assertThat(RetryTierRecoverer.attemptOf(parked)).isOne();
			assertThat(header(parked, ShopflowHeaders.PARKING_REASON)).contains("JsonParseException");
		}
		assertThat(retries()).isEqualTo(retriesBefore);
		await().atMost(PATIENCE).ignoreExceptions().until(() -> paymentCount(id) == 0);
	}

	private static AuthorizePayment command(String customerId, String amount) {
		return AuthorizePayment.of(UUID.randomUUID(), customerId, new BigDecimal(amount), "EUR", Instant.now());
	}

	/** As order-service's outbox relay publishes a command. */
	private void publish(AuthorizePayment command) {
		try {
			String json = EventSerialization.commandWriter(this.objectMapper).writeValueAsString(command);
			publish(message(json, command.commandId()));
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private void publish(Message message) {
		// Confirmed and routed, or it throws: a test cannot pass on a message that never
		// reached the queue.
		this.publisher.publish(WorkQueues.PAYMENT_COMMANDS, WorkQueues.AUTHORIZE_PAYMENT, message);
	}

	private static Message message(String body, UUID commandId) {
		return MessageBuilder.withBody(body.getBytes(StandardCharsets.UTF_8))
			.setContentType(MessageProperties.CONTENT_TYPE_JSON)
			.setContentEncoding(StandardCharsets.UTF_8.name())
			.setDeliveryMode(MessageDeliveryMode.PERSISTENT)
			.setMessageId(commandId.toString())
			.setType(AuthorizePayment.TYPE)
			.setHeader(ShopflowHeaders.ATTEMPT, 1)
			.build();
	}

	/** The parked copy of the message with this id; other parked messages are dropped. */
	private Message parked(UUID messageId) {
		for (Message message = receiveParked(); message != null; message = receiveParked()) {
			if (messageId.toString().equals(message.getMessageProperties().getMessageId())) {
				return message;
			}
		}
		return fail("Message %s was not parked within %s", messageId, PATIENCE);
	}

	private Message receiveParked() {
		return this.rabbit.receive(PARKING_LOT, PATIENCE.toMillis());
	}

	/**
	 * Another transaction that inserted the order's payment and has not committed yet: an
	 * authorization of the order must wait for it, and gives up after the lock timeout.
	 */
	private Connection holdTheOrder(UUID orderId) throws Exception {
		Connection connection = this.dataSource.getConnection();
		connection.setAutoCommit(false);
		try (PreparedStatement insert = connection.prepareStatement("""
				INSERT INTO payment (payment_id, order_id, customer_id, amount, currency, status)
				VALUES (?, ?, 'blocker', 1.00, 'EUR', 'AUTHORIZED')""")) {
			insert.setObject(1, UUID.randomUUID());
			insert.setObject(2, orderId);
			insert.executeUpdate();
		}
		return connection;
	}

	private boolean cancelled(UUID orderId) {
		return this.jdbc.sql("SELECT count(*) FROM cancelled_order WHERE order_id = :orderId")
			.param("orderId", orderId)
			.query(Long.class)
			.single() == 1;
	}

	private DomainEvent event(ConsumerRecord<String, byte[]> record) throws Exception {
		return this.objectMapper.readValue(record.value(), DomainEvent.class);
	}

	private static String header(Message message, String name) {
		Object value = message.getMessageProperties().getHeader(name);
		return (value != null) ? value.toString() : null;
	}

	private double outcomeCount(String outcome) {
		return this.meters.get("shopflow.payments").tag("outcome", outcome).counter().count();
	}

	private double retries() {
		return sum("shopflow.rabbit.retries");
	}

	private double transientRetries() {
		Counter counter = this.meters.find("shopflow.messaging.transient.retries")
			.tag("listener", WorkQueues.AUTHORIZE_PAYMENT_QUEUE)
			.counter();
		return (counter != null) ? counter.count() : 0;
	}

	private double parked() {
		return sum("shopflow.rabbit.parked");
	}

	private double sum(String counter) {
		List<Counter> counters = List
			.copyOf(this.meters.find(counter).tag("queue", WorkQueues.AUTHORIZE_PAYMENT_QUEUE).counters());
		return counters.stream().mapToDouble(Counter::count).sum();
	}

}
