package dev.shopflow.inventory.reservation;

import java.util.UUID;

/**
 * An order that is already reserved was asked to reserve other lines (other SKUs or
 * quantities). Replaying the first reservation would hide that the caller's idea of the
 * order differs from what is held, so the repeat is refused and nothing changes.
 */
public class IdempotencyMismatchException extends RuntimeException {

	private final UUID orderId;

	IdempotencyMismatchException(UUID orderId) {
		super("Order " + orderId + " was already reserved with other lines");
		this.orderId = orderId;
	}

	public UUID getOrderId() {
		return this.orderId;
	}

}
