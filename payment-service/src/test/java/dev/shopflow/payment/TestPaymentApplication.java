package dev.shopflow.payment;

import org.springframework.boot.SpringApplication;

/**
 * Runs the service locally against a throwaway PostgreSQL container.
 */
public class TestPaymentApplication {

	public static void main(String[] args) {
		SpringApplication.from(PaymentApplication::main).with(ContainersConfig.class).run(args);
	}

}
