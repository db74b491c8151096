package dev.shopflow.notification.notifications;

import dev.shopflow.events.ConsumerGroups;
import dev.shopflow.events.DomainEvent;
import dev.shopflow.events.OrderCancelled;
import dev.shopflow.events.OrderConfirmed;
import dev.shopflow.events.OrderEvent;
import dev.shopflow.events.OrderPlaced;
import dev.shopflow.events.OrderRejected;
import dev.shopflow.events.Topics;
import dev.shopflow.messaging.UnprocessableEventException;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Tells the customer how their order ended. */
@Component
class OrderEventsListener {

	private final Notifier notifier;

	OrderEventsListener(Notifier notifier) {
		this.notifier = notifier;
	}

	// Takes any DomainEvent so that a misrouted event goes to the dead-letter topic at
	// once, instead of failing conversion through every retry.
	@KafkaListener(topics = Topics.ORDER_EVENTS, groupId = ConsumerGroups.NOTIFICATION)
	void on(DomainEvent event) {
		if (!(event instanceof OrderEvent orderEvent)) {
			throw new UnprocessableEventException("%s is not an order event and does not belong on %s"
				.formatted(event.eventType(), Topics.ORDER_EVENTS));
		}
		switch (orderEvent) {
			case OrderConfirmed confirmed -> this.notifier.notifyOnce(event, NewNotification.of(confirmed));
			case OrderRejected rejected -> this.notifier.notifyOnce(event, NewNotification.of(rejected));
			case OrderCancelled cancelled -> this.notifier.notifyOnce(event, NewNotification.of(cancelled));
			// Placing an order tells the customer nothing new: they just placed it,
			// and its outcome (confirmed, rejected or cancelled) follows as an event
			// of its own.
			case OrderPlaced placed -> {
			}
		}
	}

}
