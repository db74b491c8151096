package dev.shopflow.order.downstream;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryRegistry;

import dev.shopflow.order.OrderProperties;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;

import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.ClientHttpRequestFactorySettings;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/**
 * Builds a {@link Downstream}: an HTTP client with explicit timeouts plus the circuit
 * breaker, retry and bulkhead that {@code application.yml} configures under the
 * downstream's name. The client is Apache HttpClient 5: synchronous on the calling thread
 * (the JDK client hands every call between threads, which cost milliseconds per call
 * here) and with a connection pool sized to the bulkhead. A downstream asked over
 * messaging gets a {@link Breaker} instead.
 */
@Component
public class Downstreams {

	private final RestClient.Builder restClients;

	private final CircuitBreakerRegistry circuitBreakers;

	private final RetryRegistry retries;

	private final BulkheadRegistry bulkheads;

	Downstreams(RestClient.Builder restClients, CircuitBreakerRegistry circuitBreakers, RetryRegistry retries,
			BulkheadRegistry bulkheads) {
		this.restClients = restClients;
		this.circuitBreakers = circuitBreakers;
		this.retries = retries;
		this.bulkheads = bulkheads;
	}

	public Downstream create(String name, OrderProperties.Downstream settings) {
		Bulkhead bulkhead = this.bulkheads.bulkhead(name);
		// Apache HttpClient keeps at most 5 connections per host unless told otherwise.
		// Every caller the bulkhead lets in must find a connection, or callers would
		// queue inside the pool where no timeout of ours applies.
		int connections = bulkhead.getBulkheadConfig().getMaxConcurrentCalls();
		ClientHttpRequestFactorySettings timeouts = ClientHttpRequestFactorySettings.defaults()
			.withConnectTimeout(settings.connectTimeout())
			.withReadTimeout(settings.readTimeout());
		RestClient http = this.restClients.clone()
			.baseUrl(settings.baseUrl().toString())
			.requestFactory(ClientHttpRequestFactoryBuilder.httpComponents()
				.withConnectionManagerCustomizer(
						(pool) -> pool.setMaxConnPerRoute(connections).setMaxConnTotal(connections))
				// Its own retries (503, 429, I/O errors) would multiply the attempts of
				// the Resilience4j retry, unseen by the breaker: retrying is decided
				// there.
				.withHttpClientCustomizer(HttpClientBuilder::disableAutomaticRetries)
				.build(timeouts))
			.build();
		return new Downstream(name, http, this.circuitBreakers.circuitBreaker(name), this.retries.retry(name),
				bulkhead);
	}

	/**
	 * A downstream reached over messaging: only the circuit breaker configured under the
	 * name.
	 */
	public Breaker breaker(String name) {
		return new Breaker(name, this.circuitBreakers.circuitBreaker(name));
	}

}
