package dev.shopflow.order.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class OrderStatusTest {

	private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");

	@ParameterizedTest
	@CsvSource({ "PENDING, PAYMENT_PENDING", "PENDING, CONFIRMED", "PENDING, REJECTED", "PENDING, CANCELLED",
			"PAYMENT_PENDING, CONFIRMED", "PAYMENT_PENDING, CANCELLED" })
	void allowsTheMovesOfTheOrderLifecycle(OrderStatus from, OrderStatus to) {
		assertThat(from.transitionTo(to)).isEqualTo(to);
	}

	@ParameterizedTest
	@CsvSource({ "PAYMENT_PENDING, REJECTED", "PAYMENT_PENDING, PENDING", "PENDING, PENDING",
			"PAYMENT_PENDING, PAYMENT_PENDING" })
	void refusesMovesThatSkipOrRepeatAStep(OrderStatus from, OrderStatus to) {
		assertThatExceptionOfType(IllegalOrderTransitionException.class).isThrownBy(() -> from.transitionTo(to))
			.withMessage("An order cannot move from " + from + " to " + to);
	}

	@ParameterizedTest
	@EnumSource(value = OrderStatus.class, names = { "CONFIRMED", "REJECTED", "CANCELLED" })
	void finalStatesAreFinal(OrderStatus settled) {
		for (OrderStatus target : OrderStatus.values()) {
			assertThat(settled.canTransitionTo(target)).as("%s -> %s", settled, target).isFalse();
		}
	}

	@Test
	void aNewOrderIsPendingAndTotalsItsPricedLines() {
		Order order = Order.place(UUID.randomUUID(), "c-1", "EUR",
				List.of(new OrderLine("BOOK-001", 2, new BigDecimal("45.00")),
						new OrderLine("MUG-001", 3, new BigDecimal("12.50"))),
				NOW);

		assertThat(order.status()).isEqualTo(OrderStatus.PENDING);
		assertThat(order.total()).isEqualByComparingTo("127.50");
	}

	@Test
	void anOrderWithoutPricesHasNoTotal() {
		Order order = Order.place(UUID.randomUUID(), "c-1", "EUR", List.of(new OrderLine("BOOK-001", 2, null)), NOW);

		assertThat(order.total()).isNull();
	}

	@Test
	void aReasonLongerThanTheColumnIsShortenedVisibly() {
		Order order = Order.place(UUID.randomUUID(), "c-1", "EUR",
				List.of(new OrderLine("BOOK-001", 1, BigDecimal.TEN)), NOW);

		Order rejected = order.reject("x".repeat(2 * Order.MAX_REASON_LENGTH), NOW);

		assertThat(rejected.reason()).hasSize(Order.MAX_REASON_LENGTH).endsWith("…");
	}

	@Test
	void aConfirmedOrderCannotBeRejectedAfterwards() {
		Order confirmed = Order
			.place(UUID.randomUUID(), "c-1", "EUR", List.of(new OrderLine("BOOK-001", 1, BigDecimal.TEN)), NOW)
			.confirm(NOW);

		assertThatExceptionOfType(IllegalOrderTransitionException.class)
			.isThrownBy(() -> confirmed.reject("too late", NOW));
	}

}
