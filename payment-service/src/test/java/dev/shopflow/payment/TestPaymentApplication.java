package dev.shopflow.payment;

import org.springframework.boot.SpringApplication;

/**
 * Runs the service locally against throwaway PostgreSQL, Kafka and RabbitMQ containers.
 */
public class TestPaymentApplication {

	public static void main(String[] args) {
		SpringApplication.from(PaymentApplication::main).with(ContainersConfig.class).run(args);
	}

}
