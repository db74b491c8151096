package dev.shopflow.order.api;

import java.util.List;

import dev.shopflow.order.downstream.DownstreamUnavailableException;
import dev.shopflow.order.inventory.QuoteTimeoutException;
import dev.shopflow.order.quote.Quotes;
import dev.shopflow.web.Problems;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/quotes")
class QuoteController {

	private final Quotes quotes;

	QuoteController(Quotes quotes) {
		this.quotes = quotes;
	}

	/**
	 * What {@code quantity} units of {@code sku} cost and whether they are in stock.
	 * Asked of inventory-service over RabbitMQ request-reply, or with {@code via=rest}
	 * over its HTTP catalogue; the answer is the same either way. 404 for an unknown SKU;
	 * 503 with {@code Retry-After} when inventory-service does not answer in time or its
	 * breaker is open.
	 */
	@GetMapping
	QuoteResponse quote(@RequestParam @Pattern(regexp = PlaceOrderRequest.SKU) String sku,
			@RequestParam @Min(1) @Max(PlaceOrderRequest.MAX_QUANTITY) int quantity,
			@RequestParam(defaultValue = "rabbitmq") @Pattern(regexp = "rabbitmq|rest",
					message = "must be rabbitmq or rest") String via) {
		return this.quotes.quote(sku, quantity, Quotes.Via.of(via))
			.map(QuoteResponse::of)
			.orElseThrow(() -> unknownSku(sku));
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> inventoryUnavailable(DownstreamUnavailableException ex) {
		String detail;
		if (ex.breakerOpen()) {
			detail = "inventory-service is failing, so it is not asked for quotes until it recovers";
		}
		else if (ex.getCause() instanceof QuoteTimeoutException timeout) {
			detail = "inventory-service did not answer within " + timeout.replyTimeout().toMillis() + " ms";
		}
		else {
			detail = "inventory-service is unavailable";
		}
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.header(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, ex.retryAfter().toSeconds())))
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "quote-unavailable", "Quote unavailable", detail));
	}

	private static ErrorResponseException unknownSku(String sku) {
		ProblemDetail problem = Problems.of(HttpStatus.NOT_FOUND, "unknown-sku", "Unknown SKU", "Unknown SKU: " + sku);
		problem.setProperty("skus", List.of(sku));
		return new ErrorResponseException(HttpStatus.NOT_FOUND, problem, null);
	}

}
