package dev.shopflow.system.soak;

import java.util.List;
import java.util.Map;

/**
 * What the soak did, as the checker and the report need it.
 *
 * @param runId names the run's customers ({@code soak-<runId>-<n>}), keys and SKUs
 * @param stockBefore every SKU's stock before the first order
 * @param answers every request's answer, or why it had none
 * @param faults every fault, as injected
 * @param poisons the poison this run injected
 * @param drain how the wait for everything to settle ended
 * @param loadSeconds from the first send to the last answer
 */
record SoakRun(String runId, SoakSettings settings, SoakCatalogue catalogue, List<PlannedOrder> planned,
		Map<String, SystemState.Stock> stockBefore, List<Answer> answers, List<FaultSchedule.InjectedFault> faults,
		List<InjectedPoison.Poison> poisons, Drain.Result drain, double loadSeconds) {

	String customerPattern() {
		return "soak-" + this.runId + "-%";
	}

}
