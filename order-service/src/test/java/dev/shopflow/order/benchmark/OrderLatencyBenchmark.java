package dev.shopflow.order.benchmark;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import dev.shopflow.order.ContainersConfig;
import dev.shopflow.order.OrderApplication;
import dev.shopflow.order.Stubs;
import dev.shopflow.order.inventory.InventoryClient;
import dev.shopflow.order.payment.PaymentClient;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Latency of {@code POST /api/orders} at a fixed arrival rate while a downstream is sick,
 * with its circuit breaker doing its job and with it disabled. Not a test: it prints
 * numbers. Run with
 * {@code ./mvnw -B -pl common-events,order-service -Pbenchmark verify -DskipTests}.
 *
 * <p>
 * Open-model load: requests are sent on a fixed schedule whether or not earlier ones have
 * answered, and latency is measured from the scheduled send time, so a stalled server
 * cannot hide its stalls by slowing the load down (coordinated omission). order-service
 * runs with its production timeouts, retries and breaker thresholds.
 */
class OrderLatencyBenchmark {

	private static final int RATE_PER_SECOND = Integer.getInteger("benchmark.rate", 100);

	private static final Duration WARM_UP = Duration.ofSeconds(Integer.getInteger("benchmark.warmup", 3));

	private static final Duration JIT_WARM_UP = Duration.ofSeconds(10);

	private static final Duration MEASURE = Duration.ofSeconds(Integer.getInteger("benchmark.seconds", 10));

	private static final String ORDER = """
			{"customerId":"bench","currency":"EUR","lines":[{"sku":"BOOK-001","quantity":1}]}
			""";

	private static final String AUTHORIZED = """
			{"paymentId":"5f0c7c1e-7c55-4c8e-9b1a-0c1d2e3f4a5b","status":"AUTHORIZED"}
			""";

	private FakeDownstream inventory;

	private FakeDownstream payment;

	private final HttpClient client = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.executor(Executors.newVirtualThreadPerTaskExecutor())
		.build();

	private ConfigurableApplicationContext app;

	private URI orders;

	@Test
	void postOrderLatencyWhileADownstreamIsSick() throws Exception {
		this.inventory = new FakeDownstream();
		this.payment = new FakeDownstream();
		this.app = SpringApplication.from(OrderApplication::main)
			.with(ContainersConfig.class)
			.run("--server.port=0", "--shopflow.order.inventory.base-url=" + this.inventory.baseUrl(),
					"--shopflow.order.payment.base-url=" + this.payment.baseUrl(), "--logging.level.root=WARN",
					"--logging.level.dev.shopflow=ERROR")
			.getApplicationContext();
		this.orders = URI
			.create("http://localhost:" + this.app.getEnvironment().getProperty("local.server.port") + "/api/orders");
		System.out.printf("%nPOST /api/orders at %d/s, %ds warm-up + %ds measured per scenario%n", RATE_PER_SECOND,
				WARM_UP.toSeconds(), MEASURE.toSeconds());
		System.out.printf("%-40s %6s %8s %8s %9s %13s %10s %8s %7s  %s%n", "scenario", "sent", "p50 ms", "p99 ms",
				"max ms", "server p99 ms", "db active", "db wait", "db t/o", "statuses");

		healthyInventory();
		this.payment.answer("POST", "/api/payments", 201, AUTHORIZED);
		// A cold JVM answers slowly enough to trip the slow-call rule of a breaker: warm
		// the JIT at a gentle rate first, and start every scenario from closed breakers.
		load(JIT_WARM_UP, 20, null);
		scenario("all healthy (baseline)", PaymentClient.DOWNSTREAM, (breaker) -> {
		});

		// Disabled before enabled: once a breaker has been OPEN, Resilience4j keeps its
		// automatic OPEN -> HALF_OPEN timer even across reset() and
		// transitionToDisabledState(), and that timer would re-enable a disabled breaker.
		this.payment.reset();
		this.payment.hang("POST", "/api/payments");
		scenario("payment hanging, breaker disabled", PaymentClient.DOWNSTREAM,
				CircuitBreaker::transitionToDisabledState);
		scenario("payment hanging, breaker enabled", PaymentClient.DOWNSTREAM, (breaker) -> {
		});

		this.payment.reset();
		this.payment.answer("POST", "/api/payments", 201, AUTHORIZED);
		this.inventory.stop();
		scenario("inventory stopped, breaker disabled", InventoryClient.DOWNSTREAM,
				CircuitBreaker::transitionToDisabledState);
		scenario("inventory stopped, breaker enabled", InventoryClient.DOWNSTREAM, (breaker) -> {
		});

		this.app.close();
		this.payment.stop();
	}

