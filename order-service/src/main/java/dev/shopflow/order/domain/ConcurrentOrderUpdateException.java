package dev.shopflow.order.domain;

import java.util.UUID;

/** Someone else moved the order between our read and our write. */
public class ConcurrentOrderUpdateException extends RuntimeException {

	ConcurrentOrderUpdateException(UUID id, OrderStatus expected) {
		super("Order " + id + " is no longer " + expected);
	}

}
