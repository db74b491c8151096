package dev.shopflow.system.soak;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.shopflow.system.compose.ChaosProfile;
import org.slf4j.LoggerFactory;
import dev.shopflow.system.compose.ComposeStack;

/**
 * A chaos soak against a running compose stack: places orders at a fixed rate while a
 * schedule of faults runs (crashes, outages, pauses, injected latency, errors and hangs,
 * poison messages), waits for everything to settle, then checks what must hold whatever
 * happened ({@link Invariant}) in the databases, topics, queues and the SMTP sink. Prints
 * the counts and every violation, writes them with every answer to
 * {@code system-tests/target/soak/<run>/}, and fails if anything did not hold.
 * <p>
 * Against a stack you started ({@code docker compose up -d --build}, then
 * {@code SHOPFLOW_CHAOS=chaos docker compose up -d payment-service inventory-service}):
 *
 * <pre>
 * ./mvnw -B -q -pl system-tests exec:java -Dexec.mainClass=dev.shopflow.system.soak.ChaosSoak \
 *     -Dexec.classpathScope=test -Dsoak.orders=10000 -Dsoak.rate=10
 * </pre>
 *
 * See docs/chaos-soak.md for the settings and how to read the output.
 */
public final class ChaosSoak {

	private static final Path OUTPUT = Path.of(System.getProperty("shopflow.jars", ".."))
		.toAbsolutePath()
		.normalize()
		.resolve("system-tests/target/soak");

	private final ComposeStack stack;

	private final SoakSettings settings;

	// HTTP/1.1: the JDK client would otherwise offer an h2c upgrade that RabbitMQ's API
	// closes on.
	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(2))
		.build();

	ChaosSoak(ComposeStack stack, SoakSettings settings) {
		this.stack = stack;
		this.settings = settings;
	}

	public static void main(String[] args) {
		SoakSettings settings = SoakSettings.fromSystemProperties();
		SoakReport report = new ChaosSoak(new ComposeStack(settings.project(), Map.of()), settings).run();
		if (!report.violations().isEmpty()) {
			throw new IllegalStateException(
					"Chaos soak " + report.run().runId() + ": " + report.violations().size() + " violation(s), above");
		}
	}

	SoakReport run() {
		quietKafkaClients();
		long start = System.nanoTime();
		System.out.printf("%n[soak] checking that the stack (project %s) is up%n", this.stack.project());
		// A stack just started takes two to three minutes on two cores.
		this.stack.awaitHealthy(ComposeStack.LONG_RUNNING, Duration.ofMinutes(5));
		ChaosProfile.Mode chaos = ChaosProfile.calm(this.stack);
		String runId = Long.toString(System.currentTimeMillis() / 1000, 36);
		SoakCatalogue catalogue = SoakCatalogue.forRun(runId, this.settings.orders());
		Databases databases = new Databases(this.stack);
		RabbitManagement rabbit = new RabbitManagement(this.http);
		DeadLetterReader deadLetters = new DeadLetterReader(rabbit);
		StateReader reader = new StateReader(databases, deadLetters, new MailSink(this.http));

		databases.execute("inventory", catalogue.insertSql());
		Map<String, SystemState.Stock> stockBefore = reader.stock();
		String since = reader.inventoryNow();
		DeadLetterReader.Marks marks = marks(deadLetters);
		Map<String, Integer> restartsBefore = this.stack.restartCounts();
		List<PlannedOrder> planned = OrderMix.plan(runId, this.settings.orders(), catalogue, this.settings.seed());
		System.out.printf("[soak] run %s: %d orders at %.1f/s, SKUs %s, chaos %s, faults %s%n", runId, planned.size(),
				this.settings.rate(), catalogue.skus().stream().map(SoakCatalogue.Sku::sku).toList(), chaos,
				this.settings.plan());

		InjectedPoison poison = new InjectedPoison(runId, this.http);
		AtomicBoolean loadRunning = new AtomicBoolean(true);
		long loadStart = System.nanoTime();
		Instant loadStartedAt = Instant.now();
		FaultSchedule faults = new FaultSchedule(this.settings,
				new FaultContext(this.stack, chaos, poison, Duration.ofMinutes(5)), loadRunning::get, loadStart);
		Thread faultThread = Thread.ofPlatform().name("soak-faults").start(faults);
		List<Answer> answers = new LoadDriver(this.http, this.settings).run(planned);
		double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
		loadRunning.set(false);
		join(faultThread);
		double loadAndFaults = (System.nanoTime() - loadStart) / 1e9;

		System.out.printf("[soak] load and faults done after %.0f s; draining (at most %d s)%n", loadAndFaults,
				this.settings.drainTimeout().toSeconds());
		Drain.Result drain = new Drain(databases, rabbit, "soak-" + runId + "-%")
			.waitAtMost(this.settings.drainTimeout());
		long checkStart = System.nanoTime();
		SoakRun run = new SoakRun(runId, this.settings, catalogue, planned, stockBefore, answers, faults.injected(),
				poison.injected(), drain, loadSeconds);
		SystemState state = read(reader, run, since, marks);
		List<Violation> violations = InvariantChecker.check(run, state);
		Map<String, Long> counters = new Prometheus(this.http).soakCounters(loadStartedAt);
		double check = (System.nanoTime() - checkStart) / 1e9;
		SoakReport report = new SoakReport(run, state, violations, counters,
				restartsSince(restartsBefore, this.stack.restartCounts()), chaos.name(), this.stack.project(),
				new SoakReport.WallTime(loadAndFaults, drain.took().toMillis() / 1e3, check,
						(System.nanoTime() - start) / 1e9));
		write(report);
		return report;
	}

	// Each Kafka client logs its whole configuration at INFO; the soak's output is its
	// report.
	private static void quietKafkaClients() {
		if (LoggerFactory.getLogger("org.apache.kafka") instanceof ch.qos.logback.classic.Logger logger) {
			logger.setLevel(ch.qos.logback.classic.Level.WARN);
		}
	}

	private static DeadLetterReader.Marks marks(DeadLetterReader deadLetters) {
		try {
			return deadLetters.marks();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static SystemState read(StateReader reader, SoakRun run, String since, DeadLetterReader.Marks marks) {
		try {
			return reader.read(run.customerPattern(), since, marks,
					run.planned().stream().map(PlannedOrder::customerId).toList());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Map<String, Integer> restartsSince(Map<String, Integer> before, Map<String, Integer> after) {
		Map<String, Integer> restarts = new HashMap<>();
		after.forEach((service, count) -> {
			int more = count - before.getOrDefault(service, 0);
			if (more > 0) {
				restarts.put(service, more);
			}
		});
		return restarts;
	}

	private static void join(Thread thread) {
		try {
			thread.join();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			thread.interrupt();
		}
	}

	private static void write(SoakReport report) {
		Path directory = OUTPUT.resolve(report.run().runId());
		Path violations = directory.resolve("violations.txt");
		String text = report.text(violations.toString());
		System.out.print(text);
		try {
			Files.createDirectories(directory);
			Files.writeString(directory.resolve("report.txt"), text);
			Files.writeString(violations, report.violationsText());
			Files.writeString(directory.resolve("answers.csv"), report.answersCsv());
		}
		catch (IOException ex) {
			System.out.println("[soak] could not write " + directory + ": " + ex);
		}
	}

}
