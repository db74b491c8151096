package dev.shopflow.system.soak;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The stack's Prometheus: how much its counters grew during the run. */
final class Prometheus {

	private static final ObjectMapper json = new ObjectMapper();

	private static final Duration STEP = Duration.ofSeconds(5);

	private final HttpClient http;

	Prometheus(HttpClient http) {
		this.http = http;
	}

	/**
	 * The counters the report shows, grown from {@code from} to now; -1 where unknown.
	 */
	Map<String, Long> soakCounters(Instant from) {
		Map<String, Long> counters = new LinkedHashMap<>();
		counters.put("events skipped as duplicates (inbox)",
				growth("{__name__=~\"shopflow_events_duplicates(_events)?_total\"}", from));
		counters.put("RabbitMQ retries (retry tiers)", growth("shopflow_rabbit_retries_total", from));
		counters.put("Kafka records dead-lettered", growth("shopflow_events_dead_lettered_total", from));
		counters.put("RabbitMQ messages parked", growth("shopflow_rabbit_parked_total", from));
		counters.put("REST calls order-service retried",
				growth("resilience4j_retry_calls_total{kind=~\".*_with_retry\"}", from));
		counters.put("REST calls refused by an open breaker",
				growth("resilience4j_circuitbreaker_not_permitted_calls_total", from));
		counters.put("outbox publish failures", growth("shopflow_outbox_failures_total", from));
		counters.put("orders cancelled by a deadline", growth("shopflow_orders_deadline_cancelled_total", from));
		counters.put("chaos faults injected into API requests", growth("shopflow_chaos_injected_total", from));
		return counters;
	}

	/**
	 * The growth of every series of a counter, summed, from its samples: a drop is a
	 * restarted service (its counter starts again from 0), and a series first seen after
	 * {@code from} counts from 0, because counters that are registered at their first
	 * increment appear with it. {@code increase()} would miss both.
	 */
	long growth(String selector, Instant from) {
		Instant now = Instant.now();
		String query = "query_range?query=" + URLEncoder.encode(selector, StandardCharsets.UTF_8) + "&start="
				+ from.minus(STEP).getEpochSecond() + "&end=" + now.getEpochSecond() + "&step=" + STEP.toSeconds()
				+ "s";
		try {
			HttpResponse<String> response = this.http
				.send(HttpRequest.newBuilder(URI.create(SoakNames.PROMETHEUS + "/api/v1/" + query))
					.timeout(Duration.ofSeconds(30))
					.build(), HttpResponse.BodyHandlers.ofString());
			JsonNode body = json.readTree(response.body());
			if (!"success".equals(body.path("status").asText())) {
				return -1;
			}
			double total = 0;
			for (JsonNode series : body.at("/data/result")) {
				total += growth(series.path("values"), from.getEpochSecond());
			}
			return Math.round(total);
		}
		catch (IOException ex) {
			return -1;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return -1;
		}
	}

	static double growth(JsonNode values, long from) {
		double growth = 0;
		double previous = Double.NaN;
		for (JsonNode sample : values) {
			double value = sample.get(1).asDouble();
			if (Double.isNaN(previous)) {
				// First seen during the run: it started at 0.
				growth += (sample.get(0).asDouble() > from) ? value : 0;
			}
			else {
				growth += (value >= previous) ? value - previous : value;
			}
			previous = value;
		}
		return growth;
	}

}
