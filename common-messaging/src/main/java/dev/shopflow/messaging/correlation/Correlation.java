package dev.shopflow.messaging.correlation;

import java.util.UUID;
import java.util.regex.Pattern;

import org.slf4j.MDC;

/**
 * The correlation id of the work the current thread is doing: set from an HTTP request or
 * a consumed record, kept in the logging MDC (so every log line shows it) and written
 * into each event the work causes.
 */
public final class Correlation {

	/** The MDC key, for log patterns: {@code %X{correlationId}}. */
	public static final String MDC_KEY = "correlationId";

	private static final Pattern ACCEPTABLE = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

	private Correlation() {
	}

	/** The current id, or a new one if this work did not come with one. */
	public static String currentOrNew() {
		String current = MDC.get(MDC_KEY);
		return (current != null) ? current : newId();
	}

	/**
	 * Takes a caller's id if it is a plausible one; anything else (too long, odd
	 * characters that could forge log lines) is replaced by a new id.
	 */
	public static String acceptOrNew(String candidate) {
		return (candidate != null && ACCEPTABLE.matcher(candidate).matches()) ? candidate : newId();
	}

	static String newId() {
		return UUID.randomUUID().toString();
	}

}
