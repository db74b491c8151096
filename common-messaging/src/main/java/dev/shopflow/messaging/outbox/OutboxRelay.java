package dev.shopflow.messaging.outbox;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.shopflow.events.ShopflowHeaders;
import dev.shopflow.messaging.MessagingProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.shopflow.messaging.rabbit.ConfirmedPublisher;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.core.MessageBuilderSupport;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Publishes outbox rows in id order, events to Kafka and commands to RabbitMQ (confirmed,
 * never returned as unroutable), then marks them sent.
 *
 * <p>
 * Runs on its own thread: woken by each commit that appended an event, and every poll
 * interval in any case (rows written by another instance, or left by a failure). Only one
 * instance of a service relays at a time: each batch runs under a transaction-scoped
 * PostgreSQL advisory lock, and an instance that cannot take it skips the round. That
 * stops two instances from publishing the same row, and, unlike {@code SKIP LOCKED}
 * batches split between instances, it also keeps one order's events in order.
 *
 * <p>
 * A crash between the send and the mark publishes the row again on the next round: the
 * relay delivers at least once, and consumers deduplicate by event id. When a broker
 * fails, the relay backs off for that channel as a whole (not row by row, which would let
 * a later event of an order overtake an earlier one; and not for every channel, so an
 * unroutable command does not hold up the event log) and keeps the rows; the backlog and
 * the age of the oldest row are metrics, so an outage is visible rather than silent.
 */
