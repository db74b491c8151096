package dev.shopflow.inventory.product;

import dev.shopflow.events.WorkQueues;

import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.DirectExchange;
import org.springframework.amqp.core.ExchangeBuilder;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.rabbit.config.SimpleRabbitListenerContainerFactory;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.amqp.SimpleRabbitListenerContainerFactoryConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Everything this service declares in RabbitMQ: the exchange of questions to inventory
 * and the queue of quote requests, answered by request-reply.
 *
 * <p>
 * Deliberately not a work queue with retry tiers: a question is only worth answering
 * while its caller is still waiting, and the caller has its own timeout and circuit
 * breaker. Retrying a failed question seconds later would answer nobody, and would add
 * load exactly when the service is struggling. A request that fails is dropped; one that
 * waited past its expiration is dropped by the broker before it is ever delivered.
 */
@Configuration(proxyBeanMethods = false)
class InventoryTopology {

	/** The listener container factory of request-reply responders. */
	static final String REQUEST_REPLY = "requestReplyContainerFactory";

	/**
	 * A durable classic queue: it and its binding survive a broker restart, so callers'
	 * requests stay routable while this service reconnects. Not a quorum queue: a request
	 * is a question that expires in a moment, not a command whose loss costs anything, so
	 * replicating each one through Raft would only add latency.
	 */
	@Bean
	Declarables quoteQueue() {
		DirectExchange requests = ExchangeBuilder.directExchange(WorkQueues.INVENTORY_REQUESTS).durable(true).build();
		Queue quotes = QueueBuilder.durable(WorkQueues.QUOTE_QUEUE).build();
		Binding binding = BindingBuilder.bind(quotes).to(requests).with(WorkQueues.QUOTE);
		return new Declarables(requests, quotes, binding);
	}

	/**
	 * Boot's factory (concurrency, prefetch and the JSON converter from its properties)
	 * with no retries: a request that fails is rejected without requeue, so it can never
	 * loop, and the queue has no dead-letter exchange, so it is gone. The caller times
	 * out.
	 */
	@Bean(REQUEST_REPLY)
	SimpleRabbitListenerContainerFactory requestReplyContainerFactory(
			SimpleRabbitListenerContainerFactoryConfigurer configurer, ConnectionFactory connectionFactory,
			ObjectProvider<QuoteListener> quotes) {
		SimpleRabbitListenerContainerFactory factory = new SimpleRabbitListenerContainerFactory();
		configurer.configure(factory, connectionFactory);
		factory.setDefaultRequeueRejected(false);
		// Looked up on first use: the listener is registered with this factory, so it
		// cannot be a dependency of it.
		factory.setErrorHandler((failure) -> quotes.getObject().rejected(failure));
		// A reply is worth nothing once its caller gave up, so it is never written to
		// disk
		// when it goes to a durable reply queue.
		factory.setBeforeSendReplyPostProcessors((reply) -> {
			reply.getMessageProperties().setDeliveryMode(MessageDeliveryMode.NON_PERSISTENT);
			return reply;
		});
		return factory;
	}

}
