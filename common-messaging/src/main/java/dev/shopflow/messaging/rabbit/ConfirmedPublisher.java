package dev.shopflow.messaging.rabbit;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

/**
 * Publishes a message and returns only once the broker has taken responsibility for it:
 * confirmed (publisher confirms) and not returned as unroutable (mandatory). Anything
 * else throws, so the caller keeps the message and tries again: nothing is dropped
 * silently.
 */
public class ConfirmedPublisher {

	private final RabbitTemplate template;

	private final Duration timeout;

	private final MeterRegistry meters;

	ConfirmedPublisher(RabbitTemplate template, Duration timeout, MeterRegistry meters) {
		this.template = template;
		this.timeout = timeout;
		this.meters = meters;
	}

	/**
	 * @throws UnconfirmedPublishException if the broker returned, refused or did not
	 * confirm the message in time
	 */
	public void publish(String exchange, String routingKey, Message message) {
		CorrelationData correlation = new CorrelationData(UUID.randomUUID().toString());
		count("published", exchange);
		try {
			this.template.send(exchange, routingKey, message, correlation);
			CorrelationData.Confirm confirm = correlation.getFuture()
				.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
			if (correlation.getReturned() != null) {
				count("returned", exchange);
				throw new UnconfirmedPublishException("Unroutable: %s/%s returned %s".formatted(exchange, routingKey,
						correlation.getReturned().getReplyText()));
			}
			if (!confirm.isAck()) {
				count("nacked", exchange);
				throw new UnconfirmedPublishException(
						"Refused by the broker: %s/%s: %s".formatted(exchange, routingKey, confirm.getReason()));
			}
			count("confirmed", exchange);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new UnconfirmedPublishException("Interrupted while waiting for a confirm", ex);
		}
		catch (ExecutionException | TimeoutException | AmqpException ex) {
			if (ex instanceof UnconfirmedPublishException unconfirmed) {
				throw unconfirmed;
			}
			count("failed", exchange);
			throw new UnconfirmedPublishException("Not confirmed: %s/%s".formatted(exchange, routingKey), ex);
		}
	}

	private void count(String outcome, String exchange) {
		Counter.builder("shopflow.rabbit.publishes")
			.description("Messages published to RabbitMQ, by outcome")
			.tag("outcome", outcome)
			.tag("exchange", exchange)
			.register(this.meters)
			.increment();
	}

	/** The broker did not take the message: it is still the publisher's to keep. */
	public static class UnconfirmedPublishException extends AmqpException {

		UnconfirmedPublishException(String message) {
			super(message);
		}

		UnconfirmedPublishException(String message, Throwable cause) {
			super(message, cause);
		}

	}

}
