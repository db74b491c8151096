package dev.shopflow.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Question to inventory-service, asked by request-reply: what would this quantity cost,
 * and is it there?
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record QuoteRequest(String sku, int quantity) {

	public QuoteRequest {
		Contract.text(sku, "sku");
		if (quantity < 1) {
			throw new IllegalArgumentException("quantity must be at least 1");
		}
	}

}
