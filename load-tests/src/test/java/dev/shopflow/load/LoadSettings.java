package dev.shopflow.load;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One load step, from system properties ({@code -Dload.rate=100}): which stack, how many
 * orders a second, for how long.
 *
 * @param orderUrl order-service, where orders are placed and followed
 * @param inventoryUrl inventory-service, whose catalogue the shoppers browse
 * @param rate orders placed per second, and as many catalogue reads: a fixed arrival
 * rate, whatever the answers take
 * @param duration how long the rate is held, after the ramp
 * @param ramp from no load to {@code rate}, so that a step starts from what the one
 * before left, not from a wall of connections
 * @param results where this step's summary is written, as JSON, for capacity.sh
 */
record LoadSettings(URI orderUrl, URI inventoryUrl, double rate, Duration duration, Duration ramp, Path results) {

	static LoadSettings fromSystemProperties() {
		return new LoadSettings(URI.create(System.getProperty("load.orderUrl", "http://localhost:8080")),
				URI.create(System.getProperty("load.inventoryUrl", "http://localhost:8082")),
				Double.parseDouble(System.getProperty("load.rate", "20")),
				Duration.ofSeconds(Long.getLong("load.duration", 60)), Duration.ofSeconds(Long.getLong("load.ramp", 5)),
				Path.of(System.getProperty("load.results", "target/load/step.json")));
	}

	long expectedOrders() {
		return Math.round(this.rate * (this.duration.toSeconds() + this.ramp.toSeconds() / 2.0));
	}

}
