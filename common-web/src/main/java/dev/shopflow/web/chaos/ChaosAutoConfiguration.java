package dev.shopflow.web.chaos;

import java.util.Objects;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/**
 * Registers the fault-injecting filter, the switch it reads its settings from and the
 * {@code chaos} actuator endpoint that turns it, in any service that has this module,
 * only when the {@code chaos} profile is active; each service keeps its own defaults in
 * its {@code application-chaos.yml}. Boot maps a {@code Filter} bean to every URL with
 * the lowest precedence, so it runs after the correlation-id and HTTP observation
 * filters: injected faults carry a correlation id and show up in
 * {@code http.server.requests} like real ones.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@Profile("chaos")
@EnableConfigurationProperties(ChaosProperties.class)
public class ChaosAutoConfiguration {

	@Bean
	ChaosSwitch chaosSwitch(ChaosProperties properties) {
		return new ChaosSwitch(properties.settings());
	}

	@Bean
	ChaosFilter chaosFilter(ChaosSwitch chaosSwitch, ChaosProperties properties, MeterRegistry registry,
			ObjectMapper objectMapper) {
		return new ChaosFilter(chaosSwitch, properties, registry, objectMapper);
	}

	// The actuator is optional for this module: without it the profile's faults are
	// fixed at start-up.
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(Endpoint.class)
	static class ChaosEndpointConfiguration {

		@Bean
		ChaosEndpoint chaosEndpoint(ChaosSwitch chaosSwitch) {
			return new ChaosEndpoint(chaosSwitch);
		}

		@Bean
		ChaosRequestBody chaosRequestBody(ObjectProvider<PathMappedEndpoints> endpoints) {
			// Asked per request: the endpoints are mapped after this bean exists.
			return new ChaosRequestBody(() -> endpoints.stream()
				.map((mapped) -> mapped.getPath(ChaosEndpoint.ID))
				.filter(Objects::nonNull)
				.findFirst()
				.orElse(null));
		}

	}

}
