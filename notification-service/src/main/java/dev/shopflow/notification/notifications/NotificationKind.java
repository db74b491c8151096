package dev.shopflow.notification.notifications;

/** The customer-visible change a notification tells about. */
enum NotificationKind {

	CONFIRMED("order-confirmed"), REJECTED("order-rejected"), CANCELLED("order-cancelled"),
	REFUNDED("payment-refunded");

	private final String deliveryName;

	NotificationKind(String deliveryName) {
		this.deliveryName = deliveryName;
	}

	/**
	 * The kind in a delivery's routing key ({@code email.order-confirmed}): named after
	 * what happened, so a binding can pick kinds without knowing this enum.
	 */
	String deliveryName() {
		return this.deliveryName;
	}

}
