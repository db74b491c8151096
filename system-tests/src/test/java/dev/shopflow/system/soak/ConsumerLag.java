package dev.shopflow.system.soak;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Records written to the event topics that their consumer groups have not committed yet:
 * events still on their way, or being retried.
 */
final class ConsumerLag implements AutoCloseable {

	private final Admin admin;

	ConsumerLag() {
		Properties properties = new Properties();
		properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, SoakNames.KAFKA);
		properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 20_000);
		properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
		this.admin = Admin.create(properties);
	}

	/**
	 * Lag by consumer group and topic; a partition a group never committed counts whole.
	 */
	Map<String, Long> byGroupAndTopic() throws ExecutionException, InterruptedException, TimeoutException {
		Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
		Map<String, TopicDescription> topics = this.admin.describeTopics(SoakNames.CONSUMERS.keySet())
			.allTopicNames()
			.get(30, TimeUnit.SECONDS);
		topics.values()
			.forEach((topic) -> topic.partitions()
				.forEach((p) -> latest.put(new TopicPartition(topic.name(), p.partition()), OffsetSpec.latest())));
		Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = this.admin.listOffsets(latest)
			.all()
			.get(30, TimeUnit.SECONDS);
		Map<String, Long> lag = new HashMap<>();
		for (Map.Entry<String, List<String>> topic : SoakNames.CONSUMERS.entrySet()) {
			for (String group : topic.getValue()) {
				Map<TopicPartition, OffsetAndMetadata> committed = this.admin.listConsumerGroupOffsets(group)
					.partitionsToOffsetAndMetadata()
					.get(30, TimeUnit.SECONDS);
				long behind = 0;
				for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end : ends.entrySet()) {
					if (end.getKey().topic().equals(topic.getKey())) {
						OffsetAndMetadata offset = committed.get(end.getKey());
						behind += end.getValue().offset() - ((offset != null) ? offset.offset() : 0);
					}
				}
				lag.put(group + " on " + topic.getKey(), behind);
			}
		}
		return lag;
	}

	@Override
	public void close() {
		this.admin.close();
	}

}
