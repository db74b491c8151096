package dev.shopflow.messaging;

/** What a failure says to the person who reads a dead letter or a parked message. */
public final class Failures {

	private static final int MAX_REASON_LENGTH = 1000;

	private Failures() {
	}

	/**
	 * The innermost cause, as {@code Class: message}: the framework's wrappers ("listener
	 * method threw", "failed to deserialize") say where it failed, the cause says why.
	 */
	public static String reason(Throwable failure) {
		Throwable cause = innermost(failure);
		String reason = cause.getClass().getSimpleName() + ": " + cause.getMessage();
		return (reason.length() > MAX_REASON_LENGTH) ? reason.substring(0, MAX_REASON_LENGTH) : reason;
	}

	/** Whether the failure, or anything that caused it, is of the given type. */
	public static boolean isCausedBy(Throwable failure, Class<? extends Throwable> type) {
		for (Throwable cause = failure; cause != null; cause = (cause.getCause() != cause) ? cause.getCause() : null) {
			if (type.isInstance(cause)) {
				return true;
			}
		}
		return false;
	}

	private static Throwable innermost(Throwable failure) {
		Throwable cause = failure;
		while (cause.getCause() != null && cause.getCause() != cause) {
			cause = cause.getCause();
		}
		return cause;
	}

}
