package dev.shopflow.notification.notifications;

import java.time.Instant;
import java.util.UUID;

/** A stored notification, as the API shows it. */
record Notification(UUID id, UUID orderId, String customerId, NotificationKind kind, String subject, String body,
		NotificationStatus status, Instant createdAt) {

}
