package dev.shopflow.inventory.product;

/**
 * The product that was asked for is not in the catalogue.
 */
public class ProductNotFoundException extends RuntimeException {

	private final String sku;

	ProductNotFoundException(String sku) {
		super("No product with SKU " + sku);
		this.sku = sku;
	}

	public String getSku() {
		return this.sku;
	}

}
