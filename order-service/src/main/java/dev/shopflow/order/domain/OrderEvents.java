package dev.shopflow.order.domain;

import java.util.Optional;

import dev.shopflow.events.OrderCancelled;
import dev.shopflow.events.OrderConfirmed;
import dev.shopflow.events.OrderEvent;
import dev.shopflow.events.OrderPlaced;
import dev.shopflow.events.OrderRejected;

/**
 * The event that tells other services an order reached its state. Waiting for payment is
 * no fact others act on, so it publishes no event; it sends a command instead (see
 * {@link OrderCommands}).
 */
final class OrderEvents {

	private OrderEvents() {
	}

	static Optional<OrderEvent> of(Order order) {
		return Optional.ofNullable(switch (order.status()) {
			case PENDING -> OrderPlaced.of(order.id(), order.customerId(), order.currency(), order.total(),
					order.lines()
						.stream()
						.map((line) -> new OrderPlaced.Line(line.sku(), line.quantity(), line.unitPrice()))
						.toList(),
					order.updatedAt());
			case PAYMENT_PENDING -> null;
			case CONFIRMED ->
				OrderConfirmed.of(order.id(), order.customerId(), order.currency(), order.total(), order.updatedAt());
			case REJECTED -> OrderRejected.of(order.id(), order.customerId(), reason(order), order.updatedAt());
			case CANCELLED -> OrderCancelled.of(order.id(), order.customerId(), reason(order), order.updatedAt());
		});
	}

	private static String reason(Order order) {
		return (order.reason() != null && !order.reason().isBlank()) ? order.reason() : "no reason given";
	}

}
