package dev.shopflow.payment.payments;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;

import dev.shopflow.payment.PaymentProperties;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CustomerLimitPolicyTest {

	private final CustomerLimitPolicy policy = new CustomerLimitPolicy(new PaymentProperties(65536,
			new BigDecimal("1000"), Map.of("vip-1", new BigDecimal("5000.00")), Duration.ofSeconds(2)));

	@Test
	void authorizesAmountWithinTheDefaultLimit() {
		assertThat(this.policy.decide("c-1", new BigDecimal("999.99"), "EUR")).isEqualTo(Decision.authorized());
	}

	@Test
	void authorizesAmountEqualToTheLimit() {
		assertThat(this.policy.decide("c-1", new BigDecimal("1000.00"), "EUR")).isEqualTo(Decision.authorized());
	}

	@Test
	void declinesAmountAboveTheDefaultLimitWithAReason() {
		assertThat(this.policy.decide("c-1", new BigDecimal("1290.00"), "EUR"))
			.isEqualTo(Decision.declined("amount 1290.00 EUR exceeds the limit of 1000.00 for customer c-1"));
	}

	@Test
	void declinesAmountOneCentAboveTheLimit() {
		assertThat(this.policy.decide("c-1", new BigDecimal("1000.01"), "EUR").status())
			.isEqualTo(PaymentStatus.DECLINED);
	}

	@Test
	void appliesThePerCustomerOverride() {
		assertThat(this.policy.decide("vip-1", new BigDecimal("5000.00"), "USD")).isEqualTo(Decision.authorized());
		assertThat(this.policy.decide("vip-1", new BigDecimal("5000.01"), "USD"))
			.isEqualTo(Decision.declined("amount 5000.01 USD exceeds the limit of 5000.00 for customer vip-1"));
	}

}
