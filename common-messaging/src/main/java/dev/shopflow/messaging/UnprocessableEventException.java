package dev.shopflow.messaging;

/**
 * A listener cannot process this event however often it tries: an event type it does not
 * handle, or an event that contradicts what it knows. Sent to the dead-letter topic at
 * once, with this message in its headers; the consumer goes on with the next record.
 */
public class UnprocessableEventException extends RuntimeException {

	public UnprocessableEventException(String message) {
		super(message);
	}

}
