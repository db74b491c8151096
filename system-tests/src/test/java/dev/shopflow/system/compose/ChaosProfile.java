package dev.shopflow.system.compose;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Gets payment-service and inventory-service to inject nothing until asked. Their
 * {@code chaos} profile starts with faults on (latency and errors), which would turn
 * every measurement into a measurement of those defaults.
 */
public final class ChaosProfile {

	/** What the soak can do with faults in payment-service and inventory-service. */
	public enum Mode {

		/** Both run the chaos profile with its endpoint, now calm: faults on demand. */
		RUN_TIME_FAULTS,

		/** Neither injects anything, and nothing can be injected at run time. */
		OFF

	}

	private static final List<String> SERVICES = List.of("payment-service", "inventory-service");

	private ChaosProfile() {
	}

	/**
	 * Calms both services through their endpoint. Where a service runs the profile but
	 * has no endpoint (a build from before it existed), both are recreated without the
	 * profile, because its fixed faults cannot be turned off otherwise.
	 */
	public static Mode calm(ComposeStack stack) {
		boolean payment = ChaosEndpoint.payment().calmWhenUp(Duration.ofMinutes(3));
		boolean inventory = ChaosEndpoint.inventory().calmWhenUp(Duration.ofMinutes(3));
		if (payment && inventory) {
			return Mode.RUN_TIME_FAULTS;
		}
		if (SERVICES.stream().anyMatch((service) -> profileOn(stack, service))) {
			System.out.println("\n/actuator/chaos not found on payment-service or inventory-service: recreating both"
					+ " without the chaos profile, whose fixed faults could not be turned off; no run-time faults.");
			stack.withEnvironment(Map.of("SHOPFLOW_CHAOS", ""))
				.compose("up", "-d", "--no-deps", "payment-service", "inventory-service");
			stack.awaitHealthy(SERVICES, Duration.ofMinutes(5));
		}
		return Mode.OFF;
	}

	private static boolean profileOn(ComposeStack stack, String service) {
		String id = stack.containerId(service);
		return !id.isEmpty() && stack.docker("inspect", "--format", "{{range .Config.Env}}{{println .}}{{end}}", id)
			.lines()
			.anyMatch((line) -> line.startsWith("SPRING_PROFILES_ACTIVE=") && line.contains("chaos"));
	}

}
