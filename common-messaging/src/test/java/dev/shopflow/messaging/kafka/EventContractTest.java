package dev.shopflow.messaging.kafka;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.shopflow.events.DomainEvent;
import dev.shopflow.events.OrderCancelled;
import dev.shopflow.events.OrderConfirmed;
import dev.shopflow.events.OrderPlaced;
import dev.shopflow.events.OrderRejected;
import dev.shopflow.events.PaymentAuthorized;
import dev.shopflow.events.PaymentDeclined;
import dev.shopflow.events.PaymentRefunded;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.core.log.LogAccessor;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;
import org.springframework.kafka.support.serializer.SerializationUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract of every event, through the code both sides really run: the outbox's
 * writer on the producer side, the consumers' deserializer on the other.
 */
class EventContractTest {

	private static final LogAccessor LOG = new LogAccessor(EventContractTest.class);

	private static final Instant AT = Instant.parse("2026-11-21T10:15:30.123456Z");

	private static final UUID ORDER = UUID.fromString("7f0c1b7e-2f65-4a53-9a43-55d0c1e0a001");

	private static final UUID PAYMENT = UUID.fromString("0b7e2d4c-93a1-4f51-8d1e-44f6a2c9b002");

	/** Configured the way Spring Boot configures the services' mapper. */
	private final ObjectMapper bootMapper = Jackson2ObjectMapperBuilder.json().build();

	static Stream<DomainEvent> oneOfEachEvent() {
		return Stream.of(
				OrderPlaced.of(ORDER, "c-42", "EUR", new BigDecimal("102.50"),
						List.of(new OrderPlaced.Line("BOOK-001", 2, new BigDecimal("45.00")),
								new OrderPlaced.Line("MUG-001", 1, new BigDecimal("12.50"))),
						AT),
				OrderConfirmed.of(ORDER, "c-42", "EUR", new BigDecimal("102.50"), AT),
				OrderRejected.of(ORDER, "c-42", "insufficient stock for GPU-001", AT),
				OrderCancelled.of(ORDER, "c-42", "payment declined: over limit", AT),
				PaymentAuthorized.of(ORDER, PAYMENT, "c-42", new BigDecimal("102.50"), "EUR", AT),
				PaymentDeclined.of(ORDER, PAYMENT, "c-42", new BigDecimal("1500.00"), "EUR", "over limit", AT),
				PaymentRefunded.of(ORDER, PAYMENT, "c-42", new BigDecimal("102.50"), "EUR", AT));
	}

	@Test
	void everyEventTypeHasAContractCase() {
		List<Class<?>> sampled = oneOfEachEvent().<Class<?>>map(Object::getClass).toList();
		assertThat(sampled).containsExactlyInAnyOrderElementsOf(concreteEventTypes(DomainEvent.class));
	}

	@ParameterizedTest
	@MethodSource("oneOfEachEvent")
	void whatTheOutboxWritesIsWhatAConsumerReads(DomainEvent event) throws Exception {
		String json = EventSerialization.eventWriter(this.bootMapper).writeValueAsString(event);

		assertThat(json).contains("\"type\":\"" + event.eventType() + "\"");
		assertThat(consume(json)).isEqualTo(event);
	}

	@ParameterizedTest
	@MethodSource("oneOfEachEvent")
	void anEventSentAsAnObjectIsReadTheSameWay(DomainEvent event) {
		byte[] bytes = EventSerialization.valueSerializer(this.bootMapper).serialize(event.topic(), event);

		assertThat(consume(new String(bytes, StandardCharsets.UTF_8))).isEqualTo(event);
	}

	@ParameterizedTest
	@MethodSource("oneOfEachEvent")
	void aFieldAddedByANewerProducerDoesNotBreakAConsumer(DomainEvent event) throws Exception {
		String json = EventSerialization.eventWriter(this.bootMapper).writeValueAsString(event);
		String newer = json.replaceFirst("\\{", "{\"addedLater\":{\"nested\":[1,2]},\"alsoNew\":\"x\",");

		assertThat(consume(newer)).isEqualTo(event);
	}

