package dev.shopflow.messaging.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import dev.shopflow.events.ShopflowHeaders;
import dev.shopflow.events.Topics;
import dev.shopflow.messaging.Failures;
import dev.shopflow.messaging.MessagingProperties;
import dev.shopflow.messaging.UnprocessableEventException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
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
import org.springframework.kafka.support.ExponentialBackOffWithMaxRetries;

/**
 * The error handler of every listener: a few quick retries for what may pass (the
 * database was busy), then the record goes to {@code <topic>.DLT}, same partition, and
 * the consumer moves on. Records that no retry can fix go there at once: values that
 * cannot be deserialized (not JSON, unknown event type, broken contract) and
 * {@link UnprocessableEventException}.
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
			MessagingProperties.Retry retry, Duration maxPollInterval, MeterRegistry meters) {
		Duration worstCase = retry.worstCaseWait();
		if (worstCase.compareTo(maxPollInterval.dividedBy(2)) > 0) {
			throw new IllegalStateException("Retry waits of up to %s do not fit max.poll.interval.ms of %s"
				.formatted(worstCase, maxPollInterval));
		}
		DeadLetterPublishingRecoverer publisher = new DeadLetterPublishingRecoverer(template,
				(record, ex) -> new TopicPartition(Topics.deadLetterTopicOf(record.topic()), record.partition()));
		publisher.setHeadersFunction((record, ex) -> new RecordHeaders(new Header[] {
				new RecordHeader(ShopflowHeaders.DEAD_LETTER_REASON, reason(ex).getBytes(StandardCharsets.UTF_8)) }));
		ConsumerAwareRecordRecoverer recoverer = (record, consumer, ex) -> {
			log.error("Dead-lettering {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), reason(ex));
			publisher.accept(record, consumer, ex);
			Counter.builder("shopflow.events.dead.lettered")
				.description("Records sent to a dead-letter topic")
				.tag("topic", record.topic())
				.register(meters)
				.increment();
		};
		ExponentialBackOffWithMaxRetries backOff = new ExponentialBackOffWithMaxRetries(retry.maxRetries());
		backOff.setInitialInterval(retry.initialInterval().toMillis());
		backOff.setMultiplier(retry.multiplier());
		backOff.setMaxInterval(retry.maxInterval().toMillis());
		DefaultErrorHandler handler = new DefaultErrorHandler(recoverer, backOff);
		handler.addNotRetryableExceptions(UnprocessableEventException.class);
		return handler;
	}

	static String reason(Throwable failure) {
		return Failures.reason(failure);
	}

}
