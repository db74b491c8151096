package dev.shopflow.order.placement;

import java.time.Duration;

import dev.shopflow.order.domain.Order;

/** How placing an order ended. */
public sealed interface Placement {

	Order order();

	/**
	 * The order reached a settled answer: confirmed, payment pending, cancelled or
	 * rejected.
	 */
	record Settled(Order order) implements Placement {
	}

	/**
	 * inventory-service could not be asked, so the order was rejected without holding
	 * stock; asking again after {@code retryAfter} is worthwhile.
	 */
	record InventoryUnavailable(Order order, Duration retryAfter) implements Placement {
	}

}
