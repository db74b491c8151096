package dev.shopflow.messaging.kafka;

import java.time.Duration;

import dev.shopflow.messaging.MessagingProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.ListenerExecutionFailedException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.mockito.Mockito.mock;

class DeadLettersTest {

	@Test
	void theReasonIsTheInnermostCauseNotTheFrameworksWrapper() {
		Exception wrapped = new ListenerExecutionFailedException("Listener method threw exception",
				new IllegalStateException("database unreachable", new IllegalArgumentException("orderId is required")));

		assertThat(DeadLetters.reason(wrapped)).isEqualTo("IllegalArgumentException: orderId is required");
	}

	@Test
	void refusesRetriesThatWouldOutlastThePollInterval() {
		MessagingProperties.Retry slow = new MessagingProperties.Retry(Duration.ofSeconds(10), 2.0,
				Duration.ofSeconds(60), 5);

		assertThatIllegalStateException()
			.isThrownBy(() -> DeadLetters.errorHandler(template(), slow, Duration.ofMinutes(5), meters()))
			.withMessageContaining("max.poll.interval.ms");
	}

	@Test
	void defaultRetriesWaitLessThanThreeSecondsInAll() {
		MessagingProperties.Retry defaults = new MessagingProperties.Retry(Duration.ofMillis(200), 2.0,
				Duration.ofSeconds(2), 3);

		assertThat(defaults.worstCaseWait()).isEqualTo(Duration.ofMillis(200 + 400 + 800));
		assertThat(DeadLetters.errorHandler(template(), defaults, Duration.ofMinutes(5), meters())).isNotNull();
	}

	@SuppressWarnings("unchecked")
	private static KafkaOperations<Object, Object> template() {
		return mock(KafkaOperations.class);
	}

	private static SimpleMeterRegistry meters() {
		return new SimpleMeterRegistry();
	}

}
