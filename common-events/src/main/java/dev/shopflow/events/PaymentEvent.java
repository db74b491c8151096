package dev.shopflow.events;

import java.math.BigDecimal;

/**
 * What happened to an order's payment; published by payment-service on
 * {@link Topics#PAYMENT_EVENTS}.
 */
public sealed interface PaymentEvent extends DomainEvent permits PaymentAuthorized, PaymentDeclined, PaymentRefunded {

	String customerId();

	BigDecimal amount();

	String currency();

	@Override
	default String topic() {
		return Topics.PAYMENT_EVENTS;
	}

}
