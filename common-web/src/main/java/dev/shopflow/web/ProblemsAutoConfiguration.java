package dev.shopflow.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.catalina.startup.Tomcat;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What every service's HTTP layer shares beyond its {@link ProblemHandler}: JSON values
 * read only into fields of their own kind, and a problem instead of Tomcat's HTML page
 * for requests refused before they reach Spring. Also part of {@code @WebMvcTest} slices,
 * so that those test what runs.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class ProblemsAutoConfiguration {

	@Bean
	Jackson2ObjectMapperBuilderCustomizer strictScalars() {
		return new StrictScalars();
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(Tomcat.class)
	static class TomcatErrorReports {

		@Bean
		ProblemErrorReports problemErrorReports(ObjectMapper objectMapper) {
			return new ProblemErrorReports(objectMapper);
		}

	}

}
