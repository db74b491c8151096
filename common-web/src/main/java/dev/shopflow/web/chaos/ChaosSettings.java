package dev.shopflow.web.chaos;

import java.time.Duration;

import org.springframework.lang.Nullable;

/**
 * The faults injected into {@code /api/**} at one moment: the profile's defaults
 * ({@link ChaosProperties}) until the chaos endpoint changes them. Refuses values the
 * filter could not honour, so an invalid setting never reaches a request.
 *
 * @param latency delay added before every request is handled
 * @param latencyJitter upper bound of a random delay added on top of {@code latency}
 * @param errorRate fraction of requests, from 0.0 to 1.0, answered {@code 503}
 * @param hang whether requests are held without an answer until the caller gives up (or
 * the hang limit passes, then {@code 503}); latency and errors are not drawn meanwhile
 */
record ChaosSettings(Duration latency, Duration latencyJitter, double errorRate, boolean hang) {

	/**
	 * The longest latency or jitter: far beyond every caller's read timeout already. A
	 * longer silence is what {@code hang} is for, which does not hold a thread.
	 */
	static final int MAX_DELAY_SECONDS = 30;

	private static final Duration MAX_DELAY = Duration.ofSeconds(MAX_DELAY_SECONDS);

	ChaosSettings {
		requireDelay("latency", latency);
		requireDelay("latencyJitter", latencyJitter);
		// Written so that NaN is refused too.
		if (!(errorRate >= 0.0 && errorRate <= 1.0)) {
			throw new IllegalArgumentException("errorRate must be between 0.0 and 1.0, was " + errorRate);
		}
	}

	private static void requireDelay(String name, Duration delay) {
		if (delay == null || delay.isNegative() || delay.compareTo(MAX_DELAY) > 0) {
			throw new IllegalArgumentException(
					name + " must be between 0ms and " + MAX_DELAY_SECONDS + "s, was " + describe(delay));
		}
	}

	private static String describe(@Nullable Duration delay) {
		return (delay != null) ? delay.toMillis() + "ms" : "null";
	}

	/**
	 * These settings with the given values changed and the others kept.
	 * @throws IllegalArgumentException if a value is out of its range
	 */
	ChaosSettings with(@Nullable Duration latency, @Nullable Duration latencyJitter, @Nullable Double errorRate,
			@Nullable Boolean hang) {
		return new ChaosSettings((latency != null) ? latency : this.latency,
				(latencyJitter != null) ? latencyJitter : this.latencyJitter,
				(errorRate != null) ? errorRate : this.errorRate, (hang != null) ? hang : this.hang);
	}

	@Override
	public String toString() {
		return "latency " + describe(this.latency) + " (+ up to " + describe(this.latencyJitter)
				+ " jitter), error rate " + this.errorRate + ", hang " + this.hang;
	}

}
