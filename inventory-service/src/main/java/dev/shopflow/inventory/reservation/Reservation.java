package dev.shopflow.inventory.reservation;

import java.util.List;
import java.util.UUID;

/**
 * The reservation of an order; lines are sorted by SKU.
 */
record Reservation(UUID orderId, ReservationStatus status, List<ReservationLine> lines) {

}
