package dev.shopflow.notification.notifications;

import dev.shopflow.events.ConsumerGroups;
import dev.shopflow.events.DomainEvent;
import dev.shopflow.events.PaymentAuthorized;
import dev.shopflow.events.PaymentDeclined;
import dev.shopflow.events.PaymentEvent;
import dev.shopflow.events.PaymentRefunded;
import dev.shopflow.events.Topics;
import dev.shopflow.messaging.UnprocessableEventException;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Tells the customer when money went back to them. */
@Component
class PaymentEventsListener {

	private final Notifier notifier;

	PaymentEventsListener(Notifier notifier) {
		this.notifier = notifier;
	}

	// Takes any DomainEvent so that a misrouted event goes to the dead-letter topic at
	// once, instead of failing conversion through every retry.
	@KafkaListener(topics = Topics.PAYMENT_EVENTS, groupId = ConsumerGroups.NOTIFICATION)
	void on(DomainEvent event) {
		if (!(event instanceof PaymentEvent paymentEvent)) {
			throw new UnprocessableEventException("%s is not a payment event and does not belong on %s"
				.formatted(event.eventType(), Topics.PAYMENT_EVENTS));
		}
		switch (paymentEvent) {
			case PaymentRefunded refunded -> this.notifier.notifyOnce(event, NewNotification.of(refunded));
			// Authorization and decline are steps of the order, not its outcome: the
			// order event that follows (confirmed, or cancelled) is what the customer
			// is told.
			case PaymentAuthorized authorized -> {
			}
			case PaymentDeclined declined -> {
			}
		}
	}

}
