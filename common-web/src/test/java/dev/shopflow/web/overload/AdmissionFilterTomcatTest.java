package dev.shopflow.web.overload;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The limit in a real Tomcat, pinned at two so that the test decides when it is full:
 * requests beyond it are refused at once with a problem and Retry-After, the actuator
 * still answers, and the API takes work again as soon as the held requests finish.
 */
@SpringBootTest(classes = AdmissionFilterTomcatTest.Application.class,
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "shopflow.web.overload.initial-limit=2", "shopflow.web.overload.min-limit=2",
				"shopflow.web.overload.max-limit=2", "shopflow.web.overload.retry-after=2s" })
class AdmissionFilterTomcatTest {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static volatile CountDownLatch release = new CountDownLatch(1);

	private final HttpClient http = HttpClient.newHttpClient();

	@Value("${local.server.port}")
	private int port;

	@Autowired
	private MeterRegistry meters;

	@AfterEach
	void letGo() {
		release.countDown();
		await().atMost(TIMEOUT).until(() -> inflight() == 0);
		release = new CountDownLatch(1);
	}

	@Test
	void refusesWhatIsBeyondTheLimitAtOnceWithAProblemAndRetryAfter() throws Exception {
		CompletableFuture<HttpResponse<String>> first = getAsync("/api/held");
		CompletableFuture<HttpResponse<String>> second = getAsync("/api/held");
		await().atMost(TIMEOUT).until(() -> inflight() == 2);
		double refusedBefore = refused();

		HttpResponse<String> refused = get("/api/quick");

		assertThat(refused.statusCode()).isEqualTo(503);
		assertThat(refused.headers().firstValue("Retry-After")).hasValue("2");
		assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(refused.body()).contains("\"type\":\"urn:shopflow:problem:overloaded\"").contains("\"status\":503");
		assertThat(refused()).isEqualTo(refusedBefore + 1);
		assertThat(first).isNotDone();
		assertThat(second).isNotDone();

		release.countDown();
		assertThat(first.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).statusCode()).isEqualTo(200);
		assertThat(second.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).statusCode()).isEqualTo(200);
		await().atMost(TIMEOUT).until(() -> inflight() == 0);
		assertThat(get("/api/quick").statusCode()).isEqualTo(200);
	}

	@Test
	void keepsAnsweringHealthChecksWhileTheApiIsFull() throws Exception {
		getAsync("/api/held");
		getAsync("/api/held");
		await().atMost(TIMEOUT).until(() -> inflight() == 2);

		assertThat(get("/api/quick").statusCode()).isEqualTo(503);
		assertThat(get("/actuator/health").statusCode()).isEqualTo(200);
	}

	private double inflight() {
		return this.meters.get("shopflow.web.concurrency.inflight").gauge().value();
	}

	private double refused() {
		return this.meters.get("shopflow.web.requests.refused").counter().count();
	}

	private HttpResponse<String> get(String path) throws Exception {
		return this.http.send(request(path), HttpResponse.BodyHandlers.ofString());
	}

	private CompletableFuture<HttpResponse<String>> getAsync(String path) {
		return this.http.sendAsync(request(path), HttpResponse.BodyHandlers.ofString());
	}

	private HttpRequest request(String path) {
		return HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).timeout(TIMEOUT).build();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@Import(Api.class)
	static class Application {

	}

	@RestController
	static class Api {

		@GetMapping("/api/held")
		String held() throws InterruptedException {
			release.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
			return "done";
		}

		@GetMapping("/api/quick")
		String quick() {
			return "done";
		}

	}

}
