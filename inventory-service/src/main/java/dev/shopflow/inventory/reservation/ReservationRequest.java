package dev.shopflow.inventory.reservation;

import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * Asks to reserve stock for an order. The upper bound for the number of lines is
 * configurable, so it is checked by the controller, not here.
 */
record ReservationRequest(@NotNull UUID orderId, @NotEmpty List<@NotNull @Valid Line> lines) {

	record Line(@NotBlank @Pattern(regexp = "[A-Z0-9-]{1,32}") String sku,
			@NotNull @Min(1) @Max(1000) Integer quantity) {

	}

}
