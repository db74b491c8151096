package dev.shopflow.events;

/**
 * Kafka topics of the event log. Every event of one order has the order id as its key, so
 * it lands on one partition and is consumed in the order it was published.
 */
public final class Topics {

	/** {@link OrderEvent}s, published by order-service. */
	public static final String ORDER_EVENTS = "shopflow.order-events";

	/** {@link PaymentEvent}s, published by payment-service. */
	public static final String PAYMENT_EVENTS = "shopflow.payment-events";

	public static final String DEAD_LETTER_SUFFIX = ".DLT";

	/** Records of {@link #ORDER_EVENTS} that a consumer could not process. */
	public static final String ORDER_EVENTS_DLT = ORDER_EVENTS + DEAD_LETTER_SUFFIX;

	/** Records of {@link #PAYMENT_EVENTS} that a consumer could not process. */
	public static final String PAYMENT_EVENTS_DLT = PAYMENT_EVENTS + DEAD_LETTER_SUFFIX;

	/**
	 * Partitions of every event topic and of its dead-letter topic (the same count, so a
	 * dead letter keeps its partition). Six lets up to six instances of a consumer share
	 * the work; partitions can be added but never removed, and adding them moves keys, so
	 * this starts with room to grow rather than at one.
	 */
	public static final int PARTITIONS = 6;

	/**
	 * Days a record is kept. The log is replayable for a month: long enough to rebuild a
	 * new consumer's view or to recover from a consumer bug found weeks later, short
	 * enough to bound the disk. Dead letters are kept as long, so one is never deleted
	 * before someone looked at it.
	 */
	public static final int RETENTION_DAYS = 30;

	private Topics() {
	}

	public static String deadLetterTopicOf(String topic) {
		return topic + DEAD_LETTER_SUFFIX;
	}

}
