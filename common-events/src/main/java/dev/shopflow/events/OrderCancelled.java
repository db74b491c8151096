package dev.shopflow.events;

import java.time.Instant;
import java.util.UUID;

/**
 * The order was called off after it was placed: payment declined, or its deadline passed.
 * Any reserved stock is to be released and any authorized payment refunded.
 */
public record OrderCancelled(UUID eventId, Instant occurredAt, int schemaVersion, UUID orderId, String customerId,
		String reason) implements OrderEvent {

	public static final String TYPE = "OrderCancelled";

	public static final int SCHEMA_VERSION = 1;

	public OrderCancelled {
		Contract.envelope(eventId, occurredAt, schemaVersion, SCHEMA_VERSION, orderId);
		Contract.text(customerId, "customerId");
		Contract.text(reason, "reason");
	}

	public static OrderCancelled of(UUID orderId, String customerId, String reason, Instant at) {
		return new OrderCancelled(UUID.randomUUID(), at, SCHEMA_VERSION, orderId, customerId, reason);
	}

	@Override
	public String eventType() {
		return TYPE;
	}

}
