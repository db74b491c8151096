package dev.shopflow.events;

/**
 * Header names, HTTP and Kafka, that more than one service reads or writes. Defined once
 * so a rename cannot silently break the contract between a caller and its callee.
 */
public final class ShopflowHeaders {

	/**
	 * Sent by a caller on every attempt of the same logical request, retries included, so
	 * the callee can recognise a repeat and answer with its first result.
	 */
	public static final String IDEMPOTENCY_KEY = "Idempotency-Key";

	/**
	 * HTTP header naming the chain of work a request belongs to; taken from the caller or
	 * made up, echoed in the response, and carried on to the events it causes.
	 */
	public static final String CORRELATION_ID = "X-Correlation-Id";

	/**
	 * Kafka header: the {@link DomainEvent#eventType() type} of the event in the value.
	 */
	public static final String EVENT_TYPE = "shopflow-event-type";

	/** Kafka header: the {@link DomainEvent#eventId() id} of the event in the value. */
	public static final String EVENT_ID = "shopflow-event-id";

	/** Kafka header: the correlation id of the work that caused the event. */
	public static final String EVENT_CORRELATION_ID = "shopflow-correlation-id";

	/**
	 * Kafka header of a dead letter: why it could not be processed, in one line (the
	 * innermost exception's class and message). Spring Kafka's own headers add the
	 * original topic, partition, offset and the full stack trace.
	 */
	public static final String DEAD_LETTER_REASON = "shopflow-dead-letter-reason";

	/**
	 * RabbitMQ header: which attempt at a message this delivery is (1 for the first).
	 * Carried by the message itself, so it survives the trip through the retry queues.
	 */
	public static final String ATTEMPT = "x-shopflow-attempt";

	/**
	 * RabbitMQ header: when a message first failed, in epoch milliseconds. Bounds how
	 * long a message that keeps failing transiently is retried before it is parked.
	 */
	public static final String FIRST_FAILED_AT = "x-shopflow-first-failed-at";

	/** RabbitMQ header of a parked message: why it was parked, in one line. */
	public static final String PARKING_REASON = "x-shopflow-parking-reason";

	/** RabbitMQ header of a parked message: the queue it failed in. */
	public static final String PARKED_FROM = "x-shopflow-parked-from";

	private ShopflowHeaders() {
	}

}
