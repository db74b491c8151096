package dev.shopflow.order.domain;

import java.util.Set;

/**
 * The life of an order. Every legal move is listed here and nowhere else; anything not
 * listed is refused by {@link #transitionTo(OrderStatus)}.
 */
public enum OrderStatus {

	/** Persisted, stock and payment not settled yet. */
	PENDING,

	/** Stock reserved, payment-service unreachable: the payment is settled later. */
	PAYMENT_PENDING,

	/** Stock reserved and payment authorized. */
	CONFIRMED,

	/** Never got its stock: short, unknown or inventory-service unavailable. */
	REJECTED,

	/** Had its stock, then lost it again: payment declined or the order expired. */
	CANCELLED;

	private Set<OrderStatus> next() {
		return switch (this) {
			case PENDING -> Set.of(PAYMENT_PENDING, CONFIRMED, REJECTED, CANCELLED);
			case PAYMENT_PENDING -> Set.of(CONFIRMED, CANCELLED);
			case CONFIRMED, REJECTED, CANCELLED -> Set.of();
		};
	}

	public boolean canTransitionTo(OrderStatus target) {
		return next().contains(target);
	}

	public OrderStatus transitionTo(OrderStatus target) {
		if (!canTransitionTo(target)) {
			throw new IllegalOrderTransitionException(this, target);
		}
		return target;
	}

}
