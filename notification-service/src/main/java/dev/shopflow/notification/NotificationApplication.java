package dev.shopflow.notification;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Tells customers what happened to their orders. For now it only boots with its own
 * database; it learns about orders from the Kafka event log and delivers over RabbitMQ in
 * later iterations.
 */
@SpringBootApplication
public class NotificationApplication {

	public static void main(String[] args) {
		SpringApplication.run(NotificationApplication.class, args);
	}

}
