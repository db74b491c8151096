package dev.shopflow.messaging.kafka;

import java.time.Duration;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.kafka.listener.BackOffHandler;
import org.springframework.kafka.listener.DefaultBackOffHandler;
import org.springframework.kafka.listener.ListenerContainerPauseService;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.listener.RetryListener;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * Waits out a retry's backoff by pausing the failed record's partition instead of
 * sleeping in the consumer thread: the consumer keeps polling (so a backoff of any length
 * stays within {@code max.poll.interval.ms} and the group does not rebalance), the
 * record's offset stays uncommitted, and the other partitions of the consumer go on.
 *
 * <p>
 * Spring Kafka's own {@code ContainerPausingBackOffHandler} pauses the whole container,
 * because the error handler tells a back-off handler the container but not the partition.
 * The retry listener is told the record just before, on the same consumer thread, so this
 * class remembers its partition there.
 */
public class PartitionPausingBackOff implements BackOffHandler, RetryListener, DisposableBean {

	private final ThreadLocal<TopicPartition> failed = new ThreadLocal<>();

	private final ThreadPoolTaskScheduler resumer = new ThreadPoolTaskScheduler();

	private final ListenerContainerPauseService pauses;

	private final BackOffHandler sleeping = new DefaultBackOffHandler();

	public PartitionPausingBackOff() {
		this.resumer.setThreadNamePrefix("kafka-resume-");
		this.resumer.setDaemon(true);
		this.resumer.initialize();
		this.pauses = new ListenerContainerPauseService(null, this.resumer);
	}

	@Override
	public void failedDelivery(ConsumerRecord<?, ?> record, Exception ex, int deliveryAttempt) {
		this.failed.set(new TopicPartition(record.topic(), record.partition()));
	}

	@Override
	public void onNextBackOff(MessageListenerContainer container, Exception exception, long nextBackOff) {
		TopicPartition partition = this.failed.get();
		this.failed.remove();
		if (container == null || partition == null) {
			this.sleeping.onNextBackOff(container, exception, nextBackOff);
		}
		else {
			this.pauses.pausePartition(container, partition, Duration.ofMillis(nextBackOff));
		}
	}

	@Override
	public void destroy() {
		this.resumer.shutdown();
	}

}
