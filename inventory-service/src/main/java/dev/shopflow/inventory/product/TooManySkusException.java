package dev.shopflow.inventory.product;

/**
 * A product query names more SKUs than one request may.
 */
public class TooManySkusException extends RuntimeException {

	private final int max;

	TooManySkusException(int max) {
		super("At most " + max + " sku parameters are allowed");
		this.max = max;
	}

	public int getMax() {
		return this.max;
	}

}
