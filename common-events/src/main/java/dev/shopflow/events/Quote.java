package dev.shopflow.events;

import java.math.BigDecimal;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * inventory-service's answer to a {@link QuoteRequest}. {@code known} is false for a SKU
 * the catalogue does not have; price and currency are then absent.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Quote(String sku, int quantity, boolean known, BigDecimal unitPrice, String currency, int available,
		boolean inStock) {

}
