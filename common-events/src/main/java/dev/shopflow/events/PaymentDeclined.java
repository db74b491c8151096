package dev.shopflow.events;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** The order's payment was refused; no money moved. */
public record PaymentDeclined(UUID eventId, Instant occurredAt, int schemaVersion, UUID orderId, UUID paymentId,
		String customerId, BigDecimal amount, String currency, String reason) implements PaymentEvent {

	public static final String TYPE = "PaymentDeclined";

	public static final int SCHEMA_VERSION = 1;

	public PaymentDeclined {
		Contract.envelope(eventId, occurredAt, schemaVersion, SCHEMA_VERSION, orderId);
		Contract.present(paymentId, "paymentId");
		Contract.text(customerId, "customerId");
		Contract.amount(amount, "amount");
		Contract.currency(currency);
		Contract.text(reason, "reason");
	}

	public static PaymentDeclined of(UUID orderId, UUID paymentId, String customerId, BigDecimal amount,
			String currency, String reason, Instant at) {
		return new PaymentDeclined(UUID.randomUUID(), at, SCHEMA_VERSION, orderId, paymentId, customerId, amount,
				currency, reason);
	}

	@Override
	public String eventType() {
		return TYPE;
	}

}
