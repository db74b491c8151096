package dev.shopflow.payment.payments;

import java.util.UUID;

import dev.shopflow.events.ShopflowHeaders;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Payments API. Repeating a request is always safe: authorization is once per order and
 * refund is once per payment.
 */
@RestController
@RequestMapping("/api/payments")
class PaymentController {

	private final PaymentService service;

	PaymentController(PaymentService service) {
		this.service = service;
	}

	/**
	 * Authorizes the payment of an order: 201 for the first request of the order (also
	 * when declined: the payment exists, with status DECLINED), 200 with the first result
	 * for a repeat.
	 */
	@PostMapping
	ResponseEntity<PaymentResponse> authorize(@Valid @RequestBody PaymentRequest request,
			@RequestHeader(name = ShopflowHeaders.IDEMPOTENCY_KEY, required = false) @Size(max = 128) @Pattern(
					regexp = "[\\x21-\\x7E]+",
					message = "must be printable ASCII without spaces") String idempotencyKey) {
		AuthorizationResult result = this.service.authorize(request.toAttempt(idempotencyKey));
		PaymentResponse body = PaymentResponse.from(result.payment());
		if (!result.created()) {
			return ResponseEntity.ok(body);
		}
		return ResponseEntity
			.created(UriComponentsBuilder.fromPath("/api/payments/{orderId}").buildAndExpand(body.orderId()).toUri())
			.body(body);
	}

	@PostMapping("/{orderId}/refund")
	PaymentResponse refund(@PathVariable UUID orderId) {
		return PaymentResponse.from(this.service.refund(orderId));
	}

	@GetMapping("/{orderId}")
	PaymentResponse get(@PathVariable UUID orderId) {
		return PaymentResponse.from(this.service.find(orderId));
	}

}
