package dev.shopflow.order.inventory;

import java.time.Duration;

import dev.shopflow.events.Quote;
import dev.shopflow.events.QuoteRequest;
import dev.shopflow.events.ShopflowHeaders;
import dev.shopflow.events.WorkQueues;
import dev.shopflow.messaging.correlation.Correlation;
import dev.shopflow.order.OrderProperties;
import dev.shopflow.order.downstream.Breaker;
import dev.shopflow.order.downstream.DownstreamUnavailableException;
import dev.shopflow.order.downstream.Downstreams;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.rabbitmq.client.Channel;
import org.springframework.amqp.AmqpRejectAndDontRequeueException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.support.converter.MessageConverter;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.stereotype.Component;

/**
 * Questions to inventory-service over RabbitMQ request-reply, guarded by the circuit
 * breaker {@value #QUOTES}.
 *
 * <p>
 * Replies come by direct reply-to ({@code amq.rabbitmq.reply-to}): the broker hands a
 * reply straight to the consumer on the channel that sent the request, so there is no
 * reply queue to declare, name per instance, or clean up, and nothing is stored for a
 * reply. A fixed reply queue would only pay off if replies had to survive a restart of
 * this service, and a quote nobody waits for any more is worthless. The template matches
 * a reply to its caller by correlation id.
 *
 * <p>
 * Each request expires in the broker when its caller stops waiting (per-message TTL equal
 * to the reply timeout): a backlogged or restarted inventory-service does not spend work
 * on questions nobody waits for. A reply that still arrives after its caller gave up
 * finds nobody waiting: it is counted ({@code shopflow.quotes.late.replies}) and dropped
 * (see {@link LateRepliesDiscarded}).
 *
 * <p>
 * The template is this class's own, not the application's: the reply timeout, the
 * mandatory flag and the handling of late replies belong to this one conversation.
 */
@Component
public class InventoryRequests implements DisposableBean {

	/** Name of the circuit breaker instance that guards quotes. */
	public static final String QUOTES = "quotes";

	private static final Logger log = LoggerFactory.getLogger(InventoryRequests.class);

	private static final ParameterizedTypeReference<Quote> QUOTE = new ParameterizedTypeReference<>() {
	};

	private final RabbitTemplate template;

	private final Breaker breaker;

	private final Duration replyTimeout;

	InventoryRequests(ConnectionFactory connectionFactory, MessageConverter messageConverter, Downstreams downstreams,
			OrderProperties properties, MeterRegistry meters) {
		this.breaker = downstreams.breaker(QUOTES);
		this.replyTimeout = properties.quotes().replyTimeout();
		Counter lateReplies = Counter.builder("shopflow.quotes.late.replies")
			.description("Quote replies that arrived after their caller had given up; discarded")
			.register(meters);
		this.template = new LateRepliesDiscarded(connectionFactory, lateReplies);
		this.template.setBeanName("inventoryRequests");
		this.template.setMessageConverter(messageConverter);
		this.template.setReplyTimeout(this.replyTimeout.toMillis());
		// A request no queue takes (inventory-service has never declared its queue) is
		// returned at once, instead of costing its caller the whole reply timeout.
		this.template.setMandatory(true);
	}

	/**
	 * @return inventory-service's quote; {@link Quote#known()} is false for a SKU its
	 * catalogue does not have
	 * @throws DownstreamUnavailableException when no reply came within the reply timeout
	 * (the cause is then a {@link QuoteTimeoutException}), the request could not be
	 * delivered, or the breaker is open
	 */
	public Quote quote(String sku, int quantity) {
		QuoteRequest request = new QuoteRequest(sku, quantity);
		return this.breaker.call(() -> ask(request));
	}

	private Quote ask(QuoteRequest request) {
		Quote quote = this.template.convertSendAndReceiveAsType(WorkQueues.INVENTORY_REQUESTS, WorkQueues.QUOTE,
				request, this::expiresWithItsCaller, QUOTE);
		if (quote == null) {
			throw new QuoteTimeoutException(request, this.replyTimeout);
		}
		return quote;
	}

	private Message expiresWithItsCaller(Message request) {
		request.getMessageProperties().setExpiration(Long.toString(this.replyTimeout.toMillis()));
		request.getMessageProperties().setHeader(ShopflowHeaders.EVENT_CORRELATION_ID, Correlation.currentOrNew());
		return request;
	}

	@Override
	public void destroy() {
		this.template.destroy();
	}

	/**
	 * A template that counts and drops a reply it cannot hand to a caller. One with a
	 * correlation id answers a request whose caller gave up at its reply timeout (the
	 * template has forgotten that id by then); its client has had a 503, so nobody can
	 * use it. The plain template throws, and its reply container then logs each such
	 * reply as a listener failure with a stack trace; a late reply is expected when
	 * inventory-service is slow, so it costs one warning line of the template and a count
	 * here.
	 */
	private static final class LateRepliesDiscarded extends RabbitTemplate {

		private final Counter lateReplies;

		LateRepliesDiscarded(ConnectionFactory connectionFactory, Counter lateReplies) {
			super(connectionFactory);
			this.lateReplies = lateReplies;
		}

		@Override
		public void onMessage(Message reply, Channel channel) {
			try {
				super.onMessage(reply, channel);
			}
			catch (AmqpRejectAndDontRequeueException ex) {
				if (reply.getMessageProperties().getCorrelationId() == null) {
					log.warn("Discarded a reply without a correlation id");
					return;
				}
				this.lateReplies.increment();
			}
		}

	}

}
