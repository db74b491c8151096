package dev.shopflow.order.domain;

import java.util.UUID;

public class OrderNotFoundException extends RuntimeException {

	public OrderNotFoundException(UUID id) {
		super("No order " + id);
	}

}
