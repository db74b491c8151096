package dev.shopflow.messaging.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.shopflow.events.DomainEvent;
import dev.shopflow.messaging.correlation.Correlation;
import dev.shopflow.messaging.kafka.EventSerialization;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Records events in the {@code outbox_event} table, inside the transaction that changes
 * the state they describe: both commit, or neither does. {@link OutboxRelay} publishes
 * them afterwards, so a Kafka outage never fails or slows the change itself.
 *
 * <p>
 * Append <em>after</em> writing the aggregate in the same transaction. The aggregate's
 * row lock then orders two transactions on one order, so their outbox ids, and with them
 * the order of publication, follow the order of their commits.
 */
public class Outbox {

	private final JdbcClient jdbc;

	private final ObjectWriter writer;

	private final OutboxRelay relay;

	Outbox(JdbcClient jdbc, ObjectMapper objectMapper, OutboxRelay relay) {
		this.jdbc = jdbc;
		this.writer = EventSerialization.eventWriter(objectMapper);
		this.relay = relay;
	}

	/**
	 * @throws IllegalStateException outside a transaction: an event written on its own
	 * could describe a change that never commits
	 */
	public void append(DomainEvent event) {
		if (!TransactionSynchronizationManager.isActualTransactionActive()) {
			throw new IllegalStateException("An event must be appended in the transaction of its change");
		}
		this.jdbc.sql("""
				INSERT INTO outbox_event (event_id, topic, message_key, event_type, payload, correlation_id, created_at)
				VALUES (:eventId, :topic, :key, :type, :payload, :correlationId, clock_timestamp())
				""")
			.param("eventId", event.eventId())
			.param("topic", event.topic())
			.param("key", event.orderId().toString())
			.param("type", event.eventType())
			.param("payload", json(event))
			.param("correlationId", Correlation.currentOrNew())
			.update();
		// Wake the relay as soon as the row is visible instead of at its next poll.
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
			@Override
			public void afterCommit() {
				Outbox.this.relay.wakeUp();
			}
		});
	}

	private String json(DomainEvent event) {
		try {
			return this.writer.writeValueAsString(event);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalArgumentException("Cannot write " + event.eventType() + " as JSON", ex);
		}
	}

}
