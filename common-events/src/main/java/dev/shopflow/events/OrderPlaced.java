package dev.shopflow.events;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** An order was accepted with catalogue prices and now waits for stock and payment. */
public record OrderPlaced(UUID eventId, Instant occurredAt, int schemaVersion, UUID orderId, String customerId,
		String currency, BigDecimal total, List<Line> lines) implements OrderEvent {

	public static final String TYPE = "OrderPlaced";

	public static final int SCHEMA_VERSION = 1;

	public OrderPlaced {
		Contract.envelope(eventId, occurredAt, schemaVersion, SCHEMA_VERSION, orderId);
		Contract.text(customerId, "customerId");
		Contract.currency(currency);
		Contract.amount(total, "total");
		if (lines == null || lines.isEmpty()) {
			throw new IllegalArgumentException("lines must not be empty");
		}
		lines = List.copyOf(lines);
	}

	public static OrderPlaced of(UUID orderId, String customerId, String currency, BigDecimal total, List<Line> lines,
			Instant at) {
		return new OrderPlaced(UUID.randomUUID(), at, SCHEMA_VERSION, orderId, customerId, currency, total, lines);
	}

	@Override
	public String eventType() {
		return TYPE;
	}

	public record Line(String sku, int quantity, BigDecimal unitPrice) {

		public Line {
			Contract.text(sku, "sku");
			if (quantity < 1) {
				throw new IllegalArgumentException("quantity must be at least 1");
			}
			Contract.amount(unitPrice, "unitPrice");
		}

	}

}
