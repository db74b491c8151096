package dev.shopflow.inventory.web;

import dev.shopflow.inventory.InventoryProperties;
import dev.shopflow.web.BoundedRequestBody;

import org.springframework.web.bind.annotation.ControllerAdvice;

/**
 * Bounds every request body to {@code maxRequestBytes} before it is parsed (see
 * {@link BoundedRequestBody}).
 */
@ControllerAdvice
class RequestBodyLimit extends BoundedRequestBody {

	RequestBodyLimit(InventoryProperties properties) {
		super(properties.maxRequestBytes());
	}

}
