package dev.shopflow.system.soak;

import java.time.Duration;
import java.util.Locale;

/**
 * How one soak runs. The full run takes its settings from system properties
 * ({@code -Dsoak.orders=10000 -Dsoak.rate=10}, see {@link #fromSystemProperties()}); the
 * short one in CI is {@link #shortRun(String)}.
 *
 * @param project the compose project, {@code null} for compose's default (the directory
 * name, as {@code docker compose up} in the checkout uses)
 * @param orders orders to place (resends with the same key come on top)
 * @param rate orders per second, sent at fixed times whatever the answers
 * @param maxInFlight requests waiting for an answer at most; one more is "not sent"
 * @param requestTimeout how long one request may take before it counts as timed out
 * @param plan which faults to inject
 * @param minFaults faults to inject at least: the schedule goes on after the last order
 * until it has
 * @param warmUp load before the first fault
 * @param faultGap pause between the end of one fault (all healthy again) and the next
 * @param drainTimeout how long to wait, after the load and the faults, for every order to
 * settle and every outbox, topic and queue to empty
 * @param seed of the order mix, for a run that can be repeated
 */
record SoakSettings(String project, int orders, double rate, int maxInFlight, Duration requestTimeout,
		FaultPlan.Kind plan, int minFaults, Duration warmUp, Duration faultGap, Duration drainTimeout, long seed) {

	SoakSettings {
		if (orders < 1 || rate <= 0 || maxInFlight < 1) {
			throw new IllegalArgumentException("orders, rate and maxInFlight must be positive");
		}
	}

	/**
	 * {@code soak.project}, {@code soak.orders} (10000), {@code soak.rate} (10/s),
	 * {@code soak.maxInFlight} (200), {@code soak.requestTimeout} (30s),
	 * {@code soak.faults} (full, short or none), {@code soak.minFaults} (30 for full),
	 * {@code soak.warmUp} (10s), {@code soak.faultGap} (5s), {@code soak.drain} (10m),
	 * {@code soak.seed}.
	 */
	static SoakSettings fromSystemProperties() {
		FaultPlan.Kind plan = FaultPlan.Kind
			.valueOf(System.getProperty("soak.faults", "full").toUpperCase(Locale.ROOT));
		return new SoakSettings(System.getProperty("soak.project"), Integer.getInteger("soak.orders", 10_000),
				Double.parseDouble(System.getProperty("soak.rate", "10")), Integer.getInteger("soak.maxInFlight", 200),
				duration("soak.requestTimeout", "30s"), plan,
				Integer.getInteger("soak.minFaults", (plan == FaultPlan.Kind.FULL) ? 30 : 0),
				duration("soak.warmUp", "10s"), duration("soak.faultGap", "5s"), duration("soak.drain", "10m"),
				Long.getLong("soak.seed", System.currentTimeMillis()));
	}

	/**
	 * About five minutes against the end-to-end stack: 500 orders in about three and a
	 * half minutes, during which the short plan's faults run once (PostgreSQL down 30 s,
	 * Kafka killed, and more), then the drain.
	 */
	static SoakSettings shortRun(String project) {
		return new SoakSettings(project, 500, 2.5, 200, Duration.ofSeconds(30), FaultPlan.Kind.SHORT, 0,
				Duration.ofSeconds(5), Duration.ofSeconds(3), Duration.ofMinutes(4), 20_251_121L);
	}

	Duration loadDuration() {
		return Duration.ofMillis((long) (this.orders * 1000 / this.rate));
	}

	static Duration duration(String property, String defaultValue) {
		return parse(System.getProperty(property, defaultValue));
	}

	/** {@code 500ms}, {@code 30s}, {@code 10m} or ISO-8601 ({@code PT30S}). */
	static Duration parse(String text) {
		String value = text.strip().toLowerCase(Locale.ROOT);
		if (value.startsWith("pt")) {
			return Duration.parse(value);
		}
		if (value.endsWith("ms")) {
			return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
		}
		long amount = Long.parseLong(value.substring(0, value.length() - 1));
		return switch (value.charAt(value.length() - 1)) {
			case 's' -> Duration.ofSeconds(amount);
			case 'm' -> Duration.ofMinutes(amount);
			case 'h' -> Duration.ofHours(amount);
			default -> throw new IllegalArgumentException("Not a duration: " + text);
		};
	}

}
