package dev.shopflow.system.soak;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * RabbitMQ's management API: queue depths, and a look at messages without taking them.
 */
final class RabbitManagement {

	private static final ObjectMapper json = new ObjectMapper();

	private final HttpClient http;

	RabbitManagement(HttpClient http) {
		this.http = http;
	}

	/**
	 * @param messages ready plus unacknowledged, as of the broker's last statistics
	 */
	record Queue(String name, long messages) {

		boolean parkingLot() {
			return this.name.endsWith(SoakNames.PARKING_LOT_SUFFIX);
		}

	}

	List<Queue> queues() throws IOException {
		JsonNode queues = json.readTree(get("/queues/%2F?columns=name,messages"));
		List<Queue> result = new ArrayList<>();
		for (JsonNode queue : queues) {
			result.add(new Queue(queue.path("name").asText(), queue.path("messages").asLong(0)));
		}
		return result;
	}

	/**
	 * Up to {@code count} messages of the queue, handed back to it at once
	 * ({@code reject_requeue_true}): the queue keeps them, for people to look at.
	 */
	List<JsonNode> peek(String queue, int count) throws IOException {
		String body = """
				{"count":%d,"ackmode":"reject_requeue_true","encoding":"auto","truncate":50000}""".formatted(count);
		HttpResponse<String> response = send(
				HttpRequest.newBuilder(uri("/queues/%2F/" + URLEncoder.encode(queue, StandardCharsets.UTF_8) + "/get"))
					.header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers.ofString(body)));
		if (response.statusCode() != 200) {
			throw new IOException("Could not read " + queue + ": " + response.statusCode() + " " + response.body());
		}
		List<JsonNode> messages = new ArrayList<>();
		json.readTree(response.body()).forEach(messages::add);
		return messages;
	}

	private String get(String path) throws IOException {
		HttpResponse<String> response = send(HttpRequest.newBuilder(uri(path)).GET());
		if (response.statusCode() != 200) {
			throw new IOException("GET " + path + ": " + response.statusCode() + " " + response.body());
		}
		return response.body();
	}

	private static URI uri(String path) {
		return URI.create(SoakNames.RABBIT_API + path);
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws IOException {
		try {
			return this.http.send(request.header("Authorization", SoakNames.RABBIT_AUTHORIZATION)
				.timeout(Duration.ofSeconds(30))
				.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException(ex);
		}
	}

}
