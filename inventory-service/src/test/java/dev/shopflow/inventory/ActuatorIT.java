package dev.shopflow.inventory;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(ContainersConfig.class)
@AutoConfigureObservability
class ActuatorIT {

	private final RestClient http;

	ActuatorIT(@LocalServerPort int port) {
		this.http = ApiTestClient.create(port);
	}

	@Test
	void healthIsUp() {
		ResponseEntity<JsonNode> response = this.http.get().uri("/actuator/health").retrieve().toEntity(JsonNode.class);

		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(response.getBody().path("status").asText()).isEqualTo("UP");
	}

	@Test
	void healthShowsTheDatabaseButNotTheHostDisk() {
		JsonNode components = this.http.get()
			.uri("/actuator/health")
			.retrieve()
			.toEntity(JsonNode.class)
			.getBody()
			.path("components");

		assertThat(components.path("db").path("status").asText()).isEqualTo("UP");
		assertThat(components.has("diskSpace")).isFalse();
	}

	@Test
	void doesNotExposeTheEnvironment() {
		assertThat(this.http.get().uri("/actuator/env").retrieve().toBodilessEntity().getStatusCode())
			.isEqualTo(HttpStatus.NOT_FOUND);
	}

	@Test
	void exposesPrometheusMetricsTaggedWithTheApplication() {
		ResponseEntity<String> response = this.http.get().uri("/actuator/prometheus").retrieve().toEntity(String.class);

		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(response.getBody()).contains("application=\"inventory-service\"");
	}

}
