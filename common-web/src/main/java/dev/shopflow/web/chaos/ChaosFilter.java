package dev.shopflow.web.chaos;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.PathContainer;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Delays {@code /api/**} requests and answers a fraction of them {@code 503} with a
 * {@code urn:shopflow:problem:chaos-injected} problem, as configured by
 * {@link ChaosProperties}. Everything else, the actuator endpoints above all, passes
 * untouched: health checks and scrapes must keep telling the truth while the API
 * misbehaves. The delay comes first, also for a request then answered {@code 503}, so a
 * caller sees every call slow, failed or not. Each injected fault increments
 * {@code shopflow.chaos.injected}, tagged by kind, and is logged at debug.
 */
class ChaosFilter extends OncePerRequestFilter {

	static final String METRIC = "shopflow.chaos.injected";

	static final URI PROBLEM_TYPE = URI.create("urn:shopflow:problem:chaos-injected");

	private static final PathPattern API = PathPatternParser.defaultInstance.parse("/api/**");

	private static final Logger log = LoggerFactory.getLogger(ChaosFilter.class);

	private final ChaosProperties properties;

	private final RandomGenerator random;

	private final Sleeper sleeper;

	private final ObjectMapper objectMapper;

	private final Counter latencyInjected;

	private final Counter errorInjected;

	ChaosFilter(ChaosProperties properties, MeterRegistry registry, ObjectMapper objectMapper) {
		this(properties, registry, objectMapper, randomFor(properties), Thread::sleep);
	}

	ChaosFilter(ChaosProperties properties, MeterRegistry registry, ObjectMapper objectMapper, RandomGenerator random,
			Sleeper sleeper) {
		this.properties = properties;
		this.random = random;
		this.sleeper = sleeper;
		this.objectMapper = objectMapper;
		// Registered up front, so both series are exported from zero.
		this.latencyInjected = counter(registry, "latency");
		this.errorInjected = counter(registry, "error");
		log.warn("Chaos profile active: /api/** gets {} latency (+ up to {} jitter) and an error rate of {}",
				properties.latency(), properties.latencyJitter(), properties.errorRate());
	}

	private static RandomGenerator randomFor(ChaosProperties properties) {
		// java.util.Random is thread-safe, so one seeded instance serves every request
		// thread; unseeded, each thread draws from its own ThreadLocalRandom.
		return (properties.seed() != null) ? new Random(properties.seed())
				: () -> ThreadLocalRandom.current().nextLong();
	}

	private static Counter counter(MeterRegistry registry, String kind) {
		return Counter.builder(METRIC)
			.description("Faults injected into API requests by the chaos profile, by kind")
			.tag("kind", kind)
			.register(registry);
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		return !API.matches(PathContainer.parsePath(path));
	}

	/**
	 * Draws the faults for one request.
	 * @return the delay to add (zero for none) and whether to answer with an error
	 */
	Fault decide() {
		Duration delay = this.properties.latency();
		long jitterNanos = this.properties.latencyJitter().toNanos();
		if (jitterNanos > 0) {
			delay = delay.plusNanos(this.random.nextLong(jitterNanos + 1));
		}
		double errorRate = this.properties.errorRate();
		boolean error = errorRate > 0 && this.random.nextDouble() < errorRate;
		return new Fault(delay, error);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Fault fault = decide();
		if (fault.delay().isPositive()) {
			this.latencyInjected.increment();
			log.debug("Injecting {} ms of latency into {} {}", fault.delay().toMillis(), request.getMethod(),
					request.getRequestURI());
			delay(fault.delay());
		}
		if (fault.error()) {
			this.errorInjected.increment();
			log.debug("Injecting a 503 into {} {}", request.getMethod(), request.getRequestURI());
			writeProblem(request, response);
			return;
		}
		chain.doFilter(request, response);
	}

	private void delay(Duration delay) {
		try {
			this.sleeper.sleep(delay);
		}
		catch (InterruptedException ex) {
			// Shutting down: stop waiting, keep the interrupt for whoever asked for it.
			Thread.currentThread().interrupt();
		}
	}

	private void writeProblem(HttpServletRequest request, HttpServletResponse response) throws IOException {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
				"Fault injected by the chaos profile");
		problem.setType(PROBLEM_TYPE);
		problem.setTitle("Chaos injected");
		problem.setInstance(URI.create(request.getRequestURI()));
		response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		this.objectMapper.writeValue(response.getOutputStream(), problem);
	}

	/**
	 * The faults drawn for one request.
	 *
	 * @param delay latency to add before the request is handled, zero for none
	 * @param error whether to answer {@code 503} instead of handling the request
	 */
	record Fault(Duration delay, boolean error) {

	}

	/**
	 * How the filter waits; {@code Thread::sleep} outside tests.
	 */
	@FunctionalInterface
	interface Sleeper {

		void sleep(Duration duration) throws InterruptedException;

	}

}
