package dev.shopflow.system.soak;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Messages that no consumer can read, published on purpose: a non-JSON AuthorizePayment
 * command to RabbitMQ and a non-JSON record to the order-event topic. Each carries
 * {@link #MARKER} and its own id in its body, so the checker can tell a dead letter that
 * was injected (expected, and it must be there) from a valid message that was
 * dead-lettered (a bug).
 */
public final class InjectedPoison {

	/**
	 * In the body of every message injected as poison by a test, the soak's or another
	 * one's.
	 */
	public static final String MARKER = "shopflow-injected-poison";

	private static final ObjectMapper json = new ObjectMapper();

	private final String runId;

	private final HttpClient http;

	private final List<Poison> injected = new CopyOnWriteArrayList<>();

	/**
	 * One injected message.
	 *
	 * @param id what the checker looks for in the dead letters
	 * @param channel {@code rabbitmq} or {@code kafka}
	 * @param destination exchange and routing key, or topic
	 */
	public record Poison(String id, String channel, String destination) {

		String body() {
			return MARKER + " " + this.id + ": this is not json";
		}

		/** Whether a dead letter is this poison. */
		boolean isIn(DeadLetter letter) {
			return letter.body().contains(MARKER + " " + this.id + ":");
		}

	}

	InjectedPoison(String runId, HttpClient http) {
		this.runId = runId;
		this.http = http;
	}

	List<Poison> injected() {
		return List.copyOf(this.injected);
	}

	static boolean isInjected(String body) {
		return body != null && body.contains(MARKER);
	}

	/** An AuthorizePayment command that is not JSON; payment-service must park it. */
	Poison toRabbitMq() throws IOException, InterruptedException {
		Poison poison = new Poison(nextId(), "rabbitmq",
				SoakNames.PAYMENT_COMMANDS + " / " + SoakNames.AUTHORIZE_PAYMENT);
		String body = json.writeValueAsString(Map.of("properties",
				Map.of("content_type", "application/json", "message_id", poison.id()), "routing_key",
				SoakNames.AUTHORIZE_PAYMENT, "payload", poison.body(), "payload_encoding", "string"));
		HttpResponse<String> published = this.http.send(HttpRequest
			.newBuilder(URI.create(SoakNames.RABBIT_API + "/exchanges/%2F/" + SoakNames.PAYMENT_COMMANDS + "/publish"))
			.header("Authorization", SoakNames.RABBIT_AUTHORIZATION)
			.header("Content-Type", "application/json")
			.timeout(Duration.ofSeconds(10))
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
		if (!published.body().contains("\"routed\":true")) {
			throw new IOException("Poison not routed: " + published.statusCode() + " " + published.body());
		}
		this.injected.add(poison);
		return poison;
	}

	/**
	 * A record on the order-event topic that is not JSON; every consumer group must
	 * dead-letter it.
	 */
	Poison toKafka() throws IOException {
		Poison poison = new Poison(nextId(), "kafka", SoakNames.ORDER_EVENTS);
		Properties properties = new Properties();
		properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SoakNames.KAFKA);
		properties.put(ProducerConfig.ACKS_CONFIG, "all");
		properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
		properties.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 20_000);
		properties.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
		try (KafkaProducer<String, String> producer = new KafkaProducer<>(properties, new StringSerializer(),
				new StringSerializer())) {
			ProducerRecord<String, String> record = new ProducerRecord<>(SoakNames.ORDER_EVENTS, poison.id(),
					poison.body());
			producer.send(record).get(30, TimeUnit.SECONDS);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IOException("Poison not published to " + SoakNames.ORDER_EVENTS, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException(ex);
		}
		this.injected.add(poison);
		return poison;
	}

	private String nextId() {
		return this.runId + "-poison-" + (this.injected.size() + 1);
	}

}
