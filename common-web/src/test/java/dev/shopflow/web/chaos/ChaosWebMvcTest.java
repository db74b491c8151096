package dev.shopflow.web.chaos;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
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
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web layer with the {@code chaos} profile and every API request failing: the API
 * answers the chaos problem, the actuator keeps answering for real, and
 * {@code /actuator/chaos} changes the faults from the next request on.
 */
@WebMvcTest(controllers = ChaosWebMvcTest.ApiController.class,
		properties = { "shopflow.chaos.error-rate=1.0", "shopflow.chaos.latency=0ms",
				"management.endpoints.web.exposure.include=health,chaos" })
@ActiveProfiles("chaos")
@AutoConfigureObservability
@Import(ChaosWebMvcTest.ApiController.class)
@ImportAutoConfiguration({ ChaosAutoConfiguration.class, EndpointAutoConfiguration.class,
		WebEndpointAutoConfiguration.class, HealthEndpointAutoConfiguration.class,
		ManagementContextAutoConfiguration.class, ServletManagementContextAutoConfiguration.class })
class ChaosWebMvcTest {

	private final MockMvcTester mvc;

	private final MeterRegistry registry;

	private final ChaosSwitch chaos;

	ChaosWebMvcTest(@Autowired MockMvcTester mvc, @Autowired MeterRegistry registry, @Autowired ChaosSwitch chaos) {
		this.mvc = mvc;
		this.registry = registry;
		this.chaos = chaos;
	}

	@AfterEach
	void backToTheDefaults() {
		// The context, and with it the switch, is shared by every test of the class.
		this.chaos.reset();
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

	@Test
	void showsTheSettingsInForce() {
		assertThat(this.mvc.get().uri("/actuator/chaos")).hasStatusOk().bodyJson().isLenientlyEqualTo("""
				{"latency":"0ms","latencyJitter":"0ms","errorRate":1.0,"hang":false}""");
	}

	@Test
	void aChangeTakesEffectOnTheNextApiRequest() {
		double latencies = injected("latency");

		assertThat(post("""
				{"latency":"5ms","errorRate":0}""")).hasStatusOk().bodyJson().isLenientlyEqualTo("""
				{"latency":"5ms","latencyJitter":"0ms","errorRate":0.0,"hang":false}""");

		assertThat(this.mvc.get().uri("/api/ping")).hasStatusOk().hasBodyTextEqualTo("pong");
		assertThat(injected("latency")).isEqualTo(latencies + 1);
	}

	@Test
	void refusesAnErrorRateOutsideZeroToOneWith400AndKeepsTheSettings() {
		assertThat(post("""
				{"latency":"5ms","errorRate":1.5}""")).hasStatus(HttpStatus.BAD_REQUEST);
		assertThat(post("""
				{"errorRate":-0.1}""")).hasStatus(HttpStatus.BAD_REQUEST);

		assertThat(this.chaos.current()).isEqualTo(this.chaos.defaults());
		assertThat(this.mvc.get().uri("/api/ping")).hasStatus(HttpStatus.SERVICE_UNAVAILABLE);
	}

	@Test
	void refusesANegativeOrUnreadableLatencyWith400() {
		assertThat(post("""
				{"latency":"-1s"}""")).hasStatus(HttpStatus.BAD_REQUEST);
		assertThat(post("""
				{"latencyJitter":"soon"}""")).hasStatus(HttpStatus.BAD_REQUEST);

		assertThat(this.chaos.current()).isEqualTo(this.chaos.defaults());
	}

	@Test
	void deleteGoesBackToTheProfilesDefaults() {
		assertThat(post("""
				{"errorRate":0.0,"hang":true}""")).hasStatusOk();

		assertThat(this.mvc.delete().uri("/actuator/chaos")).hasStatusOk().bodyJson().isLenientlyEqualTo("""
				{"latency":"0ms","latencyJitter":"0ms","errorRate":1.0,"hang":false}""");
		assertThat(this.mvc.get().uri("/api/ping")).hasStatus(HttpStatus.SERVICE_UNAVAILABLE);
	}

	private MvcTestResult post(String json) {
		return this.mvc.post().uri("/actuator/chaos").contentType(MediaType.APPLICATION_JSON).content(json).exchange();
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
