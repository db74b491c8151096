package dev.shopflow.system.soak;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import dev.shopflow.system.compose.ChaosEndpoint;

/**
 * Injects the plan's faults one after the other on its own thread, while the load runs:
 * after a warm-up, each fault, then the whole stack healthy again, then a short gap. A
 * fault the stack does not recover from ends the schedule: the rest would only measure
 * the broken stack.
 */
final class FaultSchedule implements Runnable {

	private final List<Fault> plan;

	private final boolean cycles;

	private final int minFaults;

	private final SoakSettings settings;

	private final FaultContext context;

	private final BooleanSupplier loadRunning;

	private final long origin;

	private final List<InjectedFault> injected = new CopyOnWriteArrayList<>();

	/**
	 * One fault as it happened.
	 *
	 * @param startedAtMillis from the start of the load
	 * @param tookMillis from injecting it to all healthy again
	 * @param result {@code ok}, {@code skipped: why} or {@code failed: why}
	 */
	record InjectedFault(String kind, long startedAtMillis, long tookMillis, String result) {

		boolean ok() {
			return "ok".equals(this.result);
		}

		boolean failed() {
			return this.result.startsWith("failed");
		}

	}

	FaultSchedule(SoakSettings settings, FaultContext context, BooleanSupplier loadRunning, long origin) {
		this.plan = FaultPlan.of(settings.plan());
		this.cycles = FaultPlan.cycles(settings.plan());
		this.minFaults = settings.minFaults();
		this.settings = settings;
		this.context = context;
		this.loadRunning = loadRunning;
		this.origin = origin;
	}

	List<InjectedFault> injected() {
		return List.copyOf(this.injected);
	}

	@Override
	public void run() {
		if (this.plan.isEmpty()) {
			return;
		}
		try {
			Thread.sleep(this.settings.warmUp());
			for (int i = 0; goOn(i); i++) {
				if (i > 0) {
					Thread.sleep(this.settings.faultGap());
				}
				InjectedFault fault = inject(this.plan.get(i % this.plan.size()));
				this.injected.add(fault);
				System.out.printf("[soak] %4d s  fault %-40s %5.1f s  %s%n", fault.startedAtMillis() / 1000,
						fault.kind(), fault.tookMillis() / 1000.0, fault.result());
				if (fault.failed()) {
					return;
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			calmChaos();
		}
	}

	private boolean goOn(int index) {
		if (!this.cycles) {
			return index < this.plan.size();
		}
		return this.loadRunning.getAsBoolean() || ok() < this.minFaults;
	}

	private long ok() {
		return this.injected.stream().filter(InjectedFault::ok).count();
	}

	private InjectedFault inject(Fault fault) {
		long start = System.nanoTime();
		long startedAt = (start - this.origin) / 1_000_000;
		if (fault instanceof Fault.Chaos && !this.context.chaosAvailable()) {
			return new InjectedFault(fault.kind(), startedAt, 0, "skipped: no /actuator/chaos");
		}
		String result;
		try {
			fault.inject(this.context);
			result = "ok";
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			result = "failed: interrupted";
		}
		catch (Exception ex) {
			result = "failed: " + LoadDriver.abbreviate(ex.toString());
		}
		return new InjectedFault(fault.kind(), startedAt, (System.nanoTime() - start) / 1_000_000, result);
	}

	private void calmChaos() {
		if (this.context.chaosAvailable()) {
			for (ChaosEndpoint endpoint : List.of(ChaosEndpoint.payment(), ChaosEndpoint.inventory())) {
				try {
					endpoint.calmWhenUp(Duration.ofMinutes(2));
				}
				catch (RuntimeException ex) {
					System.out.println("[soak] could not calm " + endpoint.service() + ": " + ex);
				}
			}
		}
	}

}
