package dev.shopflow.system.compose;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * docker-compose.yml driven through the {@code docker compose} CLI, as a user drives it.
 * Grafana is left out: it has no image on the CI machines; its dashboards are checked
 * against Prometheus instead.
 */
final class ComposeStack {

	static final List<String> SERVICES = List.of("postgres", "kafka", "rabbitmq", "rabbitmq-users", "smtp",
			"order-service", "payment-service", "inventory-service", "notification-service", "prometheus");

	static final List<String> LONG_RUNNING = SERVICES.stream().filter((s) -> !s.equals("rabbitmq-users")).toList();

	private final Path root = Path.of(System.getProperty("shopflow.jars", "..")).toAbsolutePath().normalize();

	private final Path log = this.root.resolve("system-tests/target/e2e/compose.log");

	String compose(String... arguments) {
		List<String> command = new ArrayList<>(List.of("docker", "compose", "-f",
				this.root.resolve("docker-compose.yml").toString(), "-p", "shopflow-e2e"));
		command.addAll(List.of(arguments));
		try {
			Files.createDirectories(this.log.getParent());
			Process process = new ProcessBuilder(command).directory(this.root.toFile())
				.redirectErrorStream(true)
				.start();
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
	String health(String service) {
		String id = compose("ps", "-q", service).strip();
		if (id.isEmpty()) {
			return "missing";
		}
		return docker("inspect", "--format",
				"{{if .State.Health}}{{.State.Health.Status}}{{else}}{{.State.Status}}{{end}}", id)
			.strip();
	}

	String docker(String... arguments) {
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
