package dev.shopflow.payment.payments;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The payment and cancelled_order tables. Every payment write is a single conditional
 * statement, so concurrent requests are serialised by PostgreSQL without a
 * read-then-write. The service runs each write in a transaction only to append its event
 * to the outbox after it; the statement alone still decides whether anything changed.
 *
 * <p>
 * The one exception is whether the order was cancelled, which an authorization reads
 * before it inserts. {@link #lockOrder} makes that safe: an authorization and a
 * cancellation of the same order take the same lock, so the later one sees what the
 * earlier one committed.
 */
@Repository
class Payments {

	private static final String COLUMNS = """
			payment_id, order_id, customer_id, amount, currency, status, decline_reason, idempotency_key,
			created_at, updated_at""";

	private final JdbcClient jdbc;

	Payments(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Stores the decided payment unless the order already has one.
	 * @return the stored payment, or empty if the order already had a payment (possibly
	 * inserted concurrently a moment ago)
	 */
	Optional<Payment> insertIfAbsent(UUID paymentId, PaymentAttempt attempt, Decision decision) {
		return this.jdbc.sql("""
				INSERT INTO payment (payment_id, order_id, customer_id, amount, currency, status, decline_reason,
				                     idempotency_key)
				VALUES (:paymentId, :orderId, :customerId, :amount, :currency, :status, :declineReason,
				        :idempotencyKey)
				ON CONFLICT (order_id) DO NOTHING
				RETURNING\s""" + COLUMNS)
			.param("paymentId", paymentId)
			.param("orderId", attempt.orderId())
			.param("customerId", attempt.customerId())
			.param("amount", attempt.amount())
			.param("currency", attempt.currency())
			.param("status", decision.status().name())
			.param("declineReason", decision.declineReason())
			.param("idempotencyKey", attempt.idempotencyKey())
			.query(Payments::toPayment)
			.optional();
	}

	/**
	 * Serialises this transaction with every other authorization or cancellation of the
	 * order until it ends. Waiting for any lock in this transaction, this one included,
	 * fails after {@code timeout}.
	 */
	void lockOrder(UUID orderId, Duration timeout) {
		this.jdbc.sql("SELECT set_config('lock_timeout', :timeout, true)")
			.param("timeout", timeout.toMillis() + "ms")
			.query(String.class)
			.single();
		// An advisory lock, because before its first payment an order has no row to lock.
		// Two orders whose keys collide merely wait for each other a moment.
		this.jdbc.sql("SELECT pg_advisory_xact_lock(:key)")
			.param("key", orderId.getMostSignificantBits() ^ orderId.getLeastSignificantBits())
			.query((rs, rowNum) -> rowNum)
			.single();
	}

	/** Remembers that the order was cancelled; remembering it again changes nothing. */
	void rememberCancelled(UUID orderId, Instant cancelledAt) {
		this.jdbc.sql("""
				INSERT INTO cancelled_order (order_id, cancelled_at) VALUES (:orderId, :cancelledAt)
				ON CONFLICT (order_id) DO NOTHING
				""").param("orderId", orderId).param("cancelledAt", Timestamp.from(cancelledAt)).update();
	}

	boolean isCancelled(UUID orderId) {
		return this.jdbc.sql("SELECT EXISTS (SELECT 1 FROM cancelled_order WHERE order_id = :orderId)")
			.param("orderId", orderId)
			.query(Boolean.class)
			.single();
	}

	Optional<Payment> findByOrderId(UUID orderId) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM payment WHERE order_id = :orderId")
			.param("orderId", orderId)
			.query(Payments::toPayment)
			.optional();
	}

	/**
	 * Refunds the order's payment if it is authorized.
	 * @return the refunded payment, or empty if there was nothing to refund (unknown,
	 * declined, or already refunded)
	 */
	Optional<Payment> refundIfAuthorized(UUID orderId) {
		return this.jdbc.sql("""
				UPDATE payment SET status = 'REFUNDED', updated_at = now()
				WHERE order_id = :orderId AND status = 'AUTHORIZED'
				RETURNING\s""" + COLUMNS).param("orderId", orderId).query(Payments::toPayment).optional();
	}

	private static Payment toPayment(ResultSet rs, int rowNum) throws SQLException {
		return new Payment(rs.getObject("payment_id", UUID.class), rs.getObject("order_id", UUID.class),
				rs.getString("customer_id"), rs.getBigDecimal("amount"), rs.getString("currency"),
				PaymentStatus.valueOf(rs.getString("status")), rs.getString("decline_reason"),
				rs.getString("idempotency_key"), rs.getObject("created_at", OffsetDateTime.class).toInstant(),
				rs.getObject("updated_at", OffsetDateTime.class).toInstant());
	}

}
