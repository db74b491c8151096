package dev.shopflow.web.overload;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The adaptive concurrency limit on a service's API ({@code shopflow.web.overload.*}).
 * The limit moves between {@code minLimit} and {@code maxLimit} with the latency the
 * service sees (Netflix's Gradient2: latency above its long-term average means a queue is
 * building, so the limit comes down). See docs/performance.md for how the numbers were
 * chosen.
 *
 * @param enabled whether the API is guarded at all
 * @param initialLimit requests in flight allowed at start, before any latency is known
 * @param minLimit the limit never goes below this, however slow the service gets: a
 * service starved of CPU by a neighbour still takes this much work
 * @param maxLimit the limit never goes above this; Tomcat's thread pool must be larger,
 * so that a refusal never waits for a thread
 * @param retryAfter what a refused client is told to wait
 */
@Validated
@ConfigurationProperties("shopflow.web.overload")
public record OverloadProperties(@DefaultValue("true") boolean enabled,
		@Min(1) @Max(10_000) @DefaultValue("8") int initialLimit, @Min(1) @DefaultValue("4") int minLimit,
		@Min(1) @Max(10_000) @DefaultValue("16") int maxLimit, @NotNull @DefaultValue("1s") Duration retryAfter) {

}
