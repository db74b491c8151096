package dev.shopflow.notification.notifications;

/**
 * Where a notification is on its way to the customer. Only {@link #PENDING} for now:
 * delivery over RabbitMQ and SMTP, and with it the states after it, comes with a later
 * issue.
 */
enum NotificationStatus {

	PENDING

}
