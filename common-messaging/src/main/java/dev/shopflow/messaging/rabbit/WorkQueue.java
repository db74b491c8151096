package dev.shopflow.messaging.rabbit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.shopflow.events.WorkQueues;

import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Declarable;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.DirectExchange;
import org.springframework.amqp.core.Exchange;
import org.springframework.amqp.core.ExchangeBuilder;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;

/**
 * The topology of one work queue, retry tiers and parking lot included, so that adding a
 * queue with retries is one bean:
 *
 * <pre>
 * &#64;Bean
 * Declarables authorizePayments(WorkQueue.Factory workQueues) {
 *     return workQueues.direct(WorkQueues.PAYMENT_COMMANDS, WorkQueues.AUTHORIZE_PAYMENT_QUEUE,
 *             WorkQueues.AUTHORIZE_PAYMENT);
 * }
 * </pre>
 *
 * <p>
 * The work queue is a durable quorum queue. A message that fails is republished by
 * {@link RetryTierRecoverer} to the retry queue of its next tier, whose TTL dead-letters
 * it back into the work queue, or to the parking lot when no tier is left. Two nets catch
 * what the recoverer cannot handle: {@code x-delivery-limit} (a message that kills its
 * consumer again and again) and the queue's own dead-lettering, both to the parking lot,
 * at least once ({@code x-dead-letter-strategy=at-least-once} with
 * {@code x-overflow=reject-publish}, which RabbitMQ requires for it).
 */
public final class WorkQueue {

	private WorkQueue() {
	}

	/** Builds work queues with this service's retry tiers and delivery limit. */
	public static final class Factory {

		private final List<Duration> tiers;

		private final int deliveryLimit;

		Factory(List<Duration> tiers, int deliveryLimit) {
			this.tiers = List.copyOf(tiers);
			this.deliveryLimit = deliveryLimit;
		}

		/** A work queue bound to a durable direct exchange with one routing key. */
		public Declarables direct(String exchange, String queue, String routingKey) {
			return declare(ExchangeBuilder.directExchange(exchange).durable(true).build(), queue, routingKey);
		}

		/** A work queue bound to a durable topic exchange with one binding pattern. */
		public Declarables topic(String exchange, String queue, String bindingPattern) {
			return declare(ExchangeBuilder.topicExchange(exchange).durable(true).build(), queue, bindingPattern);
		}

		public List<Duration> tiers() {
			return this.tiers;
		}

		private Declarables declare(Exchange exchange, String queue, String bindingKey) {
			DirectExchange retry = new DirectExchange(WorkQueues.RETRY_EXCHANGE, true, false);
			String parkingLot = WorkQueues.parkingLotOf(queue);
			List<Declarable> declarables = new ArrayList<>();
			declarables.add(exchange);
			declarables.add(retry);
			Queue work = atLeastOnce(QueueBuilder.durable(queue).quorum().deliveryLimit(this.deliveryLimit))
				.deadLetterExchange(WorkQueues.RETRY_EXCHANGE)
				.deadLetterRoutingKey(parkingLot)
				.build();
			declarables.add(work);
			declarables.add(BindingBuilder.bind(work).to(exchange).with(bindingKey).noargs());
			for (Duration delay : this.tiers) {
				String name = WorkQueues.retryQueueOf(queue, delay);
				// Expired messages go back to the work queue through the default
				// exchange, which routes by queue name.
				Queue tier = atLeastOnce(QueueBuilder.durable(name).quorum()).ttl((int) delay.toMillis())
					.deadLetterExchange("")
					.deadLetterRoutingKey(queue)
					.build();
				declarables.add(tier);
				declarables.add(binding(tier, retry));
			}
			Queue parked = QueueBuilder.durable(parkingLot).quorum().build();
			declarables.add(parked);
			declarables.add(binding(parked, retry));
			return new Declarables(declarables);
		}

		private static QueueBuilder atLeastOnce(QueueBuilder queue) {
			return queue.overflow(QueueBuilder.Overflow.rejectPublish)
				.withArgument("x-dead-letter-strategy", "at-least-once");
		}

		private static Binding binding(Queue queue, DirectExchange retry) {
			return BindingBuilder.bind(queue).to(retry).with(queue.getName());
		}

	}

}
