package dev.shopflow.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * What one step measured, counted by the simulation itself rather than read back from
 * Gatling's report: latency from the time a request was due (the virtual user's start),
 * not from when it went out, so a load generator that falls behind shows as latency.
 */
final class StepResults {

	private static final long MAX_MILLIS = TimeUnit.MINUTES.toMillis(5);

	private final Histogram placed = histogram();

	private final Histogram refused = histogram();

	private final Histogram toFinal = histogram();

	private final Histogram browsed = histogram();

	private final Map<String, LongAdder> answers = new ConcurrentHashMap<>();

	private final Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();

	private final LongAdder unexpected = new LongAdder();

	private final LongAdder browseErrors = new LongAdder();

	private static Histogram histogram() {
		return new ConcurrentHistogram(MAX_MILLIS, 3);
	}

	/**
	 * The answer to a POST; {@code status} 0 when none came. A 503 is counted by its
	 * problem type: refused at the admission limit ({@code overloaded}) is not the same
	 * finding as a downstream that is unavailable.
	 */
	void placed(int status, String problemType, long millisSinceDue) {
		String answer = (status == 0) ? "no answer" : Integer.toString(status);
		if (status == 503 && problemType != null) {
			answer += " " + problemType.substring(problemType.lastIndexOf(':') + 1);
		}
		count(this.answers, answer);
		if (status == 429 || status == 503) {
			this.refused.recordValue(clamp(millisSinceDue));
		}
		else {
			this.placed.recordValue(clamp(millisSinceDue));
		}
	}

	/** An order seen in a final state, or given up on ({@code outcome} "NOT_FINAL"). */
	void settled(String outcome, OrderMix.Expected expected, long millisSinceDue) {
		count(this.outcomes, outcome);
		if (!expected.name().equals(outcome)) {
			this.unexpected.increment();
		}
		this.toFinal.recordValue(clamp(millisSinceDue));
	}

	void browsed(boolean ok, long millisSinceDue) {
		if (!ok) {
			this.browseErrors.increment();
		}
		this.browsed.recordValue(clamp(millisSinceDue));
	}

	/**
	 * Answers other than an order's outcome (201 confirmed, 202 payment pending, 402
	 * declined, 409 rejected) or a refusal to take more (429, 503).
	 */
	long errors() {
		return this.answers.entrySet()
			.stream()
			.filter((e) -> !e.getKey().matches("201|202|402|409|429|503.*"))
			.mapToLong((e) -> e.getValue().sum())
			.sum();
	}

	String summary(LoadSettings settings) {
		return """
				ShopFlow load step: %.0f orders/s for %d s (+%d s ramp)
				  POST /api/orders     %d answers %s
				    served             p50 %d ms  p99 %d ms  max %d ms
				    refused (429/503)  %d, p50 %d ms  p99 %d ms
				  to final state       %s, p50 %d ms  p99 %d ms; %d not the outcome planned
				  GET /api/products    p50 %d ms  p99 %d ms, %d errors
				  errors (5xx other than 503, no answer): %d""".formatted(settings.rate(),
				settings.duration().toSeconds(), settings.ramp().toSeconds(),
				this.placed.getTotalCount() + this.refused.getTotalCount(), sorted(this.answers), p(this.placed, 50),
				p(this.placed, 99), this.placed.getMaxValue(), this.refused.getTotalCount(), p(this.refused, 50),
				p(this.refused, 99), sorted(this.outcomes), p(this.toFinal, 50), p(this.toFinal, 99),
				this.unexpected.sum(), p(this.browsed, 50), p(this.browsed, 99), this.browseErrors.sum(), errors());
	}

	void write(LoadSettings settings) {
		String json = """
				{"rate": %s, "durationSeconds": %d, "answers": %s, "outcomes": %s,
				 "served": {"count": %d, "p50": %d, "p99": %d, "max": %d},
				 "refused": {"count": %d, "p50": %d, "p99": %d},
				 "final": {"count": %d, "p50": %d, "p99": %d, "unexpected": %d},
				 "browse": {"count": %d, "p50": %d, "p99": %d, "errors": %d},
				 "errors": %d}
				""".formatted(settings.rate(), settings.duration().toSeconds(), json(this.answers), json(this.outcomes),
				this.placed.getTotalCount(), p(this.placed, 50), p(this.placed, 99), this.placed.getMaxValue(),
				this.refused.getTotalCount(), p(this.refused, 50), p(this.refused, 99), this.toFinal.getTotalCount(),
				p(this.toFinal, 50), p(this.toFinal, 99), this.unexpected.sum(), this.browsed.getTotalCount(),
				p(this.browsed, 50), p(this.browsed, 99), this.browseErrors.sum(), errors());
		try {
			Files.createDirectories(settings.results().toAbsolutePath().getParent());
			Files.writeString(settings.results(), json);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static long p(Histogram histogram, double percentile) {
		return histogram.getValueAtPercentile(percentile);
	}

	private static long clamp(long millis) {
		return Math.max(0, Math.min(millis, MAX_MILLIS));
	}

	private static void count(Map<String, LongAdder> counts, String key) {
		counts.computeIfAbsent(key, (k) -> new LongAdder()).increment();
	}

	private static Map<String, Long> sorted(Map<String, LongAdder> counts) {
		Map<String, Long> sorted = new TreeMap<>();
		counts.forEach((key, count) -> sorted.put(key, count.sum()));
		return sorted;
	}

	private static String json(Map<String, LongAdder> counts) {
		StringBuilder json = new StringBuilder("{");
		sorted(counts).forEach((key, count) -> json.append((json.length() > 1) ? ", " : "")
			.append('"')
			.append(key)
			.append("\": ")
			.append(count));
		return json.append('}').toString();
	}

}
