package dev.shopflow.web.chaos;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.health.HealthEndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementContextAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.servlet.ServletManagementContextAutoConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web layer with the {@code chaos} profile and every API request failing: the API
 * answers the chaos problem, the actuator keeps answering for real.
 */
@WebMvcTest(controllers = ChaosWebMvcTest.ApiController.class,
		properties = { "shopflow.chaos.error-rate=1.0", "shopflow.chaos.latency=0ms" })
@ActiveProfiles("chaos")
@AutoConfigureObservability
@ImportAutoConfiguration({ ChaosAutoConfiguration.class, EndpointAutoConfiguration.class,
		WebEndpointAutoConfiguration.class, HealthEndpointAutoConfiguration.class,
		ManagementContextAutoConfiguration.class, ServletManagementContextAutoConfiguration.class })
class ChaosWebMvcTest {

	private final MockMvcTester mvc;

	private final MeterRegistry registry;

	ChaosWebMvcTest(@Autowired MockMvcTester mvc, @Autowired MeterRegistry registry) {
		this.mvc = mvc;
		this.registry = registry;
	}

	@Test
	void answersAnApiRequestWithTheChaosProblem() {
		double errors = injected("error");

		assertThat(this.mvc.get().uri("/api/ping")).hasStatus(HttpStatus.SERVICE_UNAVAILABLE)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.extractingPath("$.type")
			.isEqualTo("urn:shopflow:problem:chaos-injected");
		assertThat(injected("error")).isEqualTo(errors + 1);
	}

	@Test
	void leavesTheHealthEndpointAlone() {
		double errors = injected("error");

		assertThat(this.mvc.get().uri("/actuator/health")).hasStatusOk()
			.bodyJson()
			.extractingPath("$.status")
			.isEqualTo("UP");
		assertThat(injected("error")).isEqualTo(errors);
		assertThat(injected("latency")).isZero();
	}

	private double injected(String kind) {
		return this.registry.get(ChaosFilter.METRIC).tag("kind", kind).counter().count();
	}

	@RestController
	static class ApiController {

		@GetMapping("/api/ping")
		String ping() {
			return "pong";
		}

	}

}
