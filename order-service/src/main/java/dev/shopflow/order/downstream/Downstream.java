package dev.shopflow.order.downstream;

import java.io.IOException;
import java.time.Duration;
import java.util.function.Supplier;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.retry.Retry;

import org.springframework.web.client.HttpServerErrorException;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestClientResponseException;

/**
 * A service order-service depends on: its HTTP client and the Resilience4j guards
 * configured for it under the same name. Every remote call goes through
 * {@link #call(Supplier)}, so no call can forget a guard.
 *
 * <p>
 * The guards nest as {@code Bulkhead(Retry(CircuitBreaker(http call)))}:
 * <ul>
 * <li>The retry sits <em>outside</em> the breaker, so every attempt is recorded by the
 * breaker. The breaker then sees what the downstream really did (three timeouts are three
 * failures, not one), it opens sooner when the downstream dies, and once it is open the
 * next attempt fails with {@link CallNotPermittedException}, which the retry does not
 * retry: an open breaker answers in microseconds instead of after the backoff.</li>
 * <li>The bulkhead sits outside both: a caller keeps its permit through its retries and
 * their waits, so the bulkhead bounds how many request threads can be stuck on one sick
 * downstream at once; callers beyond that are refused immediately.</li>
 * </ul>
 */
public final class Downstream {

	private final String name;

	private final RestClient http;

	private final CircuitBreaker circuitBreaker;

	private final Retry retry;

	private final Bulkhead bulkhead;

	Downstream(String name, RestClient http, CircuitBreaker circuitBreaker, Retry retry, Bulkhead bulkhead) {
		this.name = name;
		this.http = http;
		this.circuitBreaker = circuitBreaker;
		this.retry = retry;
		this.bulkhead = bulkhead;
	}

	/**
	 * Runs one guarded remote call. A 4xx answer ({@code HttpClientErrorException})
	 * passes through untouched: it is the downstream's verdict, for the caller to
	 * interpret, and neither retried nor counted as a failure.
	 * @throws DownstreamUnavailableException when the downstream could not give an
	 * answer: I/O error, timeout or 5xx after the retries, breaker open or bulkhead full
	 */
	public <T> T call(Supplier<T> remoteCall) {
		Supplier<T> guarded = Bulkhead.decorateSupplier(this.bulkhead, Retry.decorateSupplier(this.retry,
				CircuitBreaker.decorateSupplier(this.circuitBreaker, () -> ioFailuresAsAccessFailures(remoteCall))));
		try {
			return guarded.get();
		}
		catch (ResourceAccessException | HttpServerErrorException | CallNotPermittedException
				| BulkheadFullException ex) {
			throw new DownstreamUnavailableException(this.name, retryAfter(), ex);
		}
	}

	/**
	 * An I/O error while the response body is read (a downstream that sent its headers
	 * and then stalled) reaches us as a plain {@link RestClientException}, not as the
	 * {@link ResourceAccessException} of an I/O error before the headers. Both mean the
	 * same: no usable answer. Made one type here, the breaker and the retry, configured
	 * on {@code ResourceAccessException}, count and retry both.
	 */
	private static <T> T ioFailuresAsAccessFailures(Supplier<T> remoteCall) {
		try {
			return remoteCall.get();
		}
		catch (RestClientException ex) {
			if (!(ex instanceof ResourceAccessException) && !(ex instanceof RestClientResponseException)
					&& ex.getCause() instanceof IOException io) {
				throw new ResourceAccessException("I/O error reading the response: " + io.getMessage(), io);
			}
			throw ex;
		}
	}

	public RestClient http() {
		return this.http;
	}

	/** When it is worth asking again: the time the breaker stays open. */
	public Duration retryAfter() {
		return openWait(this.circuitBreaker);
	}

	static Duration openWait(CircuitBreaker circuitBreaker) {
		return Duration
			.ofMillis(circuitBreaker.getCircuitBreakerConfig().getWaitIntervalFunctionInOpenState().apply(1));
	}

}
