package dev.shopflow.system.soak;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.shopflow.system.soak.SystemState.Notification;
import dev.shopflow.system.soak.SystemState.Order;
import dev.shopflow.system.soak.SystemState.Payment;
import dev.shopflow.system.soak.SystemState.Reservation;
import dev.shopflow.system.soak.SystemState.Stock;

/**
 * Reads {@link SystemState} the way each service's owner would: SQL on its own database
 * (the tables of the services' Flyway migrations), the dead-letter topics and parking
 * lots, the SMTP sink.
 */
final class StateReader {

	private final Databases databases;

	private final DeadLetterReader deadLetters;

	private final MailSink mail;

	StateReader(Databases databases, DeadLetterReader deadLetters, MailSink mail) {
		this.databases = databases;
		this.deadLetters = deadLetters;
		this.mail = mail;
	}

	/** Every SKU's stock. */
	Map<String, Stock> stock() {
		Map<String, Stock> stock = new TreeMap<>();
		for (List<String> row : this.databases.query("inventory",
				"SELECT sku, available, reserved, sold FROM product")) {
			stock.put(row.get(0),
					new Stock(Long.parseLong(row.get(1)), Long.parseLong(row.get(2)), Long.parseLong(row.get(3))));
		}
		return stock;
	}

	/** The inventory database's clock, to tell the run's reservations from older ones. */
	String inventoryNow() {
		return this.databases.query("inventory", "SELECT now()").getFirst().getFirst();
	}

	SystemState read(String customerPattern, String since, DeadLetterReader.Marks before, List<String> customers)
			throws IOException {
		return new SystemState(orders(customerPattern), payments(customerPattern), reservations(since),
				notifications(customerPattern), stock(), unsentOutbox(), this.deadLetters.all(before),
				this.mail.subjectsByCustomer(customers));
	}

	private Map<String, Order> orders(String customerPattern) {
		Map<String, Map<String, Integer>> lines = new HashMap<>();
		for (List<String> row : this.databases.query("order",
				"SELECT l.order_id, l.sku, l.quantity FROM order_line l JOIN orders o ON o.id = l.order_id"
						+ " WHERE o.customer_id LIKE '%s'".formatted(customerPattern))) {
			lines.computeIfAbsent(row.get(0), (id) -> new LinkedHashMap<>())
				.put(row.get(1), Integer.parseInt(row.get(2)));
		}
		Map<String, Order> orders = new LinkedHashMap<>();
		for (List<String> row : this.databases.query("order",
				"SELECT id, customer_id, status, total FROM orders WHERE customer_id LIKE '%s' ORDER BY created_at"
					.formatted(customerPattern))) {
			orders.put(row.get(0), new Order(row.get(0), row.get(1), row.get(2), decimal(row.get(3)),
					lines.getOrDefault(row.get(0), Map.of())));
		}
		return orders;
	}

	private List<Payment> payments(String customerPattern) {
		List<Payment> payments = new ArrayList<>();
		for (List<String> row : this.databases.query("payment",
				"SELECT order_id, customer_id, status, amount FROM payment WHERE customer_id LIKE '%s'"
					.formatted(customerPattern))) {
			payments.add(new Payment(row.get(0), row.get(1), row.get(2), decimal(row.get(3))));
		}
		return payments;
	}

	private Map<String, Reservation> reservations(String since) {
		Map<String, Map<String, Integer>> lines = new HashMap<>();
		String recent = "r.created_at >= '%s'::timestamptz".formatted(since);
		for (List<String> row : this.databases.query("inventory",
				"SELECT l.order_id, l.sku, l.quantity FROM reservation_line l JOIN reservation r"
						+ " ON r.order_id = l.order_id WHERE " + recent)) {
			lines.computeIfAbsent(row.get(0), (id) -> new LinkedHashMap<>())
				.put(row.get(1), Integer.parseInt(row.get(2)));
		}
		Map<String, Reservation> reservations = new HashMap<>();
		for (List<String> row : this.databases.query("inventory",
				"SELECT r.order_id, r.status FROM reservation r WHERE " + recent)) {
			reservations.put(row.get(0),
					new Reservation(row.get(0), row.get(1), lines.getOrDefault(row.get(0), Map.of())));
		}
		return reservations;
	}

	private List<Notification> notifications(String customerPattern) {
		List<Notification> notifications = new ArrayList<>();
		for (List<String> row : this.databases.query("notification",
				"SELECT order_id, customer_id, kind, status, attempts FROM notification WHERE customer_id LIKE '%s'"
					.formatted(customerPattern))) {
			notifications
				.add(new Notification(row.get(0), row.get(1), row.get(2), row.get(3), Integer.parseInt(row.get(4))));
		}
		return notifications;
	}

	private Map<String, Long> unsentOutbox() {
		Map<String, Long> unsent = new LinkedHashMap<>();
		for (String database : SoakNames.DATABASES_WITH_OUTBOX) {
			unsent.put(database,
					this.databases.count(database, "SELECT count(*) FROM outbox_event WHERE sent_at IS NULL"));
		}
		return unsent;
	}

	private static BigDecimal decimal(String value) {
		return value.isEmpty() ? null : new BigDecimal(value);
	}

}
