package dev.shopflow.payment.payments;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/**
 * The {@code shopflow.payments} counter, tagged by outcome. Registered up front so every
 * outcome is exported from zero and dashboards do not see series appear out of nowhere.
 */
@Component
class PaymentMetrics {

	static final String NAME = "shopflow.payments";

	private final Counter authorized;

	private final Counter declined;

	private final Counter duplicate;

	private final Counter refunded;

	PaymentMetrics(MeterRegistry registry) {
		this.authorized = register(registry, "authorized");
		this.declined = register(registry, "declined");
		this.duplicate = register(registry, "duplicate");
		this.refunded = register(registry, "refunded");
	}

	private static Counter register(MeterRegistry registry, String outcome) {
		return Counter.builder(NAME)
			.description("Payment requests by outcome; duplicate counts repeats answered with the first result")
			.tag("outcome", outcome)
			.register(registry);
	}

	void decided(Decision decision) {
		(decision.status() == PaymentStatus.DECLINED ? this.declined : this.authorized).increment();
	}

	void duplicate() {
		this.duplicate.increment();
	}

	void refunded() {
		this.refunded.increment();
	}

}
