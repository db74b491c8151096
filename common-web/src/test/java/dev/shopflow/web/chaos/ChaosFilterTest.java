package dev.shopflow.web.chaos;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import org.junit.jupiter.api.Test;

import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;
import org.springframework.mock.web.MockAsyncContext;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The filter's decisions from a fixed seed, and what it does with them, without waiting:
 * the sleeper only records the delays it is asked for, and held requests are ended by
 * calling their listeners as the container would.
 */
class ChaosFilterTest {

	private static final long SEED = 42;

	private static final Duration HANG_LIMIT = Duration.ofSeconds(60);

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
		ChaosProperties seeded = new ChaosProperties(Duration.ofMillis(100), Duration.ofMillis(50), 0.5, false,
				HANG_LIMIT, SEED);
		ChaosFilter first = new ChaosFilter(new ChaosSwitch(seeded.settings()), seeded, this.registry,
				this.objectMapper);
		ChaosFilter second = new ChaosFilter(new ChaosSwitch(seeded.settings()), seeded, this.registry,
				this.objectMapper);

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

	@Test
	void readsTheSwitchOnEveryRequest() throws Exception {
		ChaosSwitch chaos = new ChaosSwitch(new ChaosSettings(Duration.ZERO, Duration.ZERO, 0.0, false));
		ChaosFilter filter = filter(chaos);
		assertThat(filter.decide()).isEqualTo(new ChaosFilter.Fault(Duration.ZERO, false, false));

		chaos.update((now) -> now.with(Duration.ofMillis(700), null, 1.0, null));

		assertThat(filter.decide()).isEqualTo(new ChaosFilter.Fault(Duration.ofMillis(700), true, false));
		MockHttpServletResponse response = new MockHttpServletResponse();
		filter.doFilter(new MockHttpServletRequest("POST", "/api/payments"), response, new MockFilterChain());
		assertThat(response.getStatus()).isEqualTo(503);
		assertThat(this.sleeps).containsExactly(Duration.ofMillis(700));
	}

	@Test
	void holdsAnApiRequestWithoutAnAnswerWhileTheHangIsOn() throws Exception {
		ChaosFilter filter = filter(hanging());
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/payments");
		request.setAsyncSupported(true);
		MockHttpServletResponse response = new MockHttpServletResponse();
		MockFilterChain chain = new MockFilterChain();

		filter.doFilter(request, response, chain);

		assertThat(request.isAsyncStarted()).isTrue();
		assertThat(request.getAsyncContext().getTimeout()).isEqualTo(HANG_LIMIT.toMillis());
		assertThat(chain.getRequest()).isNull();
		assertThat(response.isCommitted()).isFalse();
		assertThat(response.getContentAsByteArray()).isEmpty();
		assertThat(this.sleeps).isEmpty();
		assertThat(injected("hang")).isEqualTo(1);
		assertThat(injected("latency")).isZero();
		assertThat(injected("error")).isZero();
	}

	@Test
	void answersAHeldRequestWithTheChaosProblemWhenTheHangLimitPasses() throws Exception {
		Held held = hold(filter(hanging()), "/api/payments/42");

		held.tellListeners((listener, event) -> listener.onTimeout(event));

		assertThat(held.request().isAsyncStarted()).isFalse();
		assertChaosProblem(held.response(), "/api/payments/42");
	}

	@Test
	void turningTheHangOffAnswersEveryHeldRequestAtOnce() throws Exception {
		ChaosSwitch chaos = hanging();
		ChaosFilter filter = filter(chaos);
		Held first = hold(filter, "/api/payments/1");
		Held second = hold(filter, "/api/payments/2");

		chaos.update((now) -> now.with(null, null, null, false));

		assertThat(first.request().isAsyncStarted()).isFalse();
		assertThat(second.request().isAsyncStarted()).isFalse();
		assertChaosProblem(first.response(), "/api/payments/1");
		assertChaosProblem(second.response(), "/api/payments/2");
		assertThat(filter.held()).isZero();
	}

