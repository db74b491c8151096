package dev.shopflow.order.placement;

import java.time.Duration;

import dev.shopflow.order.domain.Order;

/**
 * The result of placing an order: the order as stored, and, when inventory-service could
 * not be asked, the time after which asking again is worthwhile.
 */
public record Placement(Order order, Duration retryAfter) {

	static Placement of(Order order) {
		return new Placement(order, null);
	}

	public boolean inventoryUnavailable() {
		return this.retryAfter != null;
	}

}
