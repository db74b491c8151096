package dev.shopflow.order.payment;

import java.math.BigDecimal;
import java.util.UUID;

import dev.shopflow.events.ShopflowHeaders;
import dev.shopflow.order.OrderProperties;
import dev.shopflow.order.downstream.Downstream;
import dev.shopflow.order.downstream.DownstreamUnavailableException;
import dev.shopflow.order.downstream.Downstreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.client.HttpClientErrorException;

/**
 * payment-service as order-service sees it. Every call is guarded (see
 * {@link Downstream}) and degrades to {@link PaymentOutcome.Deferred} instead of failing
 * the order when payment-service cannot answer.
 */
@Component
public class PaymentClient {

	/** Name of this downstream's circuit breaker, retry and bulkhead instances. */
	public static final String DOWNSTREAM = "payment";

	private static final Logger log = LoggerFactory.getLogger(PaymentClient.class);

	private static final String DEFERRED = "payment-service unavailable, payment will be retried";

	private final Downstream payment;

	PaymentClient(Downstreams downstreams, OrderProperties properties) {
		this.payment = downstreams.create(DOWNSTREAM, properties.payment());
	}

	/**
	 * Asks payment-service to authorize the order's total. Every attempt of the same
	 * order carries the same idempotency key (and orderId), so a retry after a lost
	 * response is answered with the first result and never charges twice.
	 */
	public PaymentOutcome authorize(UUID orderId, String customerId, BigDecimal amount, String currency) {
		Payment payment;
		try {
			payment = this.payment.call(() -> this.payment.http()
				.post()
				.uri("/api/payments")
				.header(ShopflowHeaders.IDEMPOTENCY_KEY, idempotencyKey(orderId))
				.body(new AuthorizationRequest(orderId, customerId, amount, currency))
				.retrieve()
				.body(Payment.class));
		}
		catch (DownstreamUnavailableException ex) {
			log.warn("Payment for order {} deferred: {}", orderId, ex.getMessage());
			return new PaymentOutcome.Deferred(DEFERRED);
		}
		catch (HttpClientErrorException ex) {
			return refused(orderId, ex);
		}
		String status = (payment != null) ? payment.status() : null;
		if ("AUTHORIZED".equals(status)) {
			return new PaymentOutcome.Authorized(payment.paymentId());
		}
		if ("DECLINED".equals(status)) {
			return new PaymentOutcome.Declined(payment.declineReason());
		}
		// Not an answer we can act on: whether money moved is unknown, so settle later
		// (by order id, idempotently) rather than guess.
		log.error("Payment for order {} deferred: payment-service answered with status {}", orderId, status);
		return new PaymentOutcome.Deferred(DEFERRED);
	}

	private static PaymentOutcome refused(UUID orderId, HttpClientErrorException ex) {
		HttpStatusCode status = ex.getStatusCode();
		if (status.isSameCodeAs(HttpStatus.REQUEST_TIMEOUT) || status.isSameCodeAs(HttpStatus.TOO_MANY_REQUESTS)) {
			return new PaymentOutcome.Deferred(DEFERRED);
		}
		// Any other 4xx means payment-service will never accept this request as sent: a
		// bug between the two services, not a decline by the customer's bank. Retrying
		// cannot help, so the order must not wait for it.
		ProblemDetail problem = ex.getResponseBodyAs(ProblemDetail.class);
		String detail = (problem != null && problem.getDetail() != null) ? problem.getDetail() : status.toString();
		log.error("payment-service refused the authorization of order {}: {}", orderId, detail);
		return new PaymentOutcome.Declined("payment-service refused the request: " + detail);
	}

	/** Stable per order, so it is the same on every retry and on any later re-send. */
	static String idempotencyKey(UUID orderId) {
		return "authorize-" + orderId;
	}

	record AuthorizationRequest(UUID orderId, String customerId, BigDecimal amount, String currency) {
	}

	record Payment(UUID paymentId, String status, String declineReason) {
	}

}
