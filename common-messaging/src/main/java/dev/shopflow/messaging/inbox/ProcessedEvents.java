package dev.shopflow.messaging.inbox;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;

import dev.shopflow.events.DomainEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.support.TransactionOperations;

/**
 * The inbox that makes every consumer idempotent: the {@code processed_events} table, one
 * row per consumer and event id.
 *
 * <p>
 * {@link #once} writes the row and the effect in one transaction. A second delivery of
 * the event finds the row and skips the effect; a failed effect rolls the row back with
 * it, so the retry runs again. Two instances receiving the same event at once (during a
 * rebalance) serialize on the primary key: the second insert waits for the first
 * transaction and then inserts nothing.
 */
public class ProcessedEvents {

	private static final Logger log = LoggerFactory.getLogger(ProcessedEvents.class);

	private final JdbcClient jdbc;

	private final TransactionOperations transactions;

	private final MeterRegistry meters;

	private final Duration retention;

	private final Clock clock;

	ProcessedEvents(JdbcClient jdbc, TransactionOperations transactions, MeterRegistry meters, Duration retention,
			Clock clock) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.meters = meters;
		this.retention = retention;
		this.clock = clock;
	}

	/**
	 * Runs {@code effect} unless {@code consumer} already processed {@code event}.
	 * @param consumer the consumer's name; its consumer group
	 * @return whether the effect ran; {@code false} for a duplicate
	 */
	public boolean once(String consumer, DomainEvent event, Runnable effect) {
		Boolean ran = this.transactions.execute((status) -> {
			int inserted = this.jdbc.sql("""
					INSERT INTO processed_events (consumer, event_id, event_type, processed_at)
					VALUES (:consumer, :eventId, :eventType, :now)
					ON CONFLICT DO NOTHING
					""")
				.param("consumer", consumer)
				.param("eventId", event.eventId())
				.param("eventType", event.eventType())
				.param("now", Timestamp.from(this.clock.instant()))
				.update();
			if (inserted == 0) {
				return false;
			}
			effect.run();
			return true;
		});
		boolean first = Boolean.TRUE.equals(ran);
		if (!first) {
			log.info("{} skipped duplicate {} {} of order {}", consumer, event.eventType(), event.eventId(),
					event.orderId());
		}
		counter(first ? "shopflow.events.processed" : "shopflow.events.duplicates", consumer, event).increment();
		return first;
	}

	private Counter counter(String name, String consumer, DomainEvent event) {
		return Counter.builder(name)
			.tag("consumer", consumer)
			.tag("type", event.eventType())
			.baseUnit("events")
			.register(this.meters);
	}

	/** Forgets events older than the retention, which any replay of the topics is. */
	@Scheduled(initialDelayString = "PT1M", fixedDelayString = "PT1H")
	void purge() {
		int purged = this.jdbc.sql("DELETE FROM processed_events WHERE processed_at < :before")
			.param("before", Timestamp.from(this.clock.instant().minus(this.retention)))
			.update();
		if (purged > 0) {
			log.info("Forgot {} processed events older than {}", purged, this.retention);
		}
	}

}
