package dev.shopflow.events;

/**
 * Header names that more than one service reads or writes. Defined once so a rename
 * cannot silently break the contract between a caller and its callee.
 */
public final class ShopflowHeaders {

	/**
	 * Sent by a caller on every attempt of the same logical request, retries included, so
	 * the callee can recognise a repeat and answer with its first result.
	 */
	public static final String IDEMPOTENCY_KEY = "Idempotency-Key";

	private ShopflowHeaders() {
	}

}
