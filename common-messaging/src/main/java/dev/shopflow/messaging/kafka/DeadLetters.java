package dev.shopflow.messaging.kafka;

import java.nio.charset.StandardCharsets;

import dev.shopflow.events.ShopflowHeaders;
import dev.shopflow.events.Topics;
import dev.shopflow.messaging.DependencyWaits;
import dev.shopflow.messaging.FailureKind;
import dev.shopflow.messaging.Failures;
import dev.shopflow.messaging.MessagingProperties;
import dev.shopflow.messaging.UnprocessableEventException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.ConsumerAwareRecordRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.RetryListener;
import org.springframework.kafka.support.ExponentialBackOffWithMaxRetries;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;
import org.springframework.util.backoff.FixedBackOff;

/**
 * The error handler of every listener, by the {@link FailureKind} of the failure:
 * <ul>
 * <li>transient (the database or a broker is away): retried with capped exponential
 * backoff for as long as it lasts. The record's offset is not committed, and its
 * partition is paused while it waits ({@link PartitionPausingBackOff}), so the consumer
 * keeps polling within {@code max.poll.interval.ms} however long the outage is;</li>
 * <li>permanent (cannot be deserialized, invalid, {@link UnprocessableEventException}):
 * to {@code <topic>.DLT} at once, same partition, and the consumer moves on;</li>
 * <li>unknown (a bug, most likely): a few quick retries, then the dead-letter topic.</li>
 * </ul>
 *
 * <p>
 * The dead letter keeps the original value bytes and gets Spring Kafka's headers (the
 * original topic, partition, offset and consumer group, the exception class, message and
 * stack trace) and {@link ShopflowHeaders#DEAD_LETTER_REASON}, the cause in one line. If
 * the dead letter cannot be published, the record is not committed and comes back:
 * nothing is dropped silently.
 */
public final class DeadLetters {

	private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

	private DeadLetters() {
	}

	public static DefaultErrorHandler errorHandler(KafkaOperations<Object, Object> template,
			MessagingProperties.Retry retry, PartitionPausingBackOff pausing, DependencyWaits waits,
			MeterRegistry meters) {
		DeadLetterPublishingRecoverer publisher = new DeadLetterPublishingRecoverer(template,
				(record, ex) -> new TopicPartition(Topics.deadLetterTopicOf(record.topic()), record.partition()));
		publisher.setHeadersFunction((record, ex) -> new RecordHeaders(new Header[] {
				new RecordHeader(ShopflowHeaders.DEAD_LETTER_REASON, reason(ex).getBytes(StandardCharsets.UTF_8)) }));
		ConsumerAwareRecordRecoverer recoverer = (record, consumer, ex) -> {
			log.error("Dead-lettering {}-{}@{} ({} failure): {}", record.topic(), record.partition(), record.offset(),
					FailureKind.of(ex), reason(ex));
			publisher.accept(record, consumer, ex);
			Counter.builder("shopflow.events.dead.lettered")
				.description("Records sent to a dead-letter topic")
				.tag("topic", record.topic())
				.register(meters)
				.increment();
		};
		DefaultErrorHandler handler = new DefaultErrorHandler(recoverer, unknownFailureBackOff(retry), pausing);
		BackOff untilBack = transientFailureBackOff(retry);
		BackOff never = new FixedBackOff(0, 0);
		handler.setBackOffFunction((record, ex) -> switch (FailureKind.of(ex)) {
			case TRANSIENT -> untilBack;
			case PERMANENT -> never;
			case UNKNOWN -> null;
		});
		handler.addNotRetryableExceptions(UnprocessableEventException.class);
		handler.setRetryListeners(pausing, new WaitReporter(waits));
		return handler;
	}

	/** A few quick retries, in case a bug was a race; then the dead-letter topic. */
	private static BackOff unknownFailureBackOff(MessagingProperties.Retry retry) {
		ExponentialBackOffWithMaxRetries backOff = new ExponentialBackOffWithMaxRetries(retry.maxRetries());
		backOff.setInitialInterval(retry.initialInterval().toMillis());
		backOff.setMultiplier(retry.multiplier());
		backOff.setMaxInterval(retry.maxInterval().toMillis());
		return backOff;
	}

	/** Never gives up: waiting is what fixes a dependency that is away. */
	private static BackOff transientFailureBackOff(MessagingProperties.Retry retry) {
		ExponentialBackOff backOff = new ExponentialBackOff(retry.initialInterval().toMillis(), retry.multiplier());
		backOff.setMaxInterval(retry.transientMaxInterval().toMillis());
		backOff.setMaxElapsedTime(Long.MAX_VALUE);
		return backOff;
	}

	static String reason(Throwable failure) {
		return Failures.reason(failure);
	}

	/**
	 * Reports transient retries to {@link DependencyWaits}. Their end is a record
	 * processed (the record interceptor's success), not a record dead-lettered: a poison
	 * record on another partition says nothing about the database.
	 */
	private record WaitReporter(DependencyWaits waits) implements RetryListener {

		@Override
		public void failedDelivery(ConsumerRecord<?, ?> record, Exception ex, int deliveryAttempt) {
			if (FailureKind.of(ex) == FailureKind.TRANSIENT) {
				this.waits.retrying(record.topic(), ex);
			}
		}

	}

}
