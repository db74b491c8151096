package dev.shopflow.system.soak;

import dev.shopflow.system.compose.ComposeStackExtension;
import dev.shopflow.system.compose.ComposeStackExtension.RunningStack;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The short chaos soak in CI, on the compose stack it shares with the walkthrough
 * ({@code ComposeStackIT}): 500 orders at 2.5/s while PostgreSQL is down 30 s, Kafka,
 * RabbitMQ and payment-service are killed, inventory is paused and hangs, payment is slow
 * and failing, and poison arrives on both brokers; then every invariant. About five
 * minutes. The full run is {@link ChaosSoak#main}; see docs/chaos-soak.md.
 */
@ExtendWith(ComposeStackExtension.class)
@Order(ComposeStackExtension.SOAK_ORDER)
class ChaosSoakIT {

	@Test
	void everyInvariantHoldsThroughTheShortFaultSchedule(RunningStack running) {
		SoakReport report = new ChaosSoak(running.stack(), SoakSettings.shortRun(running.stack().project())).run();

		assertThat(report.violations())
			.as("chaos soak %s broke invariants:%n%s", report.run().runId(), report.failureSummary())
			.isEmpty();
	}

}
