package dev.shopflow.order.api;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.shopflow.order.domain.Order;
import dev.shopflow.order.domain.OrderStatus;

record OrderResponse(UUID id, String customerId, OrderStatus status, String reason, String currency, BigDecimal total,
		List<Line> lines, Instant createdAt, Instant updatedAt) {

	record Line(String sku, int quantity, BigDecimal unitPrice) {
	}

	static OrderResponse of(Order order) {
		return new OrderResponse(order.id(), order.customerId(), order.status(), order.reason(), order.currency(),
				order.total(),
				order.lines().stream().map((line) -> new Line(line.sku(), line.quantity(), line.unitPrice())).toList(),
				order.createdAt(), order.updatedAt());
	}

}
