package dev.shopflow.web;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.type.LogicalType;

import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;

/**
 * Makes the service's {@code ObjectMapper} read a JSON value into a field only if it is
 * of the field's kind. By default Jackson quietly coerces: {@code 1.5} becomes quantity
 * 1, {@code "1"} or {@code true} a number, {@code 123} a string. A client that sent any
 * of these has a bug, and storing a guess of what it meant hides it; refused, the value
 * is an {@code invalid-request} problem naming the field (see {@link ProblemHandler}).
 * <p>
 * An integer is still a valid decimal ({@code 10} for an amount): JSON has one number
 * type, and {@code 10} and {@code 10.0} are the same number. Events and commands read
 * through the same mapper: what the services write is already of the right kind, so only
 * a producer that breaks the contract notices.
 */
class StrictScalars implements Jackson2ObjectMapperBuilderCustomizer {

	@Override
	public void customize(Jackson2ObjectMapperBuilder builder) {
		// String to number or boolean, number to boolean, float to integer.
		builder.featuresToDisable(MapperFeature.ALLOW_COERCION_OF_SCALARS, DeserializationFeature.ACCEPT_FLOAT_AS_INT);
		builder.featuresToEnable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS);
		// Scalar to string is not a "scalar coercion" to Jackson: it needs its own rule.
		builder.deserializerByType(String.class, StringField.LOOSE);
	}

	/**
	 * Reads a string field only from a JSON string. A string that is no field (a value of
	 * a loose {@code Map<String, String>}, a root value) still takes any scalar as text:
	 * the actuator binds the bodies of its write operations that way, numbers included.
	 */
	static final class StringField extends StdScalarDeserializer<String> implements ContextualDeserializer {

		static final StringField STRICT = new StringField(true);

		static final StringField LOOSE = new StringField(false);

		private final boolean strict;

		private StringField(boolean strict) {
			super(String.class);
			this.strict = strict;
		}

		@Override
		public JsonDeserializer<?> createContextual(DeserializationContext ctxt, BeanProperty property) {
			return (property != null) ? STRICT : LOOSE;
		}

		@Override
		public String deserialize(JsonParser parser, DeserializationContext ctxt) throws IOException {
			if (this.strict && !parser.hasToken(JsonToken.VALUE_STRING) && parser.currentToken().isScalarValue()) {
				return (String) ctxt.handleUnexpectedToken(String.class, parser);
			}
			return StringDeserializer.instance.deserialize(parser, ctxt);
		}

		@Override
		public LogicalType logicalType() {
			return LogicalType.Textual;
		}

		@Override
		public boolean isCachable() {
			return true;
		}

		@Override
		public Object getEmptyValue(DeserializationContext ctxt) {
			return "";
		}

	}

}
