package dev.shopflow.order.placement;

import java.util.List;
import java.util.UUID;

/**
 * A customer's request for an order, already validated at the edge. The caller chooses
 * the order id, so it can tell afterwards whether an order was stored even when placing
 * it failed half-way.
 */
public record PlaceOrder(UUID orderId, String customerId, String currency, List<Line> lines) {

	public PlaceOrder {
		lines = List.copyOf(lines);
	}

	public record Line(String sku, int quantity) {
	}

}
