package dev.shopflow.system.soak;

/** What must hold after a soak, however many faults it went through. */
enum Invariant {

	SETTLED("every order terminal and nothing in flight within the drain timeout"),

	RECOVERED("the stack recovered from every fault"),

	TERMINAL("every order ends CONFIRMED, REJECTED or CANCELLED"),

	NO_500("the API never answers a 5xx but 503, and every 503 carries Retry-After"),

	DOCUMENTED_ANSWERS("every answer is one the API documents for a valid order, and agrees with its body"),

	ANSWERS_HOLD("every order an answer named exists, and a terminal answer is its final state"),

	ONE_ORDER_PER_KEY("a resend with the same Idempotency-Key and body never places a second order"),

	OUTCOMES("out-of-stock orders rejected, over-limit orders never confirmed, totals at catalogue prices"),

	ONE_PAYMENT("at most one payment per order, for the order's total, and none without an order"),

	CONFIRMED_IFF_AUTHORIZED(
			"CONFIRMED <=> payment AUTHORIZED: an order not confirmed that was authorized is REFUNDED"),

	STOCK_CONSERVED("per SKU, available + reserved + sold is what it was before the run"),

	STOCK_SETTLED("nothing reserved on the run's SKUs; confirmed orders' reservations committed, others' released"),

	SOLD_MATCHES("per SKU of the run, the increase in sold equals the units of its CONFIRMED orders"),

	ONE_NOTIFICATION("exactly one notification per customer-visible change, every one DELIVERED"),

	ONE_EMAIL("exactly one email per notification in the SMTP sink"),

	OUTBOX_EMPTY("every outbox empty"),

	NO_VALID_DEAD_LETTER(
			"no valid message in a dead-letter topic or parking lot, and every dead letter has its reason"),

	POISON_DEAD_LETTERED("every poison the run injected was dead-lettered by every consumer, or parked");

	private final String description;

	Invariant(String description) {
		this.description = description;
	}

	String description() {
		return this.description;
	}

}
