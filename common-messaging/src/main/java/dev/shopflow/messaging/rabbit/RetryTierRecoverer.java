package dev.shopflow.messaging.rabbit;

import java.time.Duration;
import java.util.List;

import dev.shopflow.events.ShopflowHeaders;
import dev.shopflow.events.WorkQueues;
import dev.shopflow.messaging.Failures;
import dev.shopflow.messaging.UnprocessableEventException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.retry.MessageRecoverer;
import org.springframework.amqp.support.converter.MessageConversionException;
import org.springframework.messaging.handler.invocation.MethodArgumentResolutionException;

/**
 * What happens to a message whose listener failed: it goes to the retry queue of its next
 * tier, or, after the last tier or when no retry can fix it (it cannot be read, or the
 * listener said so with {@link UnprocessableEventException}), to its queue's parking lot
 * with the reason in its headers.
 *
 * <p>
 * The attempt number travels in the message ({@link ShopflowHeaders#ATTEMPT}), so it
 * survives the retry queues. The failed delivery is acknowledged only after the broker
 * confirmed the republished copy; if that publish fails, the listener container rejects
 * the delivery and the work queue dead-letters it to the parking lot itself.
 */
public class RetryTierRecoverer implements MessageRecoverer {

	private static final Logger log = LoggerFactory.getLogger(RetryTierRecoverer.class);

	private final ConfirmedPublisher publisher;

	private final List<Duration> tiers;

	private final MeterRegistry meters;

	RetryTierRecoverer(ConfirmedPublisher publisher, List<Duration> tiers, MeterRegistry meters) {
		this.publisher = publisher;
		this.tiers = List.copyOf(tiers);
		this.meters = meters;
	}

	@Override
	public void recover(Message message, Throwable cause) {
		MessageProperties properties = message.getMessageProperties();
		// Spring's bookkeeping of the failed delivery means nothing on the copy.
		properties.getHeaders().keySet().removeIf((name) -> name.startsWith("spring_"));
		String queue = properties.getConsumerQueue();
		int attempt = attemptOf(message);
		if (isPermanent(cause) || attempt > this.tiers.size()) {
			park(message, queue, attempt, cause);
			return;
		}
		Duration delay = this.tiers.get(attempt - 1);
		properties.setHeader(ShopflowHeaders.ATTEMPT, attempt + 1);
		this.publisher.publish(WorkQueues.RETRY_EXCHANGE, WorkQueues.retryQueueOf(queue, delay), message);
		log.warn("Attempt {} at a message of {} failed, retrying in {}: {}", attempt, queue, delay,
				Failures.reason(cause));
		Counter.builder("shopflow.rabbit.retries")
			.description("Failed messages sent to a retry tier")
			.tag("queue", queue)
			.tag("tier", delay.toString())
			.register(this.meters)
			.increment();
	}

	/** 1 for a message that has not failed yet. */
	public static int attemptOf(Message message) {
		Object attempt = message.getMessageProperties().getHeader(ShopflowHeaders.ATTEMPT);
		return (attempt instanceof Number number) ? number.intValue() : 1;
	}

	private void park(Message message, String queue, int attempt, Throwable cause) {
		MessageProperties properties = message.getMessageProperties();
		properties.setHeader(ShopflowHeaders.PARKING_REASON, Failures.reason(cause));
		properties.setHeader(ShopflowHeaders.PARKED_FROM, queue);
		this.publisher.publish(WorkQueues.RETRY_EXCHANGE, WorkQueues.parkingLotOf(queue), message);
		log.error("Parked a message of {} after attempt {}: {}", queue, attempt, Failures.reason(cause));
		Counter.builder("shopflow.rabbit.parked")
			.description("Messages sent to a parking lot")
			.tag("queue", queue)
			.register(this.meters)
			.increment();
	}

	/**
	 * What no retry can fix: a body the listener cannot read, or a listener's verdict.
	 */
	private static boolean isPermanent(Throwable cause) {
		return Failures.isCausedBy(cause, MessageConversionException.class)
				|| Failures.isCausedBy(cause, org.springframework.messaging.converter.MessageConversionException.class)
				|| Failures.isCausedBy(cause, MethodArgumentResolutionException.class)
				|| Failures.isCausedBy(cause, UnprocessableEventException.class);
	}

}
