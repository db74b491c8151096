package dev.shopflow.web.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The filter's decisions from a fixed seed, and what it does with them, without waiting:
 * the sleeper only records the delays it is asked for.
 */
class ChaosFilterTest {

	private static final long SEED = 42;

	private final MeterRegistry registry = new SimpleMeterRegistry();

	private final ObjectMapper objectMapper = Jackson2ObjectMapperBuilder.json().build();

	private final List<Duration> sleeps = new ArrayList<>();

	@Test
	void answersTheConfiguredFractionOfRequestsWithAnError() {
		ChaosFilter filter = filter(Duration.ZERO, Duration.ZERO, 0.3);

		long errors = IntStream.range(0, 10_000).filter((i) -> filter.decide().error()).count();

		// Deterministic for the seed; the bounds only say the draw is a fair one.
		assertThat(errors).isBetween(2_800L, 3_200L);
	}

	@Test
	void drawsTheSameFaultsFromTheSameSeed() {
		ChaosFilter first = filter(Duration.ofMillis(100), Duration.ofMillis(50), 0.5);
		ChaosFilter second = filter(Duration.ofMillis(100), Duration.ofMillis(50), 0.5);

		List<ChaosFilter.Fault> drawn = IntStream.range(0, 100).mapToObj((i) -> first.decide()).toList();

		assertThat(IntStream.range(0, 100).mapToObj((i) -> second.decide()).toList()).isEqualTo(drawn);
	}

	@Test
	void seedsItsDrawsFromTheSeedProperty() {
		ChaosProperties seeded = new ChaosProperties(Duration.ofMillis(100), Duration.ofMillis(50), 0.5, SEED);
		ChaosFilter first = new ChaosFilter(seeded, this.registry, this.objectMapper);
		ChaosFilter second = new ChaosFilter(seeded, this.registry, this.objectMapper);

		List<ChaosFilter.Fault> drawn = IntStream.range(0, 100).mapToObj((i) -> first.decide()).toList();

		assertThat(IntStream.range(0, 100).mapToObj((i) -> second.decide()).toList()).isEqualTo(drawn);
	}

	@Test
	void errorRatesZeroAndOneAreNeverAndAlways() {
		ChaosFilter never = filter(Duration.ZERO, Duration.ZERO, 0.0);
		ChaosFilter always = filter(Duration.ZERO, Duration.ZERO, 1.0);

		assertThat(IntStream.range(0, 1_000).filter((i) -> never.decide().error())).isEmpty();
		assertThat(IntStream.range(0, 1_000).filter((i) -> !always.decide().error())).isEmpty();
	}

	@Test
	void addsJitterWithinItsBoundOnTopOfTheFixedLatency() {
		ChaosFilter filter = filter(Duration.ofMillis(100), Duration.ofMillis(50), 0.0);

		List<Duration> delays = IntStream.range(0, 1_000).mapToObj((i) -> filter.decide().delay()).toList();

		assertThat(delays)
			.allSatisfy((delay) -> assertThat(delay).isBetween(Duration.ofMillis(100), Duration.ofMillis(150)));
		assertThat(delays.stream().distinct().count()).isGreaterThan(900);
	}

	@Test
	void delaysAnApiRequestThenPassesItOn() throws Exception {
		ChaosFilter filter = filter(Duration.ofMillis(1500), Duration.ZERO, 0.0);
		MockFilterChain chain = new MockFilterChain();

		filter.doFilter(new MockHttpServletRequest("POST", "/api/payments"), new MockHttpServletResponse(), chain);

		assertThat(this.sleeps).containsExactly(Duration.ofMillis(1500));
		assertThat(chain.getRequest()).isNotNull();
		assertThat(injected("latency")).isEqualTo(1);
		assertThat(injected("error")).isZero();
	}

	@Test
	void answersAnInjectedErrorWithAProblemAfterTheDelayWithoutHandlingTheRequest() throws Exception {
		ChaosFilter filter = filter(Duration.ofMillis(1500), Duration.ZERO, 1.0);
		MockHttpServletResponse response = new MockHttpServletResponse();
		MockFilterChain chain = new MockFilterChain();

		filter.doFilter(new MockHttpServletRequest("GET", "/api/payments/42"), response, chain);

		assertThat(chain.getRequest()).isNull();
		assertThat(this.sleeps).containsExactly(Duration.ofMillis(1500));
		assertThat(response.getStatus()).isEqualTo(503);
		assertThat(response.getContentType()).isEqualTo("application/problem+json");
		JsonNode problem = this.objectMapper.readTree(response.getContentAsByteArray());
		assertThat(problem.path("type").asText()).isEqualTo("urn:shopflow:problem:chaos-injected");
		assertThat(problem.path("status").asInt()).isEqualTo(503);
		assertThat(problem.path("instance").asText()).isEqualTo("/api/payments/42");
		assertThat(injected("latency")).isEqualTo(1);
		assertThat(injected("error")).isEqualTo(1);
	}

	@Test
	void leavesEverythingOutsideTheApiAlone() throws Exception {
		ChaosFilter filter = filter(Duration.ofMillis(1500), Duration.ZERO, 1.0);

		for (String path : List.of("/actuator/health", "/actuator/prometheus", "/apiary", "/")) {
			MockHttpServletResponse response = new MockHttpServletResponse();
			MockFilterChain chain = new MockFilterChain();

			filter.doFilter(new MockHttpServletRequest("GET", path), response, chain);

			assertThat(chain.getRequest()).as(path).isNotNull();
			assertThat(response.getStatus()).as(path).isEqualTo(200);
		}
		assertThat(this.sleeps).isEmpty();
		assertThat(injected("latency")).isZero();
		assertThat(injected("error")).isZero();
	}

	private ChaosFilter filter(Duration latency, Duration jitter, double errorRate) {
		ChaosProperties properties = new ChaosProperties(latency, jitter, errorRate, SEED);
		return new ChaosFilter(properties, this.registry, this.objectMapper, new Random(SEED), this.sleeps::add);
	}

	private double injected(String kind) {
		return this.registry.get(ChaosFilter.METRIC).tag("kind", kind).counter().count();
	}

}
