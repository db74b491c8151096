package dev.shopflow.notification.notifications;

import java.time.Instant;
import java.util.UUID;

/**
 * A stored notification, as the API shows it.
 *
 * @param attempts attempts at its email so far: the one that delivered it, or the last
 * one before its task was parked; 0 while none has finished
 * @param deliveredAt when the SMTP server took the email; {@code null} until then
 */
record Notification(UUID id, UUID orderId, String customerId, NotificationKind kind, String subject, String body,
		NotificationStatus status, int attempts, Instant createdAt, Instant deliveredAt) {

}
