package dev.shopflow.messaging.rabbit;

import java.time.Duration;
import java.util.List;

import dev.shopflow.events.ShopflowHeaders;
import dev.shopflow.events.WorkQueues;
import dev.shopflow.messaging.UnprocessableEventException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.rabbit.support.ListenerExecutionFailedException;
import org.springframework.amqp.support.converter.MessageConversionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

class RetryTierRecovererTest {

	private static final String QUEUE = "worker.jobs";

	private final ConfirmedPublisher publisher = mock(ConfirmedPublisher.class);

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final RetryTierRecoverer recoverer = new RetryTierRecoverer(this.publisher,
			List.of(Duration.ofSeconds(1), Duration.ofSeconds(10)), this.meters);

	@Test
	void aFirstFailureGoesToTheFirstTierAsTheSecondAttempt() {
		this.recoverer.recover(message(1), failure(new IllegalStateException("smtp down")));

		Message sent = sentTo(WorkQueues.retryQueueOf(QUEUE, Duration.ofSeconds(1)));
		assertThat(RetryTierRecoverer.attemptOf(sent)).isEqualTo(2);
		assertThat(this.meters.get("shopflow.rabbit.retries").tag("tier", "PT1S").counter().count()).isOne();
	}

	@Test
	void aFailureOfTheLastAttemptIsParkedWithItsReason() {
		this.recoverer.recover(message(3), failure(new IllegalStateException("smtp down")));

		Message parked = sentTo(WorkQueues.parkingLotOf(QUEUE));
		assertThat(parked.getMessageProperties().<String>getHeader(ShopflowHeaders.PARKING_REASON))
			.isEqualTo("IllegalStateException: smtp down");
		assertThat(parked.getMessageProperties().<String>getHeader(ShopflowHeaders.PARKED_FROM)).isEqualTo(QUEUE);
		assertThat(RetryTierRecoverer.attemptOf(parked)).isEqualTo(3);
	}

	@Test
	void aMessageThatCannotBeReadIsParkedAtOnce() {
		this.recoverer.recover(message(1), failure(new MessageConversionException("not JSON")));

		assertThat(RetryTierRecoverer.attemptOf(sentTo(WorkQueues.parkingLotOf(QUEUE)))).isOne();
	}

	@Test
	void aFailureTheListenerCallsUnprocessableIsParkedAtOnce() {
		this.recoverer.recover(message(1), failure(new UnprocessableEventException("no such notification")));

		assertThat(sentTo(WorkQueues.parkingLotOf(QUEUE)).getMessageProperties()
			.<String>getHeader(ShopflowHeaders.PARKING_REASON))
			.isEqualTo("UnprocessableEventException: no such notification");
	}

	private Message sentTo(String routingKey) {
		ArgumentCaptor<Message> sent = ArgumentCaptor.forClass(Message.class);
		verify(this.publisher).publish(eq(WorkQueues.RETRY_EXCHANGE), eq(routingKey), sent.capture());
		return sent.getValue();
	}

	private static Message message(int attempt) {
		Message message = MessageBuilder.withBody("{}".getBytes()).setHeader(ShopflowHeaders.ATTEMPT, attempt).build();
		message.getMessageProperties().setConsumerQueue(QUEUE);
		return message;
	}

	private static Throwable failure(Throwable cause) {
		return new ListenerExecutionFailedException("Listener threw exception", cause);
	}

}
