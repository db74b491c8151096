package dev.shopflow.order.quote;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shopflow.events.Quote;
import dev.shopflow.events.QuoteRequest;
import dev.shopflow.events.WorkQueues;
import dev.shopflow.order.IntegrationTest;
import dev.shopflow.order.Stubs;
import dev.shopflow.order.inventory.InventoryRequests;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.DirectExchange;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueInformation;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code GET /api/quotes}: inventory-service asked over RabbitMQ request-reply (or over
 * HTTP, for comparison), guarded by its own breaker. The test plays inventory-service on
 * its real queue and decides whether, and when, it answers.
 */
class QuotesIT extends IntegrationTest {

	private static final String TWO_BOOKS = "sku=BOOK-001&quantity=2";

	private static final String TWO_BOOKS_QUOTE = """
			{"sku":"BOOK-001","quantity":2,"unitPrice":45.00,"currency":"EUR","total":90.00,"available":100,\
			"inStock":true}""";

	@Autowired
	private ConnectionFactory connectionFactory;

	@Value("${shopflow.order.quotes.reply-timeout}")
	private Duration replyTimeout;

	@BeforeEach
	void inventoryServiceHasItsQuoteQueue() {
		this.rabbitAdmin.declareQueue(new Queue(WorkQueues.QUOTE_QUEUE, false));
		this.rabbitAdmin.declareBinding(quoteBinding());
		this.rabbitAdmin.purgeQueue(WorkQueues.QUOTE_QUEUE, false);
	}

	private static Binding quoteBinding() {
		return BindingBuilder.bind(new Queue(WorkQueues.QUOTE_QUEUE, false))
			.to(new DirectExchange(WorkQueues.INVENTORY_REQUESTS))
			.with(WorkQueues.QUOTE);
	}

	@Test
	void quoteIsAnsweredOverRabbitMqWithinTheReplyTimeout() {
		try (InventoryResponder inventoryService = answeringFromTheCatalogue()) {
			ResponseEntity<String> response = quote(TWO_BOOKS);

			assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
			assertThat(response.getBody()).isEqualTo(TWO_BOOKS_QUOTE);
			assertThat(inventoryService.requests()).hasSize(1);
			MessageProperties request = inventoryService.requests().get(0).getMessageProperties();
			assertThat(request.getReceivedExchange()).isEqualTo(WorkQueues.INVENTORY_REQUESTS);
			assertThat(request.getReceivedRoutingKey()).isEqualTo(WorkQueues.QUOTE);
			assertThat(request.getReplyTo()).startsWith("amq.rabbitmq.reply-to");
			assertThat(request.getCorrelationId()).isNotBlank();
			assertThat(request.getExpiration()).isEqualTo(Long.toString(this.replyTimeout.toMillis()));
		}
	}

	@Test
	void noAnswerWithinTheReplyTimeoutIs503AndTheStaleRequestIsDroppedByTheBroker() {
		// Nobody consumes the queue: inventory-service is stopped.
		ResponseEntity<String> response = quote(TWO_BOOKS);

		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(response.getHeaders().getFirst("Retry-After")).isEqualTo(Long.toString(retryAfterSeconds()));
		JsonNode problem = json(response);
		assertThat(problem.path("type").asText()).isEqualTo("urn:shopflow:problem:quote-unavailable");
		assertThat(problem.path("detail").asText())
			.isEqualTo("inventory-service did not answer within " + this.replyTimeout.toMillis() + " ms");

		// The request expired in the queue, so inventory-service, once back, answers only
		// the questions somebody still waits for.
		await().untilAsserted(() -> assertThat(quoteQueue().getMessageCount()).isZero());
		try (InventoryResponder inventoryService = answeringFromTheCatalogue()) {
			assertThat(quote(TWO_BOOKS).getStatusCode()).isEqualTo(HttpStatus.OK);
			assertThat(inventoryService.requests()).hasSize(1);
		}
	}

