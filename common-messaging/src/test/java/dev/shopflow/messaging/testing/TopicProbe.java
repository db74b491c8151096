package dev.shopflow.messaging.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import static org.awaitility.Awaitility.await;

/**
 * Reads a topic from its beginning, outside any consumer group, for tests to assert on
 * what was published. Values stay bytes, so a dead letter that is not JSON can be read.
 */
public final class TopicProbe implements AutoCloseable {

	private final KafkaConsumer<String, byte[]> consumer;

	private final List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();

	private TopicProbe(KafkaConsumer<String, byte[]> consumer) {
		this.consumer = consumer;
	}

	public static TopicProbe on(String bootstrapServers, String topic) {
		KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
				Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ConsumerConfig.GROUP_ID_CONFIG,
						"probe-" + UUID.randomUUID(), ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
				new StringDeserializer(), new ByteArrayDeserializer());
		List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30))
			.stream()
			.map((info) -> new TopicPartition(topic, info.partition()))
			.toList();
		consumer.assign(partitions);
		consumer.seekToBeginning(partitions);
		return new TopicProbe(consumer);
	}

	/** Every record read so far, in the order read (partition order is kept per key). */
	public List<ConsumerRecord<String, byte[]>> records() {
		this.consumer.poll(Duration.ofMillis(100)).forEach(this.seen::add);
		return List.copyOf(this.seen);
	}

	/** The records of one key, once {@code until} holds for them. */
	public List<ConsumerRecord<String, byte[]>> awaitKey(String key,
			Predicate<List<ConsumerRecord<String, byte[]>>> until) {
		return await().atMost(Duration.ofSeconds(30)).until(() -> ofKey(key), until);
	}

	public List<ConsumerRecord<String, byte[]>> ofKey(String key) {
		return records().stream().filter((record) -> key.equals(record.key())).toList();
	}

	public static String header(ConsumerRecord<?, ?> record, String name) {
		Header header = record.headers().lastHeader(name);
		return (header != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

	public static String value(ConsumerRecord<?, byte[]> record) {
		return new String(record.value(), StandardCharsets.UTF_8);
	}

	@Override
	public void close() {
		this.consumer.close(Duration.ZERO);
	}

}
