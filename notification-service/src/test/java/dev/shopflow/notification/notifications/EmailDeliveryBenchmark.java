package dev.shopflow.notification.notifications;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.shopflow.events.OrderConfirmed;
import dev.shopflow.events.Topics;
import dev.shopflow.events.WorkQueues;
import dev.shopflow.notification.ContainersConfig;
import dev.shopflow.notification.GreenMailContainer;
import dev.shopflow.notification.NotificationApplication;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.QueueInformation;
import org.springframework.amqp.rabbit.listener.RabbitListenerEndpointRegistry;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.Lifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * How many emails per second notification-service delivers into a real SMTP server
 * (GreenMail). Not a test: it prints numbers. Run with
 * {@code ./mvnw -B -pl notification-service -Pbenchmark verify -Dit.test=EmailDeliveryBenchmark}
 * ({@code -Dbenchmark.emails=3000}, {@code -Dbenchmark.batch-size=25},
 * {@code -Dbenchmark.concurrency=4} to vary it).
 *
 * <ul>
 * <li><b>Backlog</b>: the worker's capacity. With the email listeners stopped, N
 * notifications and their tasks are committed (as the Kafka listener writes them) and the
 * outbox relay queues them all; then the listeners start and drain the queue.</li>
 * <li><b>End to end</b>: N OrderConfirmed events sent to Kafka at once, each becoming a
 * notification, an outbox row, a RabbitMQ task and an email.</li>
 * </ul>
 * Rates are counted from the first email delivered to the last ({@code delivered_at},
 * recorded right after the SMTP server took the batch), and every email is checked to be
 * in GreenMail, exactly once.
 */
class EmailDeliveryBenchmark {

	private static final int EMAILS = Integer.getInteger("benchmark.emails", 3000);

	private static final int WARM_UP_EMAILS = 1000;

	@Test
	void sustainedEmailDeliveryRate() throws Exception {
		List<String> arguments = new ArrayList<>(
				List.of("--server.port=0", "--logging.level.root=WARN", "--logging.level.dev.shopflow=ERROR"));
		if (System.getProperty("benchmark.batch-size") != null) {
			arguments.add("--shopflow.notification.email.batch-size=" + System.getProperty("benchmark.batch-size"));
		}
		if (System.getProperty("benchmark.concurrency") != null) {
			arguments
				.add("--spring.rabbitmq.listener.simple.concurrency=" + System.getProperty("benchmark.concurrency"));
		}
		ConfigurableApplicationContext app = SpringApplication.from(NotificationApplication::main)
			.with(ContainersConfig.class)
			.run(arguments.toArray(String[]::new))
			.getApplicationContext();
		try {
			Benchmark benchmark = new Benchmark(app);
			benchmark.backlog("warm-up", WARM_UP_EMAILS);
			Rate backlog = benchmark.backlog("bench-backlog", EMAILS);
			Rate endToEnd = benchmark.endToEnd("bench-live", EMAILS);
			System.out.printf("%nEmail delivery into GreenMail, %d emails per run, batch size %s, concurrency %s%n",
					EMAILS, app.getEnvironment().getProperty("shopflow.notification.email.batch-size"),
					app.getEnvironment().getProperty("spring.rabbitmq.listener.simple.concurrency"));
			System.out.printf("backlog drained:    %s%n", backlog);
			System.out.printf("end to end (Kafka): %s%n", endToEnd);
		}
		finally {
			app.close();
		}
	}

	private static final class Benchmark {

		private final JdbcClient jdbc;

		private final RabbitListenerEndpointRegistry listeners;

		private final AmqpAdmin admin;

		private final KafkaTemplate<Object, Object> kafka;

		private final GreenMailContainer greenMail;

		@SuppressWarnings("unchecked")
		Benchmark(ConfigurableApplicationContext app) {
			this.jdbc = app.getBean(JdbcClient.class);
			this.listeners = app.getBean(RabbitListenerEndpointRegistry.class);
			this.admin = app.getBean(AmqpAdmin.class);
			this.kafka = app.getBean(KafkaTemplate.class);
			this.greenMail = app.getBean(GreenMailContainer.class);
		}

		Rate backlog(String customer, int emails) {
			this.listeners.getListenerContainers().forEach(Lifecycle::stop);
			// What Notifier writes for an event, N times in one transaction.
			this.jdbc.sql("""
					WITH stored AS (
					    INSERT INTO notification (id, event_id, order_id, customer_id, kind, subject, body, status,
					                              created_at)
					    SELECT gen_random_uuid(), gen_random_uuid(), gen_random_uuid(), :customer, 'CONFIRMED',
					           'Your order is confirmed', 'Your order is confirmed. Total: 10.00 EUR.', 'PENDING',
					           clock_timestamp()
					    FROM generate_series(1, :emails)
					    RETURNING id, order_id)
					INSERT INTO outbox_event (event_id, channel, topic, routing_key, message_key, event_type, payload,
					                          created_at)
					SELECT gen_random_uuid(), 'RABBITMQ', :exchange, :routingKey, order_id::text, :type,
					       json_build_object('notificationId', id)::text, clock_timestamp()
					FROM stored
					""")
				.param("customer", customer)
				.param("emails", emails)
				.param("exchange", WorkQueues.NOTIFICATIONS)
				.param("routingKey", WorkQueues.emailRoutingKey(NotificationKind.CONFIRMED.deliveryName()))
				.param("type", DeliverEmail.TYPE)
				.update();
			await().atMost(Duration.ofMinutes(5)).until(() -> queued() >= emails);
			Instant start = Instant.now();
			this.listeners.getListenerContainers().forEach(Lifecycle::start);
			return measure(customer, emails, start);
		}

