package dev.shopflow.system.soak;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * What the system holds after the drain, read from its databases, topics, queues and SMTP
 * sink; only the run's own customers, SKUs and reservations where a table is shared with
 * other tests.
 *
 * @param orders the run's orders by id
 * @param payments the payments of the run's customers
 * @param reservations reservations made since the run started, by order id
 * @param notifications the notifications of the run's customers
 * @param stock every SKU's stock now
 * @param unsentOutbox unsent outbox rows by database
 * @param deadLetters every dead letter, in topics and parking lots
 * @param emails subjects of the emails each customer of the run received
 */
record SystemState(Map<String, Order> orders, List<Payment> payments, Map<String, Reservation> reservations,
		List<Notification> notifications, Map<String, Stock> stock, Map<String, Long> unsentOutbox,
		List<DeadLetter> deadLetters, Map<String, List<String>> emails) {

	record Order(String id, String customerId, String status, BigDecimal total, Map<String, Integer> lines) {

		boolean terminal() {
			return switch (this.status) {
				case "CONFIRMED", "REJECTED", "CANCELLED" -> true;
				default -> false;
			};
		}

	}

	record Payment(String orderId, String customerId, String status, BigDecimal amount) {

	}

	record Reservation(String orderId, String status, Map<String, Integer> lines) {

	}

	record Notification(String orderId, String customerId, String kind, String status, int attempts) {

	}

	/** One SKU's units: for sale, held by reservations, sold. */
	record Stock(long available, long reserved, long sold) {

		long total() {
			return this.available + this.reserved + this.sold;
		}

		@Override
		public String toString() {
			return "available %d + reserved %d + sold %d = %d".formatted(this.available, this.reserved, this.sold,
					total());
		}

	}

}
