package dev.shopflow.inventory.reservation;

/**
 * Where an order's reservation stands. Every status is final except {@code RESERVED},
 * which becomes exactly one of {@code COMMITTED}, {@code RELEASED} or {@code EXPIRED}.
 */
enum ReservationStatus {

	/** The stock of all lines is held for the order. */
	RESERVED,

	/** Some line was short; nothing was reserved and nothing ever will be. */
	REJECTED,

	/** Released by the order (or released before it was ever reserved). */
	RELEASED,

	/** The order was confirmed: its units moved from reserved to sold. */
	COMMITTED,

	/**
	 * Neither committed nor released within its TTL, so its stock went back to available.
	 * A late reserve or release treats it like {@code RELEASED}.
	 */
	EXPIRED

}
