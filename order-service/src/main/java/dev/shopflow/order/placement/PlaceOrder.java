package dev.shopflow.order.placement;

import java.util.List;

/** A customer's request for an order, already validated at the edge. */
public record PlaceOrder(String customerId, String currency, List<Line> lines) {

	public PlaceOrder {
		lines = List.copyOf(lines);
	}

	public record Line(String sku, int quantity) {
	}

}
