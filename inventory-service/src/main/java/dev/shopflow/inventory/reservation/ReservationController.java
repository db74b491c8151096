package dev.shopflow.inventory.reservation;

import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.validation.Valid;

import dev.shopflow.inventory.InventoryProperties;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/reservations")
class ReservationController {

	private final ReservationService reservations;

	private final InventoryProperties properties;

	ReservationController(ReservationService reservations, InventoryProperties properties) {
		this.reservations = reservations;
		this.properties = properties;
	}

	/**
	 * Reserves stock for an order: 201 the first time, 200 with the same body for a
	 * repeat of the same order id with the same lines (in any order), 422 for a repeat
	 * with other lines.
	 */
	@PostMapping
	ResponseEntity<Reservation> reserve(@Valid @RequestBody ReservationRequest request) {
		checkLines(request.lines());
		ReservationOutcome outcome = this.reservations.reserve(request);
		Reservation reservation = outcome.reservation();
		if (!outcome.created()) {
			return ResponseEntity.ok(reservation);
		}
		return ResponseEntity.created(URI.create("/api/reservations/" + reservation.orderId())).body(reservation);
	}

	@GetMapping("/{orderId}")
	Reservation get(@PathVariable UUID orderId) {
		return this.reservations.find(orderId);
	}

	/**
	 * Releases the reservation of an order; always 204, whatever state it was in.
	 */
	@DeleteMapping("/{orderId}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void release(@PathVariable UUID orderId) {
		this.reservations.release(orderId);
	}

	private void checkLines(List<ReservationRequest.Line> lines) {
		int max = this.properties.maxLinesPerReservation();
		if (lines.size() > max) {
			throw new InvalidReservationException("A reservation may have at most " + max + " lines", "lines",
					"size must be between 1 and " + max);
		}
		Set<String> seen = new HashSet<>();
		List<String> duplicates = lines.stream()
			.map(ReservationRequest.Line::sku)
			.filter((sku) -> !seen.add(sku))
			.distinct()
			.sorted()
			.toList();
		if (!duplicates.isEmpty()) {
			throw new InvalidReservationException("Each SKU may appear in only one line", "lines",
					"duplicate sku " + String.join(", ", duplicates));
		}
	}

}