		Rate endToEnd(String customer, int emails) throws Exception {
			Instant start = Instant.now();
			List<CompletableFuture<?>> sends = new ArrayList<>(emails);
			for (int i = 0; i < emails; i++) {
				OrderConfirmed confirmed = OrderConfirmed.of(UUID.randomUUID(), customer, "EUR", BigDecimal.TEN,
						Instant.now());
				sends.add(this.kafka.send(Topics.ORDER_EVENTS, confirmed.orderId().toString(), confirmed));
			}
			CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(1, TimeUnit.MINUTES);
			return measure(customer, emails, start);
		}

		private Rate measure(String customer, int emails, Instant start) {
			await().atMost(Duration.ofMinutes(10))
				.pollInterval(Duration.ofMillis(200))
				.until(() -> delivered(customer) >= emails);
			Duration wall = Duration.between(start, Instant.now());
			int received = this.greenMail.emailsTo(customer + "@customers.shopflow.example").size();
			assertThat(received).as("emails in GreenMail for %s", customer).isEqualTo(emails);
			return this.jdbc.sql("""
					SELECT min(n.created_at) AS first_stored, max(n.created_at) AS last_stored,
					       min(o.sent_at) AS first_relayed, max(o.sent_at) AS last_relayed,
					       min(n.delivered_at) AS first_delivered, max(n.delivered_at) AS last_delivered,
					       percentile_cont(0.5) WITHIN GROUP (ORDER BY n.delivered_at - n.created_at) AS p50,
					       percentile_cont(0.99) WITHIN GROUP (ORDER BY n.delivered_at - n.created_at) AS p99
					FROM notification n
					JOIN outbox_event o ON o.payload::jsonb ->> 'notificationId' = n.id::text
					WHERE n.customer_id = :customer
					""")
				.param("customer", customer)
				.query((rs, row) -> new Rate(emails, wall, window(rs, "stored"), window(rs, "relayed"),
						window(rs, "delivered"), millis(rs.getString("p50")), millis(rs.getString("p99"))))
				.single();
		}

		private static Duration window(ResultSet rs, String stage) throws SQLException {
			return Duration.between(rs.getTimestamp("first_" + stage).toInstant(),
					rs.getTimestamp("last_" + stage).toInstant());
		}

		private long delivered(String customer) {
			return this.jdbc
				.sql("SELECT count(*) FROM notification WHERE customer_id = :customer AND status = 'DELIVERED'")
				.param("customer", customer)
				.query(Long.class)
				.single();
		}

		private long queued() {
			QueueInformation info = this.admin.getQueueInfo(WorkQueues.EMAIL_QUEUE);
			return (info != null) ? info.getMessageCount() : 0;
		}

		// An interval as PostgreSQL prints it, e.g. 00:00:01.234567.
		private static double millis(String interval) {
			String[] parts = interval.split(":");
			return (Integer.parseInt(parts[0]) * 3600 + Integer.parseInt(parts[1]) * 60 + Double.parseDouble(parts[2]))
					* 1000;
		}

	}

	/**
	 * @param wall from the start of the run (listeners started, or first event sent) to
	 * the last delivery seen
	 * @param stored from the first notification committed to the last
	 * @param relayed from the first task published by the outbox relay to the last
	 * @param delivered from the first email delivered to the last
	 * @param p50 median time from a notification's commit to its delivery, in ms
	 * @param p99 99th percentile of the same
	 */
	private record Rate(int emails, Duration wall, Duration stored, Duration relayed, Duration delivered, double p50,
			double p99) {

		@Override
		public String toString() {
			return ("%.0f emails/s first to last delivered (%d in %d ms), %.0f/s over %d ms wall;%n"
					+ "    stored %.0f/s, relayed %.0f/s; stored -> delivered p50 %.0f ms, p99 %.0f ms")
				.formatted(perSecond(this.delivered), this.emails, this.delivered.toMillis(),
						this.emails * 1000.0 / this.wall.toMillis(), this.wall.toMillis(), perSecond(this.stored),
						perSecond(this.relayed), this.p50, this.p99);
		}

		private double perSecond(Duration window) {
			return (this.emails - 1) * 1000.0 / Math.max(1, window.toMillis());
		}

	}

}
