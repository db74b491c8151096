package dev.shopflow.inventory.product;

import java.math.BigDecimal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shopflow.inventory.ApiTestClient;
import dev.shopflow.inventory.ContainersConfig;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs in the context shared with the other ITs, so it asserts only what they never
 * change: catalogue data of the seeded products, the stock of GPU-001 (seeded with none,
 * so nothing can reserve it) and otherwise stock as it stands in the database right now.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(ContainersConfig.class)
@AutoConfigureObservability
class ProductsIT {

	private final RestClient http;

	private final JdbcClient jdbc;

	ProductsIT(@LocalServerPort int port, @Autowired JdbcClient jdbc) {
		this.http = ApiTestClient.create(port);
		this.jdbc = jdbc;
	}

	@Test
	void filtersTheSeededCatalogueBySku() {
		ResponseEntity<JsonNode> response = this.http.get()
			.uri("/api/products?sku=GPU-001&sku=BOOK-001&sku=NOPE-001")
			.retrieve()
			.toEntity(JsonNode.class);

		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
		JsonNode products = response.getBody();
		assertThat(products).hasSize(2);
		JsonNode book = products.path(0);
		JsonNode gpu = products.path(1);
		assertThat(book.path("sku").asText()).isEqualTo("BOOK-001");
		assertThat(book.path("name").asText()).isEqualTo("Domain-Driven Design");
		assertThat(book.path("unitPrice").decimalValue()).isEqualByComparingTo(new BigDecimal("45.00"));
		assertThat(book.path("currency").asText()).isEqualTo("EUR");
		assertThat(new Stock(book.path("available").asInt(), book.path("reserved").asInt()))
			.isEqualTo(stockOf("BOOK-001"));
		assertThat(gpu.path("sku").asText()).isEqualTo("GPU-001");
		assertThat(gpu.path("name").asText()).isEqualTo("Graphics card");
		assertThat(gpu.path("unitPrice").decimalValue()).isEqualByComparingTo(new BigDecimal("899.00"));
		assertThat(gpu.path("currency").asText()).isEqualTo("EUR");
		assertThat(gpu.path("available").asInt()).isZero();
		assertThat(gpu.path("reserved").asInt()).isZero();
	}

	@Test
	void answersNotFoundForUnknownSku() {
		ResponseEntity<JsonNode> response = this.http.get()
			.uri("/api/products/NOPE-001")
			.retrieve()
			.toEntity(JsonNode.class);

		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
		assertThat(response.getBody().path("type").asText()).isEqualTo("urn:shopflow:problem:product-not-found");
		assertThat(response.getBody().path("title").asText()).isEqualTo("Product not found");
	}

	private Stock stockOf(String sku) {
		return this.jdbc.sql("SELECT available, reserved FROM product WHERE sku = :sku")
			.param("sku", sku)
			.query(Stock.class)
			.single();
	}

	record Stock(int available, int reserved) {
	}

}
