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
		try {
			Payment payment = this.payment.call(() -> this.payment.http()
				.post()
				.uri("/api/payments")
				.header(ShopflowHeaders.IDEMPOTENCY_KEY, idempotencyKey(orderId))
				.body(new AuthorizationRequest(orderId, customerId, amount, currency))
				.retrieve()
				.body(Payment.class));
			if (payment == null) {
				throw new IllegalStateException("payment-service answered without a body for order " + orderId);
			}
			return "AUTHORIZED".equals(payment.status()) ? new PaymentOutcome.Authorized(payment.paymentId())
					: new PaymentOutcome.Declined(payment.declineReason());
		}
		catch (DownstreamUnavailableException ex) {
			log.warn("Payment for order {} deferred: {}", orderId, ex.getMessage());
			return new PaymentOutcome.Deferred("payment-service unavailable, payment will be retried");
		}
		catch (HttpClientErrorException ex) {
			// A 4xx means payment-service will never accept this request as sent;
			// retrying later cannot help, so the order must not wait for it.
			ProblemDetail problem = ex.getResponseBodyAs(ProblemDetail.class);
			return new PaymentOutcome.Declined("payment-service refused the request: "
					+ ((problem != null && problem.getDetail() != null) ? problem.getDetail() : ex.getStatusCode()));
		}
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
