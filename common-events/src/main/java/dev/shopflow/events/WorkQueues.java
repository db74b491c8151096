package dev.shopflow.events;

import java.time.Duration;

/**
 * RabbitMQ names: commands and tasks, each meant for exactly one worker. Every work queue
 * {@code q} comes with retry queues {@code q.retry.<n>s}, one per retry tier, and a
 * parking lot {@code q.parking-lot} for what no retry can fix.
 */
public final class WorkQueues {

	/** Direct exchange of payment commands, owned by payment-service. */
	public static final String PAYMENT_COMMANDS = "shopflow.payment-commands";

	/** Routing key of {@link AuthorizePayment}. */
	public static final String AUTHORIZE_PAYMENT = "payment.authorize";

	/** payment-service's queue of {@link AuthorizePayment} commands. */
	public static final String AUTHORIZE_PAYMENT_QUEUE = "payment-service.authorize-payment";

	/**
	 * Topic exchange of notification deliveries, routing key {@code <channel>.<kind>}.
	 */
	public static final String NOTIFICATIONS = "notifications";

	/**
	 * Routing keys of email deliveries start with this; the email worker binds
	 * {@code email.#}.
	 */
	public static final String EMAIL_ROUTING_PREFIX = "email.";

	/** notification-service's queue of email deliveries. */
	public static final String EMAIL_QUEUE = "notification-service.email";

	/** Direct exchange of questions to inventory-service, answered by request-reply. */
	public static final String INVENTORY_REQUESTS = "shopflow.inventory-requests";

	/** Routing key of {@link QuoteRequest}. */
	public static final String QUOTE = "inventory.quote";

	/** inventory-service's queue of quote requests. */
	public static final String QUOTE_QUEUE = "inventory-service.quotes";

	/** Exchange through which failed messages reach their retry queue or parking lot. */
	public static final String RETRY_EXCHANGE = "shopflow.retry";

	private WorkQueues() {
	}

	/** The retry queue of a work queue for one tier's delay. */
	public static String retryQueueOf(String queue, Duration delay) {
		return queue + ".retry." + delay.toMillis() + "ms";
	}

	/** Where a work queue's messages end when no retry can help. */
	public static String parkingLotOf(String queue) {
		return queue + ".parking-lot";
	}

	/**
	 * Routing key of an email delivery of one notification kind, e.g.
	 * {@code email.order-confirmed}.
	 */
	public static String emailRoutingKey(String kind) {
		return EMAIL_ROUTING_PREFIX + kind;
	}

}
