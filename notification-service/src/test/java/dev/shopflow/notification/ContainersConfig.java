package dev.shopflow.notification;

import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.containers.RabbitMQContainer;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistrar;

@TestConfiguration(proxyBeanMethods = false)
public class ContainersConfig {

	@Bean
	@ServiceConnection
	PostgreSQLContainer<?> postgres() {
		return new PostgreSQLContainer<>("postgres:17");
	}

	@Bean
	@ServiceConnection
	KafkaContainer kafka() {
		return new KafkaContainer(DockerImageName.parse("apache/kafka:4.1.2"));
	}

	@Bean
	@ServiceConnection
	RabbitMQContainer rabbit() {
		return new RabbitMQContainer("rabbitmq:4.1-management");
	}

	@Bean
	GreenMailContainer greenMail() {
		return new GreenMailContainer();
	}

	/** Boot has no service connection for SMTP. */
	@Bean
	DynamicPropertyRegistrar smtpSink(GreenMailContainer greenMail) {
		return (registry) -> {
			registry.add("spring.mail.host", greenMail::getHost);
			registry.add("spring.mail.port", greenMail::smtpPort);
		};
	}

}
