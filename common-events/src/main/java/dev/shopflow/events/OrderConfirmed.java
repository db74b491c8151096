package dev.shopflow.events;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** Stock is reserved and payment authorized: the order will be fulfilled. */
public record OrderConfirmed(UUID eventId, Instant occurredAt, int schemaVersion, UUID orderId, String customerId,
		String currency, BigDecimal total) implements OrderEvent {

	public static final String TYPE = "OrderConfirmed";

	public static final int SCHEMA_VERSION = 1;

	public OrderConfirmed {
		Contract.envelope(eventId, occurredAt, schemaVersion, SCHEMA_VERSION, orderId);
		Contract.text(customerId, "customerId");
		Contract.currency(currency);
		Contract.amount(total, "total");
	}

	public static OrderConfirmed of(UUID orderId, String customerId, String currency, BigDecimal total, Instant at) {
		return new OrderConfirmed(UUID.randomUUID(), at, SCHEMA_VERSION, orderId, customerId, currency, total);
	}

	@Override
	public String eventType() {
		return TYPE;
	}

}
