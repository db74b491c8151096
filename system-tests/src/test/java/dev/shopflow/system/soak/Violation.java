package dev.shopflow.system.soak;

/** One way in which one invariant did not hold. */
record Violation(Invariant invariant, String detail) {

	@Override
	public String toString() {
		return this.invariant + ": " + this.detail;
	}

}
