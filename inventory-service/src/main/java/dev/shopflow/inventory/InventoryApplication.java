package dev.shopflow.inventory;

import java.time.Clock;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

/**
 * Inventory service: the product catalogue and all-or-nothing, idempotent stock
 * reservations for orders.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class InventoryApplication {

	public static void main(String[] args) {
		SpringApplication.run(InventoryApplication.class, args);
	}

	/**
	 * The one source of the current time, shared with the messaging beans, so that a test
	 * can replace it.
	 */
	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

}
