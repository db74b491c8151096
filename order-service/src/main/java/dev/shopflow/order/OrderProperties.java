package dev.shopflow.order;

import java.net.URI;
import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Everything order-service can be told from outside. Bound once at start-up and
 * validated, so a typo in a timeout fails the boot instead of the first order.
 *
 * @param inventory where inventory-service lives and how long to wait for it
 * @param payment where payment-service lives and how long to wait for it
 * @param maxRequestBytes upper bound on a JSON request body
 * @param deadlines how long an order may stay unsettled before it is cancelled
 * @param quotes how quotes are asked of inventory-service over RabbitMQ
 */
@Validated
@ConfigurationProperties("shopflow.order")
public record OrderProperties(@Valid @NotNull Downstream inventory, @Valid @NotNull Downstream payment,
		@Min(1024) int maxRequestBytes, @Valid @NotNull Deadlines deadlines, @Valid @NotNull Quotes quotes) {

	/**
	 * A service order-service calls over HTTP.
	 *
	 * @param baseUrl scheme, host and port of the service
	 * @param connectTimeout how long to wait for a TCP connection
	 * @param readTimeout how long to wait for the response headers of one attempt
	 */
	public record Downstream(@NotNull URI baseUrl, @NotNull Duration connectTimeout, @NotNull Duration readTimeout) {
	}

	/**
	 * The saga's deadlines. Both must stay well below inventory-service's reservation
	 * TTL, so an order is cancelled (and its stock released on purpose) before its
	 * reservation would simply expire under it.
	 *
	 * @param pending longest time in PENDING; a request settles an order in seconds, so
	 * an order still PENDING after this lost its request (a crash)
	 * @param paymentPending longest wait for a deferred payment's outcome
	 * @param checkInterval how often the sweeper looks for late orders
	 * @param batchSize most orders cancelled in one sweeper transaction
	 */
	public record Deadlines(@NotNull Duration pending, @NotNull Duration paymentPending,
			@NotNull Duration checkInterval, @Min(1) @Max(1000) int batchSize) {
	}

	/**
	 * Request-reply with inventory-service.
	 *
	 * @param replyTimeout how long a caller waits for the reply; also the request's
	 * expiration, so the broker drops a request nobody waits for any more instead of
	 * having inventory-service answer it
	 */
	public record Quotes(@NotNull @DurationMin(millis = 50) @DurationMax(seconds = 30) Duration replyTimeout) {
	}

}
