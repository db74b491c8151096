package dev.shopflow.system.soak;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Names and addresses the soak reads, as the compose stack publishes them. The message
 * names are common-events' ({@code Topics}, {@code ConsumerGroups}, {@code WorkQueues},
 * {@code ShopflowHeaders}), repeated here because the system tests see the services from
 * outside, as a tool would; the soak fails loudly if one of them is not there.
 */
final class SoakNames {

	static final String ORDERS_API = "http://localhost:8080/api/orders";

	static final String KAFKA = "localhost:9092";

	static final String RABBIT_API = "http://localhost:15672/api";

	static final String RABBIT_AUTHORIZATION = "Basic "
			+ Base64.getEncoder().encodeToString("shopflow:local-rabbitmq".getBytes(StandardCharsets.UTF_8));

	static final String MAIL_API = "http://localhost:8025/api";

	static final String CUSTOMER_DOMAIN = "customers.shopflow.example";

	static final String PROMETHEUS = "http://localhost:9090";

	static final String ORDER_EVENTS = "shopflow.order-events";

	static final String PAYMENT_EVENTS = "shopflow.payment-events";

	static final String DLT_SUFFIX = ".DLT";

	static final List<String> DEAD_LETTER_TOPICS = List.of(ORDER_EVENTS + DLT_SUFFIX, PAYMENT_EVENTS + DLT_SUFFIX);

	/** The consumer groups of each event topic. */
	static final Map<String, List<String>> CONSUMERS = Map.of(ORDER_EVENTS,
			List.of("inventory-service", "payment-service", "notification-service"), PAYMENT_EVENTS,
			List.of("order-service", "notification-service"));

	static final String DEAD_LETTER_REASON = "shopflow-dead-letter-reason";

	static final String DEAD_LETTER_GROUP = "kafka_dlt-original-consumer-group";

	static final String EVENT_TYPE = "shopflow-event-type";

	static final String PAYMENT_COMMANDS = "shopflow.payment-commands";

	static final String AUTHORIZE_PAYMENT = "payment.authorize";

	static final String PARKING_LOT_SUFFIX = ".parking-lot";

	static final String PARKING_REASON = "x-shopflow-parking-reason";

	static final String PARKED_FROM = "x-shopflow-parked-from";

	/**
	 * The databases, one per service; inventory publishes nothing, so it has no outbox.
	 */
	static final List<String> DATABASES_WITH_OUTBOX = List.of("order", "payment", "notification");

	private SoakNames() {
	}

}
