package dev.shopflow.inventory.reservation;

/**
 * Where an order's reservation stands. Every status is final except {@code RESERVED},
 * which can only become {@code RELEASED}.
 */
enum ReservationStatus {

	/** The stock of all lines is held for the order. */
	RESERVED,

	/** Some line was short; nothing was reserved and nothing ever will be. */
	REJECTED,

	/** Released by the order (or released before it was ever reserved). */
	RELEASED

}
