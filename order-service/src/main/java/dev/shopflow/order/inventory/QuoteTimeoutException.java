package dev.shopflow.order.inventory;

import java.time.Duration;

import dev.shopflow.events.QuoteRequest;

/**
 * inventory-service did not answer a quote request within the reply timeout: it is down,
 * overloaded or behind a backlog. The request expires in the broker at the same moment.
 */
public class QuoteTimeoutException extends RuntimeException {

	private final Duration replyTimeout;

	QuoteTimeoutException(QuoteRequest request, Duration replyTimeout) {
		super("No quote for " + request.quantity() + " x " + request.sku() + " within " + replyTimeout);
		this.replyTimeout = replyTimeout;
	}

	public Duration replyTimeout() {
		return this.replyTimeout;
	}

}
