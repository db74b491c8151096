package dev.shopflow.messaging.kafka;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.shopflow.events.DomainEvent;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

import org.springframework.kafka.support.serializer.DelegatingByTypeSerializer;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;
import org.springframework.kafka.support.serializer.JsonDeserializer;
import org.springframework.kafka.support.serializer.JsonSerializer;

/**
 * How event values are written and read on every topic. The one place both sides are
 * defined, so the contract tests exercise exactly what producers and consumers run.
 */
public final class EventSerialization {

	private EventSerialization() {
	}

	/**
	 * Writes an event as it is stored in an outbox and published: JSON with its type,
	 * every field present and instants as ISO-8601 text, whatever a service configured
	 * for its own HTTP responses. The contract is not a per-service setting.
	 */
	public static ObjectWriter eventWriter(ObjectMapper objectMapper) {
		return eventMapper(objectMapper).writerFor(DomainEvent.class);
	}

	/**
	 * Writes a command as the outbox stores it and a worker reads it: the same JSON
	 * rules.
	 */
	public static ObjectWriter commandWriter(ObjectMapper objectMapper) {
		return eventMapper(objectMapper).writer();
	}

	private static ObjectMapper eventMapper(ObjectMapper objectMapper) {
		return objectMapper.copy()
			.setDefaultPropertyInclusion(JsonInclude.Include.ALWAYS)
			.disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
	}

	/**
	 * Values a producer sends: the outbox's JSON text as is, a dead letter's original
	 * bytes as is (even when they are not JSON), or an event object as JSON.
	 */
	public static Serializer<Object> valueSerializer(ObjectMapper objectMapper) {
		ObjectMapper eventMapper = eventMapper(objectMapper);
		JsonSerializer<DomainEvent> events = new JsonSerializer<DomainEvent>(
				eventMapper.constructType(DomainEvent.class), eventMapper)
			.noTypeInfo();
		Map<Class<?>, Serializer<?>> byType = new LinkedHashMap<>();
		byType.put(byte[].class, new ByteArraySerializer());
		byType.put(String.class, new StringSerializer());
		byType.put(DomainEvent.class, events);
		return new DelegatingByTypeSerializer(byType, true);
	}

	/**
	 * Values a consumer reads: JSON naming its event type in a {@code "type"} property. A
	 * value that cannot be read as a valid event (not JSON, an unknown type, a broken
	 * contract) becomes a deserialization failure handed to the error handler, which
	 * sends it to the dead-letter topic, instead of an exception that would make the
	 * consumer read the same record forever.
	 */
	public static Deserializer<Object> valueDeserializer(ObjectMapper objectMapper) {
		JsonDeserializer<Object> json = new JsonDeserializer<>(objectMapper.constructType(DomainEvent.class),
				objectMapper, false);
		return new ErrorHandlingDeserializer<>(json);
	}

}
