package dev.shopflow.order.placement;

import java.util.List;

public class UnknownSkuException extends RuntimeException {

	private final List<String> skus;

	UnknownSkuException(List<String> skus) {
		super("Unknown SKU: " + String.join(", ", skus));
		this.skus = List.copyOf(skus);
	}

	public List<String> skus() {
		return this.skus;
	}

}
