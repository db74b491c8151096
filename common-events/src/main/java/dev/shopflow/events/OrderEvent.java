package dev.shopflow.events;

/**
 * What happened to an order; published by order-service on {@link Topics#ORDER_EVENTS}.
 */
public sealed interface OrderEvent extends DomainEvent
		permits OrderPlaced, OrderConfirmed, OrderRejected, OrderCancelled {

	/** The customer who placed the order. */
	String customerId();

	@Override
	default String topic() {
		return Topics.ORDER_EVENTS;
	}

}
