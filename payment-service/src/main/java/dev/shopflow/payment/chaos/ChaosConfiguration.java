package dev.shopflow.payment.chaos;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/**
 * Registers the fault-injecting filter, only when the {@code chaos} profile is active.
 * Boot maps a {@code Filter} bean to every URL with the lowest precedence, so it runs
 * after the correlation-id and HTTP observation filters: injected faults carry a
 * correlation id and show up in {@code http.server.requests} like real ones.
 */
@Configuration(proxyBeanMethods = false)
@Profile("chaos")
@EnableConfigurationProperties(ChaosProperties.class)
class ChaosConfiguration {

	@Bean
	ChaosFilter chaosFilter(ChaosProperties properties, MeterRegistry registry, ObjectMapper objectMapper) {
		return new ChaosFilter(properties, registry, objectMapper);
	}

}
