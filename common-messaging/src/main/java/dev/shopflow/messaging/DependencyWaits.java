package dev.shopflow.messaging;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which listeners are waiting for a dependency to come back, and how often they retried
 * for it. Every consumer reports here, Kafka and RabbitMQ alike, so one dashboard panel
 * shows a database outage as "waiting" instead of as dead letters:
 * {@code shopflow.messaging.transient.retries} counts the retries of transient failures
 * per listener, {@code shopflow.messaging.waiting.on.dependency} is 1 while a listener's
 * last attempt failed transiently and nothing has succeeded since.
 *
 * <p>
 * A listener is named by what it consumes: its topic or its queue (a service has one
 * consumer group, so within a service the topic names the listener).
 */
public class DependencyWaits {

	private static final Logger log = LoggerFactory.getLogger(DependencyWaits.class);

	private final MeterRegistry meters;

	private final Map<String, AtomicInteger> waiting = new ConcurrentHashMap<>();

	public DependencyWaits(MeterRegistry meters) {
		this.meters = meters;
	}

	/** A listener's attempt failed transiently and will be retried. */
	public void retrying(String listener, Throwable cause) {
		if (state(listener).getAndSet(1) == 0) {
			log.warn("{} is waiting for a dependency: {}", listener, Failures.reason(cause));
		}
		Counter.builder("shopflow.messaging.transient.retries")
			.description("Retries of messages that failed because a dependency was away; never dead-lettered for it")
			.tag("listener", listener)
			.register(this.meters)
			.increment();
	}

	/** A listener processed a message, or gave one up: it is not waiting any more. */
	public void resumed(String listener) {
		AtomicInteger state = this.waiting.get(listener);
		if (state != null && state.getAndSet(0) == 1) {
			log.info("{} is processing again", listener);
		}
	}

	/** Whether the listener is waiting for a dependency now. */
	public boolean isWaiting(String listener) {
		AtomicInteger state = this.waiting.get(listener);
		return state != null && state.get() == 1;
	}

	private AtomicInteger state(String listener) {
		return this.waiting.computeIfAbsent(listener, (name) -> {
			AtomicInteger state = new AtomicInteger();
			Gauge.builder("shopflow.messaging.waiting.on.dependency", state, AtomicInteger::get)
				.description("1 while a listener retries a message because a dependency is away")
				.tag("listener", name)
				.register(this.meters);
			return state;
		});
	}

}
