package dev.shopflow.inventory.reservation;

import java.util.UUID;

/**
 * No reservation exists for the order.
 */
public class ReservationNotFoundException extends RuntimeException {

	private final UUID orderId;

	ReservationNotFoundException(UUID orderId) {
		super("No reservation for order " + orderId);
		this.orderId = orderId;
	}

	public UUID getOrderId() {
		return this.orderId;
	}

}
