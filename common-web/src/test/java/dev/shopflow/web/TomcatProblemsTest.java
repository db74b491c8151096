package dev.shopflow.web;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Configuration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * What reaches a real embedded Tomcat, configured as every service's is: requests that
 * Tomcat refuses before Spring sees them, and bodies that arrive in chunks.
 */
@SpringBootTest(classes = TomcatProblemsTest.Application.class,
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TomcatProblemsTest {

	private final HttpClient http = HttpClient.newHttpClient();

	@Value("${local.server.port}")
	private int port;

	@MockitoBean
	private ThingsApi.Store store;

	@Test
	void answersAUriTomcatRefusesWithAProblemInsteadOfItsHtmlPage() throws Exception {
		HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/things/%00")).GET());

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json;charset=UTF-8");
		assertThat(response.body()).startsWith("{")
			.contains("\"type\":\"urn:shopflow:problem:malformed-request\"")
			.contains("\"title\":\"Malformed request\"")
			.contains("\"status\":400")
			.doesNotContain("Tomcat", "Invalid URI", "<");
		verifyNoInteractions(this.store);
	}

	@Test
	void leavesWhatSpringAnswersToSpring() throws Exception {
		HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/things/not-a-uuid")).GET());

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).contains("\"type\":\"urn:shopflow:problem:invalid-request\"")
			.contains("\"detail\":\"Invalid value for 'id' (expected UUID)\"");
	}

	@Test
	void refusesAChunkedBodyOverTheLimitWith413() throws Exception {
		byte[] body = ("{\"name\": \"" + "x".repeat(ThingsApi.MAX_REQUEST_BYTES) + "\"}")
			.getBytes(StandardCharsets.UTF_8);
		// A publisher of unknown length: sent chunked, without Content-Length.
		HttpRequest.Builder request = HttpRequest.newBuilder(uri("/api/things"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)));

		HttpResponse<String> response = send(request);

		assertThat(response.statusCode()).isEqualTo(413);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(response.body()).contains("\"type\":\"urn:shopflow:problem:payload-too-large\"");
		verifyNoInteractions(this.store);
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@Import({ ThingsApi.Controller.class, ThingsApi.Advice.class, ThingsApi.BodyLimit.class })
	static class Application {

	}

}
