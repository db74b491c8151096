package dev.shopflow.system.compose;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import static org.awaitility.Awaitility.await;

/**
 * The run-time fault settings of one service in the {@code chaos} profile,
 * {@code /actuator/chaos}: POST sets them, GET reads them, DELETE restores the profile's
 * defaults. A restart also restores the defaults, which inject faults, so whoever
 * restarts payment-service or inventory-service calms it again at once.
 */
public final class ChaosEndpoint {

	private static final ObjectMapper json = new ObjectMapper();

	private final String service;

	private final URI uri;

	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(2))
		.build();

	public ChaosEndpoint(String service, int port) {
		this.service = service;
		this.uri = URI.create("http://localhost:" + port + "/actuator/chaos");
	}

	public static ChaosEndpoint payment() {
		return new ChaosEndpoint("payment-service", 8081);
	}

	public static ChaosEndpoint inventory() {
		return new ChaosEndpoint("inventory-service", 8082);
	}

	public String service() {
		return this.service;
	}

	/**
	 * What faults to inject into {@code /api/**}.
	 *
	 * @param latency added to every request
	 * @param latencyJitter upper bound of a random delay on top
	 * @param errorRate fraction of requests answered 503, 0 to 1
	 * @param hang whether requests wait without an answer
	 */
	public record Faults(Duration latency, Duration latencyJitter, double errorRate, boolean hang) {

		public static final Faults NONE = new Faults(Duration.ZERO, Duration.ZERO, 0.0, false);

		public static Faults latency(Duration latency, Duration jitter) {
			return new Faults(latency, jitter, 0.0, false);
		}

		public static Faults errors(double errorRate) {
			return new Faults(Duration.ZERO, Duration.ZERO, errorRate, false);
		}

		public static Faults hanging() {
			return new Faults(Duration.ZERO, Duration.ZERO, 0.0, true);
		}

		String toJson() {
			return """
					{"latency":"%dms","latencyJitter":"%dms","errorRate":%s,"hang":%s}"""
				.formatted(this.latency.toMillis(), this.latencyJitter.toMillis(), this.errorRate, this.hang);
		}

		@Override
		public String toString() {
			return this.hang ? "hang" : "latency %d ms (+%d ms jitter), error rate %.2f"
				.formatted(this.latency.toMillis(), this.latencyJitter.toMillis(), this.errorRate);
		}

	}

	/**
	 * Whether the endpoint exists: the service answers, and not with 404 (no chaos
	 * profile, or a build without the endpoint).
	 */
	public boolean available() {
		try {
			return send(HttpRequest.newBuilder(this.uri).GET()).statusCode() / 100 == 2;
		}
		catch (IOException ex) {
			return false;
		}
	}

	public JsonNode settings() throws IOException {
		return json.readTree(send(HttpRequest.newBuilder(this.uri).GET()).body());
	}

	/** Sets the faults; fails unless the service took them. */
	public void set(Faults faults) throws IOException {
		HttpResponse<String> response = send(HttpRequest.newBuilder(this.uri)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(faults.toJson())));
		if (response.statusCode() / 100 != 2) {
			throw new IOException("POST " + this.uri + " " + faults.toJson() + " answered " + response.statusCode()
					+ ": " + response.body());
		}
	}

	/** Back to the profile's defaults (which inject faults). */
	public void reset() throws IOException {
		send(HttpRequest.newBuilder(this.uri).DELETE());
	}

	/**
	 * Injects nothing from now on, as soon as the service answers (it may be starting).
	 * @return {@code false} if the service is up but has no chaos endpoint
	 */
	public boolean calmWhenUp(Duration atMost) {
		return await(this.service + " chaos endpoint answers").atMost(atMost)
			.pollInterval(Duration.ofMillis(250))
			.ignoreExceptions()
			.until(this::calmOrMissing, (calmed) -> calmed != null);
	}

	private Boolean calmOrMissing() throws IOException {
		HttpResponse<String> response = send(HttpRequest.newBuilder(this.uri)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(Faults.NONE.toJson())));
		if (response.statusCode() == 404) {
			return false;
		}
		if (response.statusCode() / 100 != 2) {
			return null;
		}
		return true;
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws IOException {
		try {
			return this.http.send(request.timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException(ex);
		}
	}

}
