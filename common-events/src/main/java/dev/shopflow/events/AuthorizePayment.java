package dev.shopflow.events;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Command to payment-service: authorize this order's payment. Sent by order-service when
 * it could not get an answer synchronously; payment-service authorizes at most once per
 * order, however often the command arrives, and publishes the outcome as a
 * {@link PaymentEvent}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AuthorizePayment(UUID commandId, Instant issuedAt, int schemaVersion, UUID orderId, String customerId,
		BigDecimal amount, String currency) {

	public static final String TYPE = "AuthorizePayment";

	public static final int SCHEMA_VERSION = 1;

	public AuthorizePayment {
		Contract.present(commandId, "commandId");
		Contract.present(issuedAt, "issuedAt");
		Contract.present(orderId, "orderId");
		Contract.version(schemaVersion, SCHEMA_VERSION);
		Contract.text(customerId, "customerId");
		Contract.amount(amount, "amount");
		Contract.currency(currency);
	}

	public static AuthorizePayment of(UUID orderId, String customerId, BigDecimal amount, String currency, Instant at) {
		return new AuthorizePayment(UUID.randomUUID(), at, SCHEMA_VERSION, orderId, customerId, amount, currency);
	}

}
