package dev.shopflow.notification.notifications;

import java.math.BigDecimal;
import java.util.UUID;

import dev.shopflow.events.DomainEvent;
import dev.shopflow.events.OrderCancelled;
import dev.shopflow.events.OrderConfirmed;
import dev.shopflow.events.OrderRejected;
import dev.shopflow.events.PaymentRefunded;

/**
 * The notification one event calls for, in the words the customer will read.
 *
 * @param eventId the event it tells about; at most one notification per event
 */
record NewNotification(UUID eventId, UUID orderId, String customerId, NotificationKind kind, String subject,
		String body) {

	static NewNotification of(OrderConfirmed confirmed) {
		return about(confirmed, confirmed.customerId(), NotificationKind.CONFIRMED, "Your order is confirmed",
				"Your order %s is confirmed. Total: %s.".formatted(confirmed.orderId(),
						money(confirmed.total(), confirmed.currency())));
	}

	static NewNotification of(OrderRejected rejected) {
		return about(rejected, rejected.customerId(), NotificationKind.REJECTED, "We could not accept your order",
				"We could not accept your order %s. Reason: %s".formatted(rejected.orderId(), rejected.reason()));
	}

	static NewNotification of(OrderCancelled cancelled) {
		return about(cancelled, cancelled.customerId(), NotificationKind.CANCELLED, "Your order was cancelled",
				"Your order %s was cancelled. Reason: %s".formatted(cancelled.orderId(), cancelled.reason()));
	}

	static NewNotification of(PaymentRefunded refunded) {
		return about(refunded, refunded.customerId(), NotificationKind.REFUNDED, "Your payment was refunded",
				"We refunded %s for your order %s.".formatted(money(refunded.amount(), refunded.currency()),
						refunded.orderId()));
	}

	private static NewNotification about(DomainEvent event, String customerId, NotificationKind kind, String subject,
			String body) {
		return new NewNotification(event.eventId(), event.orderId(), customerId, kind, subject, body);
	}

	// Plain notation: a customer should read 1000.00, not 1.00E+3.
	private static String money(BigDecimal amount, String currency) {
		return amount.toPlainString() + " " + currency;
	}

}
