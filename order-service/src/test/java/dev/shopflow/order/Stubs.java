package dev.shopflow.order;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

/** Answers of inventory-service and payment-service as their real APIs give them. */
public final class Stubs {

	public static final String CATALOGUE = """
			[{"sku":"BOOK-001","name":"Domain-Driven Design","unitPrice":45.00,"currency":"EUR","available":100,"reserved":0},
			 {"sku":"KEYB-001","name":"Mechanical keyboard","unitPrice":129.00,"currency":"EUR","available":20,"reserved":0}]
			""";

	private Stubs() {
	}

	public static MappingBuilder catalogue() {
		return get(urlPathEqualTo("/api/products")).willReturn(json(200, CATALOGUE));
	}

	public static RequestPatternBuilder catalogueRequests() {
		return getRequestedFor(urlPathEqualTo("/api/products"));
	}

	public static MappingBuilder products() {
		return get(urlPathEqualTo("/api/products"));
	}

	public static MappingBuilder reservations() {
		return post(urlPathEqualTo("/api/reservations"));
	}

	public static MappingBuilder reservationAccepted() {
		return reservations().willReturn(json(201, "{\"status\":\"RESERVED\"}"));
	}

	public static MappingBuilder stockShort() {
		return reservations()
			.willReturn(problem(409, "insufficient-stock", "Insufficient stock: KEYB-001 requested 30, available 20"));
	}

	public static MappingBuilder releases() {
		return delete(urlPathMatching("/api/reservations/.+"));
	}

	public static RequestPatternBuilder reservationRequests() {
		return postRequestedFor(urlPathEqualTo("/api/reservations"));
	}

	public static RequestPatternBuilder releaseRequests() {
		return deleteRequestedFor(urlPathMatching("/api/reservations/.+"));
	}

	public static MappingBuilder releaseAccepted() {
		return releases().willReturn(aResponse().withStatus(204));
	}

	public static MappingBuilder payments() {
		return post(urlPathEqualTo("/api/payments"));
	}

	public static MappingBuilder paymentAuthorized() {
		return payments().willReturn(
				json(201, "{\"paymentId\":\"5f0c7c1e-7c55-4c8e-9b1a-0c1d2e3f4a5b\",\"status\":\"AUTHORIZED\"}"));
	}

	public static MappingBuilder paymentDeclined() {
		return payments()
			.willReturn(json(201, "{\"paymentId\":\"5f0c7c1e-7c55-4c8e-9b1a-0c1d2e3f4a5c\",\"status\":\"DECLINED\","
					+ "\"declineReason\":\"amount 1290.00 EUR exceeds the limit of 1000.00 for customer c-1\"}"));
	}

	public static ResponseDefinitionBuilder json(int status, String body) {
		return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
	}

	public static ResponseDefinitionBuilder problem(int status, String type, String detail) {
		return aResponse().withStatus(status)
			.withHeader("Content-Type", "application/problem+json")
			.withBody("{\"type\":\"urn:shopflow:problem:" + type + "\",\"status\":" + status + ",\"detail\":\"" + detail
					+ "\"}");
	}

}
