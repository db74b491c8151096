package dev.shopflow.web.chaos;

import java.time.Duration;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Faults the {@code chaos} profile injects into {@code /api/**} (prefix
 * {@code shopflow.chaos}); the profile's defaults live in {@code application-chaos.yml}.
 * The first four are where the run-time settings ({@code /actuator/chaos}) start from and
 * return to.
 * <p>
 * Not part of a service's own properties record: these are not settings of the service
 * but of a test harness that must not exist outside the chaos profile. Only
 * {@link ChaosAutoConfiguration}, which needs the profile, binds them, so without it
 * there is no {@code shopflow.chaos} bean at all.
 *
 * @param latency delay added before every {@code /api/**} request is handled
 * @param latencyJitter upper bound of a random delay added on top of {@code latency},
 * drawn uniformly per request
 * @param errorRate fraction of {@code /api/**} requests, from 0.0 to 1.0, answered
 * {@code 503} with a {@code urn:shopflow:problem:chaos-injected} problem instead of being
 * handled
 * @param hang whether {@code /api/**} requests are held without an answer
 * @param hangLimit how long a held request waits at most before it is answered
 * {@code 503}: longer than any caller's timeout, so the caller sees a hang, yet bounded,
 * so a caller without a timeout is not held forever
 * @param seed seed of the random draws, for reproducible runs; none for a fresh sequence
 * per JVM
 */
@ConfigurationProperties("shopflow.chaos")
@Validated
record ChaosProperties(
		@DefaultValue("0ms") @NotNull @DurationMin(millis = 0) @DurationMax(
				seconds = ChaosSettings.MAX_DELAY_SECONDS) Duration latency,
		@DefaultValue("0ms") @NotNull @DurationMin(millis = 0) @DurationMax(
				seconds = ChaosSettings.MAX_DELAY_SECONDS) Duration latencyJitter,
		@DefaultValue("0.0") @DecimalMin("0.0") @DecimalMax("1.0") double errorRate,
		@DefaultValue("false") boolean hang,
		@DefaultValue("60s") @NotNull @DurationMin(seconds = 1) @DurationMax(minutes = 10) Duration hangLimit,
		Long seed) {

	/** The settings in force at start-up and after a reset. */
	ChaosSettings settings() {
		return new ChaosSettings(this.latency, this.latencyJitter, this.errorRate, this.hang);
	}

}
