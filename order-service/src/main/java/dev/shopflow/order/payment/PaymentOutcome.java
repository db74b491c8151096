package dev.shopflow.order.payment;

import java.util.UUID;

/** What became of an authorization request. */
public sealed interface PaymentOutcome {

	record Authorized(UUID paymentId) implements PaymentOutcome {
	}

	record Declined(String reason) implements PaymentOutcome {
	}

	/**
	 * The fallback: payment-service could not answer (down, slow, breaker open). The
	 * order keeps its stock and waits for the payment to be settled later.
	 */
	record Deferred(String reason) implements PaymentOutcome {
	}

}
