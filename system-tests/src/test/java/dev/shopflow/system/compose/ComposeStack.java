package dev.shopflow.system.compose;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * docker-compose.yml driven through the {@code docker compose} CLI, as a user drives it.
 * Grafana is left out of {@link #SERVICES}: it has no image on the CI machines; its
 * dashboards are checked against Prometheus instead.
 */
public final class ComposeStack {

	public static final List<String> SERVICES = List.of("postgres", "kafka", "rabbitmq", "rabbitmq-users", "smtp",
			"order-service", "payment-service", "inventory-service", "notification-service", "prometheus");

	public static final List<String> LONG_RUNNING = SERVICES.stream()
		.filter((s) -> !s.equals("rabbitmq-users"))
		.toList();

	/** The project of the end-to-end tests, apart from a stack a person runs. */
	public static final String E2E_PROJECT = "shopflow-e2e";

	private final Path root = Path.of(System.getProperty("shopflow.jars", "..")).toAbsolutePath().normalize();

	private final Path log = this.root.resolve("system-tests/target/e2e/compose.log");

	private final String project;

	private final Map<String, String> environment;

	/**
	 * @param project the compose project, or {@code null} for compose's own default (the
	 * directory name), which is what {@code docker compose up} in the checkout uses
	 * @param environment added to every command's environment, e.g.
	 * {@code SHOPFLOW_CHAOS=chaos}
	 */
	public ComposeStack(String project, Map<String, String> environment) {
		this.project = project;
		this.environment = Map.copyOf(environment);
	}

	/**
	 * The end-to-end stack: payment and inventory in the chaos profile, so the soak can
	 * inject faults at run time (with none injected until it asks).
	 */
	public static ComposeStack e2e() {
		return new ComposeStack(E2E_PROJECT, Map.of("SHOPFLOW_CHAOS", "chaos"));
	}

	/** The same project with other variables, e.g. to recreate services without chaos. */
	public ComposeStack withEnvironment(Map<String, String> environment) {
		return new ComposeStack(this.project, environment);
	}

	public String project() {
		return (this.project != null) ? this.project : "(compose default)";
	}

	public String compose(String... arguments) {
		List<String> command = new ArrayList<>(
				List.of("docker", "compose", "-f", this.root.resolve("docker-compose.yml").toString()));
		if (this.project != null) {
			command.addAll(List.of("-p", this.project));
		}
		command.addAll(List.of(arguments));
		try {
			Files.createDirectories(this.log.getParent());
			ProcessBuilder builder = new ProcessBuilder(command).directory(this.root.toFile())
				.redirectErrorStream(true);
			builder.environment().putAll(this.environment);
			Process process = builder.start();
			byte[] output = process.getInputStream().readAllBytes();
			if (!process.waitFor(30, TimeUnit.MINUTES)) {
				process.destroyForcibly();
				throw new IllegalStateException("Timed out: " + command);
			}
			String text = new String(output, StandardCharsets.UTF_8);
			Files.writeString(this.log, "$ " + String.join(" ", command) + "\n" + text, StandardOpenOption.CREATE,
					StandardOpenOption.APPEND);
			if (process.exitValue() != 0) {
				throw new IllegalStateException("Failed (" + process.exitValue() + "): " + command + "\n" + text);
			}
			return text;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The container's health: healthy, starting, unhealthy, or its state if it has no
	 * check.
	 */
	public String health(String service) {
		String id = containerId(service);
		if (id.isEmpty()) {
			return "missing";
		}
		return docker("inspect", "--format",
				"{{if .State.Health}}{{.State.Health.Status}}{{else}}{{.State.Status}}{{end}}", id)
			.strip();
	}

	/**
	 * Health of every container of the project by service, with one compose and one
	 * docker call (a compose call per service takes a second each with compose 1.29). A
	 * paused container reports "paused", an exited one "exited".
	 */
	public Map<String, String> healthOfAll() {
		return inspectAll("{{index .Config.Labels \"com.docker.compose.service\"}} "
				+ "{{if .State.Paused}}paused{{else if .State.Running}}"
				+ "{{if .State.Health}}{{.State.Health.Status}}{{else}}running{{end}}"
				+ "{{else}}{{.State.Status}}{{end}}");
	}

	/**
	 * One {@code docker inspect} of every container: service, then the rest of the line.
	 */
	private Map<String, String> inspectAll(String format) {
		List<String> ids = Arrays.stream(compose("ps", "-q").split("\\s+")).filter((s) -> !s.isBlank()).toList();
		Map<String, String> values = new LinkedHashMap<>();
		if (ids.isEmpty()) {
			return values;
		}
		List<String> arguments = new ArrayList<>(List.of("inspect", "--format", format));
		arguments.addAll(ids);
		for (String line : docker(arguments.toArray(String[]::new)).split("\n")) {
			String[] parts = line.strip().split(" ", 2);
			if (parts.length == 2) {
				values.put(parts[0], parts[1]);
			}
		}
		return values;
	}

	/**
	 * How often Docker's restart policy restarted each service's container (a crash, not
	 * a {@code start}).
	 */
	public Map<String, Integer> restartCounts() {
		Map<String, Integer> counts = new LinkedHashMap<>();
		inspectAll("{{index .Config.Labels \"com.docker.compose.service\"}} {{.RestartCount}}")
			.forEach((service, count) -> counts.put(service, Integer.parseInt(count)));
		return counts;
	}

	/**
	 * Waits until every one of these services is healthy (or running, if it has no
	 * check).
	 */
	public void awaitHealthy(Collection<String> services, Duration atMost) {
		await("healthy: " + services).atMost(atMost).pollInterval(Duration.ofSeconds(1)).until(() -> {
			Map<String, String> health = healthOfAll();
			return services.stream().allMatch((s) -> isUp(health.get(s)));
		});
	}

	private static boolean isUp(String health) {
		return "healthy".equals(health) || "running".equals(health);
	}

	/** The id of the service's container, empty if there is none. */
	public String containerId(String service) {
		return compose("ps", "-q", service).strip();
	}

	public String docker(String... arguments) {
		List<String> command = new ArrayList<>(List.of("docker"));
		command.addAll(List.of(arguments));
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			process.waitFor(2, TimeUnit.MINUTES);
			return text;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
