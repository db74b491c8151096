package dev.shopflow.notification.notifications;

import java.util.UUID;

import dev.shopflow.events.ConsumerGroups;
import dev.shopflow.events.DomainEvent;
import dev.shopflow.events.WorkQueues;
import dev.shopflow.messaging.inbox.ProcessedEvents;
import dev.shopflow.messaging.outbox.Outbox;

import org.springframework.stereotype.Component;

/**
 * Turns an event into a notification and its email task, once per event. The inbox
 * record, the notification and the task (an outbox row, published to RabbitMQ after the
 * commit) commit together: no notification is stored without its email on the way, and no
 * email is queued for an event that rolls back to be processed again.
 */
@Component
class Notifier {

	private final ProcessedEvents processedEvents;

	private final NotificationRepository notifications;

	private final Outbox outbox;

	Notifier(ProcessedEvents processedEvents, NotificationRepository notifications, Outbox outbox) {
		this.processedEvents = processedEvents;
		this.notifications = notifications;
		this.outbox = outbox;
	}

	void notifyOnce(DomainEvent event, NewNotification notification) {
		this.processedEvents.once(ConsumerGroups.NOTIFICATION, event,
				() -> this.notifications.add(notification).ifPresent((id) -> emailLater(id, notification)));
	}

	private void emailLater(UUID notificationId, NewNotification notification) {
		this.outbox.appendCommand(WorkQueues.NOTIFICATIONS,
				WorkQueues.emailRoutingKey(notification.kind().deliveryName()), UUID.randomUUID(),
				notification.orderId(), DeliverEmail.TYPE, new DeliverEmail(notificationId));
	}

}
