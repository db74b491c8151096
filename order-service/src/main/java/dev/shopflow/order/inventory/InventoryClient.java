package dev.shopflow.order.inventory;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.shopflow.order.OrderProperties;
import dev.shopflow.order.downstream.Downstream;
import dev.shopflow.order.downstream.DownstreamUnavailableException;
import dev.shopflow.order.downstream.Downstreams;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.client.HttpClientErrorException;

/**
 * inventory-service as order-service sees it: the catalogue (prices) and stock
 * reservations. Every call is guarded; see {@link Downstream}.
 */
@Component
public class InventoryClient {

	/** Name of this downstream's circuit breaker, retry and bulkhead instances. */
	public static final String DOWNSTREAM = "inventory";

	private final Downstream inventory;

	InventoryClient(Downstreams downstreams, OrderProperties properties) {
		this.inventory = downstreams.create(DOWNSTREAM, properties.inventory());
	}

	/**
	 * The catalogue entries for the given SKUs; an unknown SKU is simply missing.
	 * @throws DownstreamUnavailableException when inventory-service cannot answer
	 */
	public Map<String, Product> products(Collection<String> skus) {
		List<Product> products = this.inventory.call(() -> this.inventory.http()
			.get()
			// A URI template, so the client metrics are tagged with it rather than
			// "none".
			.uri("/api/products?sku={skus}", String.join(",", skus))
			.retrieve()
			.body(new ParameterizedTypeReference<List<Product>>() {
			}));
		return (products != null) ? products.stream().collect(Collectors.toMap(Product::sku, Function.identity()))
				: Map.of();
	}

	/**
	 * Reserves all lines or none. Safe to repeat: inventory-service answers a repeat for
	 * the same order with its first result.
	 * @throws DownstreamUnavailableException when inventory-service cannot answer; the
	 * reservation may or may not have been made, so the caller must {@link #release}
	 */
	public ReservationOutcome reserve(UUID orderId, List<StockRequest> lines) {
		try {
			this.inventory.call(() -> this.inventory.http()
				.post()
				.uri("/api/reservations")
				.body(new ReservationRequest(orderId, lines))
				.retrieve()
				.toBodilessEntity());
			return new ReservationOutcome.Reserved();
		}
		catch (HttpClientErrorException ex) {
			return new ReservationOutcome.Refused(explain(ex));
		}
	}

	/**
	 * Gives a reservation back. Idempotent, and safe before the reservation arrived:
	 * inventory-service then refuses the late reservation.
	 * @throws DownstreamUnavailableException when inventory-service cannot answer
	 */
	public void release(UUID orderId) {
		this.inventory.call(() -> this.inventory.http()
			.delete()
			.uri("/api/reservations/{orderId}", orderId)
			.retrieve()
			.toBodilessEntity());
	}

	private static String explain(HttpClientErrorException refusal) {
		ProblemDetail problem = refusal.getResponseBodyAs(ProblemDetail.class);
		if (problem != null && problem.getDetail() != null) {
			return problem.getDetail();
		}
		return "inventory-service refused the reservation ("
				+ HttpStatus.valueOf(refusal.getStatusCode().value()).getReasonPhrase() + ")";
	}

	/**
	 * A catalogue entry.
	 *
	 * @param available units that can still be reserved, at the moment of the answer
	 */
	public record Product(String sku, String name, BigDecimal unitPrice, String currency, int available) {
	}

	public record StockRequest(String sku, int quantity) {
	}

	record ReservationRequest(UUID orderId, List<StockRequest> lines) {
	}

	/** What inventory-service decided about a reservation. */
	public sealed interface ReservationOutcome {

		record Reserved() implements ReservationOutcome {
		}

		/** Refused for good: stock short, SKU unknown, or the order already released. */
		record Refused(String reason) implements ReservationOutcome {
		}

	}

}
