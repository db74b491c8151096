package dev.shopflow.web.chaos;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The faults in force now, shared by the filter, which reads them on every request, and
 * the chaos endpoint, which changes them: a change applies from the next request on,
 * without a restart. Starts from, and resets to, the profile's defaults.
 */
final class ChaosSwitch {

	private static final Logger log = LoggerFactory.getLogger(ChaosSwitch.class);

	private final ChaosSettings defaults;

	private final AtomicReference<ChaosSettings> current;

	private final List<Consumer<ChaosSettings>> listeners = new CopyOnWriteArrayList<>();

	ChaosSwitch(ChaosSettings defaults) {
		this.defaults = defaults;
		this.current = new AtomicReference<>(defaults);
	}

	ChaosSettings current() {
		return this.current.get();
	}

	ChaosSettings defaults() {
		return this.defaults;
	}

	/**
	 * Applies a change atomically: two callers changing different settings at once both
	 * get their change.
	 * @return the settings now in force
	 * @throws IllegalArgumentException if the change is out of range; nothing changes
	 * then
	 */
	ChaosSettings update(UnaryOperator<ChaosSettings> change) {
		ChaosSettings before;
		ChaosSettings after;
		do {
			before = this.current.get();
			after = change.apply(before);
		}
		while (!this.current.compareAndSet(before, after));
		if (!after.equals(before)) {
			log.warn("Chaos settings changed: {} (were: {})", after, before);
			ChaosSettings now = after;
			this.listeners.forEach((listener) -> listener.accept(now));
		}
		return after;
	}

	/** Back to the profile's defaults. */
	ChaosSettings reset() {
		return update((any) -> this.defaults);
	}

	/** Tells the listener every new setting, after it is in force. */
	void onChange(Consumer<ChaosSettings> listener) {
		this.listeners.add(listener);
	}

}
