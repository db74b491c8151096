package dev.shopflow.inventory.product;

import dev.shopflow.events.Quote;
import dev.shopflow.events.QuoteRequest;
import dev.shopflow.events.ShopflowHeaders;
import dev.shopflow.events.WorkQueues;
import dev.shopflow.messaging.Failures;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.amqp.rabbit.support.ListenerExecutionFailedException;
import org.springframework.stereotype.Component;

/**
 * Answers quote requests by request-reply: the price and availability of a quantity of
 * one product, the same question a caller can ask with {@code GET /api/products?sku=}.
 * The returned {@link Quote} goes to the request's reply-to address with its correlation
 * id. A SKU the catalogue does not have is a normal answer ({@code known=false}), not a
 * failure.
 */
@Component
class QuoteListener {

	/** Id of the listener container, for whoever needs to stop and start it. */
	static final String ID = "quotes";

	private static final Logger log = LoggerFactory.getLogger(QuoteListener.class);

	private final ProductRepository products;

	private final Counter known;

	private final Counter unknown;

	private final Counter rejected;

	QuoteListener(ProductRepository products, MeterRegistry meters) {
		this.products = products;
		this.known = counter(meters, "quoted");
		this.unknown = counter(meters, "unknown-sku");
		this.rejected = counter(meters, "rejected");
	}

	@RabbitListener(id = ID, queues = WorkQueues.QUOTE_QUEUE, containerFactory = InventoryTopology.REQUEST_REPLY)
	Quote quote(QuoteRequest request) {
		return this.products.findBySku(request.sku()).map((product) -> {
			this.known.increment();
			return new Quote(product.sku(), request.quantity(), true, product.unitPrice(), product.currency(),
					product.available(), product.available() >= request.quantity());
		}).orElseGet(() -> {
			this.unknown.increment();
			return new Quote(request.sku(), request.quantity(), false, null, null, 0, false);
		});
	}

	/**
	 * A request that could not be answered (unreadable, or the database failed) gets no
	 * reply; the container rejects it without requeue, and only its caller's timeout
	 * tells the caller. One line, not a stack trace: nobody can act on it beyond knowing
	 * it happened.
	 */
	void rejected(Throwable failure) {
		this.rejected.increment();
		log.warn("Dropped a quote request (correlation id {}) without answer: {}", correlationIdOf(failure),
				Failures.reason(failure));
	}

	private static Object correlationIdOf(Throwable failure) {
		if (failure instanceof ListenerExecutionFailedException listener && listener.getFailedMessage() != null) {
			return listener.getFailedMessage().getMessageProperties().getHeader(ShopflowHeaders.EVENT_CORRELATION_ID);
		}
		return null;
	}

	private static Counter counter(MeterRegistry meters, String outcome) {
		return Counter.builder("shopflow.quotes")
			.description("Quote requests answered by request-reply, by outcome")
			.tag("outcome", outcome)
			.register(meters);
	}

}
