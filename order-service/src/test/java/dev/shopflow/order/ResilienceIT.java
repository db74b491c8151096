package dev.shopflow.order;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.shopflow.order.downstream.DownstreamUnavailableException;
import dev.shopflow.order.inventory.InventoryClient;
import dev.shopflow.order.payment.PaymentClient;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.core.functions.Either;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.ResourceAccessException;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * How order-service behaves when its downstreams misbehave. Breaker states are driven
 * through the registry, never by waiting.
 */
class ResilienceIT extends IntegrationTest {

	private static final List<String> BOOK = List.of("BOOK-001");

	private static final String ORDER = """
			{"customerId":"c-1","currency":"EUR","lines":[{"sku":"BOOK-001","quantity":1}]}
			""";

	@Autowired
	InventoryClient inventoryClient;

	@Autowired
	RetryRegistry retries;

	@Value("${resilience4j.retry.configs.default.wait-duration}")
	Duration retryWaitDuration;

	@Test
	void retriesA503ExactlyMaxAttemptsTimes() {
		inventory.stubFor(Stubs.products().willReturn(aResponse().withStatus(503)));

		assertThatExceptionOfType(DownstreamUnavailableException.class)
			.isThrownBy(() -> this.inventoryClient.products(BOOK));

		assertThat(inventory.getAllServeEvents()).hasSize(maxAttempts(InventoryClient.DOWNSTREAM));
	}

	@Test
	void neverRetriesA400AndDoesNotCountItAsAFailure() {
		inventory.stubFor(Stubs.products().willReturn(Stubs.problem(400, "invalid-request", "bad sku")));

		assertThatExceptionOfType(HttpClientErrorException.class).isThrownBy(() -> this.inventoryClient.products(BOOK));

		assertThat(inventory.getAllServeEvents()).hasSize(1);
		assertThat(breaker(InventoryClient.DOWNSTREAM).getMetrics().getNumberOfFailedCalls()).isZero();
	}

	@Test
	void everyRetryAttemptIsRecordedByTheBreaker() {
		// Retry wraps the breaker (see Downstream): one failing call of three attempts is
		// three failures to the breaker, not one.
		inventory.stubFor(Stubs.products().willReturn(aResponse().withStatus(503)));

		catchThrowableOfType(DownstreamUnavailableException.class, () -> this.inventoryClient.products(BOOK));

		assertThat(breaker(InventoryClient.DOWNSTREAM).getMetrics().getNumberOfFailedCalls())
			.isEqualTo(maxAttempts(InventoryClient.DOWNSTREAM));
	}

	@Test
	void breakerOpensAfterTheConfiguredFailuresThenFailsFastWithoutCallingInventory() {
		CircuitBreaker breaker = breaker(InventoryClient.DOWNSTREAM);
		int minimumCalls = breaker.getCircuitBreakerConfig().getMinimumNumberOfCalls();
		inventory.stubFor(Stubs.products().willReturn(aResponse().withStatus(500)));

		for (int call = 0; call < minimumCalls && breaker.getState() == CircuitBreaker.State.CLOSED; call++) {
			catchThrowableOfType(DownstreamUnavailableException.class, () -> this.inventoryClient.products(BOOK));
		}
		int callsToOpen = inventory.getAllServeEvents().size();
		DownstreamUnavailableException refused = catchThrowableOfType(DownstreamUnavailableException.class,
				() -> this.inventoryClient.products(BOOK));

		assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
		assertThat(callsToOpen).isEqualTo(minimumCalls);
		assertThat(refused).hasCauseInstanceOf(CallNotPermittedException.class);
		assertThat(inventory.getAllServeEvents()).hasSize(callsToOpen);
	}

	@Test
	void halfOpenBreakerLetsTheConfiguredTrialCallsThroughAndClosesOnSuccess() {
		CircuitBreaker breaker = breaker(InventoryClient.DOWNSTREAM);
		int trialCalls = breaker.getCircuitBreakerConfig().getPermittedNumberOfCallsInHalfOpenState();
		inventory.stubFor(Stubs.catalogue());
		breaker.transitionToOpenState();
		breaker.transitionToHalfOpenState();

		for (int call = 1; call < trialCalls; call++) {
			this.inventoryClient.products(BOOK);
			assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
		}
		this.inventoryClient.products(BOOK);

		assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
		assertThat(inventory.getAllServeEvents()).hasSize(trialCalls);
	}

	@Test
	void halfOpenBreakerOpensAgainWhenTheTrialCallsFail() {
		CircuitBreaker breaker = breaker(InventoryClient.DOWNSTREAM);
		int trialCalls = breaker.getCircuitBreakerConfig().getPermittedNumberOfCallsInHalfOpenState();
		inventory.stubFor(Stubs.products().willReturn(aResponse().withStatus(503)));
		breaker.transitionToOpenState();
		breaker.transitionToHalfOpenState();

		for (int call = 0; call < trialCalls && breaker.getState() == CircuitBreaker.State.HALF_OPEN; call++) {
			catchThrowableOfType(DownstreamUnavailableException.class, () -> this.inventoryClient.products(BOOK));
		}

		assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
		assertThat(inventory.getAllServeEvents()).hasSize(trialCalls);
	}

