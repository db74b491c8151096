package dev.shopflow.notification.notifications;

import java.util.UUID;

/**
 * The task of emailing one notification, consumed by {@link EmailWorker}. It carries only
 * the id: the worker reads the notification as it is when the task runs, and whether it
 * was delivered already.
 */
record DeliverEmail(UUID notificationId) {

	static final String TYPE = "DeliverEmail";

}
