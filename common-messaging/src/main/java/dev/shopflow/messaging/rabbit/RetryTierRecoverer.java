package dev.shopflow.messaging.rabbit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.shopflow.events.ShopflowHeaders;
import dev.shopflow.events.WorkQueues;
import dev.shopflow.messaging.DependencyWaits;
import dev.shopflow.messaging.FailureKind;
import dev.shopflow.messaging.Failures;
import dev.shopflow.messaging.UnprocessableEventException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.retry.MessageRecoverer;

/**
 * What happens to a message whose listener failed, by the {@link FailureKind} of the
 * failure:
 * <ul>
 * <li>transient (a dependency is away): to the retry queue of its next tier, and once the
 * tiers are used up through the last tier again and again, for as long as the dependency
 * is away. Only a message still failing {@code maxRetryAge} after its first failure is
 * parked: by then it needs a person, not another wait;</li>
 * <li>permanent (it cannot be read, or the listener said so with
 * {@link UnprocessableEventException}): to its queue's parking lot at once;</li>
 * <li>unknown (a bug, most likely): through the tiers once, then the parking lot.</li>
 * </ul>
 * A parked message carries the reason and the queue it failed in as headers.
 *
 * <p>
 * The attempt number ({@link ShopflowHeaders#ATTEMPT}) and the time of the first failure
 * ({@link ShopflowHeaders#FIRST_FAILED_AT}) travel in the message, so they survive the
 * retry queues. The failed delivery is acknowledged only after the broker confirmed the
 * republished copy; if that publish fails, the listener container rejects the delivery
 * and the work queue dead-letters it to the parking lot itself.
 */
public class RetryTierRecoverer implements MessageRecoverer {

	private static final Logger log = LoggerFactory.getLogger(RetryTierRecoverer.class);

	private final ConfirmedPublisher publisher;

	private final List<Duration> tiers;

	private final Duration maxRetryAge;

	private final DependencyWaits waits;

	private final MeterRegistry meters;

	private final Clock clock;

	RetryTierRecoverer(ConfirmedPublisher publisher, List<Duration> tiers, Duration maxRetryAge, DependencyWaits waits,
			MeterRegistry meters, Clock clock) {
		this.publisher = publisher;
		this.tiers = List.copyOf(tiers);
		this.maxRetryAge = maxRetryAge;
		this.waits = waits;
		this.meters = meters;
		this.clock = clock;
	}

	@Override
	public void recover(Message message, Throwable cause) {
		MessageProperties properties = message.getMessageProperties();
		// Spring's bookkeeping of the failed delivery means nothing on the copy.
		properties.getHeaders().keySet().removeIf((name) -> name.startsWith("spring_"));
		String queue = properties.getConsumerQueue();
		int attempt = attemptOf(message);
		FailureKind kind = FailureKind.of(cause);
		if (parks(message, cause)) {
			park(message, queue, attempt, kind, cause);
			return;
		}
		Duration delay = this.tiers.get(Math.min(attempt, this.tiers.size()) - 1);
		properties.setHeader(ShopflowHeaders.ATTEMPT, attempt + 1);
		if (properties.getHeader(ShopflowHeaders.FIRST_FAILED_AT) == null) {
			properties.setHeader(ShopflowHeaders.FIRST_FAILED_AT, this.clock.millis());
		}
		this.publisher.publish(WorkQueues.RETRY_EXCHANGE, WorkQueues.retryQueueOf(queue, delay), message);
		if (kind == FailureKind.TRANSIENT) {
			this.waits.retrying(queue, cause);
		}
		log.warn("Attempt {} at a message of {} failed ({}), retrying in {}: {}", attempt, queue, kind, delay,
				Failures.reason(cause));
		Counter.builder("shopflow.rabbit.retries")
			.description("Failed messages sent to a retry tier")
			.tag("queue", queue)
			.tag("tier", delay.toString())
			.register(this.meters)
			.increment();
	}

	/**
	 * Whether {@link #recover} parks this message for this failure rather than retrying
	 * it: for a listener that settles a batch itself and records the outcome first.
	 */
	public boolean parks(Message message, Throwable cause) {
		return switch (FailureKind.of(cause)) {
			case PERMANENT -> true;
			case TRANSIENT -> retriedFor(message).compareTo(this.maxRetryAge) > 0;
			case UNKNOWN -> attemptOf(message) > this.tiers.size();
		};
	}

	/** 1 for a message that has not failed yet. */
	public static int attemptOf(Message message) {
		Object attempt = message.getMessageProperties().getHeader(ShopflowHeaders.ATTEMPT);
		return (attempt instanceof Number number) ? number.intValue() : 1;
	}

	private Duration retriedFor(Message message) {
		Object firstFailedAt = message.getMessageProperties().getHeader(ShopflowHeaders.FIRST_FAILED_AT);
		return (firstFailedAt instanceof Number millis)
				? Duration.between(Instant.ofEpochMilli(millis.longValue()), this.clock.instant()) : Duration.ZERO;
	}

	private void park(Message message, String queue, int attempt, FailureKind kind, Throwable cause) {
		MessageProperties properties = message.getMessageProperties();
		String reason = (kind == FailureKind.TRANSIENT)
				? "still failing %s after its first failure: %s".formatted(this.maxRetryAge, Failures.reason(cause))
				: Failures.reason(cause);
		properties.setHeader(ShopflowHeaders.PARKING_REASON, reason);
		properties.setHeader(ShopflowHeaders.PARKED_FROM, queue);
		// Counted before the publish. Should the publish fail, the container rejects the
		// delivery and the broker dead-letters it to the same parking lot: parked either
		// way. And whoever reads the parking lot never meets a message not yet counted.
		Counter.builder("shopflow.rabbit.parked")
			.description("Messages sent to a parking lot")
			.tag("queue", queue)
			.register(this.meters)
			.increment();
		this.publisher.publish(WorkQueues.RETRY_EXCHANGE, WorkQueues.parkingLotOf(queue), message);
		this.waits.resumed(queue);
		log.error("Parked a message of {} after attempt {} ({} failure): {}", queue, attempt, kind, reason);
	}

}
