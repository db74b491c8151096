package dev.shopflow.system.soak;

import java.math.BigDecimal;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One order the driver places: its own customer, so that a customer's emails are this
 * order's, and its own Idempotency-Key.
 *
 * @param index position in the run, from 0
 * @param kind what the order is meant to test
 * @param resendAfterMillis when the same key and body are sent again after the first
 * send, or -1 for never
 */
record PlannedOrder(int index, String customerId, String idempotencyKey, Kind kind, List<Line> lines,
		long resendAfterMillis) {

	enum Kind {

		/** SKUs with plenty of stock, under the limit: should be confirmed. */
		NORMAL,

		/** Includes the scarce SKU: confirmed until it runs out, rejected after. */
		SCARCE,

		/** Includes GPU-001, which has no stock: must be rejected. */
		OUT_OF_STOCK,

		/** Over the customer's payment limit: must be cancelled, never confirmed. */
		OVER_LIMIT

	}

	record Line(String sku, int quantity) {

	}

	boolean resent() {
		return this.resendAfterMillis >= 0;
	}

	String body() {
		return """
				{"customerId":"%s","currency":"EUR","lines":[%s]}""".formatted(this.customerId,
				this.lines.stream()
					.map((line) -> "{\"sku\":\"%s\",\"quantity\":%d}".formatted(line.sku(), line.quantity()))
					.collect(Collectors.joining(",")));
	}

	/**
	 * The total at catalogue prices; GPU-001's price does not matter, it is never paid.
	 */
	BigDecimal total(SoakCatalogue catalogue) {
		return this.lines.stream()
			.map((line) -> catalogue.prices()
				.getOrDefault(line.sku(), BigDecimal.ZERO)
				.multiply(BigDecimal.valueOf(line.quantity())))
			.reduce(BigDecimal.ZERO, BigDecimal::add);
	}

}
