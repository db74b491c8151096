package dev.shopflow.payment.payments;

import java.math.BigDecimal;
import java.util.UUID;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

/**
 * Body of {@code POST /api/payments}, and the rules an {@code AuthorizePayment} command
 * must meet as well.
 *
 * @param orderId the order to pay for; a payment is made at most once per order
 * @param customerId the paying customer
 * @param amount amount to authorize, two decimals at most
 * @param currency ISO-4217 code
 */
record PaymentRequest(@NotNull UUID orderId,
		@NotBlank @Size(max = 64) @Pattern(regexp = "[A-Za-z0-9._-]+") String customerId,
		@NotNull @Positive @DecimalMax("1000000") @Digits(integer = 10, fraction = 2) BigDecimal amount,
		@NotNull @Pattern(regexp = "[A-Z]{3}") String currency) {

	PaymentAttempt toAttempt(String idempotencyKey) {
		return new PaymentAttempt(this.orderId, this.customerId, this.amount, this.currency, idempotencyKey);
	}

}
