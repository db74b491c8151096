package dev.shopflow.web;

import java.math.BigDecimal;
import java.net.URI;
import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * A small API as a service would write one, with the shared web layer around it: the
 * tests of this module call it to see what a client of any service gets.
 */
final class ThingsApi {

	static final int MAX_REQUEST_BYTES = 1024;

	private ThingsApi() {
	}

	/** What the controller asks for; each test mocks it. */
	interface Store {

		void save(Thing thing);

		Thing find(UUID id);

		List<Thing> list(String owner, long offset, int limit);

	}

	record Thing(@NotBlank String name, @NotNull @Size(min = 1) List<@NotNull @Valid Line> lines, BigDecimal price,
			Boolean gift) {

	}

	record Line(@NotBlank String sku, @NotNull @Min(1) Integer quantity) {

	}

	@RestController
	@RequestMapping("/api/things")
	static class Controller {

		private final Store store;

		Controller(Store store) {
			this.store = store;
		}

		@PostMapping
		ResponseEntity<Void> create(
				@RequestHeader(name = "Idempotency-Key", required = false) @Size(max = 8) String idempotencyKey,
				@Valid @RequestBody Thing thing) {
			this.store.save(thing);
			return ResponseEntity.created(URI.create("/api/things/" + UUID.randomUUID())).build();
		}

		@GetMapping("/{id}")
		Thing get(@PathVariable UUID id) {
			return this.store.find(id);
		}

		/**
		 * Constraints on a plain parameter too: Spring validates the method as a whole.
		 */
		@GetMapping
		List<Thing> list(@RequestParam @Size(max = 8) String owner, @Valid Paging paging) {
			return this.store.list(owner, paging.offset(), paging.size());
		}

		/** Only the paging is validated: Spring binds and validates it on its own. */
		@GetMapping("/all")
		List<Thing> all(@Valid Paging paging) {
			return this.store.list(null, paging.offset(), paging.size());
		}

	}

	@RestControllerAdvice
	static class Advice extends ProblemHandler {

	}

	@ControllerAdvice
	static class BodyLimit extends BoundedRequestBody {

		BodyLimit() {
			super(MAX_REQUEST_BYTES);
		}

	}

}
