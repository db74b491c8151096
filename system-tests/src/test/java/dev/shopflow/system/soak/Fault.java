package dev.shopflow.system.soak;

import java.time.Duration;

import dev.shopflow.system.compose.ChaosEndpoint;

/**
 * One fault the schedule injects. Each undoes itself before it returns (the service is
 * started, unpaused, calmed) and waits until the whole stack is healthy again, so the
 * next fault starts from a system that has recovered.
 */
sealed interface Fault {

	/** What is counted and printed: the kind of fault and its target. */
	String kind();

	void inject(FaultContext context) throws Exception;

	/** {@code docker compose kill -s KILL}, then {@code start}: a crash. */
	record Kill(String service) implements Fault {

		@Override
		public String kind() {
			return "kill -9 " + this.service;
		}

		@Override
		public void inject(FaultContext context) {
			context.stack().compose("kill", "-s", "KILL", this.service);
			try {
				context.awaitNotRunning(this.service);
			}
			finally {
				context.stack().compose("start", this.service);
			}
			context.recovered(this.service);
		}

	}

	/** Killed, left down for a while, started: an outage, not just a crash. */
	record Outage(String service, Duration down) implements Fault {

		@Override
		public String kind() {
			return this.service + " down " + this.down.toSeconds() + " s";
		}

		@Override
		public void inject(FaultContext context) throws InterruptedException {
			context.stack().compose("kill", "-s", "KILL", this.service);
			try {
				Thread.sleep(this.down);
			}
			finally {
				context.stack().compose("start", this.service);
			}
			context.recovered(this.service);
		}

	}

	/** {@code stop} (SIGTERM, a graceful shutdown), then {@code start}: a deployment. */
	record Restart(String service) implements Fault {

		@Override
		public String kind() {
			return "stop/start " + this.service;
		}

		@Override
		public void inject(FaultContext context) {
			try {
				context.stack().compose("stop", this.service);
			}
			finally {
				context.stack().compose("start", this.service);
			}
			context.recovered(this.service);
		}

	}

	/** {@code pause}, then {@code unpause}: a process frozen, its sockets open. */
	record Pause(String service, Duration paused) implements Fault {

		@Override
		public String kind() {
			return "pause " + this.service + " " + this.paused.toSeconds() + " s";
		}

		@Override
		public void inject(FaultContext context) throws InterruptedException {
			context.stack().compose("pause", this.service);
			try {
				Thread.sleep(this.paused);
			}
			finally {
				context.stack().compose("unpause", this.service);
			}
			context.recovered(this.service);
		}

	}

	/** Latency, errors or hangs injected through {@code /actuator/chaos} for a while. */
	record Chaos(ChaosEndpoint endpoint, ChaosEndpoint.Faults faults, Duration during) implements Fault {

		@Override
		public String kind() {
			return "chaos " + this.endpoint.service() + " "
					+ (this.faults.hang() ? "hang" : (this.faults.errorRate() > 0 && this.faults.latency().isPositive())
							? "latency+errors" : this.faults.errorRate() > 0 ? "errors" : "latency");
		}

		@Override
		public void inject(FaultContext context) throws Exception {
			this.endpoint.set(this.faults);
			try {
				Thread.sleep(this.during);
			}
			finally {
				this.endpoint.set(ChaosEndpoint.Faults.NONE);
			}
			context.recovered(this.endpoint.service());
		}

	}

	/** A non-JSON AuthorizePayment command: must be parked, with its reason. */
	record RabbitPoison() implements Fault {

		@Override
		public String kind() {
			return "poison command (RabbitMQ)";
		}

		@Override
		public void inject(FaultContext context) throws Exception {
			context.poison().toRabbitMq();
		}

	}

	/**
	 * A non-JSON order event: every consumer group must dead-letter it, with its reason.
	 */
	record KafkaPoison() implements Fault {

		@Override
		public String kind() {
			return "poison event (Kafka)";
		}

		@Override
		public void inject(FaultContext context) throws Exception {
			context.poison().toKafka();
		}

	}

}
