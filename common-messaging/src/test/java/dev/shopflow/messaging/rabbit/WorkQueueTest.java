package dev.shopflow.messaging.rabbit;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.shopflow.events.WorkQueues;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.Queue;

import static org.assertj.core.api.Assertions.assertThat;

class WorkQueueTest {

	private final WorkQueue.Factory factory = new WorkQueue.Factory(
			List.of(Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofSeconds(60)), 5);

	private final Declarables declarables = this.factory.direct("jobs", "worker.jobs", "job.do");

	@Test
	void theWorkQueueIsAQuorumQueueThatParksWhatItCannotDeliverAtLeastOnce() {
		assertThat(queue("worker.jobs").getArguments()).containsAllEntriesOf(Map.of("x-queue-type", "quorum",
				"x-delivery-limit", 5, "x-dead-letter-exchange", WorkQueues.RETRY_EXCHANGE, "x-dead-letter-routing-key",
				"worker.jobs.parking-lot", "x-overflow", "reject-publish", "x-dead-letter-strategy", "at-least-once"));
		assertThat(queue("worker.jobs").isDurable()).isTrue();
	}

	@Test
	void eachTierHoldsAMessageForItsDelayThenSendsItBackToTheWorkQueue() {
		assertThat(List.of(1000, 10000, 60000)).allSatisfy((millis) -> {
			Queue tier = queue("worker.jobs.retry." + millis + "ms");
			assertThat(tier.getArguments()).containsEntry("x-message-ttl", millis)
				.containsEntry("x-dead-letter-exchange", "")
				.containsEntry("x-dead-letter-routing-key", "worker.jobs");
			assertThat(boundTo(tier.getName())).containsExactly(WorkQueues.RETRY_EXCHANGE);
		});
	}

	@Test
	void theParkingLotIsReachedThroughTheRetryExchangeAndTheWorkQueueThroughItsOwn() {
		assertThat(queue(WorkQueues.parkingLotOf("worker.jobs")).getArguments()).containsEntry("x-queue-type",
				"quorum");
		assertThat(boundTo(WorkQueues.parkingLotOf("worker.jobs"))).containsExactly(WorkQueues.RETRY_EXCHANGE);
		assertThat(boundTo("worker.jobs")).containsExactly("jobs");
	}

	private Queue queue(String name) {
		return this.declarables.getDeclarablesByType(Queue.class)
			.stream()
			.filter((queue) -> queue.getName().equals(name))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No queue " + name));
	}

	private List<String> boundTo(String queue) {
		return this.declarables.getDeclarablesByType(Binding.class)
			.stream()
			.filter((binding) -> binding.getDestination().equals(queue))
			.map(Binding::getExchange)
			.toList();
	}

}
