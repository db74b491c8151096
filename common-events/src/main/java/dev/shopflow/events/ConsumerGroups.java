package dev.shopflow.events;

/**
 * Kafka consumer groups, one per consuming service: each service sees every event once,
 * whatever number of instances it runs. The group is also the consumer's name in its
 * {@code processed_events} inbox.
 */
public final class ConsumerGroups {

	public static final String ORDER = "order-service";

	public static final String PAYMENT = "payment-service";

	public static final String INVENTORY = "inventory-service";

	public static final String NOTIFICATION = "notification-service";

	private ConsumerGroups() {
	}

}
