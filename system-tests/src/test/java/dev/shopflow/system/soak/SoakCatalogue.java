package dev.shopflow.system.soak;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The SKUs one soak orders: its own, created in the inventory database for the run with
 * stock that does not run out (the seeded stock is a few dozen units and other tests
 * count on it), one scarce SKU that does run out during the run, one priced so that three
 * are over the customers' payment limit, and the seeded {@code GPU-001}, which has no
 * stock at all.
 *
 * @param skus the run's own SKUs
 */
record SoakCatalogue(List<Sku> skus) {

	/** Seeded with no stock: every order of it is rejected. */
	static final String OUT_OF_STOCK = "GPU-001";

	/** Payments above this are declined (payment-service's default customer limit). */
	static final BigDecimal CUSTOMER_LIMIT = new BigDecimal("1000.00");

	record Sku(String sku, String role, BigDecimal price, int stock) {

	}

	static SoakCatalogue forRun(String runId, int orders) {
		String prefix = skuPrefix(runId);
		// Demand for the scarce SKU is about 12% of the orders at 1.5 units: stock for
		// half of it runs out in the middle of the run.
		int scarce = Math.max(5, (int) (orders * 0.12 * 1.5 / 2));
		return new SoakCatalogue(List.of(new Sku(prefix + "A", "plenty", new BigDecimal("20.00"), 10_000_000),
				new Sku(prefix + "B", "plenty", new BigDecimal("55.00"), 10_000_000),
				new Sku(prefix + "C", "expensive", new BigDecimal("450.00"), 10_000_000),
				new Sku(prefix + "S", "scarce", new BigDecimal("15.00"), scarce)));
	}

	static String skuPrefix(String runId) {
		return "SOAK-" + runId.toUpperCase(java.util.Locale.ROOT) + "-";
	}

	Sku byRole(String role) {
		return this.skus.stream().filter((s) -> s.role().equals(role)).findFirst().orElseThrow();
	}

	List<Sku> plenty() {
		return this.skus.stream().filter((s) -> s.role().equals("plenty")).toList();
	}

	Map<String, BigDecimal> prices() {
		return this.skus.stream().collect(Collectors.toMap(Sku::sku, Sku::price));
	}

	/** Creates the SKUs (a rerun with the same id leaves them as they are). */
	String insertSql() {
		return "INSERT INTO product (sku, name, unit_price, currency, available, reserved, sold) VALUES "
				+ this.skus.stream()
					.map((s) -> "('%s', 'Chaos soak %s', %s, 'EUR', %d, 0, 0)".formatted(s.sku(), s.role(),
							s.price().toPlainString(), s.stock()))
					.collect(Collectors.joining(", "))
				+ " ON CONFLICT (sku) DO NOTHING";
	}

}
