package dev.shopflow.inventory.product;

import java.math.BigDecimal;

/**
 * The price of one unit of a product.
 *
 * @param amount the amount, scale 2
 * @param currency the ISO-4217 currency code
 */
public record UnitPrice(BigDecimal amount, String currency) {

}
