package dev.shopflow.events;

import java.time.Instant;
import java.util.UUID;

/**
 * The order was refused before any payment: no stock, or inventory could not be reached.
 */
public record OrderRejected(UUID eventId, Instant occurredAt, int schemaVersion, UUID orderId, String customerId,
		String reason) implements OrderEvent {

	public static final String TYPE = "OrderRejected";

	public static final int SCHEMA_VERSION = 1;

	public OrderRejected {
		Contract.envelope(eventId, occurredAt, schemaVersion, SCHEMA_VERSION, orderId);
		Contract.text(customerId, "customerId");
		Contract.text(reason, "reason");
	}

	public static OrderRejected of(UUID orderId, String customerId, String reason, Instant at) {
		return new OrderRejected(UUID.randomUUID(), at, SCHEMA_VERSION, orderId, customerId, reason);
	}

	@Override
	public String eventType() {
		return TYPE;
	}

}
