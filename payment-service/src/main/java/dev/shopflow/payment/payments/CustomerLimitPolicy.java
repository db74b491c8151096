package dev.shopflow.payment.payments;

import java.math.BigDecimal;
import java.math.RoundingMode;

import dev.shopflow.payment.PaymentProperties;

import org.springframework.stereotype.Component;

/**
 * Decides authorizations with a deterministic per-customer limit, so that demos and tests
 * can provoke a decline on purpose. The limit is a plain number compared regardless of
 * currency: this service does not convert currencies.
 */
@Component
class CustomerLimitPolicy {

	private final PaymentProperties properties;

	CustomerLimitPolicy(PaymentProperties properties) {
		this.properties = properties;
	}

	Decision decide(String customerId, BigDecimal amount, String currency) {
		BigDecimal limit = this.properties.limitFor(customerId);
		if (amount.compareTo(limit) > 0) {
			return Decision
				.declined("amount %s %s exceeds the limit of %s for customer %s".formatted(amount.toPlainString(),
						currency, limit.setScale(2, RoundingMode.UNNECESSARY).toPlainString(), customerId));
		}
		return Decision.authorized();
	}

}