	private void healthyInventory() {
		this.inventory.answer("GET", "/api/products", 200, Stubs.CATALOGUE);
		this.inventory.answer("POST", "/api/reservations", 201, "{\"status\":\"RESERVED\"}");
		this.inventory.answer("DELETE", "/api/reservations/", 204, "");
	}

	private void scenario(String name, String downstream, Consumer<CircuitBreaker> breakerSetup) throws Exception {
		CircuitBreakerRegistry breakers = this.app.getBean(CircuitBreakerRegistry.class);
		breakers.getAllCircuitBreakers().forEach(CircuitBreaker::reset);
		CircuitBreaker breaker = breakers.circuitBreaker(downstream);
		breakerSetup.accept(breaker);
		// Warm-up at the same rate: with the breaker enabled, this is where it learns
		// that the downstream is sick and opens.
		load(WARM_UP, RATE_PER_SECOND, null);
		Result result = new Result();
		PoolWatch pool = new PoolWatch(this.app.getBean(HikariDataSource.class).getHikariPoolMXBean());
		double timeoutsBefore = connectionTimeouts();
		ServerHistogram server = ServerHistogram.of(this.app.getBean(MeterRegistry.class));
		pool.start();
		load(MEASURE, RATE_PER_SECOND, result);
		pool.stop();
		double serverP99 = ServerHistogram.of(this.app.getBean(MeterRegistry.class)).percentileSince(server, 0.99);
		double poolTimeouts = connectionTimeouts() - timeoutsBefore;
		System.out.printf("%-40s %6d %8.1f %8.1f %9.1f %13s %10d %8d %7.0f  %s [breaker %s]%n", name, result.sent.get(),
				result.percentile(50), result.percentile(99), result.percentile(100), "<= %.1f".formatted(serverP99),
				pool.maxActive, pool.maxWaiting, poolTimeouts, result.statuses, breaker.getState());
		assertThat(result.statuses.keySet()).as("%s: every request answered with an HTTP status", name)
			.allMatch((status) -> status.matches("\\d{3}"));
		assertThat(poolTimeouts).as("%s: requests that found the connection pool exhausted", name).isZero();
	}

