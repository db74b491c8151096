package dev.shopflow.notification.notifications;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code notification} table. Writes join the caller's transaction: the inbox's for a
 * new notification, so that it commits together with the record that its event was
 * processed and with its delivery task; the email worker's for its delivery.
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
	 * @return the id of the new notification, empty for a duplicate
	 */
	Optional<UUID> add(NewNotification notification) {
		UUID id = UUID.randomUUID();
		int inserted = this.jdbc.sql("""
				INSERT INTO notification (id, event_id, order_id, customer_id, kind, subject, body, status, created_at)
				VALUES (:id, :eventId, :orderId, :customerId, :kind, :subject, :body, :status, :createdAt)
				ON CONFLICT (event_id) DO NOTHING
				""")
			.param("id", id)
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
			return Optional.empty();
		}
		return Optional.of(id);
	}

	/** Oldest first, the {@code limit} notifications after the first {@code offset}. */
	List<Notification> findByOrderId(UUID orderId, long offset, int limit) {
		return this.jdbc.sql("""
				SELECT id, order_id, customer_id, kind, subject, body, status, attempts, created_at, delivered_at
				FROM notification
				WHERE order_id = :orderId
				ORDER BY created_at, id
				LIMIT :limit OFFSET :offset
				""")
			.param("orderId", orderId)
			.param("limit", limit)
			.param("offset", offset)
			.query(NotificationRepository::read)
			.list();
	}

	/**
	 * The notifications of a batch of email tasks, locked until the caller's transaction
	 * ends: a second task for one of them, taken by another consumer at the same time,
	 * waits here until the first has sent the email and marked it delivered. Locked in id
	 * order, so two batches that share notifications cannot deadlock.
	 * @return the notifications found, by id; unknown ids are missing
	 */
	Map<UUID, Notification> lockForDelivery(Collection<UUID> ids) {
		return this.jdbc.sql("""
				SELECT id, order_id, customer_id, kind, subject, body, status, attempts, created_at, delivered_at
				FROM notification
				WHERE id IN (:ids)
				ORDER BY id
				FOR UPDATE
				""")
			.param("ids", ids)
			.query(NotificationRepository::read)
			.list()
			.stream()
			.collect(Collectors.toMap(Notification::id, Function.identity()));
	}

	/** Records the attempt that handed the emails of these notifications to SMTP. */
	void markDelivered(Collection<UUID> ids, int attempt) {
		if (!ids.isEmpty()) {
			this.jdbc.sql("""
					UPDATE notification SET status = 'DELIVERED', attempts = :attempt, delivered_at = :now
					WHERE id IN (:ids) AND status <> 'DELIVERED'
					""")
				.param("attempt", attempt)
				.param("now", Timestamp.from(this.clock.instant()))
				.param("ids", ids)
				.update();
		}
	}

	/** Records that the email tasks of these notifications gave up after this attempt. */
	void markParked(Collection<UUID> ids, int attempt) {
		if (!ids.isEmpty()) {
			this.jdbc.sql("""
					UPDATE notification SET status = 'PARKED', attempts = :attempt
					WHERE id IN (:ids) AND status <> 'DELIVERED'
					""").param("attempt", attempt).param("ids", ids).update();
		}
	}

	// By hand: the generic record mapper finds out column names and time types by
	// catching the driver's exceptions, a few per row, which every email batch would pay.
	private static Notification read(ResultSet row, int rowNumber) throws SQLException {
		Timestamp deliveredAt = row.getTimestamp("delivered_at");
		return new Notification(row.getObject("id", UUID.class), row.getObject("order_id", UUID.class),
				row.getString("customer_id"), NotificationKind.valueOf(row.getString("kind")), row.getString("subject"),
				row.getString("body"), NotificationStatus.valueOf(row.getString("status")), row.getInt("attempts"),
				row.getTimestamp("created_at").toInstant(), (deliveredAt != null) ? deliveredAt.toInstant() : null);
	}

}