	@Test
	void forgetsAHeldRequestTheContainerEndsWithAnError() throws Exception {
		ChaosSwitch chaos = hanging();
		ChaosFilter filter = filter(chaos);
		Held held = hold(filter, "/api/payments/42");

		held.tellListeners((listener, event) -> listener
			.onError(new AsyncEvent(event.getAsyncContext(), new IOException("Connection reset by peer"))));
		assertThat(filter.held()).isZero();
		chaos.update((now) -> now.with(null, null, null, false));

		assertThat(held.request().isAsyncStarted()).isFalse();
		assertThat(held.response().getContentAsByteArray()).isEmpty();
	}

	@Test
	void turningTheHangOffAnswersTheOtherHeldRequestsWhenTheContainerAlreadyEndedOne() throws Exception {
		ChaosSwitch chaos = hanging();
		ChaosFilter filter = filter(chaos);
		MockHttpServletRequest ended = new MockHttpServletRequest("GET", "/api/payments/1") {

			@Override
			public AsyncContext startAsync(ServletRequest request, ServletResponse response) {
				super.startAsync(request, response);
				// What Tomcat does with the context of a request it has already recycled.
				return new MockAsyncContext(request, response) {

					@Override
					public void complete() {
						throw new IllegalStateException(
								"The request associated with the AsyncContext has already completed processing.");
					}

				};
			}

		};
		ended.setAsyncSupported(true);
		filter.doFilter(ended, new MockHttpServletResponse(), new MockFilterChain());
		Held other = hold(filter, "/api/payments/2");

		chaos.update((now) -> now.with(null, null, null, false));

		assertThat(filter.held()).isZero();
		assertChaosProblem(other.response(), "/api/payments/2");
	}

	@Test
	void drawsNothingWhileHanging() {
		ChaosSwitch chaos = new ChaosSwitch(
				new ChaosSettings(Duration.ofMillis(100), Duration.ofMillis(50), 1.0, true));

		assertThat(filter(chaos).decide()).isEqualTo(new ChaosFilter.Fault(Duration.ZERO, false, true));
	}

	private void assertChaosProblem(MockHttpServletResponse response, String instance) throws IOException {
		assertThat(response.getStatus()).isEqualTo(503);
		assertThat(response.getContentType()).isEqualTo("application/problem+json");
		JsonNode problem = this.objectMapper.readTree(response.getContentAsByteArray());
		assertThat(problem.path("type").asText()).isEqualTo("urn:shopflow:problem:chaos-injected");
		assertThat(problem.path("instance").asText()).isEqualTo(instance);
	}

	/** Sends a GET through the filter as the container would, able to go asynchronous. */
	private static Held hold(ChaosFilter filter, String path) throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", path);
		request.setAsyncSupported(true);
		MockHttpServletResponse response = new MockHttpServletResponse();
		filter.doFilter(request, response, new MockFilterChain());
		return new Held(request, response);
	}

	private static ChaosSwitch hanging() {
		return new ChaosSwitch(new ChaosSettings(Duration.ZERO, Duration.ZERO, 0.0, true));
	}

	private ChaosFilter filter(Duration latency, Duration jitter, double errorRate) {
		return filter(new ChaosSwitch(new ChaosSettings(latency, jitter, errorRate, false)));
	}

	private ChaosFilter filter(ChaosSwitch chaos) {
		return new ChaosFilter(chaos, HANG_LIMIT, this.registry, this.objectMapper, new Random(SEED), this.sleeps::add);
	}

	private double injected(String kind) {
		return this.registry.get(ChaosFilter.METRIC).tag("kind", kind).counter().count();
	}

	/** A request the filter holds, and what was answered to it so far. */
	private record Held(MockHttpServletRequest request, MockHttpServletResponse response) {

		/** Tells each of the request's async listeners what the container would. */
		void tellListeners(ListenerCall call) throws IOException {
			MockAsyncContext async = (MockAsyncContext) this.request.getAsyncContext();
			for (AsyncListener listener : async.getListeners()) {
				call.on(listener, new AsyncEvent(async, this.request, this.response));
			}
		}

	}

	@FunctionalInterface
	private interface ListenerCall {

		void on(AsyncListener listener, AsyncEvent event) throws IOException;

	}

}
