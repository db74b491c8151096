package dev.shopflow.messaging.inbox;

import java.time.Clock;

import dev.shopflow.messaging.MessagingProperties;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** The inbox of a consuming service; needs its {@code processed_events} table. */
@Configuration(proxyBeanMethods = false)
public class InboxConfiguration {

	@Bean
	ProcessedEvents processedEvents(JdbcClient jdbc, TransactionTemplate transactions, MeterRegistry meters,
			MessagingProperties properties, ObjectProvider<Clock> clock) {
		return new ProcessedEvents(jdbc, transactions, meters, properties.inboxRetention(),
				clock.getIfUnique(Clock::systemUTC));
	}

}
