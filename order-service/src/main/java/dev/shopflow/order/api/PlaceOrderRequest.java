package dev.shopflow.order.api;

import java.util.List;

import dev.shopflow.order.placement.PlaceOrder;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** The body of {@code POST /api/orders}. Prices are not part of it: they are ours. */
record PlaceOrderRequest(@NotBlank @Size(max = 64) @Pattern(regexp = "[A-Za-z0-9._-]+") String customerId,
		@NotEmpty List<@NotNull @Valid LineRequest> lines,
		@NotNull @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 code such as EUR") String currency) {

	record LineRequest(@NotBlank @Pattern(regexp = "[A-Z0-9-]{1,32}") String sku,
			@NotNull @Min(1) @Max(1000) Integer quantity) {
	}

	PlaceOrder toCommand() {
		return new PlaceOrder(this.customerId, this.currency,
				this.lines.stream().map((line) -> new PlaceOrder.Line(line.sku(), line.quantity())).toList());
	}

}
