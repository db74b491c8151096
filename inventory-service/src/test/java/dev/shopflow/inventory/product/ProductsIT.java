package dev.shopflow.inventory.product;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shopflow.inventory.ApiTestClient;
import dev.shopflow.inventory.ContainersConfig;
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
class ProductsIT {

	private final RestClient http;

	ProductsIT(@LocalServerPort int port) {
		this.http = ApiTestClient.create(port);
	}

	@Test
	void filtersTheSeededCatalogueBySku() throws Exception {
		ResponseEntity<JsonNode> response = this.http.get()
			.uri("/api/products?sku=GPU-001&sku=BOOK-001&sku=NOPE-001")
			.retrieve()
			.toEntity(JsonNode.class);

		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(response.getBody()).isEqualTo(new ObjectMapper().readTree("""
				[{"sku": "BOOK-001", "name": "Domain-Driven Design", "unitPrice": 45.00, "currency": "EUR",
				  "available": 100, "reserved": 0},
				 {"sku": "GPU-001", "name": "Graphics card", "unitPrice": 899.00, "currency": "EUR",
				  "available": 0, "reserved": 0}]
				"""));
	}

	@Test
	void answersNotFoundForUnknownSku() {
		ResponseEntity<JsonNode> response = this.http.get()
			.uri("/api/products/NOPE-001")
			.retrieve()
			.toEntity(JsonNode.class);

		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
		assertThat(response.getBody().path("type").asText()).isEqualTo("urn:shopflow:problem:unknown-sku");
	}

}
