package dev.shopflow.payment.web;

import dev.shopflow.payment.PaymentProperties;
import dev.shopflow.web.BoundedRequestBody;

import org.springframework.web.bind.annotation.ControllerAdvice;

/**
 * Bounds every request body to {@code maxRequestBytes} before it is parsed (see
 * {@link BoundedRequestBody}). Public so that MVC slice tests can import it.
 */
@ControllerAdvice
public class RequestBodyLimit extends BoundedRequestBody {

	RequestBodyLimit(PaymentProperties properties) {
		super(properties.maxRequestBytes());
	}

}
