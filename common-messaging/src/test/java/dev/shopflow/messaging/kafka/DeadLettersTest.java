package dev.shopflow.messaging.kafka;

import java.net.ConnectException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.shopflow.events.Topics;
import dev.shopflow.messaging.DependencyWaits;
import dev.shopflow.messaging.MessagingProperties;
import dev.shopflow.messaging.UnprocessableEventException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.transaction.CannotCreateTransactionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatRuntimeException;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.RETURNS_DEEP_STUBS;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

class DeadLettersTest {

	private static final TopicPartition PARTITION = new TopicPartition(Topics.PAYMENT_EVENTS, 3);

	private static final ConsumerRecord<String, String> RECORD = new ConsumerRecord<>(Topics.PAYMENT_EVENTS, 3, 42,
			"order-1", "{}");

	private final KafkaOperations<Object, Object> template = template();

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final DependencyWaits waits = new DependencyWaits(this.meters);

	private final PartitionPausingBackOff pausing = new PartitionPausingBackOff();

	private final DefaultErrorHandler handler = DeadLetters.errorHandler(this.template,
			new MessagingProperties.Retry(Duration.ofMillis(200), 2.0, Duration.ofSeconds(2), 3,
					Duration.ofSeconds(10)),
			this.pausing, this.waits, this.meters);

	private final Consumer<?, ?> consumer = mock(Consumer.class, RETURNS_DEEP_STUBS);

	private final MessageListenerContainer container = mock(MessageListenerContainer.class, RETURNS_DEEP_STUBS);

	@AfterEach
	void stopResumer() {
		this.pausing.destroy();
	}

	@Test
	void theReasonIsTheInnermostCauseNotTheFrameworksWrapper() {
		Exception wrapped = new ListenerExecutionFailedException("Listener method threw exception",
				new IllegalStateException("database unreachable", new IllegalArgumentException("orderId is required")));

		assertThat(DeadLetters.reason(wrapped)).isEqualTo("IllegalArgumentException: orderId is required");
	}

	@Test
	void aRecordFailingWhileTheDatabaseIsAwayIsRetriedWithItsPartitionPausedAndNeverDeadLettered() {
		Exception databaseAway = failure(new CannotCreateTransactionException("Could not open JDBC Connection",
				new SQLTransientConnectionException("Connection is not available, request timed out after 2000ms",
						new ConnectException("Connection refused"))));

		for (int attempt = 0; attempt < 50; attempt++) {
			retried(databaseAway);
		}

		verify(this.template, never()).send(any(ProducerRecord.class));
		verify(this.container, times(50)).pausePartition(PARTITION);
		verify(this.consumer, times(50)).seek(PARTITION, 42);
		assertThat(this.waits.isWaiting(Topics.PAYMENT_EVENTS)).isTrue();
		assertThat(this.meters.get("shopflow.messaging.transient.retries")
			.tag("listener", Topics.PAYMENT_EVENTS)
			.counter()
			.count()).isEqualTo(50);
	}

	@Test
	void aRecordThatBreaksTheContractGoesToTheDeadLetterTopicAtOnce() {
		this.handler.handleRemaining(failure(new UnprocessableEventException("No order order-1")), List.of(RECORD),
				this.consumer, this.container);

		verify(this.template).send(deadLetterOf(RECORD));
		verify(this.container, never()).pausePartition(any());
	}

	@Test
	void aRecordFailingForAnUnknownReasonIsDeadLetteredAfterItsFewRetries() {
		Exception bug = failure(new NullPointerException("order.lines()"));

		for (int attempt = 0; attempt < 3; attempt++) {
			retried(bug);
		}
		verify(this.template, never()).send(any(ProducerRecord.class));
		this.handler.handleRemaining(bug, List.of(RECORD), this.consumer, this.container);

		verify(this.template).send(deadLetterOf(RECORD));
	}

	@Test
	void aRecordThatFailedTransientlyAndThenSucceededEndsTheWait() {
		retried(failure(new CannotCreateTransactionException("Could not open JDBC Connection")));
		assertThat(this.waits.isWaiting(Topics.PAYMENT_EVENTS)).isTrue();

		this.waits.resumed(Topics.PAYMENT_EVENTS);

		assertThat(this.meters.get("shopflow.messaging.waiting.on.dependency")
			.tag("listener", Topics.PAYMENT_EVENTS)
			.gauge()
			.value()).isZero();
	}

	/** The error handler keeps the record for another attempt and says so by throwing. */
	private void retried(Exception failure) {
		assertThatRuntimeException()
			.isThrownBy(() -> this.handler.handleRemaining(failure, List.of(RECORD), this.consumer, this.container))
			.withMessageContaining("Record in retry");
	}

	private static ProducerRecord<Object, Object> deadLetterOf(ConsumerRecord<String, String> record) {
		return org.mockito.ArgumentMatchers.argThat((ProducerRecord<Object, Object> sent) -> sent != null
				&& sent.topic().equals(Topics.deadLetterTopicOf(record.topic())) && record.key().equals(sent.key()));
	}

	private static Exception failure(Throwable cause) {
		return new ListenerExecutionFailedException("Listener method threw exception", cause);
	}

	@SuppressWarnings("unchecked")
	private static KafkaOperations<Object, Object> template() {
		KafkaOperations<Object, Object> template = mock(KafkaOperations.class);
		when(template.send(any(ProducerRecord.class))).thenReturn(CompletableFuture.completedFuture(null));
		return template;
	}

}
