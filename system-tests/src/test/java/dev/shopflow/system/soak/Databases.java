package dev.shopflow.system.soak;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.shopflow.system.compose.ComposeStack;

/**
 * The services' databases, read as their owner would with {@code psql} inside the
 * PostgreSQL container (its port is not published). {@code docker exec} on the id that
 * compose gives is what {@code docker compose exec -T postgres} does, without compose's
 * second of start-up per call.
 */
final class Databases {

	private final ComposeStack stack;

	private volatile String container;

	Databases(ComposeStack stack) {
		this.stack = stack;
	}

	/** Rows of tab-separated columns; NULL reads as an empty string. */
	List<List<String>> query(String database, String sql) {
		return output(database, sql).lines()
			.filter((line) -> !line.isEmpty())
			.map((line) -> Arrays.asList(line.split("\t", -1)))
			.toList();
	}

	long count(String database, String sql) {
		String value = output(database, sql).strip();
		return value.isEmpty() ? 0 : Long.parseLong(value);
	}

	void execute(String database, String sql) {
		output(database, sql);
	}

	private String output(String database, String sql) {
		String id = container();
		try {
			Process process = new ProcessBuilder("docker", "exec", "-i", id, "psql", "-U", "postgres", "-d", database,
					"-X", "-q", "-A", "-t", "-F", "\t", "-v", "ON_ERROR_STOP=1", "-f", "-")
				.start();
			CompletableFuture<byte[]> errors = CompletableFuture.supplyAsync(() -> readAll(process));
			// Through stdin: a statement can be longer than one command-line argument
			// may.
			try (var input = process.getOutputStream()) {
				input.write(sql.getBytes(StandardCharsets.UTF_8));
			}
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!process.waitFor(2, TimeUnit.MINUTES)) {
				process.destroyForcibly();
				throw new IllegalStateException("psql timed out: " + sql);
			}
			if (process.exitValue() != 0) {
				this.container = null;
				throw new IllegalStateException("psql -d %s failed (%d): %s%n%s".formatted(database,
						process.exitValue(), new String(errors.join(), StandardCharsets.UTF_8).strip(), sql));
			}
			return output;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static byte[] readAll(Process process) {
		try {
			return process.getErrorStream().readAllBytes();
		}
		catch (IOException ex) {
			return new byte[0];
		}
	}

	private String container() {
		String id = this.container;
		if (id == null) {
			id = this.stack.containerId("postgres");
			if (id.isEmpty()) {
				throw new IllegalStateException("No postgres container in compose project " + this.stack.project());
			}
			this.container = id;
		}
		return id;
	}

}
