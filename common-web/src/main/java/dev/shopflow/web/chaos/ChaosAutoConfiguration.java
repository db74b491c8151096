package dev.shopflow.web.chaos;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Profile;

/**
 * Registers the fault-injecting filter in any service that has this module, only when the
 * {@code chaos} profile is active; each service keeps its own defaults in its
 * {@code application-chaos.yml}. Boot maps a {@code Filter} bean to every URL with the
 * lowest precedence, so it runs after the correlation-id and HTTP observation filters:
 * injected faults carry a correlation id and show up in {@code http.server.requests} like
 * real ones.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@Profile("chaos")
@EnableConfigurationProperties(ChaosProperties.class)
public class ChaosAutoConfiguration {

	@Bean
	ChaosFilter chaosFilter(ChaosProperties properties, MeterRegistry registry, ObjectMapper objectMapper) {
		return new ChaosFilter(properties, registry, objectMapper);
	}

}
