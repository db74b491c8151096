package dev.shopflow.payment;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the payment service.
 *
 * @param maxRequestBytes largest request body the API accepts; larger ones get 413
 * @param defaultCustomerLimit highest amount a customer without an override may pay in
 * one authorization
 * @param customerLimits per-customer overrides of the default limit, keyed by customer id
 * @param lockTimeout longest a payment transaction waits for another one working on the
 * same order; it then fails (a command goes to its next retry tier) instead of holding a
 * consumer thread and a connection for as long as the other one takes
 */
@ConfigurationProperties("shopflow.payment")
@Validated
public record PaymentProperties(@DefaultValue("65536") @Min(1024) int maxRequestBytes,
		@DefaultValue("1000.00") @NotNull @Positive @Digits(integer = 10, fraction = 2) BigDecimal defaultCustomerLimit,
		Map<@NotBlank String, @NotNull @Positive @Digits(integer = 10, fraction = 2) BigDecimal> customerLimits,
		@DefaultValue("2s") @NotNull @DurationMin(millis = 100) @DurationMax(seconds = 30) Duration lockTimeout) {

	public PaymentProperties {
		// Not Map.copyOf: it would reject a null value before validation can report it.
		customerLimits = (customerLimits != null) ? Collections.unmodifiableMap(new LinkedHashMap<>(customerLimits))
				: Map.of();
	}

	/**
	 * The limit that applies to the given customer: their override, or the default.
	 * @param customerId the customer
	 * @return the highest amount the customer may pay in one authorization
	 */
	public BigDecimal limitFor(String customerId) {
		return this.customerLimits.getOrDefault(customerId, this.defaultCustomerLimit);
	}

}
