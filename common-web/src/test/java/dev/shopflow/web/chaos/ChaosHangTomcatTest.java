package dev.shopflow.web.chaos;

import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * A hang in a real embedded Tomcat, switched on and off over HTTP as a person or a game
 * day does: the caller gets no answer until it gives up, the actuator keeps answering
 * meanwhile, and turning the hang off answers what was held.
 */
@SpringBootTest(classes = ChaosHangTomcatTest.Application.class,
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=health,chaos", "shopflow.chaos.hang-limit=20s" })
@ActiveProfiles("chaos")
class ChaosHangTomcatTest {

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	private final HttpClient http = HttpClient.newHttpClient();

	@Value("${local.server.port}")
	private int port;

	@Autowired
	private ChaosFilter filter;

	@Autowired
	private ChaosSwitch chaos;

	@AfterEach
	void calm() {
		this.chaos.reset();
	}

	@Test
	void aCallerWaitsUntilItGivesUpWhileTheActuatorAnswers() throws Exception {
		HttpResponse<String> set = setChaos("{\"hang\":true}");
		assertThat(set.statusCode()).as(set.body()).isEqualTo(200);

		assertThatExceptionOfType(HttpTimeoutException.class)
			.isThrownBy(() -> get("/api/ping", Duration.ofMillis(500)));

		assertThat(get("/actuator/health", TIMEOUT).statusCode()).isEqualTo(200);
		assertThat(get("/actuator/chaos", TIMEOUT).body()).contains("\"hang\":true");
	}

	@Test
	void turningTheHangOffAnswersTheHeldRequests() throws Exception {
		setChaos("{\"hang\":true}");
		CompletableFuture<HttpResponse<String>> held = this.http.sendAsync(request("/api/ping").GET().build(),
				HttpResponse.BodyHandlers.ofString());
		await().atMost(TIMEOUT).until(() -> this.filter.held() == 1);
		assertThat(held).isNotDone();

		setChaos("{\"hang\":false}");

		// Well within the hang limit (20 s): released, not timed out.
		HttpResponse<String> response = held.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		assertThat(response.statusCode()).isEqualTo(503);
		assertThat(response.body()).contains("urn:shopflow:problem:chaos-injected");
		assertThat(get("/api/ping", TIMEOUT).body()).isEqualTo("pong");
	}

	@Test
	void turningTheHangOffAfterTheCallersWentAwayLetsGoOfTheirRequests() throws Exception {
		setChaos("{\"hang\":true}");
		for (int i = 0; i < 3; i++) {
			// A caller that gives up and closes its connection, as a client with a read
			// timeout does.
			try (Socket socket = new Socket("localhost", this.port)) {
				socket.getOutputStream()
					.write("GET /api/ping HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
				int held = i + 1;
				await().atMost(TIMEOUT).until(() -> this.filter.held() == held);
			}
		}

		HttpResponse<String> reset = this.http.send(request("/actuator/chaos").DELETE().build(),
				HttpResponse.BodyHandlers.ofString());

		assertThat(reset.statusCode()).as(reset.body()).isEqualTo(200);
		assertThat(this.filter.held()).isZero();
		assertThat(get("/api/ping", TIMEOUT).body()).isEqualTo("pong");
	}

	private HttpResponse<String> setChaos(String json) throws Exception {
		return this.http.send(request("/actuator/chaos").header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> get(String path, Duration timeout) throws Exception {
		return this.http.send(request(path).timeout(timeout).GET().build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@Import(ChaosWebMvcTest.ApiController.class)
	static class Application {

	}

}
