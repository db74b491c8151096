package dev.shopflow.messaging.rabbit;

import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

import dev.shopflow.events.ShopflowHeaders;
import dev.shopflow.events.WorkQueues;
import dev.shopflow.messaging.DependencyWaits;
import dev.shopflow.messaging.UnprocessableEventException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.rabbit.support.ListenerExecutionFailedException;
import org.springframework.amqp.support.converter.MessageConversionException;
import org.springframework.transaction.CannotCreateTransactionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

class RetryTierRecovererTest {

	private static final String QUEUE = "worker.jobs";

	private final ConfirmedPublisher publisher = mock(ConfirmedPublisher.class);

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final MutableClock clock = new MutableClock(Instant.parse("2026-12-03T10:00:00Z"));

	private final DependencyWaits waits = new DependencyWaits(this.meters);

	private final RetryTierRecoverer recoverer = new RetryTierRecoverer(this.publisher,
			List.of(Duration.ofSeconds(1), Duration.ofSeconds(10)), Duration.ofHours(24), this.waits, this.meters,
			this.clock);

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

	@Test
	void aMessageFailingBecauseTheDatabaseIsAwayIsNeverParkedButRetriedThroughTheLastTier() {
		Message message = message(1);
		for (int attempt = 1; attempt <= 20; attempt++) {
			this.recoverer.recover(message, failure(databaseAway()));
			this.clock.advance(Duration.ofMinutes(1));
		}

		ArgumentCaptor<String> routes = ArgumentCaptor.forClass(String.class);
		verify(this.publisher, times(20)).publish(eq(WorkQueues.RETRY_EXCHANGE), routes.capture(), any());
		assertThat(routes.getAllValues()).doesNotContain(WorkQueues.parkingLotOf(QUEUE))
			.startsWith(WorkQueues.retryQueueOf(QUEUE, Duration.ofSeconds(1)))
			.endsWith(WorkQueues.retryQueueOf(QUEUE, Duration.ofSeconds(10)));
		assertThat(RetryTierRecoverer.attemptOf(message)).isEqualTo(21);
		assertThat(this.waits.isWaiting(QUEUE)).isTrue();
		assertThat(this.meters.get("shopflow.messaging.transient.retries").tag("listener", QUEUE).counter().count())
			.isEqualTo(20);
	}

	@Test
	void aMessageStillFailingTransientlyAfterItsMaximumAgeIsParkedSayingSo() {
		Message message = message(1);
		this.recoverer.recover(message, failure(databaseAway()));
		this.clock.advance(Duration.ofHours(24).plusSeconds(1));

		this.recoverer.recover(message, failure(databaseAway()));

		ArgumentCaptor<Message> sent = ArgumentCaptor.forClass(Message.class);
		verify(this.publisher).publish(eq(WorkQueues.RETRY_EXCHANGE), eq(WorkQueues.parkingLotOf(QUEUE)),
				sent.capture());
		assertThat(sent.getValue().getMessageProperties().<String>getHeader(ShopflowHeaders.PARKING_REASON))
			.startsWith("still failing PT24H after its first failure: ");
		assertThat(this.waits.isWaiting(QUEUE)).isFalse();
	}

	private static Throwable databaseAway() {
		return new CannotCreateTransactionException("Could not open JDBC Connection",
				new SQLTransientConnectionException("Connection is not available, request timed out after 2000ms"));
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

	private static final class MutableClock extends Clock {

		private Instant now;

		MutableClock(Instant now) {
			this.now = now;
		}

		void advance(Duration duration) {
			this.now = this.now.plus(duration);
		}

		@Override
		public Instant instant() {
			return this.now;
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

	}

}
