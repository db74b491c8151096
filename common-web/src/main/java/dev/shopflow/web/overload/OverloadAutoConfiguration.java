package dev.shopflow.web.overload;

import java.io.IOException;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.netflix.concurrency.limits.limit.Gradient2Limit;
import com.netflix.concurrency.limits.limiter.AbstractLimiter;
import com.netflix.concurrency.limits.limiter.SimpleLimiter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;

/**
 * One adaptive concurrency limit in front of each service's API, the same in all four.
 * First in the filter chain: a refused request costs nothing that an admitted one needs.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnProperty(name = "shopflow.web.overload.enabled", matchIfMissing = true)
@EnableConfigurationProperties(OverloadProperties.class)
public class OverloadAutoConfiguration {

	@Bean
	FilterRegistrationBean<AdmissionFilter> admissionFilter(OverloadProperties properties, ObjectMapper json,
			MeterRegistry meters) throws IOException {
		if (properties.minLimit() > properties.maxLimit()) {
			throw new IllegalArgumentException("shopflow.web.overload.min-limit (" + properties.minLimit()
					+ ") is above max-limit (" + properties.maxLimit() + ")");
		}
		AbstractLimiter<Void> limiter = SimpleLimiter.newBuilder()
			.named("api")
			.limit(Gradient2Limit.newBuilder()
				.initialLimit(
						Math.min(Math.max(properties.initialLimit(), properties.minLimit()), properties.maxLimit()))
				.minLimit(properties.minLimit())
				.maxConcurrency(properties.maxLimit())
				.build())
			.build();
		Gauge.builder("shopflow.web.concurrency.limit", limiter, AbstractLimiter::getLimit)
			.description("Requests the API admits at once, as the adaptive limit now stands")
			.register(meters);
		Gauge.builder("shopflow.web.concurrency.inflight", limiter, AbstractLimiter::getInflight)
			.description("Requests admitted and not yet answered")
			.register(meters);
		Counter refused = Counter.builder("shopflow.web.requests.refused")
			.description("Requests answered 503 at once because the API was at its concurrency limit")
			.register(meters);
		FilterRegistrationBean<AdmissionFilter> registration = new FilterRegistrationBean<>(
				new AdmissionFilter(limiter, refused, properties, json));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		registration.addUrlPatterns("/*");
		return registration;
	}

}
