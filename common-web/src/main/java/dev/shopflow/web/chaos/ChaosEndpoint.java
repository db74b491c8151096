package dev.shopflow.web.chaos;

import java.time.Duration;

import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.lang.Nullable;

/**
 * {@code /actuator/chaos}: the faults the filter injects, changed at run time. GET reads
 * them, POST sets any of {@code latency}, {@code latencyJitter} (durations such as
 * {@code "2s"} or {@code "1500ms"}), {@code errorRate} (0.0 to 1.0) and {@code hang}
 * (keeping the others), DELETE goes back to the profile's defaults. A value out of range
 * is a {@code 400} and changes nothing.
 * <p>
 * Exists only where {@link ChaosAutoConfiguration} does, in the {@code chaos} profile;
 * each service's {@code application-chaos.yml} also exposes it over HTTP. It has no
 * authentication of its own: the profile is for local stacks whose ports are bound to
 * 127.0.0.1.
 */
@Endpoint(id = "chaos")
class ChaosEndpoint {

	static final EndpointId ID = EndpointId.of("chaos");

	private final ChaosSwitch chaos;

	ChaosEndpoint(ChaosSwitch chaos) {
		this.chaos = chaos;
	}

	@ReadOperation
	Current current() {
		return Current.of(this.chaos.current());
	}

	@WriteOperation
	Current set(@Nullable Duration latency, @Nullable Duration latencyJitter, @Nullable Double errorRate,
			@Nullable Boolean hang) {
		try {
			return Current.of(this.chaos.update((now) -> now.with(latency, latencyJitter, errorRate, hang)));
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidEndpointRequestException(ex.getMessage(), ex.getMessage());
		}
	}

	@DeleteOperation
	Current reset() {
		return Current.of(this.chaos.reset());
	}

	/**
	 * The settings as the endpoint shows them: durations in the form POST takes, so that
	 * what GET answered can be posted back as it is.
	 */
	record Current(String latency, String latencyJitter, double errorRate, boolean hang) {

		static Current of(ChaosSettings settings) {
			return new Current(settings.latency().toMillis() + "ms", settings.latencyJitter().toMillis() + "ms",
					settings.errorRate(), settings.hang());
		}

	}

}
