package dev.shopflow.order.messaging;

import java.time.Clock;

import dev.shopflow.events.ConsumerGroups;
import dev.shopflow.events.PaymentAuthorized;
import dev.shopflow.events.PaymentDeclined;
import dev.shopflow.events.PaymentEvent;
import dev.shopflow.events.PaymentRefunded;
import dev.shopflow.events.Topics;
import dev.shopflow.messaging.UnprocessableEventException;
import dev.shopflow.messaging.inbox.ProcessedEvents;
import dev.shopflow.order.domain.Order;
import dev.shopflow.order.domain.Orders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Settles orders from payment facts. This is how an order left waiting for its payment
 * (PAYMENT_PENDING) is confirmed or cancelled, and how an order whose request died after
 * the payment was made (still PENDING) is finished after all.
 *
 * <p>
 * The synchronous path usually settles first: the event then finds the order settled and
 * has nothing to do. When the event wins the race, the request sees the order moved and
 * answers with it.
 */
@Component
class PaymentEventsListener {

	private static final Logger log = LoggerFactory.getLogger(PaymentEventsListener.class);

	private final ProcessedEvents processedEvents;

	private final Orders orders;

	private final Clock clock;

	PaymentEventsListener(ProcessedEvents processedEvents, Orders orders, Clock clock) {
		this.processedEvents = processedEvents;
		this.orders = orders;
		this.clock = clock;
	}

	@KafkaListener(topics = Topics.PAYMENT_EVENTS, groupId = ConsumerGroups.ORDER)
	void on(PaymentEvent event) {
		switch (event) {
			case PaymentAuthorized authorized ->
				this.processedEvents.once(ConsumerGroups.ORDER, event, () -> paid(authorized));
			case PaymentDeclined declined ->
				this.processedEvents.once(ConsumerGroups.ORDER, event, () -> declined(declined));
			// Refunds follow cancellations this service made itself: nothing left to do.
			case PaymentRefunded refunded -> {
			}
		}
	}

	private void paid(PaymentAuthorized event) {
		Order order = find(event);
		switch (order.status()) {
			case PENDING, PAYMENT_PENDING -> this.orders.update(order.confirm(this.clock.instant()), order.status());
			case CONFIRMED -> {
			}
			// payment-service refunds the payment of a cancelled order when it reads the
			// OrderCancelled event; this side has nothing to undo.
			case CANCELLED, REJECTED -> log.warn("Payment authorized for {} order {}; it is refunded on cancellation",
					order.status(), order.id());
		}
	}

	private void declined(PaymentDeclined event) {
		Order order = find(event);
		switch (order.status()) {
			case PENDING, PAYMENT_PENDING -> this.orders
				.update(order.cancel("payment declined: " + event.reason(), this.clock.instant()), order.status());
			case CANCELLED, REJECTED -> {
			}
			case CONFIRMED -> throw new UnprocessableEventException(
					"Payment of order %s declined, but the order is CONFIRMED".formatted(order.id()));
		}
	}

	private Order find(PaymentEvent event) {
		return this.orders.findById(event.orderId())
			.orElseThrow(() -> new UnprocessableEventException("No order " + event.orderId()));
	}

}