	/** Sends at the fixed rate for the duration, then waits for every answer. */
	private void load(Duration duration, int ratePerSecond, Result result) throws Exception {
		long intervalNanos = TimeUnit.SECONDS.toNanos(1) / ratePerSecond;
		long total = duration.toSeconds() * ratePerSecond;
		ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
		List<CompletableFuture<Void>> inFlight = Collections.synchronizedList(new ArrayList<>());
		AtomicInteger sent = new AtomicInteger();
		CountDownLatch allSent = new CountDownLatch(1);
		long start = System.nanoTime();
		ticker.scheduleAtFixedRate(() -> {
			int n = sent.incrementAndGet();
			if (n > total) {
				allSent.countDown();
				return;
			}
			long scheduledAt = start + (n - 1) * intervalNanos;
			HttpRequest request = HttpRequest.newBuilder(this.orders)
				.timeout(Duration.ofSeconds(90))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(ORDER))
				.build();
			inFlight.add(this.client.sendAsync(request, HttpResponse.BodyHandlers.discarding())
				.handle((response, failure) -> {
					if (result != null) {
						result.record(System.nanoTime() - scheduledAt, (response != null)
								? Integer.toString(response.statusCode()) : failure.getClass().getSimpleName());
					}
					return null;
				}));
		}, 0, intervalNanos, TimeUnit.NANOSECONDS);
		allSent.await();
		ticker.shutdown();
		CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
	}

	private double connectionTimeouts() {
		return this.app.getBean(MeterRegistry.class)
			.find("hikaricp.connections.timeout")
			.counters()
			.stream()
			.mapToDouble((counter) -> counter.count())
			.sum();
	}

	private static final class Result {

		private final List<Long> latencies = Collections.synchronizedList(new ArrayList<>());

		private final Map<String, Integer> statuses = Collections.synchronizedMap(new TreeMap<>());

		private final AtomicInteger sent = new AtomicInteger();

		void record(long nanos, String status) {
			this.sent.incrementAndGet();
			this.latencies.add(nanos);
			this.statuses.merge(status, 1, Integer::sum);
		}

		double percentile(int p) {
			List<Long> sorted = new ArrayList<>(this.latencies);
			Collections.sort(sorted);
			if (sorted.isEmpty()) {
				return Double.NaN;
			}
			int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
			return sorted.get(Math.max(0, index)) / 1_000_000.0;
		}

	}

	/**
	 * order-service's own view of the same requests: the {@code http.server.requests}
	 * histogram of {@code POST /api/orders}, without the load generator's queueing. Its
	 * buckets bound a percentile from above.
	 */
	private record ServerHistogram(double[] bucketMillis, double[] cumulativeCounts) {

		static ServerHistogram of(MeterRegistry registry) {
			double[] bounds = new double[0];
			double[] counts = new double[0];
			for (Timer timer : registry.find("http.server.requests")
				.tag("uri", "/api/orders")
				.tag("method", "POST")
				.timers()) {
				CountAtBucket[] buckets = timer.takeSnapshot().histogramCounts();
				if (bounds.length == 0) {
					bounds = new double[buckets.length];
					counts = new double[buckets.length];
					for (int i = 0; i < buckets.length; i++) {
						bounds[i] = buckets[i].bucket(TimeUnit.MILLISECONDS);
					}
				}
				for (int i = 0; i < buckets.length; i++) {
					counts[i] += buckets[i].count();
				}
			}
			return new ServerHistogram(bounds, counts);
		}

		double percentileSince(ServerHistogram before, double quantile) {
			int last = this.cumulativeCounts.length - 1;
			double total = this.cumulativeCounts[last] - countAt(before, last);
			for (int i = 0; i <= last; i++) {
				if (this.cumulativeCounts[i] - countAt(before, i) >= quantile * total) {
					return this.bucketMillis[i];
				}
			}
			return Double.POSITIVE_INFINITY;
		}

		private static double countAt(ServerHistogram histogram, int i) {
			return (i < histogram.cumulativeCounts.length) ? histogram.cumulativeCounts[i] : 0;
		}

	}

	/**
	 * Samples the connection pool so the report can show how close it came to running
	 * dry.
	 */
	private static final class PoolWatch {

		private final HikariPoolMXBean pool;

		private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();

		volatile int maxActive;

		volatile int maxWaiting;

		PoolWatch(HikariPoolMXBean pool) {
			this.pool = pool;
		}

		void start() {
			this.sampler.scheduleAtFixedRate(() -> {
				this.maxActive = Math.max(this.maxActive, this.pool.getActiveConnections());
				this.maxWaiting = Math.max(this.maxWaiting, this.pool.getThreadsAwaitingConnection());
			}, 0, 5, TimeUnit.MILLISECONDS);
		}

		void stop() {
			this.sampler.shutdownNow();
		}

	}

}
