package dev.shopflow.system.soak;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.awaitility.core.ConditionTimeoutException;

import static org.awaitility.Awaitility.await;

/**
 * Waits, at most the drain timeout, until the run is over as far as the system is
 * concerned: every order of the run terminal, and nothing left in flight (no unsent
 * outbox row, no event a consumer group has not committed, no message in a work or retry
 * queue, no notification waiting for its email), seen twice in a row five seconds apart
 * (RabbitMQ's queue statistics lag that much).
 */
final class Drain {

	private final Databases databases;

	private final RabbitManagement rabbit;

	private final String customerPattern;

	Drain(Databases databases, RabbitManagement rabbit, String customerPattern) {
		this.databases = databases;
		this.rabbit = rabbit;
		this.customerPattern = customerPattern;
	}

	/**
	 * @param drained whether everything settled in time
	 * @param took how long the wait was
	 * @param left what was still in flight at the end, by what
	 */
	record Result(boolean drained, Duration took, Map<String, Long> left) {

	}

	Result waitAtMost(Duration atMost) {
		long start = System.nanoTime();
		AtomicReference<Long> nextPrint = new AtomicReference<>(start);
		AtomicReference<Map<String, Long>> last = new AtomicReference<>(Map.of());
		AtomicReference<Boolean> quietBefore = new AtomicReference<>(false);
		try (ConsumerLag lag = new ConsumerLag()) {
			await("drain").atMost(atMost).pollInterval(Duration.ofSeconds(5)).ignoreExceptions().until(() -> {
				Map<String, Long> left = inFlight(lag);
				last.set(left);
				if (System.nanoTime() >= nextPrint.get()) {
					System.out.printf("[soak] drain %3d s: %s%n", (System.nanoTime() - start) / 1_000_000_000,
							nonZero(left));
					nextPrint.set(nextPrint.get() + Duration.ofSeconds(30).toNanos());
				}
				boolean quiet = left.values().stream().allMatch((n) -> n == 0);
				boolean twice = quiet && quietBefore.get();
				quietBefore.set(quiet);
				return twice;
			});
			return new Result(true, Duration.ofNanos(System.nanoTime() - start), last.get());
		}
		catch (ConditionTimeoutException ex) {
			return new Result(false, Duration.ofNanos(System.nanoTime() - start), last.get());
		}
	}

	private static Map<String, Long> nonZero(Map<String, Long> left) {
		Map<String, Long> nonZero = new LinkedHashMap<>();
		left.forEach((what, count) -> {
			if (count != 0) {
				nonZero.put(what, count);
			}
		});
		return nonZero;
	}

	private Map<String, Long> inFlight(ConsumerLag lag) throws Exception {
		Map<String, Long> left = new LinkedHashMap<>();
		left.put("orders not terminal", this.databases.count("order",
				"SELECT count(*) FROM orders WHERE customer_id LIKE '%s' AND status IN ('PENDING', 'PAYMENT_PENDING')"
					.formatted(this.customerPattern)));
		for (String database : SoakNames.DATABASES_WITH_OUTBOX) {
			left.put("unsent outbox rows in " + database,
					this.databases.count(database, "SELECT count(*) FROM outbox_event WHERE sent_at IS NULL"));
		}
		left.put("notifications waiting for their email",
				this.databases.count("notification",
						"SELECT count(*) FROM notification WHERE customer_id LIKE '%s' AND status = 'PENDING'"
							.formatted(this.customerPattern)));
		lag.byGroupAndTopic().forEach((group, behind) -> left.put("lag of " + group, behind));
		long queued = this.rabbit.queues()
			.stream()
			.filter((queue) -> !queue.parkingLot() && !queue.name().startsWith("amq."))
			.mapToLong(RabbitManagement.Queue::messages)
			.sum();
		left.put("messages in work and retry queues", queued);
		return left;
	}

}
