package dev.shopflow.order.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * An order as it is stored. Immutable: every state change returns a new value, made only
 * through {@link OrderStatus#transitionTo(OrderStatus)}, and is written by
 * {@link Orders#update(Order, OrderStatus)} on condition that nobody moved it first.
 */
public record Order(UUID id, String customerId, String currency, List<OrderLine> lines, BigDecimal total,
		OrderStatus status, String reason, Instant createdAt, Instant updatedAt) {

	/** Longest reason stored; reasons come from other services and can be long. */
	public static final int MAX_REASON_LENGTH = 500;

	public Order {
		Objects.requireNonNull(id, "id");
		Objects.requireNonNull(status, "status");
		lines = List.copyOf(lines);
		if (reason != null && reason.length() > MAX_REASON_LENGTH) {
			reason = reason.substring(0, MAX_REASON_LENGTH - 1) + "…";
		}
	}

	/**
	 * A new order waiting for stock and payment. Its total is known only when every line
	 * carries a catalogue price.
	 */
	public static Order place(UUID id, String customerId, String currency, List<OrderLine> lines, Instant now) {
		boolean priced = lines.stream().allMatch((line) -> line.unitPrice() != null);
		BigDecimal total = priced ? lines.stream().map(OrderLine::lineTotal).reduce(BigDecimal.ZERO, BigDecimal::add)
				: null;
		return new Order(id, customerId, currency, lines, total, OrderStatus.PENDING, null, now, now);
	}

	public Order confirm(Instant now) {
		return moveTo(OrderStatus.CONFIRMED, null, now);
	}

	public Order awaitPayment(String reason, Instant now) {
		return moveTo(OrderStatus.PAYMENT_PENDING, reason, now);
	}

	public Order reject(String reason, Instant now) {
		return moveTo(OrderStatus.REJECTED, reason, now);
	}

	public Order cancel(String reason, Instant now) {
		return moveTo(OrderStatus.CANCELLED, reason, now);
	}

	private Order moveTo(OrderStatus target, String why, Instant now) {
		return new Order(this.id, this.customerId, this.currency, this.lines, this.total,
				this.status.transitionTo(target), why, this.createdAt, now);
	}

}
