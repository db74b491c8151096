package dev.shopflow.payment.payments;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The payment table. Every write is a single conditional statement, so concurrent
 * requests are serialised by PostgreSQL without a read-then-write. The service runs each
 * write in a transaction only to append its event to the outbox after it; the statement
 * alone still decides whether anything changed.
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
