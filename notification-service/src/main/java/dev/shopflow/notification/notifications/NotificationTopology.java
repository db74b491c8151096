package dev.shopflow.notification.notifications;

import java.time.Duration;

import dev.shopflow.events.WorkQueues;
import dev.shopflow.messaging.rabbit.WorkQueue;

import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.rabbit.config.SimpleRabbitListenerContainerFactory;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.boot.autoconfigure.amqp.SimpleRabbitListenerContainerFactoryConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Everything this service sets up in RabbitMQ: the notifications exchange and the queue
 * of email tasks, with its retry tiers and parking lot, and the listener containers that
 * consume it in batches.
 */
@Configuration(proxyBeanMethods = false)
class NotificationTopology {

	static final String EMAIL_BATCHES = "emailBatchListenerContainerFactory";

	/**
	 * How long a consumer waits for more tasks before it sends a batch that is not full:
	 * the delay a lone email takes on a quiet day. Under load the prefetched messages
	 * fill a batch at once.
	 */
	private static final Duration BATCH_FILL_WAIT = Duration.ofMillis(50);

	@Bean
	Declarables emailQueue(WorkQueue.Factory workQueues) {
		return workQueues.topic(WorkQueues.NOTIFICATIONS, WorkQueues.EMAIL_QUEUE,
				WorkQueues.EMAIL_ROUTING_PREFIX + "#");
	}

	/**
	 * Boot's container settings (concurrency, prefetch), with batches of email tasks
	 * delivered to the listener at once, so that one SMTP connection and one database
	 * transaction serve a whole batch. {@link EmailWorker} settles every task of a batch
	 * itself (sent, a repeat, or handed to the retry tiers), so there is no retry advice
	 * here; should it throw anyway, the batch is rejected, not requeued, and the queue
	 * dead-letters it to the parking lot.
	 */
	@Bean(EMAIL_BATCHES)
	SimpleRabbitListenerContainerFactory emailBatchListenerContainerFactory(
			SimpleRabbitListenerContainerFactoryConfigurer configurer, ConnectionFactory connectionFactory,
			NotificationProperties properties) {
		SimpleRabbitListenerContainerFactory factory = new SimpleRabbitListenerContainerFactory();
		configurer.configure(factory, connectionFactory);
		factory.setBatchListener(true);
		factory.setConsumerBatchEnabled(true);
		factory.setBatchSize(properties.email().batchSize());
		factory.setReceiveTimeout(BATCH_FILL_WAIT.toMillis());
		factory.setDefaultRequeueRejected(false);
		return factory;
	}

}
