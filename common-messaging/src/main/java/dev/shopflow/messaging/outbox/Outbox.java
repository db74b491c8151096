package dev.shopflow.messaging.outbox;

import java.util.UUID;

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
 * Records events (for Kafka) and commands (for RabbitMQ) in the {@code outbox_event}
 * table, inside the transaction that changes the state they describe: both commit, or
 * neither does. {@link OutboxRelay} publishes them afterwards, so a Kafka outage never
 * fails or slows the change itself.
 *
 * <p>
 * Append <em>after</em> writing the aggregate in the same transaction. The aggregate's
 * row lock then orders two transactions on one order, so their outbox ids, and with them
 * the order of publication, follow the order of their commits.
 */
public class Outbox {

	private final JdbcClient jdbc;

	private final ObjectWriter writer;

	private final ObjectWriter commandWriter;

	private final OutboxRelay relay;

	Outbox(JdbcClient jdbc, ObjectMapper objectMapper, OutboxRelay relay) {
		this.jdbc = jdbc;
		this.writer = EventSerialization.eventWriter(objectMapper);
		this.commandWriter = EventSerialization.commandWriter(objectMapper);
		this.relay = relay;
	}

	/**
	 * @throws IllegalStateException outside a transaction: an event written on its own
	 * could describe a change that never commits
	 */
	public void append(DomainEvent event) {
		insert(Channel.KAFKA, event.eventId(), event.topic(), null, event.orderId(), event.eventType(), json(event));
	}

	/**
	 * Records a command for one worker, to be published to a RabbitMQ exchange, in the
	 * transaction that decided it must be done.
	 * @param commandId unique per command; the message id, by which a worker can
	 * recognise a repeat
	 * @param key the aggregate the command is about
	 * @throws IllegalStateException outside a transaction
	 */
	public void appendCommand(String exchange, String routingKey, UUID commandId, UUID key, String type,
			Object command) {
		insert(Channel.RABBITMQ, commandId, exchange, routingKey, key, type, json(command));
	}

	private void insert(Channel channel, UUID id, String destination, String routingKey, UUID key, String type,
			String payload) {
		if (!TransactionSynchronizationManager.isActualTransactionActive()) {
			throw new IllegalStateException("A message must be appended in the transaction of its change");
		}
		this.jdbc.sql("""
				INSERT INTO outbox_event (event_id, channel, topic, routing_key, message_key, event_type, payload,
				                          correlation_id, created_at)
				VALUES (:id, :channel, :destination, :routingKey, :key, :type, :payload, :correlationId,
				        clock_timestamp())
				""")
			.param("id", id)
			.param("channel", channel.name())
			.param("destination", destination)
			.param("routingKey", routingKey)
			.param("key", key.toString())
			.param("type", type)
			.param("payload", payload)
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

	private String json(Object message) {
		try {
			return (message instanceof DomainEvent) ? this.writer.writeValueAsString(message)
					: this.commandWriter.writeValueAsString(message);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalArgumentException("Cannot write " + message.getClass().getSimpleName() + " as JSON", ex);
		}
	}

	/** Where a row is published. */
	enum Channel {

		KAFKA, RABBITMQ

	}

}
