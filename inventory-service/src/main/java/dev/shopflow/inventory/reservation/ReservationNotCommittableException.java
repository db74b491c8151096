package dev.shopflow.inventory.reservation;

import java.util.Optional;
import java.util.UUID;

/**
 * A confirmed order has no reservation that holds its stock: none was ever made, or it
 * was rejected, released or has expired. No retry can change that, and the stock may have
 * been sold to others meanwhile, so the confirmation needs a human rather than a second
 * try.
 */
class ReservationNotCommittableException extends RuntimeException {

	private final UUID orderId;

	private final ReservationStatus status;

	ReservationNotCommittableException(UUID orderId, ReservationStatus status) {
		super("Cannot commit the reservation of confirmed order " + orderId + ": "
				+ ((status != null) ? "it is " + status : "it has none"));
		this.orderId = orderId;
		this.status = status;
	}

	UUID getOrderId() {
		return this.orderId;
	}

	/**
	 * The status the reservation is in.
	 * @return the status, empty if the order has no reservation
	 */
	Optional<ReservationStatus> getStatus() {
		return Optional.ofNullable(this.status);
	}

}
