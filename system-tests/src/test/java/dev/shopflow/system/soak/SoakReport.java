package dev.shopflow.system.soak;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.shopflow.system.soak.SystemState.Order;

/**
 * The soak's findings as text: what was sent and answered, how fast, which faults, what
 * the system holds after the drain, and every invariant with its violations.
 *
 * @param wallTime where the time went
 * @param counters Prometheus counters over the run
 * @param restarts containers restarted by Docker's restart policy during the run
 */
record SoakReport(SoakRun run, SystemState state, List<Violation> violations, Map<String, Long> counters,
		Map<String, Integer> restarts, String chaos, String project, WallTime wallTime) {

	/** Seconds of wall time: load and faults, drain, check, and all of them. */
	record WallTime(double loadAndFaults, double drain, double check, double total) {

	}

	/** Violations printed per invariant; all of them are in the violations file. */
	static final int SHOWN_PER_INVARIANT = 25;

	String text(String violationsFile) {
		StringBuilder out = new StringBuilder();
		SoakSettings settings = this.run.settings();
		long resends = this.run.planned().stream().filter(PlannedOrder::resent).count();
		line(out, "");
		line(out, "=== ShopFlow chaos soak %s ===", this.run.runId());
		line(out, "Stack: compose project %s; run-time chaos: %s; fault plan %s", this.project, this.chaos,
				settings.plan());
		line(out,
				"Load: %d orders (+%d resends with the same key) at %.1f/s over %.0f s; max in flight %d, timeout %d s",
				settings.orders(), resends, settings.rate(), this.run.loadSeconds(), settings.maxInFlight(),
				settings.requestTimeout().toSeconds());
		line(out, "Wall time: load and faults %.0f s, drain %.0f s (%s), check %.0f s, total %.0f s",
				this.wallTime.loadAndFaults(), this.wallTime.drain(),
				this.run.drain().drained() ? "drained" : "NOT drained", this.wallTime.check(), this.wallTime.total());
		orders(out);
		answers(out);
		latency(out);
		line(out, "");
		line(out, "Payments: %s; notifications: %s; emails received: %d",
				count(this.state.payments(), SystemState.Payment::status),
				count(this.state.notifications(), (n) -> n.kind() + "/" + n.status()),
				this.state.emails().values().stream().mapToInt(List::size).sum());
		faults(out);
		line(out, "");
		line(out, "Counters over the run (Prometheus, across restarts):");
		this.counters.forEach((name, value) -> line(out, "  %-48s %s", name, (value < 0) ? "n/a" : value));
		deadLetters(out);
		line(out, "");
		line(out, "Containers restarted by Docker's restart policy during the run: %s",
				this.restarts.isEmpty() ? "none" : this.restarts);
		invariants(out, violationsFile);
		return out.toString();
	}

	private void orders(StringBuilder out) {
		List<Order> orders = List.copyOf(this.state.orders().values());
		long placedCustomers = orders.stream().map(Order::customerId).distinct().count();
		line(out, "");
		line(out, "Orders in the order database, by final status: %s (%d planned orders never stored)",
				count(orders, Order::status), this.run.planned().size() - placedCustomers);
		Map<String, PlannedOrder.Kind> kinds = this.run.planned()
			.stream()
			.collect(Collectors.toMap(PlannedOrder::customerId, PlannedOrder::kind));
		Map<PlannedOrder.Kind, Map<String, Long>> byKind = new EnumMap<>(PlannedOrder.Kind.class);
		for (Order order : orders) {
			byKind.computeIfAbsent(kinds.get(order.customerId()), (k) -> new TreeMap<>())
				.merge(order.status(), 1L, Long::sum);
		}
		byKind.forEach((kind, statuses) -> line(out, "  %-13s %s", kind, statuses));
	}

	private void answers(StringBuilder out) {
		List<Answer> answers = this.run.answers();
		line(out, "");
		line(out, "Answers by HTTP status (or what happened instead): %s", count(answers, Answer::label));
		line(out, "  first sends: %s", count(answers.stream().filter((a) -> a.attempt() == 1).toList(), Answer::label));
		List<Answer> resends = answers.stream().filter((a) -> a.attempt() == 2).toList();
		line(out, "  resends with the same key: %s (replayed: %d, 409 in progress: %d)", count(resends, Answer::label),
				resends.stream().filter(Answer::replayed).count(),
				resends.stream()
					.filter((a) -> a.problemType() != null && a.problemType().endsWith("idempotency-key-in-progress"))
					.count());
	}

	private void latency(StringBuilder out) {
		List<Answer> answered = this.run.answers().stream().filter(Answer::answered).toList();
		line(out, "");
		line(out, "Latency from the intended send time, HTTP answers: %s", percentiles(answered));
		count(answered, Answer::label).keySet()
			.forEach((status) -> line(out, "  %s: %s", status,
					percentiles(answered.stream().filter((a) -> a.label().equals(status)).toList())));
	}

	private static String percentiles(List<Answer> answers) {
		if (answers.isEmpty()) {
			return "none";
		}
		long[] nanos = answers.stream().mapToLong(Answer::latencyNanos).sorted().toArray();
		return "n=%d p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms".formatted(nanos.length, percentile(nanos, 50),
				percentile(nanos, 90), percentile(nanos, 99), nanos[nanos.length - 1] / 1e6);
	}

	/** Nearest rank. */
	private static double percentile(long[] sorted, double percent) {
		int rank = (int) Math.ceil(percent / 100 * sorted.length);
		return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e6;
	}

	private void faults(StringBuilder out) {
		List<FaultSchedule.InjectedFault> faults = this.run.faults();
		line(out, "");
		line(out, "Faults injected: %d ok, %d skipped, %d failed; by kind: %s",
				faults.stream().filter(FaultSchedule.InjectedFault::ok).count(),
				faults.stream().filter((f) -> f.result().startsWith("skipped")).count(),
				faults.stream().filter(FaultSchedule.InjectedFault::failed).count(),
				count(faults.stream().filter(FaultSchedule.InjectedFault::ok).toList(),
						FaultSchedule.InjectedFault::kind));
		for (FaultSchedule.InjectedFault fault : faults) {
			line(out, "  at %4d s  %-40s %6.1f s to healthy  %s", fault.startedAtMillis() / 1000, fault.kind(),
					fault.tookMillis() / 1000.0, fault.result());
		}
	}

	private void deadLetters(StringBuilder out) {
		line(out, "");
		line(out, "Dead letters (DLTs and parking lots), by where and what:");
		Map<String, Long> kinds = count(this.state.deadLetters(), (letter) -> {
			String place = letter.place().contains(SoakNames.DLT_SUFFIX)
					? letter.place().substring(0, letter.place().indexOf(SoakNames.DLT_SUFFIX) + 4) : letter.place();
			String what = letter.beforeRun() ? "from before the run"
					: this.run.poisons().stream().anyMatch((p) -> p.isIn(letter)) ? "poison injected by this run"
							: letter.injected() ? "poison injected by another test" : "VALID message";
			return place + ": " + what;
		});
		if (kinds.isEmpty()) {
			line(out, "  none");
		}
		kinds.forEach((kind, n) -> line(out, "  %-90s %d", kind, n));
	}

	private void invariants(StringBuilder out, String violationsFile) {
		Map<Invariant, List<Violation>> byInvariant = this.violations.stream()
			.collect(Collectors.groupingBy(Violation::invariant, () -> new EnumMap<>(Invariant.class),
					Collectors.toList()));
		line(out, "");
		line(out, "Invariants:");
		for (Invariant invariant : Invariant.values()) {
			List<Violation> found = byInvariant.getOrDefault(invariant, List.of());
			line(out, "  %s %-25s %s", found.isEmpty() ? "PASS" : "FAIL", invariant, found.isEmpty()
					? invariant.description() : found.size() + " violation(s): " + invariant.description());
		}
		if (this.violations.isEmpty()) {
			line(out, "");
			line(out, "No violations.");
			return;
		}
		line(out, "");
		line(out, "%d violation(s)%s:", this.violations.size(),
				(violationsFile != null) ? ", all of them in " + violationsFile : "");
		byInvariant.forEach((invariant, found) -> {
			line(out, "  %s (%d):", invariant, found.size());
			found.stream().limit(SHOWN_PER_INVARIANT).forEach((v) -> line(out, "    - %s", v.detail()));
			if (found.size() > SHOWN_PER_INVARIANT) {
				line(out, "    ... and %d more", found.size() - SHOWN_PER_INVARIANT);
			}
		});
	}

	/**
	 * Each failed invariant with its count and first few violations, for an assertion
	 * message.
	 */
	String failureSummary() {
		StringBuilder out = new StringBuilder();
		this.violations.stream()
			.collect(Collectors.groupingBy(Violation::invariant, () -> new EnumMap<>(Invariant.class),
					Collectors.toList()))
			.forEach((invariant, found) -> {
				line(out, "%s (%d): %s", invariant, found.size(), invariant.description());
				found.stream().limit(5).forEach((v) -> line(out, "  - %s", v.detail()));
			});
		line(out, "(all of them in system-tests/target/soak/%s/violations.txt)", this.run.runId());
		return out.toString();
	}

	String violationsText() {
		return this.violations.stream().map(Violation::toString).collect(Collectors.joining("\n", "", "\n"));
	}

	String answersCsv() {
		List<String> lines = new ArrayList<>(List.of(Answer.csvHeader()));
		this.run.answers().forEach((answer) -> lines.add(answer.csv()));
		return String.join("\n", lines) + "\n";
	}

	private static <T> Map<String, Long> count(List<T> items, Function<T, String> label) {
		return LoadDriver.count(items, label);
	}

	private static void line(StringBuilder out, String format, Object... arguments) {
		out.append((arguments.length == 0) ? format : format.formatted(arguments)).append('\n');
	}

}
