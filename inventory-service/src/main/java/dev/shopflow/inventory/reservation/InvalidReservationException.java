package dev.shopflow.inventory.reservation;

/**
 * A reservation request breaks a rule that bean validation cannot express, such as a
 * configurable bound or unique SKUs.
 */
public class InvalidReservationException extends RuntimeException {

	private final String field;

	private final String reason;

	InvalidReservationException(String detail, String field, String reason) {
		super(detail);
		this.field = field;
		this.reason = reason;
	}

	/**
	 * The request field at fault.
	 * @return the field path, e.g. {@code lines}
	 */
	public String getField() {
		return this.field;
	}

	/**
	 * What is wrong with the field.
	 * @return a short message
	 */
	public String getReason() {
		return this.reason;
	}

}
