package dev.shopflow.order.api;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shopflow.events.ShopflowHeaders;
import dev.shopflow.order.domain.Order;
import dev.shopflow.order.domain.OrderNotFoundException;
import dev.shopflow.order.domain.OrderStatus;
import dev.shopflow.order.domain.Orders;
import dev.shopflow.order.placement.OrderPlacement;
import dev.shopflow.order.placement.Placement;
import dev.shopflow.web.FieldViolation;
import dev.shopflow.web.Paging;
import dev.shopflow.web.Problems;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

@RestController
@RequestMapping("/api/orders")
class OrderController {

	private final OrderPlacement placement;

	private final Orders orders;

	private final IdempotencyKeys idempotencyKeys;

	private final ObjectMapper json;

	OrderController(OrderPlacement placement, Orders orders, IdempotencyKeys idempotencyKeys, ObjectMapper json) {
		this.placement = placement;
		this.orders = orders;
		this.idempotencyKeys = idempotencyKeys;
		this.json = json;
	}

	/**
	 * Places an order. The status tells the outcome: 201 confirmed, 202 payment pending,
	 * 402 cancelled because the payment was declined, 409 rejected for stock, 503
	 * rejected because inventory-service is unavailable (with {@code Retry-After}). With
	 * an {@code Idempotency-Key}, a repeat gets the first answer; if the first request
	 * failed after storing its order, the key stays in progress (409) rather than let a
	 * retry place a second order.
	 */
	@PostMapping
	ResponseEntity<?> place(
			@RequestHeader(name = ShopflowHeaders.IDEMPOTENCY_KEY, required = false) @Size(max = 128) @Pattern(
					regexp = "[\\x21-\\x7E]+",
					message = "must be printable ASCII without spaces") String idempotencyKey,
			@Valid @RequestBody PlaceOrderRequest request) {
		checkLines(request);
		if (idempotencyKey == null) {
			return respond(this.placement.place(request.toCommand(UUID.randomUUID())));
		}
		return switch (this.idempotencyKeys.claim(idempotencyKey, fingerprint(request))) {
			case IdempotencyKeys.Claim.Claimed claimed -> placeOnce(idempotencyKey, request);
			case IdempotencyKeys.Claim.Replay replay -> ResponseEntity.status(replay.status())
				.location(locationOf(replay.orderId()))
				.contentType(MediaType.APPLICATION_JSON)
				.header("Idempotent-Replayed", "true")
				.body(replay.body());
			case IdempotencyKeys.Claim.Mismatch mismatch ->
				throw new ErrorResponseException(HttpStatus.UNPROCESSABLE_ENTITY,
						Problems.of(HttpStatus.UNPROCESSABLE_ENTITY, "idempotency-key-reused", "Idempotency key reused",
								"This Idempotency-Key was already used for a different request body"),
						null);
			case IdempotencyKeys.Claim.InProgress inProgress -> {
				ErrorResponseException busy = new ErrorResponseException(
						HttpStatus.CONFLICT, Problems.of(HttpStatus.CONFLICT, "idempotency-key-in-progress",
								"Request in progress", "A request with this Idempotency-Key is still being processed"),
						null);
				busy.getHeaders().set(HttpHeaders.RETRY_AFTER, "1");
				throw busy;
			}
		};
	}

	@GetMapping("/{id}")
	OrderResponse get(@PathVariable UUID id) {
		return this.orders.findById(id).map(OrderResponse::of).orElseThrow(() -> new OrderNotFoundException(id));
	}

	/**
	 * A page of the orders of a customer, or of those in a status (the operators' view of
	 * what is stuck), newest first. One of the two filters is required: without either
	 * this would page through every order of every customer.
	 */
	@GetMapping
	List<OrderResponse> find(
			@RequestParam(required = false) @Size(max = 64) @Pattern(regexp = "[A-Za-z0-9._-]+") String customerId,
			@RequestParam(required = false) OrderStatus status, @Valid Paging paging) {
		if (customerId == null && status == null) {
			throw invalidRequest("Filter by customerId or status", "customerId", "is required unless status is given");
		}
		return this.orders.find(customerId, status, paging.offset(), paging.size())
			.stream()
			.map(OrderResponse::of)
			.toList();
	}

	private ResponseEntity<?> placeOnce(String idempotencyKey, PlaceOrderRequest request) {
		UUID orderId = UUID.randomUUID();
		ResponseEntity<?> response;
		try {
			response = respond(this.placement.place(request.toCommand(orderId)));
		}
		catch (RuntimeException ex) {
			if (this.orders.findById(orderId).isPresent()) {
				this.idempotencyKeys.attach(idempotencyKey, orderId);
			}
			else {
				this.idempotencyKeys.release(idempotencyKey);
			}
			throw ex;
		}
		if (response.getStatusCode().is5xxServerError()) {
			// A 5xx invites the client to try again; replaying it would forbid that.
			this.idempotencyKeys.release(idempotencyKey);
		}
		else {
			OrderResponse order = (OrderResponse) response.getBody();
			this.idempotencyKeys.complete(idempotencyKey, response.getStatusCode().value(), toJson(order), order.id());
		}
		return response;
	}

	private ResponseEntity<?> respond(Placement placement) {
		Order order = placement.order();
		URI location = locationOf(order.id());
		if (placement instanceof Placement.InventoryUnavailable unavailable) {
			ProblemDetail problem = Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "inventory-unavailable",
					"Inventory unavailable",
					"inventory-service is unavailable, so the order was rejected and no stock is held; try again later");
			problem.setProperty("orderId", order.id());
			problem.setProperty("orderStatus", order.status());
			return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
				.location(location)
				.header(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, unavailable.retryAfter().toSeconds())))
				.contentType(MediaType.APPLICATION_PROBLEM_JSON)
				.body(problem);
		}
		HttpStatus status = switch (order.status()) {
			case CONFIRMED -> HttpStatus.CREATED;
			case PAYMENT_PENDING -> HttpStatus.ACCEPTED;
			case CANCELLED -> HttpStatus.PAYMENT_REQUIRED;
			case REJECTED -> HttpStatus.CONFLICT;
			case PENDING -> throw new IllegalStateException("Order " + order.id() + " left placement unsettled");
		};
		return ResponseEntity.status(status).location(location).body(OrderResponse.of(order));
	}

	private void checkLines(PlaceOrderRequest request) {
		if (new HashSet<>(request.lines().stream().map(PlaceOrderRequest.LineRequest::sku).toList())
			.size() != request.lines().size()) {
			throw invalidRequest("Each SKU may appear on one line only", "lines", "must not repeat a SKU");
		}
	}

	private static ErrorResponseException invalidRequest(String detail, String field, String message) {
		return new ErrorResponseException(HttpStatus.BAD_REQUEST,
				Problems.invalidRequest(detail, List.of(new FieldViolation(field, message))), null);
	}

	private static URI locationOf(UUID orderId) {
		return ServletUriComponentsBuilder.fromCurrentContextPath()
			.path("/api/orders/{id}")
			.buildAndExpand(orderId)
			.toUri();
	}

	private String fingerprint(PlaceOrderRequest request) {
		try {
			return HexFormat.of()
				.formatHex(
						MessageDigest.getInstance("SHA-256").digest(toJson(request).getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every JVM has SHA-256", ex);
		}
	}

	private String toJson(Object value) {
		try {
			return this.json.writeValueAsString(value);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
