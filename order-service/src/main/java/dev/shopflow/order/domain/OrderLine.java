package dev.shopflow.order.domain;

import java.math.BigDecimal;

/**
 * One line of an order. The unit price is inventory-service's, never the client's; it is
 * {@code null} only for an order rejected before its prices could be looked up.
 */
public record OrderLine(String sku, int quantity, BigDecimal unitPrice) {

	BigDecimal lineTotal() {
		return this.unitPrice.multiply(BigDecimal.valueOf(this.quantity));
	}

}
