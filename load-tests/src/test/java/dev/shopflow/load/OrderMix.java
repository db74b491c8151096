package dev.shopflow.load;

import java.util.concurrent.ThreadLocalRandom;

/**
 * What the shoppers order: mostly orders that go through, and the two ways an order fails
 * for business reasons, so that the cancel and reject paths (a release, a decline) carry
 * load too. capacity.sh stocks every SKU but {@link #SOLD_OUT} before each step.
 */
final class OrderMix {

	/** Seeded with no stock and never restocked: its orders are rejected. */
	static final String SOLD_OUT = "GPU-001";

	private OrderMix() {
	}

	/** The outcome an order of this mix should reach, checked against what it did. */
	enum Expected {

		CONFIRMED, REJECTED, CANCELLED

	}

	record Planned(String body, Expected expected) {

	}

	static Planned next() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		String customer = "load-" + random.nextInt(1000);
		int pick = random.nextInt(100);
		if (pick < 5) {
			return new Planned(body(customer, line(SOLD_OUT, 1)), Expected.REJECTED);
		}
		if (pick < 10) {
			// 10 x 129.00 is over the default customer limit of 1000.00: declined.
			return new Planned(body(customer, line("KEYB-001", 10)), Expected.CANCELLED);
		}
		String lines = (random.nextBoolean()) ? line("BOOK-001", 1 + random.nextInt(3))
				: line("MUG-001", 1 + random.nextInt(4)) + "," + line("LAMP-001", 1);
		return new Planned(body(customer, lines), Expected.CONFIRMED);
	}

	private static String line(String sku, int quantity) {
		return "{\"sku\":\"" + sku + "\",\"quantity\":" + quantity + "}";
	}

	private static String body(String customer, String lines) {
		return "{\"customerId\":\"" + customer + "\",\"currency\":\"EUR\",\"lines\":[" + lines + "]}";
	}

}
