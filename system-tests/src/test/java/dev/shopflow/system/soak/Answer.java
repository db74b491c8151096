package dev.shopflow.system.soak;

/**
 * What one request got, or why it got nothing.
 *
 * @param order the planned order it placed
 * @param attempt 1 for the first send, 2 for the resend with the same key
 * @param intendedAtMillis when it was meant to be sent, from the start of the load
 * @param outcome how it ended
 * @param status the HTTP status, 0 without an answer
 * @param latencyNanos from the intended send time to the answer (or the failure)
 * @param orderId the order's id in the answer ({@code id}, or {@code orderId} of a 503
 * problem), {@code null} if none
 * @param orderStatus the order's status in the answer, {@code null} if none
 * @param problemType the problem type of an error answer, {@code null} if none
 * @param retryAfter whether the answer carried {@code Retry-After}
 * @param replayed whether the answer carried {@code Idempotent-Replayed: true}
 * @param detail the start of a body that is no order, or the exception, for the report
 */
record Answer(PlannedOrder order, int attempt, long intendedAtMillis, Outcome outcome, int status, long latencyNanos,
		String orderId, String orderStatus, String problemType, boolean retryAfter, boolean replayed, String detail) {

	enum Outcome {

		/** An HTTP answer, whatever its status. */
		ANSWERED,

		/** Too many requests in flight at its send time: never sent, counted. */
		NOT_SENT,

		/** Connection refused: order-service is not listening (down, restarting). */
		REFUSED,

		/** No answer within the request timeout. */
		TIMED_OUT,

		/** The connection broke (reset, closed) before an answer. */
		CONNECTION_LOST

	}

	boolean answered() {
		return this.outcome == Outcome.ANSWERED;
	}

	/** The label for counting answers: the status, or the outcome without one. */
	String label() {
		return answered() ? String.valueOf(this.status) : this.outcome.name().toLowerCase(java.util.Locale.ROOT);
	}

	String csv() {
		return String.join(",", String.valueOf(this.order.index()), String.valueOf(this.attempt),
				this.order.idempotencyKey(), this.order.kind().name(), String.valueOf(this.intendedAtMillis),
				this.outcome.name(), String.valueOf(this.status), "%.1f".formatted(this.latencyNanos / 1e6),
				(this.orderId != null) ? this.orderId : "", (this.orderStatus != null) ? this.orderStatus : "",
				(this.problemType != null) ? this.problemType : "", String.valueOf(this.retryAfter),
				String.valueOf(this.replayed));
	}

	static String csvHeader() {
		return "index,attempt,idempotency_key,kind,intended_at_ms,outcome,status,latency_ms,order_id,order_status,"
				+ "problem_type,retry_after,replayed";
	}

}
