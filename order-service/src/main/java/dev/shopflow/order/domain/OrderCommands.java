package dev.shopflow.order.domain;

import java.util.Optional;

import dev.shopflow.events.AuthorizePayment;

/**
 * The work an order's new state asks another service to do, as a command for exactly one
 * worker. Only waiting for payment does: payment-service could not be asked
 * synchronously, so it is told to authorize the payment when it can, and answers with a
 * payment event like any other.
 */
final class OrderCommands {

	private OrderCommands() {
	}

	static Optional<AuthorizePayment> of(Order order) {
		if (order.status() != OrderStatus.PAYMENT_PENDING) {
			return Optional.empty();
		}
		return Optional.of(AuthorizePayment.of(order.id(), order.customerId(), order.total(), order.currency(),
				order.updatedAt()));
	}

}
