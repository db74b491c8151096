package dev.shopflow.payment.payments;

import java.util.Comparator;
import java.util.Set;
import java.util.stream.Collectors;

import dev.shopflow.events.AuthorizePayment;
import dev.shopflow.events.WorkQueues;
import dev.shopflow.messaging.UnprocessableEventException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.stereotype.Component;

/**
 * Authorizes the payments that order-service could not get an answer for in time and
 * deferred as {@link AuthorizePayment} commands. The outcome reaches order-service as a
 * payment event, exactly as for a payment asked over HTTP.
 *
 * <p>
 * A command may arrive more than once (the relay publishes at least once, a redelivery
 * follows a crash before the ack): the payment is once per order, so a repeat is answered
 * by the stored payment and publishes nothing. What no retry can fix is parked at once: a
 * command the API would refuse, or one that contradicts the payment the order already
 * has. Anything else that fails (the database is down, another transaction holds the
 * order too long) is thrown as it is and retried through the retry tiers.
 */
@Component
class AuthorizePaymentListener {

	private static final Logger log = LoggerFactory.getLogger(AuthorizePaymentListener.class);

	private final PaymentService payments;

	private final Validator validator;

	AuthorizePaymentListener(PaymentService payments, Validator validator) {
		this.payments = payments;
		this.validator = validator;
	}

	@RabbitListener(queues = WorkQueues.AUTHORIZE_PAYMENT_QUEUE)
	void on(AuthorizePayment command) {
		// The API's own rules, so a command cannot store what a request could not.
		PaymentRequest request = new PaymentRequest(command.orderId(), command.customerId(), command.amount(),
				command.currency());
		Set<ConstraintViolation<PaymentRequest>> violations = this.validator.validate(request);
		if (!violations.isEmpty()) {
			throw new UnprocessableEventException("%s %s of order %s is invalid: %s".formatted(AuthorizePayment.TYPE,
					command.commandId(), command.orderId(), describe(violations)));
		}
		try {
			AuthorizationResult result = this.payments.authorize(request.toAttempt(command.commandId().toString()));
			if (!result.created()) {
				log.info("{} {} repeats order {}, whose payment is {}", AuthorizePayment.TYPE, command.commandId(),
						command.orderId(), result.payment().status());
			}
		}
		catch (IdempotencyMismatchException ex) {
			throw new UnprocessableEventException(ex.getMessage());
		}
	}

	private static String describe(Set<ConstraintViolation<PaymentRequest>> violations) {
		return violations.stream()
			.sorted(Comparator
				.comparing((ConstraintViolation<PaymentRequest> violation) -> violation.getPropertyPath().toString()))
			.map((violation) -> violation.getPropertyPath() + " " + violation.getMessage())
			.collect(Collectors.joining(", "));
	}

}
