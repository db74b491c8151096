package dev.shopflow.payment.web;

import dev.shopflow.web.BoundedRequestBody;
import dev.shopflow.payment.PaymentProperties;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ControllerAdvice;

/**
 * Bounds every request body to {@code maxRequestBytes} before it is parsed (see
 * {@link BoundedRequestBody}), answering this service's 413 problem. Public so that MVC
 * slice tests can import it.
 */
@ControllerAdvice
public class RequestBodyLimit extends BoundedRequestBody {

	RequestBodyLimit(PaymentProperties properties) {
		super(properties.maxRequestBytes());
	}

	@Override
	protected ProblemDetail tooLarge(int maxBytes) {
		return ApiExceptionHandler.problem(HttpStatus.PAYLOAD_TOO_LARGE, "payload-too-large", "Payload too large",
				"Request body exceeds %d bytes".formatted(maxBytes));
	}

}
