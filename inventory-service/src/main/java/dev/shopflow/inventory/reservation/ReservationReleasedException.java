package dev.shopflow.inventory.reservation;

import java.util.UUID;

/**
 * An order asked to reserve stock after its reservation had been released or had expired
 * (possibly released before the reserve even arrived); it must not take stock any more.
 */
public class ReservationReleasedException extends RuntimeException {

	private final UUID orderId;

	ReservationReleasedException(UUID orderId, ReservationStatus status) {
		super("The reservation of order " + orderId
				+ ((status == ReservationStatus.EXPIRED) ? " has expired" : " has been released"));
		this.orderId = orderId;
	}

	public UUID getOrderId() {
		return this.orderId;
	}

}
