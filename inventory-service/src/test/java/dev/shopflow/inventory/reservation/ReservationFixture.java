package dev.shopflow.inventory.reservation;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shopflow.inventory.ApiTestClient;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Products of their own for each test, reservations made through the API, and the stock
 * as the database holds it.
 */
final class ReservationFixture {

	private final RestClient http;

	private final JdbcClient jdbc;

	ReservationFixture(int port, JdbcClient jdbc) {
		this.http = ApiTestClient.create(port);
		this.jdbc = jdbc;
	}

	String newProduct(int available) {
		String sku = "IT-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase(Locale.ROOT);
		this.jdbc.sql("""
				INSERT INTO product (sku, name, unit_price, currency, available, reserved)
				VALUES (:sku, 'Test product', 9.99, 'EUR', :available, 0)
				""").param("sku", sku).param("available", available).update();
		return sku;
	}

	/** Reserves for a new order and returns its id. */
	UUID reserve(String sku, int quantity) {
		UUID orderId = UUID.randomUUID();
		assertThat(reserve(orderId, sku, quantity).getStatusCode()).isEqualTo(HttpStatus.CREATED);
		return orderId;
	}

	ResponseEntity<JsonNode> reserve(UUID orderId, String sku, int quantity) {
		return this.http.post()
			.uri("/api/reservations")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("orderId", orderId, "lines", List.of(Map.of("sku", sku, "quantity", quantity))))
			.retrieve()
			.toEntity(JsonNode.class);
	}

	void release(UUID orderId) {
		assertThat(this.http.delete()
			.uri("/api/reservations/{orderId}", orderId)
			.retrieve()
			.toBodilessEntity()
			.getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
	}

	/** The status the API answers for the reservation of an order. */
	String statusOf(UUID orderId) {
		ResponseEntity<JsonNode> response = this.http.get()
			.uri("/api/reservations/{orderId}", orderId)
			.retrieve()
			.toEntity(JsonNode.class);
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
		return response.getBody().path("status").asText();
	}

	Stock stockOf(String sku) {
		return this.jdbc.sql("SELECT available, reserved, sold FROM product WHERE sku = :sku")
			.param("sku", sku)
			.query(Stock.class)
			.single();
	}

	record Stock(int available, int reserved, int sold) {
	}

}
