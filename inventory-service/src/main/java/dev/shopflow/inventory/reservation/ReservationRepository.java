package dev.shopflow.inventory.reservation;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

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

	/**
	 * Moves a reservation from {@code RESERVED} to {@code COMMITTED}. Only one of several
	 * concurrent callers sees {@code true}, and only that one may sell the stock.
	 * @return whether this call committed the reservation
	 */
	boolean commit(UUID orderId) {
		return this.jdbc.sql("""
				UPDATE reservation SET status = 'COMMITTED', updated_at = now()
				WHERE order_id = :orderId AND status = 'RESERVED'
				""").param("orderId", orderId).update() == 1;
	}

	/**
	 * Moves up to {@code limit} reservations that have been {@code RESERVED} since before
	 * {@code cutoff} to {@code EXPIRED}, oldest first. Rows locked by another transaction
	 * (a commit, a release, the sweep of another instance) are skipped rather than waited
	 * for: whoever holds the lock decides those, and a later sweep sees the outcome.
	 * @return the orders whose reservation this call expired; only this call may return
	 * their stock
	 */
	List<UUID> expireReservedBefore(Instant cutoff, int limit) {
		return this.jdbc.sql("""
				WITH due AS (
					SELECT order_id FROM reservation
					WHERE status = 'RESERVED' AND created_at < :cutoff
					ORDER BY created_at
					LIMIT :limit
					FOR UPDATE SKIP LOCKED
				)
				UPDATE reservation r SET status = 'EXPIRED', updated_at = now()
				FROM due
				WHERE r.order_id = due.order_id AND r.status = 'RESERVED'
				RETURNING r.order_id
				""").param("cutoff", Timestamp.from(cutoff)).param("limit", limit).query(UUID.class).list();
	}

	/**
	 * Adds up the reserved units of some orders per product.
	 * @return units by SKU, in ascending SKU order (the order to lock products in)
	 */
	Map<String, Integer> quantitiesBySku(Collection<UUID> orderIds) {
		return this.jdbc.sql("""
				SELECT sku, sum(quantity) AS quantity FROM reservation_line
				WHERE order_id IN (:orderIds) GROUP BY sku
				""")
			.param("orderIds", orderIds)
			.query((rs, rowNum) -> Map.entry(rs.getString("sku"), rs.getInt("quantity")))
			.list()
			.stream()
			.collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, Integer::sum, TreeMap::new));
	}

	Optional<ReservationStatus> findStatus(UUID orderId) {
		return this.jdbc.sql("SELECT status FROM reservation WHERE order_id = :orderId")
			.param("orderId", orderId)
			.query(String.class)
			.optional()
			.map(ReservationStatus::valueOf);
	}

	Optional<Reservation> find(UUID orderId) {
		return findStatus(orderId).map((status) -> new Reservation(orderId, status, findLines(orderId)));
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
