package dev.shopflow.order.quote;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shopflow.events.Quote;
import dev.shopflow.events.QuoteRequest;
import dev.shopflow.events.WorkQueues;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.listener.DirectMessageListenerContainer;

/**
 * Plays inventory-service's side of the quote request-reply: consumes its queue and
 * answers each request at once, or holds the requests for the test to answer when it
 * chooses. Replies go where a real responder sends them: to the request's reply-to, with
 * its correlation id.
 */
final class InventoryResponder implements AutoCloseable {

	private final RabbitTemplate rabbit;

	private final ObjectMapper json;

	private final Function<QuoteRequest, Quote> answer;

	private final DirectMessageListenerContainer container;

	private final List<Message> requests = new CopyOnWriteArrayList<>();

	private final BlockingQueue<Message> held = new LinkedBlockingQueue<>();

	private InventoryResponder(ConnectionFactory connectionFactory, RabbitTemplate rabbit, ObjectMapper json,
			Function<QuoteRequest, Quote> answer) {
		this.rabbit = rabbit;
		this.json = json;
		this.answer = answer;
		this.container = new DirectMessageListenerContainer(connectionFactory);
		this.container.setQueueNames(WorkQueues.QUOTE_QUEUE);
		this.container.setMessageListener(this::onRequest);
		this.container.afterPropertiesSet();
		this.container.start();
	}

	static InventoryResponder answering(ConnectionFactory connectionFactory, RabbitTemplate rabbit, ObjectMapper json,
			Function<QuoteRequest, Quote> answer) {
		return new InventoryResponder(connectionFactory, rabbit, json, answer);
	}

	static InventoryResponder holding(ConnectionFactory connectionFactory, RabbitTemplate rabbit, ObjectMapper json) {
		return new InventoryResponder(connectionFactory, rabbit, json, null);
	}

	/** Every request received so far. */
	List<Message> requests() {
		return List.copyOf(this.requests);
	}

	/** The next request held for the test, waiting at most the given time. */
	Message nextRequest(Duration timeout) throws InterruptedException {
		Message request = this.held.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
		if (request == null) {
			throw new AssertionError("No quote request within " + timeout);
		}
		return request;
	}

	void reply(Message request, Quote quote) {
		MessageProperties properties = new MessageProperties();
		properties.setCorrelationId(request.getMessageProperties().getCorrelationId());
		this.rabbit.send("", request.getMessageProperties().getReplyTo(),
				this.rabbit.getMessageConverter().toMessage(quote, properties));
	}

	private void onRequest(Message request) {
		this.requests.add(request);
		if (this.answer == null) {
			this.held.add(request);
			return;
		}
		try {
			reply(request, this.answer.apply(this.json.readValue(request.getBody(), QuoteRequest.class)));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void close() {
		this.container.stop();
		this.container.destroy();
	}

}
