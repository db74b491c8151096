package dev.shopflow.order.api;

import java.math.BigDecimal;

import dev.shopflow.events.Quote;

/**
 * A quote as clients see it, whichever channel it was asked over.
 *
 * @param available units that could be reserved at the moment of the answer; no promise
 * that an order placed next will get them
 */
record QuoteResponse(String sku, int quantity, BigDecimal unitPrice, String currency, BigDecimal total, int available,
		boolean inStock) {

	static QuoteResponse of(Quote quote) {
		return new QuoteResponse(quote.sku(), quote.quantity(), quote.unitPrice(), quote.currency(),
				quote.unitPrice().multiply(BigDecimal.valueOf(quote.quantity())), quote.available(), quote.inStock());
	}

}
