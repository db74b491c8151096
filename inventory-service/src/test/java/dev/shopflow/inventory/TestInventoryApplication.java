package dev.shopflow.inventory;

import org.springframework.boot.SpringApplication;

/**
 * Runs the service locally against throw-away PostgreSQL, Kafka and RabbitMQ containers.
 */
public class TestInventoryApplication {

	public static void main(String[] args) {
		SpringApplication.from(InventoryApplication::main).with(ContainersConfig.class).run(args);
	}

}
