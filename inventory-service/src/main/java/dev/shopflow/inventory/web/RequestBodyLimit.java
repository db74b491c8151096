package dev.shopflow.inventory.web;

import dev.shopflow.web.BoundedRequestBody;
import dev.shopflow.inventory.InventoryProperties;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ControllerAdvice;

/**
 * Bounds every request body to {@code maxRequestBytes} before it is parsed (see
 * {@link BoundedRequestBody}), answering this service's 413 problem.
 */
@ControllerAdvice
class RequestBodyLimit extends BoundedRequestBody {

	RequestBodyLimit(InventoryProperties properties) {
		super(properties.maxRequestBytes());
	}

	@Override
	protected ProblemDetail tooLarge(int maxBytes) {
		return ApiExceptionHandler.problem(HttpStatus.PAYLOAD_TOO_LARGE, ApiExceptionHandler.PAYLOAD_TOO_LARGE,
				"Request body too large", "Request body exceeds the limit of " + maxBytes + " bytes");
	}

}