	@Test
	void repeatedTimeoutsOpenTheBreakerAndThenQuotesFailFastWithoutAskingInventory() {
		CircuitBreaker breaker = this.circuitBreakers.circuitBreaker(InventoryRequests.QUOTES);
		int minimumCalls = breaker.getCircuitBreakerConfig().getMinimumNumberOfCalls();
		int calls = 0;

		while (breaker.getState() == CircuitBreaker.State.CLOSED && calls < minimumCalls) {
			assertThat(quote(TWO_BOOKS).getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
			calls++;
		}
		ResponseEntity<String> refused = quote(TWO_BOOKS);

		assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
		assertThat(calls).isEqualTo(minimumCalls);
		assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(refused.getHeaders().getFirst("Retry-After")).isEqualTo(Long.toString(retryAfterSeconds()));
		assertThat(json(refused).path("detail").asText()).contains("not asked");
		// Turned away by the breaker, so it never waited for a reply.
		assertThat(breaker.getMetrics().getNumberOfNotPermittedCalls()).isOne();
		assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isEqualTo(minimumCalls);
	}

	@Test
	void aRequestNoQueueTakesIsReturnedAndFailsWithoutWaitingForTheReplyTimeout() {
		// inventory-service has never run here, so its queue is not bound.
		this.rabbitAdmin.removeBinding(quoteBinding());
		CircuitBreaker breaker = this.circuitBreakers.circuitBreaker(InventoryRequests.QUOTES);

		ResponseEntity<String> response = quote(TWO_BOOKS);

		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(json(response).path("detail").asText()).isEqualTo("inventory-service is unavailable");
		assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isOne();
	}

	@Test
	void aReplyAfterTheCallerGaveUpIsDiscardedAndCounted() throws Exception {
		double lateBefore = lateReplies();
		try (InventoryResponder inventoryService = holdingTheRequests()) {
			CompletableFuture<ResponseEntity<String>> caller = CompletableFuture.supplyAsync(() -> quote(TWO_BOOKS));
			Message request = inventoryService.nextRequest(Duration.ofSeconds(10));
			assertThat(caller.get(10, TimeUnit.SECONDS).getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);

			inventoryService.reply(request, catalogue(new QuoteRequest("BOOK-001", 2)));

			await().untilAsserted(() -> assertThat(lateReplies()).isEqualTo(lateBefore + 1));
		}
		// Nothing of the late reply is left to confuse the next conversation.
		try (InventoryResponder inventoryService = answeringFromTheCatalogue()) {
			assertThat(quote(TWO_BOOKS).getBody()).isEqualTo(TWO_BOOKS_QUOTE);
		}
	}

	@Test
	void unknownSkuIs404OverEitherChannel() {
		inventory.stubFor(Stubs.catalogue());
		try (InventoryResponder inventoryService = answeringFromTheCatalogue()) {
			for (String via : List.of("rabbitmq", "rest")) {
				ResponseEntity<String> response = quote("sku=NOPE-001&quantity=1&via=" + via);

				assertThat(response.getStatusCode()).as(via).isEqualTo(HttpStatus.NOT_FOUND);
				assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
				assertThat(json(response).path("type").asText()).isEqualTo("urn:shopflow:problem:unknown-sku");
			}
			assertThat(inventoryService.requests()).hasSize(1);
		}
	}

	@Test
	void invalidQuoteRequestsAreRefusedWith400AndNeverAsked() {
		List<String> invalid = List.of("sku=book-001&quantity=1", "sku=" + "A".repeat(33) + "&quantity=1",
				"sku=BOOK-001&quantity=0", "sku=BOOK-001&quantity=1001", "sku=BOOK-001&quantity=two", "sku=BOOK-001",
				"quantity=1", "sku=BOOK-001&quantity=1&via=pigeon");

		for (String query : invalid) {
			ResponseEntity<String> response = quote(query);

			assertThat(response.getStatusCode()).as(query).isEqualTo(HttpStatus.BAD_REQUEST);
			assertThat(response.getHeaders().getContentType()).as(query).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
			assertThat(json(response).path("type").asText()).as(query)
				.isEqualTo("urn:shopflow:problem:invalid-request");
		}
		assertThat(
				this.circuitBreakers.circuitBreaker(InventoryRequests.QUOTES).getMetrics().getNumberOfBufferedCalls())
			.isZero();
		assertThat(quoteQueue().getMessageCount()).isZero();
		assertThat(inventory.getAllServeEvents()).isEmpty();
	}

	@Test
	void restAndRabbitMqAnswerTheSameQuestionWithTheSameJson() {
		inventory.stubFor(Stubs.catalogue());
		try (InventoryResponder inventoryService = answeringFromTheCatalogue()) {
			ResponseEntity<String> overRabbitMq = quote(TWO_BOOKS);
			ResponseEntity<String> overRest = quote(TWO_BOOKS + "&via=rest");

			assertThat(overRest.getStatusCode()).isEqualTo(HttpStatus.OK);
			assertThat(overRest.getBody()).isEqualTo(overRabbitMq.getBody()).isEqualTo(TWO_BOOKS_QUOTE);
			assertThat(inventoryService.requests()).hasSize(1);
			inventory.verify(1, Stubs.catalogueRequests());
		}
		assertThat(this.meters.get("shopflow.quotes").tag("via", "rest").timer().count()).isPositive();
		assertThat(this.meters.get("shopflow.quotes").tag("via", "rabbitmq").timer().count()).isPositive();
	}

	/** inventory-service's answers, from the same catalogue WireMock serves over HTTP. */
	private static Quote catalogue(QuoteRequest request) {
		if (!request.sku().equals("BOOK-001")) {
			return new Quote(request.sku(), request.quantity(), false, null, null, 0, false);
		}
		return new Quote(request.sku(), request.quantity(), true, new BigDecimal("45.00"), "EUR", 100,
				request.quantity() <= 100);
	}

	private InventoryResponder answeringFromTheCatalogue() {
		return InventoryResponder.answering(this.connectionFactory, this.rabbit, this.json, QuotesIT::catalogue);
	}

	private InventoryResponder holdingTheRequests() {
		return InventoryResponder.holding(this.connectionFactory, this.rabbit, this.json);
	}

	private ResponseEntity<String> quote(String query) {
		return this.http.getForEntity("/api/quotes?" + query, String.class);
	}

	private JsonNode json(ResponseEntity<String> response) {
		try {
			return this.json.readTree(response.getBody());
		}
		catch (Exception ex) {
			throw new AssertionError("Not JSON: " + response.getBody(), ex);
		}
	}

	private QueueInformation quoteQueue() {
		return this.rabbitAdmin.getQueueInfo(WorkQueues.QUOTE_QUEUE);
	}

	private long retryAfterSeconds() {
		return this.circuitBreakers.circuitBreaker(InventoryRequests.QUOTES)
			.getCircuitBreakerConfig()
			.getWaitIntervalFunctionInOpenState()
			.apply(1) / 1000;
	}

	private double lateReplies() {
		return this.meters.get("shopflow.quotes.late.replies").counter().count();
	}

}
