package dev.shopflow.inventory.product;

import java.util.Collection;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Moves stock between {@code available}, {@code reserved} and {@code sold}. Every change
 * is a single conditional statement that never takes more units from a column than it
 * holds, so concurrent callers can never oversell; the caller owns the transaction and
 * must touch SKUs in ascending order to avoid deadlocks.
 */
@Component
public class ProductStock {

	private final JdbcClient jdbc;

	ProductStock(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Returns the given SKUs that are not in the catalogue.
	 * @param skus the SKUs to look up
	 * @return the unknown SKUs, empty if all are known
	 */
	public Set<String> unknownSkus(Collection<String> skus) {
		Set<String> unknown = new HashSet<>(skus);
		if (!unknown.isEmpty()) {
			this.jdbc.sql("SELECT sku FROM product WHERE sku IN (:skus)")
				.param("skus", skus)
				.query(String.class)
				.list()
				.forEach(unknown::remove);
		}
		return unknown;
	}

	/**
	 * Reserves {@code quantity} units if, and only if, that many are available; the row
	 * stays locked until the caller's transaction ends.
	 * @param sku the product
	 * @param quantity the number of units, positive
	 * @return the unit price when the units were reserved, empty when the product is
	 * short (or unknown)
	 */
	public Optional<UnitPrice> reserve(String sku, int quantity) {
		return this.jdbc.sql("""
				UPDATE product
				SET available = available - :quantity, reserved = reserved + :quantity
				WHERE sku = :sku AND available >= :quantity
				RETURNING unit_price, currency
				""")
			.param("sku", sku)
			.param("quantity", quantity)
			.query((rs, rowNum) -> new UnitPrice(rs.getBigDecimal("unit_price"), rs.getString("currency")))
			.optional();
	}

	/**
	 * Returns previously reserved units to the available stock.
	 * @param sku the product
	 * @param quantity the number of units that were reserved
	 */
	public void release(String sku, int quantity) {
		int updated = this.jdbc.sql("""
				UPDATE product
				SET available = available + :quantity, reserved = reserved - :quantity
				WHERE sku = :sku AND reserved >= :quantity
				""").param("sku", sku).param("quantity", quantity).update();
		if (updated != 1) {
			throw notReserved("release", sku, quantity);
		}
	}

	/**
	 * Sells previously reserved units: they leave {@code reserved} for {@code sold}.
	 * @param sku the product
	 * @param quantity the number of units that were reserved
	 */
	public void sell(String sku, int quantity) {
		int updated = this.jdbc.sql("""
				UPDATE product
				SET reserved = reserved - :quantity, sold = sold + :quantity
				WHERE sku = :sku AND reserved >= :quantity
				""").param("sku", sku).param("quantity", quantity).update();
		if (updated != 1) {
			throw notReserved("sell", sku, quantity);
		}
	}

	/**
	 * Returns the units of a product that are available right now; informative only,
	 * never a basis for a decision to reserve.
	 * @param sku the product
	 * @return the available units, empty for an unknown product
	 */
	public Optional<Integer> available(String sku) {
		return this.jdbc.sql("SELECT available FROM product WHERE sku = :sku")
			.param("sku", sku)
			.query(Integer.class)
			.optional();
	}

	/**
	 * Reservations and product stock disagree: a bug, which must roll back loudly rather
	 * than let the counters drift.
	 */
	private static IllegalStateException notReserved(String action, String sku, int quantity) {
		return new IllegalStateException(
				"Cannot " + action + " " + quantity + " units of " + sku + ": fewer are reserved, or no such product");
	}

}
