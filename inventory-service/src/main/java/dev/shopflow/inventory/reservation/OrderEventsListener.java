package dev.shopflow.inventory.reservation;

import dev.shopflow.events.ConsumerGroups;
import dev.shopflow.events.OrderCancelled;
import dev.shopflow.events.OrderConfirmed;
import dev.shopflow.events.OrderEvent;
import dev.shopflow.events.OrderPlaced;
import dev.shopflow.events.OrderRejected;
import dev.shopflow.events.Topics;
import dev.shopflow.messaging.UnprocessableEventException;
import dev.shopflow.messaging.inbox.ProcessedEvents;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Settles the reservation of an order once the order's fate is known: a confirmed order
 * sells its reserved stock, a cancelled or rejected one gives it back. Each event takes
 * effect once, however often it is delivered (the inbox), and in the transaction that
 * records it as processed.
 */
@Component
class OrderEventsListener {

	private static final Logger log = LoggerFactory.getLogger(OrderEventsListener.class);

	private final ProcessedEvents processedEvents;

	private final ReservationService reservations;

	private final MeterRegistry meters;

	OrderEventsListener(ProcessedEvents processedEvents, ReservationService reservations, MeterRegistry meters) {
		this.processedEvents = processedEvents;
		this.reservations = reservations;
		this.meters = meters;
	}

	@KafkaListener(topics = Topics.ORDER_EVENTS, groupId = ConsumerGroups.INVENTORY)
	void on(OrderEvent event) {
		switch (event) {
			case OrderConfirmed confirmed -> once(confirmed, () -> commit(confirmed));
			case OrderCancelled cancelled -> once(cancelled, () -> this.reservations.release(cancelled.orderId()));
			case OrderRejected rejected -> once(rejected, () -> this.reservations.release(rejected.orderId()));
			case OrderPlaced placed -> {
				// Nothing to do: order-service reserves the stock synchronously over
				// REST right after it stores the order, so this event tells
				// inventory nothing new.
			}
		}
	}

	private void once(OrderEvent event, Runnable effect) {
		this.processedEvents.once(ConsumerGroups.INVENTORY, event, effect);
	}

	/**
	 * A confirmation without stock behind it is refused to the dead-letter topic: the
	 * customer was promised goods that may have been sold to someone else since.
	 */
	private void commit(OrderConfirmed confirmed) {
		try {
			this.reservations.commit(confirmed.orderId());
		}
		catch (ReservationNotCommittableException ex) {
			String status = ex.getStatus().map(Enum::name).orElse("NONE");
			Counter.builder("shopflow.reservations.commits.refused")
				.description("Order confirmations refused because the reservation no longer held the stock")
				.tag("status", status)
				.register(this.meters)
				.increment();
			log.warn("Refusing {} {}: {}", confirmed.eventType(), confirmed.eventId(), ex.getMessage());
			throw new UnprocessableEventException(ex.getMessage());
		}
	}

}
