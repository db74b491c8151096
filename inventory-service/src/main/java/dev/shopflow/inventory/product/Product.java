package dev.shopflow.inventory.product;

import java.math.BigDecimal;

/**
 * A product as the catalogue shows it: its price and how much of it can still be
 * reserved.
 */
record Product(String sku, String name, BigDecimal unitPrice, String currency, int available, int reserved) {

}
