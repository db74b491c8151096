package dev.shopflow.payment.payments;

import dev.shopflow.events.WorkQueues;
import dev.shopflow.messaging.rabbit.WorkQueue;

import org.springframework.amqp.core.Declarables;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Everything this service declares in RabbitMQ: the payment commands exchange and the
 * queue of {@code AuthorizePayment}, with its retry tiers and parking lot. Declared by
 * the consumer: until this service has started once, order-service's relay is refused (no
 * exchange, or unroutable) and keeps its commands in its outbox.
 */
@Configuration(proxyBeanMethods = false)
class PaymentTopology {

	@Bean
	Declarables authorizePaymentQueue(WorkQueue.Factory workQueues) {
		return workQueues.direct(WorkQueues.PAYMENT_COMMANDS, WorkQueues.AUTHORIZE_PAYMENT_QUEUE,
				WorkQueues.AUTHORIZE_PAYMENT);
	}

}
