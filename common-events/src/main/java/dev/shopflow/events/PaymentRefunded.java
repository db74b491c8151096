package dev.shopflow.events;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** An authorized payment was given back to the customer. */
public record PaymentRefunded(UUID eventId, Instant occurredAt, int schemaVersion, UUID orderId, UUID paymentId,
		String customerId, BigDecimal amount, String currency) implements PaymentEvent {

	public static final String TYPE = "PaymentRefunded";

	public static final int SCHEMA_VERSION = 1;

	public PaymentRefunded {
		Contract.envelope(eventId, occurredAt, schemaVersion, SCHEMA_VERSION, orderId);
		Contract.present(paymentId, "paymentId");
		Contract.text(customerId, "customerId");
		Contract.amount(amount, "amount");
		Contract.currency(currency);
	}

	public static PaymentRefunded of(UUID orderId, UUID paymentId, String customerId, BigDecimal amount,
			String currency, Instant at) {
		return new PaymentRefunded(UUID.randomUUID(), at, SCHEMA_VERSION, orderId, paymentId, customerId, amount,
				currency);
	}

	@Override
	public String eventType() {
		return TYPE;
	}

}
