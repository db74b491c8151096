package dev.shopflow.payment.payments;

import dev.shopflow.events.ConsumerGroups;
import dev.shopflow.events.OrderCancelled;
import dev.shopflow.events.OrderConfirmed;
import dev.shopflow.events.OrderEvent;
import dev.shopflow.events.OrderPlaced;
import dev.shopflow.events.OrderRejected;
import dev.shopflow.events.Topics;
import dev.shopflow.messaging.inbox.ProcessedEvents;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * The payment side of the order saga's compensation: a cancelled order gets its money
 * back. The order saga's sweeper cancels orders that passed their deadline and relies on
 * this to refund any payment that was authorized meanwhile, and to decline one that is
 * still on its way as a deferred command.
 */
@Component
class OrderEventsListener {

	private final ProcessedEvents processedEvents;

	private final PaymentService payments;

	OrderEventsListener(ProcessedEvents processedEvents, PaymentService payments) {
		this.processedEvents = processedEvents;
		this.payments = payments;
	}

	@KafkaListener(topics = Topics.ORDER_EVENTS, groupId = ConsumerGroups.PAYMENT)
	void on(OrderEvent event) {
		switch (event) {
			// The inbox entry, the remembered cancellation, the refund and its
			// PaymentRefunded event commit together, so a redelivered cancellation can
			// neither refund twice nor lose the event.
			case OrderCancelled cancelled -> this.processedEvents.once(ConsumerGroups.PAYMENT, cancelled,
					() -> this.payments.cancelOrder(cancelled.orderId(), cancelled.occurredAt()));
			// Payment is asked for over HTTP while the order is placed, or by an
			// AuthorizePayment command, so placing and confirming an order ask nothing
			// more of this service.
			case OrderPlaced placed -> {
			}
			case OrderConfirmed confirmed -> {
			}
			// Rejected before any payment was asked: there is nothing to give back.
			case OrderRejected rejected -> {
			}
		}
	}

}
