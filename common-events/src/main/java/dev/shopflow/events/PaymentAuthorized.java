package dev.shopflow.events;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** The order's payment was authorized. */
public record PaymentAuthorized(UUID eventId, Instant occurredAt, int schemaVersion, UUID orderId, UUID paymentId,
		String customerId, BigDecimal amount, String currency) implements PaymentEvent {

	public static final String TYPE = "PaymentAuthorized";

	public static final int SCHEMA_VERSION = 1;

	public PaymentAuthorized {
		Contract.envelope(eventId, occurredAt, schemaVersion, SCHEMA_VERSION, orderId);
		Contract.present(paymentId, "paymentId");
		Contract.text(customerId, "customerId");
		Contract.amount(amount, "amount");
		Contract.currency(currency);
	}

	public static PaymentAuthorized of(UUID orderId, UUID paymentId, String customerId, BigDecimal amount,
			String currency, Instant at) {
		return new PaymentAuthorized(UUID.randomUUID(), at, SCHEMA_VERSION, orderId, paymentId, customerId, amount,
				currency);
	}

	@Override
	public String eventType() {
		return TYPE;
	}

}
