package dev.shopflow.notification;

import org.springframework.boot.SpringApplication;

/** Runs notification-service locally against throw-away containers. */
public class TestNotificationApplication {

	public static void main(String[] args) {
		SpringApplication.from(NotificationApplication::main).with(ContainersConfig.class).run(args);
	}

}
