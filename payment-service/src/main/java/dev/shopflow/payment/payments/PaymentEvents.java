package dev.shopflow.payment.payments;

import dev.shopflow.events.PaymentAuthorized;
import dev.shopflow.events.PaymentDeclined;
import dev.shopflow.events.PaymentEvent;
import dev.shopflow.events.PaymentRefunded;

/**
 * The events that tell other services about a payment change. Each takes its time from
 * the stored row, so the event says when the change happened in the database rather than
 * when the event object was built.
 */
final class PaymentEvents {

	private PaymentEvents() {
	}

	/** The outcome of a new authorization: authorized or declined with the reason. */
	static PaymentEvent decided(Payment payment) {
		return switch (payment.status()) {
			case AUTHORIZED -> PaymentAuthorized.of(payment.orderId(), payment.paymentId(), payment.customerId(),
					payment.amount(), payment.currency(), payment.createdAt());
			case DECLINED -> PaymentDeclined.of(payment.orderId(), payment.paymentId(), payment.customerId(),
					payment.amount(), payment.currency(), payment.declineReason(), payment.createdAt());
			case REFUNDED -> throw new IllegalArgumentException(
					"Payment %s is REFUNDED, which no authorization decides".formatted(payment.paymentId()));
		};
	}

	static PaymentRefunded refunded(Payment payment) {
		return PaymentRefunded.of(payment.orderId(), payment.paymentId(), payment.customerId(), payment.amount(),
				payment.currency(), payment.updatedAt());
	}

}
