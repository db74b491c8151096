package dev.shopflow.inventory.reservation;

import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * An order could not be reserved because some lines were short. Final: a repeat of the
 * same order gets the same answer, even if stock has arrived since.
 */
public class InsufficientStockException extends RuntimeException {

	private final UUID orderId;

	private final List<Shortage> shortages;

	InsufficientStockException(UUID orderId, List<Shortage> shortages) {
		super("Insufficient stock: " + shortages.stream()
			.map((shortage) -> shortage.sku() + " requested " + shortage.requested() + ", available "
					+ shortage.available())
			.collect(Collectors.joining("; ")));
		this.orderId = orderId;
		this.shortages = List.copyOf(shortages);
	}

	public UUID getOrderId() {
		return this.orderId;
	}

	public List<Shortage> getShortages() {
		return this.shortages;
	}

}
