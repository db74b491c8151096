package dev.shopflow.order.messaging;

import dev.shopflow.events.WorkQueues;

import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.ExchangeBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Everything order-service declares in RabbitMQ: the exchanges it publishes to. The
 * queues behind them belong to their consumers (payment-service, inventory-service),
 * which declare them with their retry tiers; declaring an exchange both sides agree on is
 * idempotent.
 *
 * <p>
 * Declaring the exchanges here, too, means a publish never fails on a missing exchange (a
 * channel error) but on a missing queue: the broker then returns the message, which the
 * publisher sees at once. A returned payment command stays in the outbox and is retried;
 * a returned quote request fails the quote without waiting for its reply timeout.
 */
@Configuration(proxyBeanMethods = false)
class OrderTopology {

	@Bean
	Declarables orderServiceExchanges() {
		return new Declarables(ExchangeBuilder.directExchange(WorkQueues.PAYMENT_COMMANDS).durable(true).build(),
				ExchangeBuilder.directExchange(WorkQueues.INVENTORY_REQUESTS).durable(true).build());
	}

}
