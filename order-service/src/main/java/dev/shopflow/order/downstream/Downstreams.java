package dev.shopflow.order.downstream;

import java.net.http.HttpClient;

import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryRegistry;

import dev.shopflow.order.OrderProperties;

import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.ClientHttpRequestFactorySettings;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/**
 * Builds a {@link Downstream}: an HTTP client with explicit timeouts plus the circuit
 * breaker, retry and bulkhead that {@code application.yml} configures under the
 * downstream's name.
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
		ClientHttpRequestFactorySettings timeouts = ClientHttpRequestFactorySettings.defaults()
			.withConnectTimeout(settings.connectTimeout())
			.withReadTimeout(settings.readTimeout());
		// HTTP/1.1 explicitly: the JDK client would otherwise offer every plain-HTTP
		// request an h2c upgrade that the downstreams do not speak.
		RestClient http = this.restClients.clone()
			.baseUrl(settings.baseUrl().toString())
			.requestFactory(ClientHttpRequestFactoryBuilder.jdk()
				.withHttpClientCustomizer((client) -> client.version(HttpClient.Version.HTTP_1_1))
				.build(timeouts))
			.build();
		return new Downstream(name, http, this.circuitBreakers.circuitBreaker(name), this.retries.retry(name),
				this.bulkheads.bulkhead(name));
	}

}
