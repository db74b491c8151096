package dev.shopflow.system;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;

/**
 * One service as it ships: its executable jar in a JVM of its own, configured only
 * through the environment variables its {@code application.yml} reads.
 */
final class ServiceProcess {

	private static final HttpClient http = HttpClient.newHttpClient();

	private final String name;

	private final Path jar;

	private final Map<String, String> environment;

	private final int port;

	private final Path log;

	private Process process;

	/**
	 * @param port the HTTP port, or 0 for any free one
	 */
	ServiceProcess(String name, int port, Map<String, String> environment) {
		this.name = name;
		String version = System.getProperty("shopflow.version");
		this.jar = Path.of(System.getProperty("shopflow.jars"), name, "target", name + "-" + version + ".jar");
		this.environment = environment;
		this.port = (port != 0) ? port : freePort();
		this.log = Path.of(System.getProperty("shopflow.jars"), "system-tests", "target", "system-tests", name + ".log")
			.normalize();
	}

	String name() {
		return this.name;
	}

	URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

	String baseUrl() {
		return "http://localhost:" + this.port;
	}

	ServiceProcess start() {
		if (!Files.isRegularFile(this.jar)) {
			throw new IllegalStateException("No jar at " + this.jar + ": build the services first (./mvnw verify)");
		}
		try {
			Files.createDirectories(this.log.getParent());
			List<String> command = new ArrayList<>(List.of(javaExecutable(), "-Xmx256m", "-XX:TieredStopAtLevel=1",
					"-jar", this.jar.toString(), "--server.port=" + this.port));
			ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(this.log.toFile()));
			builder.environment().putAll(this.environment);
			this.process = builder.start();
			return this;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Waits until the service says it is ready for traffic (its readiness probe). */
	ServiceProcess awaitReady() {
		await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(() -> {
			if (!this.process.isAlive()) {
				throw new IllegalStateException(this.name + " exited; see " + this.log.toAbsolutePath());
			}
			return ready();
		});
		return this;
	}

	void stop() {
		if (this.process != null && this.process.isAlive()) {
			this.process.destroy();
			await().atMost(Duration.ofSeconds(30)).until(() -> !this.process.isAlive());
		}
	}

	private boolean ready() {
		try {
			HttpResponse<Void> response = http.send(HttpRequest.newBuilder(uri("/actuator/health/readiness")).build(),
					HttpResponse.BodyHandlers.discarding());
			return response.statusCode() == 200;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private static String javaExecutable() {
		return ProcessHandle.current()
			.info()
			.command()
			.orElse(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
