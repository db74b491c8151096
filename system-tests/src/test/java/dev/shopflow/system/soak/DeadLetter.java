package dev.shopflow.system.soak;

/**
 * A record in a dead-letter topic or a message in a parking lot.
 *
 * @param place the DLT (with partition and offset) or the parking lot
 * @param key the record's key (an order id for a valid event) or the message id
 * @param body the bytes as text
 * @param reason {@code shopflow-dead-letter-reason} or {@code x-shopflow-parking-reason},
 * {@code null} if missing
 * @param origin the consumer group that gave up on it, or the queue it was parked from
 * @param type the event type header, if any
 * @param beforeRun whether it was there before this soak started (not its doing)
 */
record DeadLetter(String place, String key, String body, String reason, String origin, String type, boolean beforeRun) {

	boolean injected() {
		return InjectedPoison.isInjected(this.body);
	}

	@Override
	public String toString() {
		return "%s key=%s type=%s from=%s reason=%s body=%s".formatted(this.place, this.key, this.type, this.origin,
				this.reason,
				LoadDriver.abbreviate((this.body.length() > 160) ? this.body.substring(0, 160) + "..." : this.body));
	}

}
