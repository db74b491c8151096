package dev.shopflow.order.downstream;

import java.time.Duration;
import java.util.function.Supplier;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;

/**
 * A downstream asked over something other than HTTP (RabbitMQ request-reply), guarded by
 * the circuit breaker configured under its name.
 *
 * <p>
 * Only a breaker: no retry, because a call that already waited its whole reply timeout
 * would make its caller wait that long again, and a downstream that does not answer now
 * will rarely answer a millisecond later. What the breaker records as a failure is
 * exactly what its caller sees as "unavailable": the exception types listed under
 * {@code record-exceptions} in {@code application.yml}, and an open breaker. Anything
 * else passes through untouched.
 */
public final class Breaker {

	private final String name;

	private final CircuitBreaker circuitBreaker;

	Breaker(String name, CircuitBreaker circuitBreaker) {
		this.name = name;
		this.circuitBreaker = circuitBreaker;
	}

	/**
	 * @throws DownstreamUnavailableException when the call failed in a way the breaker
	 * records, or the breaker is open and the call was not made
	 */
	public <T> T call(Supplier<T> remoteCall) {
		try {
			return this.circuitBreaker.executeSupplier(remoteCall);
		}
		catch (CallNotPermittedException ex) {
			throw new DownstreamUnavailableException(this.name, retryAfter(), ex);
		}
		catch (RuntimeException ex) {
			if (isRecorded(ex)) {
				throw new DownstreamUnavailableException(this.name, retryAfter(), ex);
			}
			throw ex;
		}
	}

	private boolean isRecorded(Throwable failure) {
		CircuitBreakerConfig config = this.circuitBreaker.getCircuitBreakerConfig();
		return !config.getIgnoreExceptionPredicate().test(failure)
				&& config.getRecordExceptionPredicate().test(failure);
	}

	/** When it is worth asking again: the time the breaker stays open. */
	public Duration retryAfter() {
		return Downstream.openWait(this.circuitBreaker);
	}

}
