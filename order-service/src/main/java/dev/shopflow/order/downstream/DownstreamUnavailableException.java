package dev.shopflow.order.downstream;

import java.time.Duration;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;

/**
 * A downstream gave no answer we can act on. Carries a hint for the client's
 * {@code Retry-After}, and never the downstream's own error text.
 */
public class DownstreamUnavailableException extends RuntimeException {

	private final String downstream;

	private final Duration retryAfter;

	DownstreamUnavailableException(String downstream, Duration retryAfter, Throwable cause) {
		super(downstream + " is unavailable (" + cause.getClass().getSimpleName() + ")", cause);
		this.downstream = downstream;
		this.retryAfter = retryAfter;
	}

	public String downstream() {
		return this.downstream;
	}

	public Duration retryAfter() {
		return this.retryAfter;
	}

	/**
	 * Whether the downstream was not even asked, because its breaker is open: the caller
	 * was turned away at once rather than after a timeout.
	 */
	public boolean breakerOpen() {
		return getCause() instanceof CallNotPermittedException;
	}

}
