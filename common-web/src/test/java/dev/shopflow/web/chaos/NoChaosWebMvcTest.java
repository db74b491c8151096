package dev.shopflow.web.chaos;

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
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same web layer without the {@code chaos} profile, with faults configured and the
 * endpoint even listed for exposure: there is no switch to turn, so
 * {@code /actuator/chaos} does not exist and the API answers for real.
 */
@WebMvcTest(controllers = ChaosWebMvcTest.ApiController.class,
		properties = { "shopflow.chaos.error-rate=1.0", "management.endpoints.web.exposure.include=health,chaos" })
@AutoConfigureObservability
@Import(ChaosWebMvcTest.ApiController.class)
@ImportAutoConfiguration({ ChaosAutoConfiguration.class, EndpointAutoConfiguration.class,
		WebEndpointAutoConfiguration.class, HealthEndpointAutoConfiguration.class,
		ManagementContextAutoConfiguration.class, ServletManagementContextAutoConfiguration.class })
class NoChaosWebMvcTest {

	private final MockMvcTester mvc;

	private final ApplicationContext context;

	NoChaosWebMvcTest(@Autowired MockMvcTester mvc, @Autowired ApplicationContext context) {
		this.mvc = mvc;
		this.context = context;
	}

	@Test
	void hasNoChaosEndpoint() {
		assertThat(this.context.getBeansOfType(ChaosEndpoint.class)).isEmpty();
		assertThat(this.mvc.get().uri("/actuator/chaos")).hasStatus(HttpStatus.NOT_FOUND);
		assertThat(this.mvc.post()
			.uri("/actuator/chaos")
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"errorRate\":1.0}")).hasStatus(HttpStatus.NOT_FOUND);
	}

	@Test
	void leavesTheApiAlone() {
		assertThat(this.mvc.get().uri("/api/ping")).hasStatusOk().hasBodyTextEqualTo("pong");
	}

	@Test
	void stillExposesWhatItWasAskedToThatExists() {
		// The 404 above is not a broken actuator: a real endpoint answers.
		assertThat(this.mvc.get().uri("/actuator/health")).hasStatusOk();
	}

}
