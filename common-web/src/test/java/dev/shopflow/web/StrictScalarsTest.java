package dev.shopflow.web;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.entry;

/**
 * The strict mapper reads what the services write, events and commands included, and
 * refuses what only a coercion could read.
 */
class StrictScalarsTest {

	private static final String EVENT = """
			{"id": "7f0c1b7e-2f65-4a53-9a43-55d0c1e0a001", "customerId": "c-42", "quantity": 2,
			 "total": 102.50, "at": "2026-11-21T10:15:30.123456Z", "kind": "PLACED", "express": true,
			 "skus": ["BOOK-001"]}""";

	private final ObjectMapper mapper = strictMapper();

	@Test
	void readsJsonWhoseValuesAreOfTheirFieldsKind() throws Exception {
		assertThat(this.mapper.readValue(EVENT, Event.class)).isEqualTo(
				new Event(UUID.fromString("7f0c1b7e-2f65-4a53-9a43-55d0c1e0a001"), "c-42", 2, new BigDecimal("102.50"),
						Instant.parse("2026-11-21T10:15:30.123456Z"), Kind.PLACED, true, List.of("BOOK-001")));
	}

	@Test
	void readsWhatItWrites() throws Exception {
		Event event = new Event(UUID.randomUUID(), "c-1", 1, new BigDecimal("10"), Instant.now(), Kind.CANCELLED, false,
				List.of());

		assertThat(this.mapper.readValue(this.mapper.writeValueAsString(event), Event.class)).isEqualTo(event);
	}

	@Test
	void readsAnIntegerAsADecimal() throws Exception {
		assertThat(this.mapper.readValue(EVENT.replace("102.50", "102"), Event.class).total())
			.isEqualByComparingTo("102");
	}

	@ParameterizedTest
	@ValueSource(strings = { "\"quantity\": 2.5", "\"quantity\": \"2\"", "\"customerId\": 42", "\"total\": \"102.50\"",
			"\"express\": \"true\"", "\"express\": 1", "\"kind\": 0" })
	void refusesAValueOnlyACoercionCouldRead(String field) {
		String name = field.substring(0, field.indexOf(':'));
		String json = EVENT.replaceFirst(name + ": [^,]+,", field + ",").replaceFirst(name + ": [^,}]+}", field + "}");

		assertThat(json).contains(field);
		assertThatExceptionOfType(MismatchedInputException.class)
			.isThrownBy(() -> this.mapper.readValue(json, Event.class));
	}

	@Test
	void readsAnyScalarAsTextIntoALooseMapAsTheActuatorBindsItsBodies() throws Exception {
		Map<String, String> body = this.mapper.readValue("""
				{"latency": "5ms", "errorRate": 0.5, "limit": 3, "hang": false}""", new TypeReference<>() {
		});

		assertThat(body).containsExactly(entry("latency", "5ms"), entry("errorRate", "0.5"), entry("limit", "3"),
				entry("hang", "false"));
	}

	@Test
	void readsOnlyTextIntoTheStringsOfAListField() {
		assertThatExceptionOfType(MismatchedInputException.class)
			.isThrownBy(() -> this.mapper.readValue(EVENT.replace("[\"BOOK-001\"]", "[\"BOOK-001\", 7]"), Event.class));
	}

	private static ObjectMapper strictMapper() {
		Jackson2ObjectMapperBuilder builder = Jackson2ObjectMapperBuilder.json();
		new StrictScalars().customize(builder);
		return builder.build();
	}

	enum Kind {

		PLACED, CANCELLED

	}

	record Event(UUID id, String customerId, int quantity, BigDecimal total, Instant at, Kind kind, boolean express,
			List<String> skus) {

	}

}