	@ParameterizedTest
	@MethodSource("oneOfEachEvent")
	void toleranceOfNewFieldsIsPartOfTheContractNotOfTheMapper(DomainEvent event) throws Exception {
		ObjectMapper strict = JsonMapper.builder()
			.findAndAddModules()
			.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
			.build();
		String json = EventSerialization.eventWriter(strict).writeValueAsString(event);

		assertThat(strict.readValue(json.replaceFirst("\\{", "{\"addedLater\":true,"), DomainEvent.class))
			.isEqualTo(event);
	}

	@Test
	void theWrittenContractDoesNotDependOnTheServicesJacksonSettings() throws Exception {
		ObjectMapper tuned = Jackson2ObjectMapperBuilder.json()
			.featuresToEnable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
			.build();
		DomainEvent event = OrderRejected.of(ORDER, "c-42", "no stock", AT);

		String json = EventSerialization.eventWriter(tuned).writeValueAsString(event);

		assertThat(json).contains("\"occurredAt\":\"2026-11-21T10:15:30.123456Z\"");
		assertThat(consume(json)).isEqualTo(event);
	}

	@Test
	void aValueThatIsNotJsonIsAFailureForTheErrorHandlerNotAnException() {
		RecordHeaders headers = new RecordHeaders();

		assertThat(deserialize("not json at all", headers)).isNull();
		assertThat(deserializationFailure(headers)).isNotNull();
	}

	@Test
	void anUnknownEventTypeIsAFailure() {
		RecordHeaders headers = new RecordHeaders();
		String json = """
				{"type":"OrderTeleported","eventId":"%s","occurredAt":"%s","schemaVersion":1,"orderId":"%s"}
				""".formatted(UUID.randomUUID(), AT, ORDER);

		assertThat(deserialize(json, headers)).isNull();
		assertThat(deserializationFailure(headers)).rootCause().hasMessageContaining("OrderTeleported");
	}

	@Test
	void anEventBreakingItsContractIsAFailureNamingTheField() {
		RecordHeaders headers = new RecordHeaders();
		String json = """
				{"type":"OrderCancelled","eventId":"%s","occurredAt":"%s","schemaVersion":1,"customerId":"c-1","reason":"x"}
				"""
			.formatted(UUID.randomUUID(), AT);

		assertThat(deserialize(json, headers)).isNull();
		assertThat(deserializationFailure(headers)).rootCause().hasMessageContaining("orderId is required");
	}

	@Test
	void anEventOfANewerSchemaVersionIsRefusedRatherThanMisread() {
		RecordHeaders headers = new RecordHeaders();
		String json = """
				{"type":"OrderRejected","eventId":"%s","occurredAt":"%s","schemaVersion":2,"orderId":"%s","customerId":"c-1","reason":"x"}
				"""
			.formatted(UUID.randomUUID(), AT, ORDER);

		assertThat(deserialize(json, headers)).isNull();
		assertThat(deserializationFailure(headers)).rootCause()
			.hasMessageContaining("schemaVersion 2 is not supported");
	}

	private Object consume(String json) {
		RecordHeaders headers = new RecordHeaders();
		Object value = deserialize(json, headers);
		assertThat(deserializationFailure(headers)).isNull();
		return value;
	}

	private Object deserialize(String value, RecordHeaders headers) {
		return EventSerialization.valueDeserializer(this.bootMapper)
			.deserialize("any-topic", headers, value.getBytes(StandardCharsets.UTF_8));
	}

	private static Exception deserializationFailure(RecordHeaders headers) {
		Header header = headers.lastHeader(SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER);
		return (header != null) ? SerializationUtils.byteArrayToDeserializationException(LOG, header) : null;
	}

	private static List<Class<?>> concreteEventTypes(Class<?> type) {
		if (!type.isSealed()) {
			return List.of(type);
		}
		List<Class<?>> concrete = new ArrayList<>();
		for (Class<?> permitted : type.getPermittedSubclasses()) {
			concrete.addAll(concreteEventTypes(permitted));
		}
		return concrete;
	}

}
