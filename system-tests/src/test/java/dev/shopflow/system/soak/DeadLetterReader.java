package dev.shopflow.system.soak;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Every dead letter there is: the dead-letter topics read from the beginning, the parking
 * lots looked at without taking anything. What was there before the run is told apart by
 * the topics' end offsets and the parking lots' contents at its start.
 */
final class DeadLetterReader {

	private final RabbitManagement rabbit;

	DeadLetterReader(RabbitManagement rabbit) {
		this.rabbit = rabbit;
	}

	/** Where the dead letters stood before the run. */
	record Marks(Map<TopicPartition, Long> topicEnds, Map<String, Integer> parked) {

	}

	Marks marks() throws IOException {
		try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
			Map<TopicPartition, Long> ends = consumer.endOffsets(partitions(consumer), Duration.ofSeconds(30));
			Map<String, Integer> parked = new HashMap<>();
			for (DeadLetter letter : parkingLots(null)) {
				parked.merge(fingerprint(letter), 1, Integer::sum);
			}
			return new Marks(ends, parked);
		}
	}

	List<DeadLetter> all(Marks before) throws IOException {
		List<DeadLetter> letters = new ArrayList<>(topics(before));
		letters.addAll(parkingLots(before));
		return letters;
	}

	private List<DeadLetter> topics(Marks before) {
		List<DeadLetter> letters = new ArrayList<>();
		try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
			List<TopicPartition> partitions = partitions(consumer);
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(30));
			long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
			while (partitions.stream().anyMatch((p) -> consumer.position(p) < ends.get(p))) {
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException("Could not read the dead-letter topics to their end " + ends);
				}
				for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
					TopicPartition partition = new TopicPartition(record.topic(), record.partition());
					letters.add(new DeadLetter(record.topic() + "-" + record.partition() + "@" + record.offset(),
							text(record.key()), text(record.value()), header(record, SoakNames.DEAD_LETTER_REASON),
							header(record, SoakNames.DEAD_LETTER_GROUP), header(record, SoakNames.EVENT_TYPE),
							record.offset() < before.topicEnds().getOrDefault(partition, 0L)));
				}
			}
		}
		return letters;
	}

	private List<DeadLetter> parkingLots(Marks before) throws IOException {
		Map<String, Integer> seenBefore = (before != null) ? new HashMap<>(before.parked()) : Map.of();
		List<DeadLetter> letters = new ArrayList<>();
		for (RabbitManagement.Queue queue : this.rabbit.queues()) {
			if (!queue.parkingLot()) {
				continue;
			}
			for (JsonNode message : this.rabbit.peek(queue.name(), (int) Math.max(queue.messages() + 100, 1000))) {
				JsonNode headers = message.at("/properties/headers");
				DeadLetter letter = new DeadLetter(queue.name(), message.at("/properties/message_id").asText(null),
						message.path("payload").asText(""), textOrNull(headers.get(SoakNames.PARKING_REASON)),
						textOrNull(headers.get(SoakNames.PARKED_FROM)), textOrNull(headers.get("__TypeId__")), false);
				String fingerprint = fingerprint(letter);
				boolean old = seenBefore.getOrDefault(fingerprint, 0) > 0;
				if (old) {
					seenBefore.merge(fingerprint, -1, Integer::sum);
				}
				letters.add(old ? new DeadLetter(letter.place(), letter.key(), letter.body(), letter.reason(),
						letter.origin(), letter.type(), true) : letter);
			}
		}
		return letters;
	}

	private static String fingerprint(DeadLetter letter) {
		return letter.place() + "\n" + letter.key() + "\n" + letter.reason() + "\n" + letter.body();
	}

	private static KafkaConsumer<byte[], byte[]> consumer() {
		Properties properties = new Properties();
		properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SoakNames.KAFKA);
		properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
		return new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer());
	}

	private static List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> consumer) {
		List<TopicPartition> partitions = new ArrayList<>();
		for (String topic : SoakNames.DEAD_LETTER_TOPICS) {
			List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
			if (infos == null || infos.isEmpty()) {
				throw new IllegalStateException("No dead-letter topic " + topic + " on " + SoakNames.KAFKA);
			}
			infos.forEach((info) -> partitions.add(new TopicPartition(info.topic(), info.partition())));
		}
		return partitions;
	}

	private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
		Header header = record.headers().lastHeader(name);
		return (header != null) ? text(header.value()) : null;
	}

	private static String text(byte[] bytes) {
		return (bytes != null) ? new String(bytes, StandardCharsets.UTF_8) : null;
	}

	private static String textOrNull(JsonNode node) {
		return (node == null || node.isNull()) ? null : node.asText();
	}

}
