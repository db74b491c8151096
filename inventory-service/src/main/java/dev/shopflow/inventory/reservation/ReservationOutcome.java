package dev.shopflow.inventory.reservation;

/**
 * The answer to a reserve request.
 *
 * @param reservation the reservation of the order
 * @param created whether this request made it; {@code false} for a repeat
 */
record ReservationOutcome(Reservation reservation, boolean created) {

}