	@Test
	void slowInventoryIsCutAtTheReadTimeout() {
		inventory.stubFor(Stubs.catalogue().willReturn(Stubs.json(200, Stubs.CATALOGUE).withFixedDelay(3_000)));

		DownstreamUnavailableException slow = catchThrowableOfType(DownstreamUnavailableException.class,
				() -> this.inventoryClient.products(BOOK));

		assertThat(slow).hasCauseInstanceOf(ResourceAccessException.class);
		assertThat(NestedExceptionUtils.getRootCause(slow)).isInstanceOf(SocketTimeoutException.class);
		assertThat(inventory.getAllServeEvents()).hasSize(maxAttempts(InventoryClient.DOWNSTREAM));
	}

	@Test
	void aResponseThatBreaksOffAfterItsHeadersIsRetriedAndCounted() {
		inventory.stubFor(Stubs.catalogue());
		inventory.stubFor(Stubs.reservationAccepted());
		// 200 and its headers, then garbage and a closed connection: the failure surfaces
		// while the body is read, where Spring reports it as a plain RestClientException.
		payment.stubFor(Stubs.payments().willReturn(aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK)));

		ResponseEntity<Map> response = placeOrder(ORDER, null);

		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
		assertThat(payment.getAllServeEvents()).hasSize(maxAttempts(PaymentClient.DOWNSTREAM));
		assertThat(breaker(PaymentClient.DOWNSTREAM).getMetrics().getNumberOfFailedCalls())
			.isEqualTo(maxAttempts(PaymentClient.DOWNSTREAM));
	}

	@Test
	void everyRetryOfAPaymentCarriesTheSameIdempotencyKey() {
		inventory.stubFor(Stubs.catalogue());
		inventory.stubFor(Stubs.reservationAccepted());
		payment.stubFor(Stubs.payments()
			.inScenario("flaky payment")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(aResponse().withStatus(503))
			.willSetStateTo("second"));
		payment.stubFor(Stubs.payments()
			.inScenario("flaky payment")
			.whenScenarioStateIs("second")
			.willReturn(aResponse().withStatus(502))
			.willSetStateTo("recovered"));
		payment.stubFor(Stubs.paymentAuthorized().inScenario("flaky payment").whenScenarioStateIs("recovered"));

		ResponseEntity<Map> response = placeOrder(ORDER, null);

		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CREATED);
		UUID orderId = UUID.fromString((String) response.getBody().get("id"));
		payment.verify(3, postRequestedFor(urlPathEqualTo("/api/payments")).withHeader("Idempotency-Key",
				equalTo("authorize-" + orderId)));
		assertThat(payment.getAllServeEvents()).hasSize(3);
	}

	@Test
	void paymentUnavailableFallsBackToPaymentPending() {
		inventory.stubFor(Stubs.catalogue());
		inventory.stubFor(Stubs.reservationAccepted());
		payment.stubFor(Stubs.payments().willReturn(aResponse().withStatus(503)));

		ResponseEntity<Map> response = placeOrder(ORDER, null);

		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
		assertThat(response.getBody()).containsEntry("status", "PAYMENT_PENDING");
		UUID orderId = UUID.fromString((String) response.getBody().get("id"));
		assertThat(storedStatus(orderId)).isEqualTo("PAYMENT_PENDING");
		List<Map<String, Object>> pending = this.http.exchange("/api/orders?status=PAYMENT_PENDING", HttpMethod.GET,
				null, new ParameterizedTypeReference<List<Map<String, Object>>>() {
				})
			.getBody();
		assertThat(pending).extracting((order) -> order.get("id")).contains(orderId.toString());
		assertThat(inventory.findAll(Stubs.releaseRequests())).isEmpty();
	}

	@Test
	void paymentThrottlingFallsBackToPaymentPendingWithoutRetrying() {
		inventory.stubFor(Stubs.catalogue());
		inventory.stubFor(Stubs.reservationAccepted());
		payment.stubFor(Stubs.payments().willReturn(Stubs.problem(429, "too-many-requests", "slow down")));

		ResponseEntity<Map> response = placeOrder(ORDER, null);

		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
		assertThat(response.getBody()).containsEntry("status", "PAYMENT_PENDING");
		assertThat(payment.getAllServeEvents()).hasSize(1);
	}

	@Test
	void anUnexpectedPaymentAnswerDefersThePaymentInsteadOfGuessing() {
		inventory.stubFor(Stubs.catalogue());
		inventory.stubFor(Stubs.reservationAccepted());
		payment.stubFor(Stubs.payments()
			.willReturn(Stubs.json(200, "{\"paymentId\":\"" + UUID.randomUUID() + "\",\"status\":\"REFUNDED\"}")));

		ResponseEntity<Map> response = placeOrder(ORDER, null);

		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
		assertThat(inventory.findAll(Stubs.releaseRequests())).isEmpty();
	}

	@Test
	void aPaymentRequestRefusedAs400CancelsTheOrderAndReleasesItsStock() {
		inventory.stubFor(Stubs.catalogue());
		inventory.stubFor(Stubs.reservationAccepted());
		inventory.stubFor(Stubs.releaseAccepted());
		payment.stubFor(Stubs.payments().willReturn(Stubs.problem(400, "invalid-request", "amount must be positive")));

		ResponseEntity<Map> response = placeOrder(ORDER, null);

		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.PAYMENT_REQUIRED);
		assertThat(response.getBody()).containsEntry("status", "CANCELLED")
			.containsEntry("reason", "payment declined: payment-service refused the request: amount must be positive");
		assertThat(payment.getAllServeEvents()).hasSize(1);
		inventory.verify(1, Stubs.releaseRequests());
	}

	@Test
	void openPaymentBreakerFallsBackToPaymentPendingWithoutCallingPayment() {
		inventory.stubFor(Stubs.catalogue());
		inventory.stubFor(Stubs.reservationAccepted());
		payment.stubFor(Stubs.paymentAuthorized());
		breaker(PaymentClient.DOWNSTREAM).transitionToOpenState();

		ResponseEntity<Map> response = placeOrder(ORDER, null);

		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
		assertThat(response.getBody()).containsEntry("status", "PAYMENT_PENDING");
		assertThat(payment.getAllServeEvents()).isEmpty();
	}

	@Test
	void inventoryUnavailableRejectsTheOrderWith503AndRetryAfterAndReleasesStock() {
		inventory.stubFor(Stubs.catalogue());
		inventory.stubFor(Stubs.reservations().willReturn(aResponse().withStatus(503)));
		inventory.stubFor(Stubs.releaseAccepted());

		ResponseEntity<Map> response = placeOrder(ORDER, null);

		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(response.getHeaders().getFirst("Retry-After"))
			.isEqualTo(Long.toString(breaker(InventoryClient.DOWNSTREAM).getCircuitBreakerConfig()
				.getWaitIntervalFunctionInOpenState()
				.apply(1) / 1000));
		UUID orderId = UUID.fromString((String) response.getBody().get("orderId"));
		assertThat(storedStatus(orderId)).isEqualTo("REJECTED");
		inventory.verify(1, Stubs.releaseRequests());
		assertThat(payment.getAllServeEvents()).isEmpty();
	}

	@Test
	void openInventoryBreakerRejectsWith503WithoutCallingInventory() {
		inventory.stubFor(Stubs.catalogue());
		breaker(InventoryClient.DOWNSTREAM).transitionToOpenState();

		ResponseEntity<Map> response = placeOrder(ORDER, null);

		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(response.getHeaders().getFirst("Retry-After")).isNotBlank();
		UUID orderId = UUID.fromString((String) response.getBody().get("orderId"));
		assertThat(storedStatus(orderId)).isEqualTo("REJECTED");
		assertThat(inventory.getAllServeEvents()).isEmpty();
	}

	@Test
	void backsOffExponentiallyWithJitter() {
		RetryConfig config = this.retries.retry(PaymentClient.DOWNSTREAM).getRetryConfig();
		long base = this.retryWaitDuration.toMillis();
		Set<Long> firstWaits = new HashSet<>();
		Set<Long> secondWaits = new HashSet<>();
		for (int sample = 0; sample < 200; sample++) {
			firstWaits.add(config.getIntervalBiFunction().apply(1, Either.left(new IOException())));
			secondWaits.add(config.getIntervalBiFunction().apply(2, Either.left(new IOException())));
		}

		assertThat(firstWaits).hasSizeGreaterThan(1)
			.allSatisfy((wait) -> assertThat(wait).isBetween(base / 2, base * 3 / 2));
		assertThat(secondWaits).allSatisfy((wait) -> assertThat(wait).isBetween(base, base * 3));
		assertThat(secondWaits.stream().mapToLong(Long::longValue).max().orElseThrow()).isGreaterThan(base * 3 / 2);
	}

	@Test
	void exposesBreakerStateInHealthAndPrometheus() {
		breaker(PaymentClient.DOWNSTREAM).transitionToOpenState();

		String health = this.http.getForObject("/actuator/health", String.class);
		String metrics = this.http.getForObject("/actuator/prometheus", String.class);

		assertThat(health).contains("\"circuitBreakers\"").contains("\"state\":\"OPEN\"");
		assertThat(metrics).contains(
				"resilience4j_circuitbreaker_state{application=\"order-service\",name=\"payment\",state=\"open\"} 1.0")
			.contains(
					"resilience4j_retry_calls_total{application=\"order-service\",kind=\"failed_with_retry\",name=\"inventory\"}")
			.contains(
					"resilience4j_bulkhead_available_concurrent_calls{application=\"order-service\",name=\"payment\"}");
		assertThat(this.http.getForEntity("/actuator/env", String.class).getStatusCode())
			.isEqualTo(HttpStatus.NOT_FOUND);
	}

	private CircuitBreaker breaker(String name) {
		return this.circuitBreakers.circuitBreaker(name);
	}

	private int maxAttempts(String name) {
		return this.retries.retry(name).getRetryConfig().getMaxAttempts();
	}

}
