package dev.shopflow.inventory.reservation;

/**
 * A line that could not be reserved.
 *
 * @param sku the product
 * @param requested the units asked for
 * @param available the units that were available when the line was checked
 */
public record Shortage(String sku, int requested, int available) {

}
