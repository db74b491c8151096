package dev.shopflow.notification.notifications;

/** The customer-visible change a notification tells about. */
enum NotificationKind {

	CONFIRMED, REJECTED, CANCELLED, REFUNDED

}
