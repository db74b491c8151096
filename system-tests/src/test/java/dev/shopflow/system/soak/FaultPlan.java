package dev.shopflow.system.soak;

import java.time.Duration;
import java.util.List;

import dev.shopflow.system.compose.ChaosEndpoint;
import dev.shopflow.system.compose.ChaosEndpoint.Faults;

/** The faults of a run, in the order they are injected. */
final class FaultPlan {

	enum Kind {

		/**
		 * Every fault the soak knows, over and over until the load is done and at least
		 * {@code minFaults} were injected.
		 */
		FULL,

		/**
		 * One pass of a few faults for CI, about three minutes: PostgreSQL down 30 s, a
		 * Kafka kill and more.
		 */
		SHORT,

		/** None: the load alone, as a baseline. */
		NONE

	}

	private FaultPlan() {
	}

	static List<Fault> of(Kind kind) {
		return switch (kind) {
			case FULL -> full();
			case SHORT -> shortPlan();
			case NONE -> List.of();
		};
	}

	/** Whether the plan is repeated until the load ends. */
	static boolean cycles(Kind kind) {
		return kind == Kind.FULL;
	}

	private static List<Fault> full() {
		ChaosEndpoint payment = ChaosEndpoint.payment();
		ChaosEndpoint inventory = ChaosEndpoint.inventory();
		return List.of(new Fault.Chaos(payment, Faults.latency(seconds(2), Duration.ofMillis(500)), seconds(20)),
				new Fault.Kill("order-service"), new Fault.RabbitPoison(), new Fault.Kill("kafka"),
				new Fault.Chaos(inventory, Faults.errors(0.5), seconds(20)), new Fault.Kill("payment-service"),
				new Fault.Pause("inventory-service", seconds(10)), new Fault.Kill("postgres"), new Fault.KafkaPoison(),
				new Fault.Kill("inventory-service"), new Fault.Chaos(payment, Faults.hanging(), seconds(10)),
				new Fault.Kill("rabbitmq"), new Fault.Pause("payment-service", seconds(10)),
				new Fault.Kill("notification-service"), new Fault.Outage("postgres", seconds(60)),
				new Fault.Restart("notification-service"),
				// Slower than order-service's 800 ms slow-call threshold for inventory.
				new Fault.Chaos(inventory, Faults.latency(Duration.ofMillis(1200), Duration.ZERO), seconds(20)),
				new Fault.Pause("kafka", seconds(15)));
	}

	private static List<Fault> shortPlan() {
		ChaosEndpoint payment = ChaosEndpoint.payment();
		ChaosEndpoint inventory = ChaosEndpoint.inventory();
		return List.of(
				new Fault.Chaos(payment, new Faults(seconds(2), Duration.ofMillis(500), 0.3, false), seconds(15)),
				new Fault.Outage("postgres", seconds(30)), new Fault.Kill("kafka"), new Fault.RabbitPoison(),
				new Fault.Pause("inventory-service", seconds(10)), new Fault.Kill("payment-service"),
				new Fault.KafkaPoison(), new Fault.Chaos(inventory, Faults.hanging(), seconds(10)),
				new Fault.Kill("rabbitmq"));
	}

	private static Duration seconds(long seconds) {
		return Duration.ofSeconds(seconds);
	}

}
