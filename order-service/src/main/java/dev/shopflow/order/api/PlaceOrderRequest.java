package dev.shopflow.order.api;

import java.util.List;
import java.util.UUID;

import dev.shopflow.order.placement.PlaceOrder;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** The body of {@code POST /api/orders}. Prices are not part of it: they are ours. */
record PlaceOrderRequest(@NotBlank @Size(max = 64) @Pattern(regexp = "[A-Za-z0-9._-]+") String customerId,
		@NotNull @Size(min = 1, max = MAX_LINES,
				message = "must have between 1 and " + MAX_LINES + " lines") List<@NotNull @Valid LineRequest> lines,
		@NotNull @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 code such as EUR") String currency) {

	/**
	 * Inventory-service prices and reserves at most this many SKUs per request; a larger
	 * order could only fail there, after being stored here.
	 */
	static final int MAX_LINES = 50;

	/** What a SKU looks like, here and wherever else a client names one. */
	static final String SKU = "[A-Z0-9-]{1,32}";

	/** Most units of one SKU a client may order or ask a quote for. */
	static final int MAX_QUANTITY = 1000;

	record LineRequest(@NotBlank @Pattern(regexp = SKU) String sku,
			@NotNull @Min(1) @Max(MAX_QUANTITY) Integer quantity) {
	}

	PlaceOrder toCommand(UUID orderId) {
		return new PlaceOrder(orderId, this.customerId, this.currency,
				this.lines.stream().map((line) -> new PlaceOrder.Line(line.sku(), line.quantity())).toList());
	}

}