public class OutboxRelay implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

	/** Advisory lock key: "SFOUTBOX" in ASCII. */
	private static final long RELAY_LOCK = 0x53464f5554424f58L;

	private static final Duration PURGE_EVERY = Duration.ofMinutes(10);

	private static final Duration COUNT_EVERY = Duration.ofSeconds(1);

	private final JdbcClient jdbc;

	private final TransactionOperations transactions;

	private final KafkaOperations<Object, Object> kafka;

	private final ConfirmedPublisher rabbit;

	private final MessagingProperties.Outbox settings;

	private final Clock clock;

	private final Semaphore wakeUps = new Semaphore(0);

	private final Timer delay;

	private final Counter published;

	private final Counter failures;

	private volatile boolean running;

	private Thread worker;

	/** Each channel backs off on its own: RabbitMQ being away must not hold up Kafka. */
	private final Map<Outbox.Channel, Backoff> backoffs = new EnumMap<>(Outbox.Channel.class);

	private Instant nextPurge = Instant.MIN;

	/**
	 * The backlog as the relay last counted it, at most {@link #COUNT_EVERY} ago. The
	 * gauges read these instead of the database: a scrape must answer at once even while
	 * the database is away, or the scrape times out and every metric of the service
	 * vanishes with it (a false ServiceDown, breaker states gone) just when they matter.
	 */
	private volatile long backlog;

	private volatile Instant oldestUnsent;

	private Instant nextCount = Instant.MIN;

	OutboxRelay(JdbcClient jdbc, TransactionOperations transactions, KafkaOperations<Object, Object> kafka,
			ConfirmedPublisher rabbit, MessagingProperties.Outbox settings, MeterRegistry meters, Clock clock) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.kafka = kafka;
		this.rabbit = rabbit;
		this.settings = settings;
		this.clock = clock;
		this.delay = Timer.builder("shopflow.outbox.delay")
			.description("From the commit of an event to Kafka's acknowledgement of it")
			.publishPercentileHistogram()
			.register(meters);
		this.published = Counter.builder("shopflow.outbox.published").baseUnit("events").register(meters);
		this.failures = Counter.builder("shopflow.outbox.failures")
			.description("Relay rounds that failed to publish; the rows stay and are retried")
			.register(meters);
		Gauge.builder("shopflow.outbox.backlog", this, (relay) -> relay.backlog)
			.description("Events committed but not yet published")
			.baseUnit("events")
			.register(meters);
		Gauge.builder("shopflow.outbox.oldest.age", this, OutboxRelay::oldestAgeSeconds)
			.description("Age of the oldest event not yet published")
			.baseUnit("seconds")
			.register(meters);
	}

	/** Called after a commit that appended an event. */
	void wakeUp() {
		this.wakeUps.release();
	}

	private void run() {
		while (this.running) {
			try {
				this.wakeUps.tryAcquire(untilNextLook(), TimeUnit.MILLISECONDS);
				this.wakeUps.drainPermits();
				for (Outbox.Channel channel : Outbox.Channel.values()) {
					if (this.running && !now().isBefore(backoff(channel).pausedUntil)) {
						relayBacklog(channel);
					}
				}
				purgeNowAndThen();
				countNowAndThen();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (RuntimeException ex) {
				// The database is away: nothing can be relayed on any channel.
				log.warn("Outbox relay cannot read its table: {}", ex.getMessage());
				sleepAfterDatabaseFailure();
			}
		}
	}

	/**
	 * Publishes batch after batch until the channel's backlog is empty or a send fails.
	 */
	private void relayBacklog(Outbox.Channel channel) {
		int relayed;
		do {
			relayed = relayBatch(channel);
		}
		while (relayed == this.settings.batchSize() && this.running);
	}

	/**
	 * @return rows published, or -1 if the batch failed
	 */
	int relayBatch(Outbox.Channel channel) {
		Integer relayed = this.transactions.execute((status) -> {
			Boolean mine = this.jdbc.sql("SELECT pg_try_advisory_xact_lock(:lock)")
				.param("lock", RELAY_LOCK)
				.query(Boolean.class)
				.single();
			if (!Boolean.TRUE.equals(mine)) {
				return 0;
			}
			List<OutboxRow> rows = this.jdbc.sql("""
					SELECT id, event_id, channel, topic, routing_key, message_key, event_type, payload,
					       correlation_id, created_at
					FROM outbox_event WHERE sent_at IS NULL AND channel = :channel ORDER BY id LIMIT :limit
					""")
				.param("channel", channel.name())
				.param("limit", this.settings.batchSize())
				.query(OutboxRow::read)
				.list();
			return rows.isEmpty() ? 0 : publish(channel, rows);
		});
		return (relayed != null) ? relayed : 0;
	}

	private int publish(Outbox.Channel channel, List<OutboxRow> rows) {
		List<CompletableFuture<?>> sends = new ArrayList<>(rows.size());
		RuntimeException failure = null;
		for (OutboxRow row : rows) {
			try {
				sends.add(switch (row.channel()) {
					case KAFKA -> this.kafka.send(record(row));
					// Waits for the broker's confirm: a command is done when RabbitMQ
					// has it, and a failure stops the batch like a Kafka failure does.
					case RABBITMQ -> {
						this.rabbit.publish(row.topic(), row.routingKey(), message(row));
						yield CompletableFuture.completedFuture(null);
					}
				});
			}
			catch (RuntimeException ex) {
				// send() itself fails when Kafka cannot be reached within max.block.ms;
				// the rest of the batch would only wait the same time again.
				failure = ex;
				break;
			}
		}
		long deadline = System.nanoTime() + this.settings.sendTimeout().toNanos();
		List<Long> sent = new ArrayList<>();
		for (int i = 0; i < sends.size(); i++) {
			OutboxRow row = rows.get(i);
			try {
				sends.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
				sent.add(row.id());
				this.delay.record(Duration.between(row.createdAt(), now()));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				failure = new IllegalStateException("Interrupted while publishing", ex);
				break;
			}
			catch (ExecutionException | TimeoutException ex) {
				failure = new IllegalStateException("Publishing event " + row.eventId() + " failed", ex);
			}
		}
		if (!sent.isEmpty()) {
			this.jdbc
				.sql("UPDATE outbox_event SET sent_at = clock_timestamp(), attempts = attempts + 1 WHERE id IN (:ids)")
				.param("ids", sent)
				.update();
			this.published.increment(sent.size());
		}
		if (failure != null) {
			List<Long> unsent = rows.stream().map(OutboxRow::id).filter((id) -> !sent.contains(id)).toList();
			this.jdbc.sql("UPDATE outbox_event SET attempts = attempts + 1, last_error = :error WHERE id IN (:ids)")
				.param("error", abbreviate(failure))
				.param("ids", unsent)
				.update();
			backOff(channel, failure);
			return -1;
		}
		backoff(channel).consecutiveFailures = 0;
		return sent.size();
	}

	private static ProducerRecord<Object, Object> record(OutboxRow row) {
		ProducerRecord<Object, Object> record = new ProducerRecord<>(row.topic(), row.messageKey(), row.payload());
		record.headers().add(header(ShopflowHeaders.EVENT_TYPE, row.eventType()));
		record.headers().add(header(ShopflowHeaders.EVENT_ID, row.eventId().toString()));
		if (row.correlationId() != null) {
			record.headers().add(header(ShopflowHeaders.EVENT_CORRELATION_ID, row.correlationId()));
		}
		return record;
	}

	private static Message message(OutboxRow row) {
		MessageBuilderSupport<Message> message = MessageBuilder.withBody(row.payload().getBytes(StandardCharsets.UTF_8))
			.setContentType(MessageProperties.CONTENT_TYPE_JSON)
			.setContentEncoding(StandardCharsets.UTF_8.name())
			.setDeliveryMode(MessageDeliveryMode.PERSISTENT)
			.setMessageId(row.eventId().toString())
			.setType(row.eventType())
			.setHeader(ShopflowHeaders.ATTEMPT, 1);
		if (row.correlationId() != null) {
			message.setHeader(ShopflowHeaders.EVENT_CORRELATION_ID, row.correlationId());
		}
		return message.build();
	}

	private static RecordHeader header(String name, String value) {
		return new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8));
	}

	private void backOff(Outbox.Channel channel, RuntimeException failure) {
		this.failures.increment();
		Backoff backoff = backoff(channel);
		backoff.consecutiveFailures++;
		long millis = delayAfter(backoff.consecutiveFailures);
		backoff.pausedUntil = now().plusMillis(millis);
		log.warn("Outbox relay to {} failed ({} in a row), next attempt in {} ms: {}", channel,
				backoff.consecutiveFailures, millis, failure.getMessage());
	}

	private long delayAfter(int failures) {
		return Math.min(this.settings.maxBackoff().toMillis(),
				this.settings.minBackoff().toMillis() << Math.min(failures - 1, 20));
	}

	/**
	 * The poll interval, or less when a channel's backoff ends sooner: a channel that
	 * failed is tried again when its pause is over, not at the next idle poll.
	 */
	private long untilNextLook() {
		Instant now = now();
		long millis = this.settings.pollInterval().toMillis();
		for (Backoff backoff : this.backoffs.values()) {
			if (backoff.pausedUntil.isAfter(now)) {
				millis = Math.min(millis, Duration.between(now, backoff.pausedUntil).toMillis() + 1);
			}
		}
		return millis;
	}

	/** Waits out the longest backoff, unless stop() or a commit wakes the relay first. */
	private void sleepAfterDatabaseFailure() {
		try {
			this.wakeUps.tryAcquire(this.settings.maxBackoff().toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private Backoff backoff(Outbox.Channel channel) {
		return this.backoffs.computeIfAbsent(channel, (key) -> new Backoff());
	}

	/** Touched by the relay thread only. */
	private static final class Backoff {

		private int consecutiveFailures;

		private Instant pausedUntil = Instant.MIN;

	}

	private void purgeNowAndThen() {
		if (now().isBefore(this.nextPurge)) {
			return;
		}
		this.nextPurge = now().plus(PURGE_EVERY);
		int purged = this.jdbc.sql("DELETE FROM outbox_event WHERE sent_at < :before")
			.param("before", Timestamp.from(now().minus(this.settings.retention())))
			.update();
		if (purged > 0) {
			log.info("Deleted {} published outbox rows older than {}", purged, this.settings.retention());
		}
	}

	private void countNowAndThen() {
		if (now().isBefore(this.nextCount)) {
			return;
		}
		this.nextCount = now().plus(COUNT_EVERY);
		this.jdbc.sql("SELECT count(*) AS backlog, min(created_at) AS oldest FROM outbox_event WHERE sent_at IS NULL")
			.query((rs) -> {
				this.backlog = rs.getLong("backlog");
				Timestamp oldest = rs.getTimestamp("oldest");
				this.oldestUnsent = (oldest != null) ? oldest.toInstant() : null;
			});
	}

	/**
	 * From the last count, so it keeps growing while the database is away and the
	 * OutboxStalled alert still fires.
	 */
	private double oldestAgeSeconds() {
		Instant oldest = this.oldestUnsent;
		return (oldest != null) ? Math.max(0, Duration.between(oldest, now()).toMillis() / 1000.0) : 0;
	}

	private static String abbreviate(Throwable failure) {
		Throwable root = failure;
		while (root.getCause() != null) {
			root = root.getCause();
		}
		String message = failure.getMessage() + " / " + root;
		return (message.length() > 500) ? message.substring(0, 500) : message;
	}

	private Instant now() {
		return this.clock.instant();
	}

	@Override
	public void start() {
		this.running = true;
		this.worker = Thread.ofPlatform().name("outbox-relay").daemon().start(this::run);
	}

	@Override
	public void stop() {
		this.running = false;
		this.wakeUps.release();
		try {
			this.worker.join(this.settings.sendTimeout().plusSeconds(1).toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * Starts last and stops first. Rows appended while it is stopped stay in the table
	 * for the next start.
	 */
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE;
	}

	/** A row; {@code topic} is the Kafka topic or the RabbitMQ exchange. */
	record OutboxRow(long id, UUID eventId, Outbox.Channel channel, String topic, String routingKey, String messageKey,
			String eventType, String payload, String correlationId, Instant createdAt) {

		static OutboxRow read(ResultSet rs, int rowNum) throws SQLException {
			return new OutboxRow(rs.getLong("id"), rs.getObject("event_id", UUID.class),
					Outbox.Channel.valueOf(rs.getString("channel")), rs.getString("topic"), rs.getString("routing_key"),
					rs.getString("message_key"), rs.getString("event_type"), rs.getString("payload"),
					rs.getString("correlation_id"), rs.getTimestamp("created_at").toInstant());
		}

	}

}
