package dev.shopflow.notification;

import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/**
 * Base of every notification-service integration test: the real application on a real
 * PostgreSQL, Kafka, RabbitMQ and SMTP server (GreenMail). All subclasses share one
 * Spring context. Retry tiers and SMTP timeouts are short so that a test can watch a task
 * go through every tier while the SMTP server hangs.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "shopflow.messaging.rabbit.retry-tiers=200ms,400ms,800ms",
				"spring.mail.properties[mail.smtp.connectiontimeout]=1000",
				"spring.mail.properties[mail.smtp.timeout]=2000",
				"spring.mail.properties[mail.smtp.writetimeout]=2000" })
@Import(ContainersConfig.class)
@AutoConfigureObservability(tracing = false)
public abstract class NotificationIntegrationTest {

}
