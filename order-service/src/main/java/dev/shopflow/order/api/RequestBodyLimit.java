package dev.shopflow.order.api;

import dev.shopflow.web.BoundedRequestBody;
import dev.shopflow.order.OrderProperties;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ControllerAdvice;

/**
 * Bounds every request body to {@code maxRequestBytes} before it is parsed (see
 * {@link BoundedRequestBody}), answering this service's 413 problem.
 */
@ControllerAdvice
class RequestBodyLimit extends BoundedRequestBody {

	RequestBodyLimit(OrderProperties properties) {
		super(properties.maxRequestBytes());
	}

	@Override
	protected ProblemDetail tooLarge(int maxBytes) {
		return Problems.of(HttpStatus.PAYLOAD_TOO_LARGE, "payload-too-large", "Payload too large",
				"The request body exceeds " + maxBytes + " bytes");
	}

}
