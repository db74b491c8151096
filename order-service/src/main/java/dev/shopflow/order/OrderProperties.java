package dev.shopflow.order;

import java.net.URI;
import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Everything order-service can be told from outside. Bound once at start-up and
 * validated, so a typo in a timeout fails the boot instead of the first order.
 *
 * @param inventory where inventory-service lives and how long to wait for it
 * @param payment where payment-service lives and how long to wait for it
 * @param maxRequestBytes upper bound on a JSON request body
 */
@Validated
@ConfigurationProperties("shopflow.order")
public record OrderProperties(@Valid @NotNull Downstream inventory, @Valid @NotNull Downstream payment,
		@Min(1024) int maxRequestBytes) {

	/**
	 * A service order-service calls over HTTP.
	 *
	 * @param baseUrl scheme, host and port of the service
	 * @param connectTimeout how long to wait for a TCP connection
	 * @param readTimeout how long to wait for the response headers of one attempt
	 */
	public record Downstream(@NotNull URI baseUrl, @NotNull Duration connectTimeout, @NotNull Duration readTimeout) {
	}

}
