package dev.shopflow.inventory;

import org.springframework.boot.SpringApplication;

/**
 * Runs the service locally against a throw-away PostgreSQL container.
 */
public class TestInventoryApplication {

	public static void main(String[] args) {
		SpringApplication.from(InventoryApplication::main).with(ContainersConfig.class).run(args);
	}

}
