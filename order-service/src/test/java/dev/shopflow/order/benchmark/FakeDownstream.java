package dev.shopflow.order.benchmark;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A downstream that costs next to nothing: canned answers from the JDK's HTTP server on
 * virtual threads. The benchmark measures order-service, so its stand-ins must not be
 * what the numbers show (WireMock's matching and journal cost milliseconds per call on
 * two cores).
 */
final class FakeDownstream {

	private final HttpServer server;

	private final Map<String, Answer> answers = new ConcurrentHashMap<>();

	private volatile CountDownLatch hung = new CountDownLatch(1);

	FakeDownstream() throws IOException {
		// The JDK server writes headers and body separately; without TCP_NODELAY, Nagle's
		// algorithm meets the client's delayed ACK and adds ~40 ms to answers.
		System.setProperty("sun.net.httpserver.nodelay", "true");
		this.server = HttpServer.create(new InetSocketAddress("localhost", 0), 1024);
		this.server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
		this.server.createContext("/", this::handle);
		this.server.start();
	}

	String baseUrl() {
		return "http://localhost:" + this.server.getAddress().getPort();
	}

	/** Answers requests whose method and path start with the given ones. */
	void answer(String method, String pathPrefix, int status, String json) {
		this.answers.put(method + " " + pathPrefix, new Answer(status, json));
	}

	/** Never answers requests whose method and path start with the given ones. */
	void hang(String method, String pathPrefix) {
		this.answers.put(method + " " + pathPrefix, Answer.HANG);
	}

	/** Forgets all answers and lets every hanging request go. */
	void reset() {
		this.answers.clear();
		this.hung.countDown();
		this.hung = new CountDownLatch(1);
	}

	void stop() {
		this.hung.countDown();
		this.server.stop(0);
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			exchange.getRequestBody().readAllBytes();
			String request = exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath();
			Answer answer = this.answers.entrySet()
				.stream()
				.filter((entry) -> request.startsWith(entry.getKey()))
				.map(Map.Entry::getValue)
				.findFirst()
				.orElse(Answer.NOT_FOUND);
			if (answer == Answer.HANG) {
				this.hung.await();
				return;
			}
			byte[] body = answer.json().getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.sendResponseHeaders(answer.status(), (body.length > 0) ? body.length : -1);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private record Answer(int status, String json) {

		static final Answer HANG = new Answer(0, "");

		static final Answer NOT_FOUND = new Answer(404, "{}");

	}

}
