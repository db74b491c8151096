package dev.shopflow.inventory.reservation;

import java.math.BigDecimal;

/**
 * One reserved product, with the price it was reserved at.
 */
record ReservationLine(String sku, int quantity, BigDecimal unitPrice, String currency) {

}
