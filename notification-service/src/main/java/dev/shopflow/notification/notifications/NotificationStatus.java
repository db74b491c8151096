package dev.shopflow.notification.notifications;

/** Where a notification is on its way to the customer. */
enum NotificationStatus {

	/** Stored; its email task is queued or being retried. */
	PENDING,

	/** The email was handed to the SMTP server. */
	DELIVERED,

	/**
	 * Its email failed on every retry tier and the task waits in the parking lot for a
	 * person; sent again from there, it can still end {@link #DELIVERED}.
	 */
	PARKED

}
