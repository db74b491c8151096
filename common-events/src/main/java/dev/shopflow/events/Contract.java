package dev.shopflow.events;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * The checks every event makes on construction. They throw
 * {@link IllegalArgumentException} with the field's name, which is what a consumer puts
 * in the dead-letter headers of a record that breaks the contract.
 */
final class Contract {

	private Contract() {
	}

	static void envelope(UUID eventId, Instant occurredAt, int schemaVersion, int currentVersion, UUID orderId) {
		present(eventId, "eventId");
		present(occurredAt, "occurredAt");
		present(orderId, "orderId");
		version(schemaVersion, currentVersion);
	}

	static void version(int schemaVersion, int currentVersion) {
		if (schemaVersion < 1 || schemaVersion > currentVersion) {
			throw new IllegalArgumentException(
					"schemaVersion %d is not supported (1 to %d)".formatted(schemaVersion, currentVersion));
		}
	}

	static <T> T present(T value, String field) {
		if (value == null) {
			throw new IllegalArgumentException(field + " is required");
		}
		return value;
	}

	static String text(String value, String field) {
		if (value == null || value.isBlank()) {
			throw new IllegalArgumentException(field + " is required");
		}
		return value;
	}

	static BigDecimal amount(BigDecimal value, String field) {
		if (value == null || value.signum() < 0) {
			throw new IllegalArgumentException(field + " must be zero or more");
		}
		return value;
	}

	static String currency(String value) {
		if (value == null || !value.matches("[A-Z]{3}")) {
			throw new IllegalArgumentException("currency must be an ISO-4217 code");
		}
		return value;
	}

}
