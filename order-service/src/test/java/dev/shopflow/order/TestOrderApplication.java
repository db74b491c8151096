package dev.shopflow.order;

import org.springframework.boot.SpringApplication;

/**
 * Runs order-service locally against a throw-away PostgreSQL, Kafka and RabbitMQ;
 * inventory-service and payment-service are expected on their usual ports.
 */
public class TestOrderApplication {

	public static void main(String[] args) {
		SpringApplication.from(OrderApplication::main).with(ContainersConfig.class).run(args);
	}

}
