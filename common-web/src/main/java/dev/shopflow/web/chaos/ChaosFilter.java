package dev.shopflow.web.chaos;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shopflow.web.Problems;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
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
 * {@code urn:shopflow:problem:chaos-injected} problem, or holds them without an answer,
 * as the {@link ChaosSwitch} says at the moment each request arrives. Everything else,
 * the actuator endpoints above all, passes untouched: health checks, scrapes and the
 * chaos endpoint itself must keep working while the API misbehaves. The delay comes
 * first, also for a request then answered {@code 503}, so a caller sees every call slow,
 * failed or not. Each injected fault increments {@code shopflow.chaos.injected}, tagged
 * by kind, and is logged at debug.
 * <p>
 * A held request is put into asynchronous mode and costs no thread while it waits, so a
 * hang cannot starve the actuator of threads. The caller sees silence until its own
 * timeout. The hold ends when the hang limit passes ({@code 503}), when the hang is
 * turned off ({@code 503} at once, so that turning the fault off really ends it), or when
 * the container reports an error on it. Tomcat does not notice a caller that closed its
 * connection on a request it is not reading, so such a request stays held until one of
 * the others: a few hundred bytes, no thread.
 */
class ChaosFilter extends OncePerRequestFilter {

	static final String METRIC = "shopflow.chaos.injected";

	static final String PROBLEM_TYPE = "chaos-injected";

	private static final PathPattern API = PathPatternParser.defaultInstance.parse("/api/**");

	private static final Logger log = LoggerFactory.getLogger(ChaosFilter.class);

	private final ChaosSwitch chaos;

	private final Duration hangLimit;

	private final RandomGenerator random;

	private final Sleeper sleeper;

	private final ObjectMapper objectMapper;

	private final Counter latencyInjected;

	private final Counter errorInjected;

	private final Counter hangInjected;

	/** Requests held now; whoever removes one from here answers it. */
	private final Set<AsyncContext> held = ConcurrentHashMap.newKeySet();

	ChaosFilter(ChaosSwitch chaos, ChaosProperties properties, MeterRegistry registry, ObjectMapper objectMapper) {
		this(chaos, properties.hangLimit(), registry, objectMapper, randomFor(properties), Thread::sleep);
	}

	ChaosFilter(ChaosSwitch chaos, Duration hangLimit, MeterRegistry registry, ObjectMapper objectMapper,
			RandomGenerator random, Sleeper sleeper) {
		this.chaos = chaos;
		this.hangLimit = hangLimit;
		this.random = random;
		this.sleeper = sleeper;
		this.objectMapper = objectMapper;
		// Registered up front, so every series is exported from zero.
		this.latencyInjected = counter(registry, "latency");
		this.errorInjected = counter(registry, "error");
		this.hangInjected = counter(registry, "hang");
		chaos.onChange((settings) -> {
			if (!settings.hang()) {
				this.held.forEach(this::answer);
			}
		});
		log.warn("Chaos profile active: /api/** gets {}; change it at /actuator/chaos", chaos.current());
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
	 * Draws the faults for one request from the settings in force now.
	 * @return the delay to add (zero for none), whether to answer with an error, and
	 * whether to hold the request instead (then nothing is drawn)
	 */
	Fault decide() {
		ChaosSettings settings = this.chaos.current();
		if (settings.hang()) {
			return Fault.HANG;
		}
		Duration delay = settings.latency();
		long jitterNanos = settings.latencyJitter().toNanos();
		if (jitterNanos > 0) {
			delay = delay.plusNanos(this.random.nextLong(jitterNanos + 1));
		}
		double errorRate = settings.errorRate();
		boolean error = errorRate > 0 && this.random.nextDouble() < errorRate;
		return new Fault(delay, error, false);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Fault fault = decide();
		if (fault.hang()) {
			hold(request, response);
			return;
		}
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

	private void hold(HttpServletRequest request, HttpServletResponse response) {
		this.hangInjected.increment();
		log.debug("Holding {} {} without an answer for up to {}", request.getMethod(), request.getRequestURI(),
				this.hangLimit);
		AsyncContext async = request.startAsync(request, response);
		async.setTimeout(this.hangLimit.toMillis());
		async.addListener(new HeldRequestListener(async));
		this.held.add(async);
		// The hang may have been turned off between the decision and the line above, when
		// no one could release this request yet.
		if (!this.chaos.current().hang()) {
			answer(async);
		}
	}

	/** How many requests are held now. */
	int held() {
		return this.held.size();
	}

	/** Answers a held request 503, unless it has been answered or abandoned already. */
	private void answer(AsyncContext async) {
		if (!this.held.remove(async)) {
			return;
		}
		// The container may have ended the request meanwhile (the caller went away), and
		// then refuses both the answer and the completion. Either way there is no one
		// left
		// to answer, and whoever turned the hang off (the chaos endpoint) must not fail
		// for it, nor leave the other held requests waiting.
		try {
			writeProblem((HttpServletRequest) async.getRequest(), (HttpServletResponse) async.getResponse());
		}
		catch (IOException | RuntimeException ex) {
			log.debug("Could not answer a held request: {}", ex.toString());
		}
		try {
			async.complete();
		}
		catch (IllegalStateException ex) {
			log.debug("Could not complete a held request: {}", ex.toString());
		}
	}

	private void writeProblem(HttpServletRequest request, HttpServletResponse response) throws IOException {
		ProblemDetail problem = Problems.of(HttpStatus.SERVICE_UNAVAILABLE, PROBLEM_TYPE, "Chaos injected",
				"Fault injected by the chaos profile");
		problem.setInstance(URI.create(request.getRequestURI()));
		response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		this.objectMapper.writeValue(response.getOutputStream(), problem);
	}

	/**
	 * Ends the hold of a request the container ends: the hang limit passed (answered
	 * {@code 503}), or an error such as a broken connection (no one to answer).
	 */
	private final class HeldRequestListener implements AsyncListener {

		private final AsyncContext async;

		HeldRequestListener(AsyncContext async) {
			this.async = async;
		}

		@Override
		public void onTimeout(AsyncEvent event) {
			answer(this.async);
		}

		@Override
		public void onError(AsyncEvent event) {
			if (ChaosFilter.this.held.remove(this.async)) {
				this.async.complete();
			}
		}

		@Override
		public void onComplete(AsyncEvent event) {
			ChaosFilter.this.held.remove(this.async);
		}

		@Override
		public void onStartAsync(AsyncEvent event) {
		}

	}

	/**
	 * The faults drawn for one request.
	 *
	 * @param delay latency to add before the request is handled, zero for none
	 * @param error whether to answer {@code 503} instead of handling the request
	 * @param hang whether to hold the request without an answer instead
	 */
	record Fault(Duration delay, boolean error, boolean hang) {

		static final Fault HANG = new Fault(Duration.ZERO, false, true);

	}

	/**
	 * How the filter waits; {@code Thread::sleep} outside tests.
	 */
	@FunctionalInterface
	interface Sleeper {

		void sleep(Duration duration) throws InterruptedException;

	}

}
