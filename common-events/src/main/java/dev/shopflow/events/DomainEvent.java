package dev.shopflow.events;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * A fact that happened to one order, as published on the event log.
 *
 * <p>
 * The JSON names its type in a {@code "type"} property, so a record on a topic can be
 * read without its headers (replays, tools, the dead-letter topics). Unknown properties
 * are ignored: a producer may add a field without breaking consumers that do not know it
 * yet. Removing or changing a field is a new {@link #schemaVersion() schema version},
 * which a consumer that does not know it refuses (the record goes to the dead-letter
 * topic instead of being misread); deploy consumers before producers.
 *
 * <p>
 * Every event validates itself on construction, which is also how it is deserialized: a
 * record that breaks the contract cannot even be read.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({ @JsonSubTypes.Type(value = OrderPlaced.class, name = OrderPlaced.TYPE),
		@JsonSubTypes.Type(value = OrderConfirmed.class, name = OrderConfirmed.TYPE),
		@JsonSubTypes.Type(value = OrderRejected.class, name = OrderRejected.TYPE),
		@JsonSubTypes.Type(value = OrderCancelled.class, name = OrderCancelled.TYPE),
		@JsonSubTypes.Type(value = PaymentAuthorized.class, name = PaymentAuthorized.TYPE),
		@JsonSubTypes.Type(value = PaymentDeclined.class, name = PaymentDeclined.TYPE),
		@JsonSubTypes.Type(value = PaymentRefunded.class, name = PaymentRefunded.TYPE) })
@JsonIgnoreProperties(ignoreUnknown = true)
public sealed interface DomainEvent permits OrderEvent, PaymentEvent {

	/** Unique per event; consumers deduplicate on it. */
	UUID eventId();

	Instant occurredAt();

	/** The aggregate the event is about, and the record key on the topic. */
	UUID orderId();

	int schemaVersion();

	/** The type name used in the JSON and in the event-type header. */
	@JsonIgnore
	String eventType();

	/** The topic that carries this kind of event. */
	@JsonIgnore
	String topic();

}
