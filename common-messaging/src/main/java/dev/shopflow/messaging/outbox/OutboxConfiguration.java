package dev.shopflow.messaging.outbox;

import java.time.Clock;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shopflow.messaging.MessagingProperties;
import dev.shopflow.messaging.rabbit.ConfirmedPublisher;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.transaction.support.TransactionTemplate;

/** The outbox of a publishing service; needs its {@code outbox_event} table. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "shopflow.messaging.outbox", name = "enabled", havingValue = "true")
public class OutboxConfiguration {

	@Bean
	OutboxRelay outboxRelay(JdbcClient jdbc, TransactionTemplate transactions,
			KafkaOperations<Object, Object> kafkaTemplate, ConfirmedPublisher rabbit, MessagingProperties properties,
			MeterRegistry meters, ObjectProvider<Clock> clock) {
		return new OutboxRelay(jdbc, transactions, kafkaTemplate, rabbit, properties.outbox(), meters,
				clock.getIfUnique(Clock::systemUTC));
	}

	@Bean
	Outbox outbox(JdbcClient jdbc, ObjectMapper objectMapper, OutboxRelay relay) {
		return new Outbox(jdbc, objectMapper, relay);
	}

}
