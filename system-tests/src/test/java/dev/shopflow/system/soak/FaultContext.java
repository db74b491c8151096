package dev.shopflow.system.soak;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import dev.shopflow.system.compose.ChaosEndpoint;
import dev.shopflow.system.compose.ChaosProfile;
import dev.shopflow.system.compose.ComposeStack;

import static org.awaitility.Awaitility.await;

/**
 * What a fault works with: the compose project, the chaos endpoints and the poison
 * publisher.
 *
 * @param recoveryTimeout how long the stack may take to be healthy again after a fault
 * before the soak gives up on it
 */
record FaultContext(ComposeStack stack, ChaosProfile.Mode chaos, InjectedPoison poison, Duration recoveryTimeout) {

	private static final Set<String> STOPPED = Set.of("exited", "dead", "created");

	boolean chaosAvailable() {
		return this.chaos == ChaosProfile.Mode.RUN_TIME_FAULTS;
	}

	/** Until the container has really stopped, so {@code start} starts it again. */
	void awaitNotRunning(String service) {
		await(service + " stopped").atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(500))
			.until(() -> STOPPED.contains(this.stack.healthOfAll().getOrDefault(service, "exited")));
	}

	/**
	 * Waits until every service is healthy again. payment-service and inventory-service
	 * are calmed first thing: a restart, planned or not, brings back the chaos profile's
	 * default faults.
	 */
	void recovered(String service) {
		if (chaosAvailable()) {
			for (ChaosEndpoint endpoint : List.of(ChaosEndpoint.payment(), ChaosEndpoint.inventory())) {
				endpoint.calmWhenUp(this.recoveryTimeout);
			}
		}
		this.stack.awaitHealthy(ComposeStack.LONG_RUNNING, this.recoveryTimeout);
	}

}
