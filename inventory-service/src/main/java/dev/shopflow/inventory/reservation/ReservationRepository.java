package dev.shopflow.inventory.reservation;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Stores reservations. The {@code reservation} row of an order is claimed exactly once
 * with {@code INSERT ... ON CONFLICT DO NOTHING}; whoever claims it decides the outcome,
 * everyone else replays it.
 */
@Repository
class ReservationRepository {

	private final JdbcClient jdbc;

	ReservationRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Creates the reservation row of an order unless it exists. A concurrent, not yet
	 * committed claim of the same order makes this wait for its outcome.
	 * @return whether this call created the row
	 */
	boolean claim(UUID orderId, ReservationStatus status) {
		return this.jdbc.sql("""
				INSERT INTO reservation (order_id, status, created_at, updated_at)
				VALUES (:orderId, :status, now(), now())
				ON CONFLICT (order_id) DO NOTHING
				""").param("orderId", orderId).param("status", status.name()).update() == 1;
	}

	void addLines(UUID orderId, List<ReservationLine> lines) {
		for (ReservationLine line : lines) {
			this.jdbc.sql("""
					INSERT INTO reservation_line (order_id, sku, quantity, unit_price, currency)
					VALUES (:orderId, :sku, :quantity, :unitPrice, :currency)
					""")
				.param("orderId", orderId)
				.param("sku", line.sku())
				.param("quantity", line.quantity())
				.param("unitPrice", line.unitPrice())
				.param("currency", line.currency())
				.update();
		}
	}

	void addShortages(UUID orderId, List<Shortage> shortages) {
		for (Shortage shortage : shortages) {
			this.jdbc.sql("""
					INSERT INTO reservation_shortage (order_id, sku, requested, available)
					VALUES (:orderId, :sku, :requested, :available)
					""")
				.param("orderId", orderId)
				.param("sku", shortage.sku())
				.param("requested", shortage.requested())
				.param("available", shortage.available())
				.update();
		}
	}

	/**
	 * Moves a reservation from {@code RESERVED} to {@code RELEASED}. Only one of several
	 * concurrent callers sees {@code true}, and only that one may return the stock.
	 * @return whether this call released the reservation
	 */
	boolean release(UUID orderId) {
		return this.jdbc.sql("""
				UPDATE reservation SET status = 'RELEASED', updated_at = now()
				WHERE order_id = :orderId AND status = 'RESERVED'
				""").param("orderId", orderId).update() == 1;
	}

	Optional<Reservation> find(UUID orderId) {
		return this.jdbc.sql("SELECT status FROM reservation WHERE order_id = :orderId")
			.param("orderId", orderId)
			.query(String.class)
			.optional()
			.map((status) -> new Reservation(orderId, ReservationStatus.valueOf(status), findLines(orderId)));
	}

	List<Shortage> findShortages(UUID orderId) {
		return this.jdbc.sql("""
				SELECT sku, requested, available FROM reservation_shortage
				WHERE order_id = :orderId ORDER BY sku COLLATE "C"
				""").param("orderId", orderId).query(Shortage.class).list();
	}

	private List<ReservationLine> findLines(UUID orderId) {
		return this.jdbc.sql("""
				SELECT sku, quantity, unit_price, currency FROM reservation_line
				WHERE order_id = :orderId ORDER BY sku COLLATE "C"
				""").param("orderId", orderId).query(ReservationRepository::mapLine).list();
	}

	private static ReservationLine mapLine(ResultSet rs, int rowNum) throws SQLException {
		return new ReservationLine(rs.getString("sku"), rs.getInt("quantity"), rs.getBigDecimal("unit_price"),
				rs.getString("currency"));
	}

}
