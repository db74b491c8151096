package dev.shopflow.web.chaos;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Type;
import java.util.Map;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;

/**
 * Lets {@code POST /actuator/chaos} take JSON numbers and booleans,
 * {@code {"errorRate":0.5,"hang":true}}, as anyone would write them. The actuator reads
 * every write body as a {@code Map<String, String>} and converts the strings to the
 * operation's parameter types itself, but the services' {@code ObjectMapper} refuses to
 * read a number or a boolean into a string (StrictScalars). So the body's scalars are
 * turned into their text first, for this endpoint only; the API's strictness is
 * untouched. An unreadable body is left as it came, for the actuator to refuse.
 */
@ControllerAdvice
class ChaosRequestBody extends RequestBodyAdviceAdapter {

	private static final String ACTUATOR_PACKAGE = "org.springframework.boot.actuate.";

	/** Only the reading of the body, which accepts anything JSON has. */
	private final ObjectMapper lenient = new ObjectMapper();

	private final Supplier<String> path;

	/**
	 * @param path the endpoint's path, such as {@code /actuator/chaos}; {@code null}
	 * while it is not exposed over HTTP
	 */
	ChaosRequestBody(Supplier<String> path) {
		this.path = path;
	}

	@Override
	public boolean supports(MethodParameter parameter, Type targetType,
			Class<? extends HttpMessageConverter<?>> converterType) {
		return parameter.getDeclaringClass().getName().startsWith(ACTUATOR_PACKAGE)
				&& Map.class.isAssignableFrom(parameter.getParameterType()) && isChaosEndpoint();
	}

	private boolean isChaosEndpoint() {
		String path = this.path.get();
		RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
		return path != null && attributes instanceof ServletRequestAttributes servlet
				&& servlet.getRequest().getRequestURI().equals(servlet.getRequest().getContextPath() + path);
	}

	@Override
	public HttpInputMessage beforeBodyRead(HttpInputMessage input, MethodParameter parameter, Type targetType,
			Class<? extends HttpMessageConverter<?>> converterType) throws IOException {
		byte[] body = input.getBody().readAllBytes();
		return new Body(input.getHeaders(), scalarsAsText(body));
	}

	private byte[] scalarsAsText(byte[] body) {
		try {
			if (this.lenient.readTree(body) instanceof ObjectNode object) {
				ObjectNode text = this.lenient.createObjectNode();
				for (Map.Entry<String, JsonNode> field : object.properties()) {
					JsonNode value = field.getValue();
					text.set(field.getKey(),
							(value.isNumber() || value.isBoolean()) ? text.textNode(value.asText()) : value);
				}
				return this.lenient.writeValueAsBytes(text);
			}
		}
		catch (IOException ex) {
			// Not JSON: the actuator's own reading refuses it with a 400.
		}
		return body;
	}

	private record Body(HttpHeaders headers, byte[] bytes) implements HttpInputMessage {

		@Override
		public HttpHeaders getHeaders() {
			return this.headers;
		}

		@Override
		public InputStream getBody() {
			return new ByteArrayInputStream(this.bytes);
		}

	}

}
