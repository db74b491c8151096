package dev.shopflow.notification.notifications;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code notification} table. Writes join the caller's transaction, which is the
 * inbox's: the notification and the record that its event was processed commit together.
 */
@Repository
class NotificationRepository {

	private static final Logger log = LoggerFactory.getLogger(NotificationRepository.class);

	private final JdbcClient jdbc;

	private final Clock clock;

	NotificationRepository(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/**
	 * Stores a pending notification unless one for the same event exists. The inbox
	 * normally stops a repeated event before it gets here; should one get through, it is
	 * a duplicate to skip, not a failure to retry and dead-letter.
	 */
	void add(NewNotification notification) {
		int inserted = this.jdbc.sql("""
				INSERT INTO notification (id, event_id, order_id, customer_id, kind, subject, body, status, created_at)
				VALUES (:id, :eventId, :orderId, :customerId, :kind, :subject, :body, :status, :createdAt)
				ON CONFLICT (event_id) DO NOTHING
				""")
			.param("id", UUID.randomUUID())
			.param("eventId", notification.eventId())
			.param("orderId", notification.orderId())
			.param("customerId", notification.customerId())
			.param("kind", notification.kind().name())
			.param("subject", notification.subject())
			.param("body", notification.body())
			.param("status", NotificationStatus.PENDING.name())
			.param("createdAt", Timestamp.from(this.clock.instant()))
			.update();
		if (inserted == 0) {
			log.warn("Event {} of order {} already has a notification; the inbox let a duplicate through",
					notification.eventId(), notification.orderId());
		}
	}

	List<Notification> findByOrderId(UUID orderId) {
		return this.jdbc.sql("""
				SELECT id, order_id, customer_id, kind, subject, body, status, created_at
				FROM notification
				WHERE order_id = :orderId
				ORDER BY created_at, id
				""").param("orderId", orderId).query(Notification.class).list();
	}

}
