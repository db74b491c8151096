package dev.shopflow.order.api;

import dev.shopflow.order.OrderProperties;
import dev.shopflow.web.BoundedRequestBody;

import org.springframework.web.bind.annotation.ControllerAdvice;

/**
 * Bounds every request body to {@code maxRequestBytes} before it is parsed (see
 * {@link BoundedRequestBody}).
 */
@ControllerAdvice
class RequestBodyLimit extends BoundedRequestBody {

	RequestBodyLimit(OrderProperties properties) {
		super(properties.maxRequestBytes());
	}

}
