package dev.shopflow.order.domain;

public class IllegalOrderTransitionException extends IllegalStateException {

	IllegalOrderTransitionException(OrderStatus from, OrderStatus to) {
		super("An order cannot move from " + from + " to " + to);
	}

}
