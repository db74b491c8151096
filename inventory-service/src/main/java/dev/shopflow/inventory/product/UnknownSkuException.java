package dev.shopflow.inventory.product;

import java.util.List;
import java.util.Set;

/**
 * A request refers to products that are not in the catalogue.
 */
public class UnknownSkuException extends RuntimeException {

	private final List<String> skus;

	public UnknownSkuException(Set<String> skus) {
		super("Unknown SKU(s): " + String.join(", ", skus.stream().sorted().toList()));
		this.skus = skus.stream().sorted().toList();
	}

	public List<String> getSkus() {
		return this.skus;
	}

}
