package dev.shopflow.order.api;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.shopflow.order.OrderProperties;
import dev.shopflow.order.domain.Order;
import dev.shopflow.order.domain.OrderLine;
import dev.shopflow.order.domain.OrderStatus;
import dev.shopflow.order.domain.Orders;
import dev.shopflow.order.placement.OrderPlacement;
import dev.shopflow.order.placement.Placement;
import dev.shopflow.web.testing.DatabaseFailures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import static org.hamcrest.Matchers.hasItem;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@WebMvcTest(OrderController.class)
@Import(RequestBodyLimit.class)
@EnableConfigurationProperties(OrderProperties.class)
class OrderControllerTest {

	@Autowired
	MockMvc mvc;

	@MockitoBean
	OrderPlacement placement;

	@MockitoBean
	Orders orders;

	@MockitoBean
	IdempotencyKeys idempotencyKeys;

	@Test
	void rejectsMalformedJson() throws Exception {
		postOrder("{\"customerId\": \"c-1\", \"lines\": [").andExpect(status().isBadRequest())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.detail").value("Malformed JSON request body"));
		verifyNoInteractions(this.placement, this.idempotencyKeys);
	}

	@Test
	void listsEveryMissingOrInvalidField() throws Exception {
		postOrder("{\"lines\":[{\"sku\":\"BOOK-001\",\"quantity\":-1}],\"currency\":\"euro\"}")
			.andExpect(status().isBadRequest())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.errors[*].field", hasItem("customerId")))
			.andExpect(jsonPath("$.errors[*].field", hasItem("lines[0].quantity")))
			.andExpect(jsonPath("$.errors[*].field", hasItem("currency")));
		verifyNoInteractions(this.placement);
	}

	@Test
	void rejectsAnOrderWithoutLines() throws Exception {
		postOrder("{\"customerId\":\"c-1\",\"currency\":\"EUR\",\"lines\":[]}").andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("lines"));
		verifyNoInteractions(this.placement);
	}

	@Test
	void rejectsMoreLinesThanTheBound() throws Exception {
		StringBuilder lines = new StringBuilder();
		for (int i = 0; i < 51; i++) {
			lines.append((i > 0) ? "," : "").append("{\"sku\":\"SKU-").append(i).append("\",\"quantity\":1}");
		}
		postOrder("{\"customerId\":\"c-1\",\"currency\":\"EUR\",\"lines\":[" + lines + "]}")
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("lines"))
			.andExpect(jsonPath("$.errors[0].message").value("must have between 1 and 50 lines"));
		verifyNoInteractions(this.placement);
	}

	@Test
	void rejectsTheSameSkuOnTwoLines() throws Exception {
		postOrder(
				"""
						{"customerId":"c-1","currency":"EUR","lines":[{"sku":"BOOK-001","quantity":1},{"sku":"BOOK-001","quantity":2}]}
						""")
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.type").value("urn:shopflow:problem:invalid-request"))
			.andExpect(jsonPath("$.detail").value("Each SKU may appear on one line only"))
			.andExpect(jsonPath("$.errors[0].field").value("lines"));
		verifyNoInteractions(this.placement);
	}

	@ParameterizedTest(name = "quantity {0}")
	@ValueSource(strings = { "1.5", "\"1\"", "true" })
	void refusesAQuantityThatIsNotAWholeNumberNamingItsLine(String quantity) throws Exception {
		postOrder("""
				{"customerId":"c-1","currency":"EUR","lines":[{"sku":"BOOK-001","quantity":%s}]}""".formatted(quantity))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.type").value("urn:shopflow:problem:invalid-request"))
			.andExpect(jsonPath("$.errors.length()").value(1))
			.andExpect(jsonPath("$.errors[0].field").value("lines[0].quantity"))
			.andExpect(jsonPath("$.errors[0].message").value("must be a whole number"));
		// Nothing stored: no order, no idempotency key.
		verifyNoInteractions(this.placement, this.orders, this.idempotencyKeys);
	}

	@Test
	void refusesANumberForTheCustomerId() throws Exception {
		postOrder("{\"customerId\":123,\"currency\":\"EUR\",\"lines\":[{\"sku\":\"BOOK-001\",\"quantity\":1}]}")
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("customerId"))
			.andExpect(jsonPath("$.errors[0].message").value("must be a string"));
		verifyNoInteractions(this.placement, this.orders, this.idempotencyKeys);
	}

	@Test
	void rejectsAnOversizedBodyWith413() throws Exception {
		String padding = "x".repeat(70_000);
		postOrder("{\"customerId\":\"" + padding + "\",\"currency\":\"EUR\",\"lines\":[]}")
			.andExpect(status().isPayloadTooLarge())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
		verifyNoInteractions(this.placement);
	}

	@Test
	void rejectsAnOverlongIdempotencyKey() throws Exception {
		this.mvc
			.perform(post("/api/orders").contentType(MediaType.APPLICATION_JSON)
				.header("Idempotency-Key", "k".repeat(129))
				.content(validOrder()))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("Idempotency-Key"));
		verifyNoInteractions(this.placement, this.idempotencyKeys);
	}

	@Test
	void answers201WithLocationForAConfirmedOrder() throws Exception {
		Order confirmed = order().confirm(Instant.now());
		given(this.placement.place(any())).willReturn(new Placement.Settled(confirmed));

		postOrder(validOrder()).andExpect(status().isCreated())
			.andExpect(header().string("Location", "http://localhost/api/orders/" + confirmed.id()))
			.andExpect(jsonPath("$.status").value("CONFIRMED"))
			.andExpect(jsonPath("$.total").value(90.0));
	}

	@Test
	void answers503WithRetryAfterWhenInventoryIsUnavailable() throws Exception {
		Order rejected = order().reject("inventory-service unavailable", Instant.now());
		given(this.placement.place(any()))
			.willReturn(new Placement.InventoryUnavailable(rejected, Duration.ofSeconds(10)));

		postOrder(validOrder()).andExpect(status().isServiceUnavailable())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(header().string("Retry-After", "10"))
			.andExpect(jsonPath("$.orderId").value(rejected.id().toString()))
			.andExpect(jsonPath("$.detail").value(
					"inventory-service is unavailable, so the order was rejected and no stock is held; try again later"));
	}

	@Test
	void neverEchoesAnExceptionMessageIn5xx() throws Exception {
		given(this.placement.place(any())).willThrow(new IllegalStateException("jdbc:postgresql://secret-host/db"));

		postOrder(validOrder()).andExpect(status().isInternalServerError())
			.andExpect(jsonPath("$.detail").value("Unexpected error, see server logs"));
	}

	@ParameterizedTest
	@MethodSource("dev.shopflow.web.testing.DatabaseFailures#unreachable")
	void answers503WithRetryAfterWhenTheDatabaseIsUnreachable(RuntimeException failure) throws Exception {
		given(this.orders.findById(any())).willThrow(failure);

		MockHttpServletResponse response = this.mvc.perform(get("/api/orders/{id}", UUID.randomUUID()))
			.andReturn()
			.getResponse();

		DatabaseFailures.assertServiceUnavailable(response);
	}

	@ParameterizedTest
	@MethodSource("dev.shopflow.web.testing.DatabaseFailures#unreachable")
	void answers503WithRetryAfterWhenTheIdempotencyKeyCannotBeStored(RuntimeException failure) throws Exception {
		given(this.idempotencyKeys.claim(any(), any())).willThrow(failure);

		MockHttpServletResponse response = this.mvc
			.perform(post("/api/orders").contentType(MediaType.APPLICATION_JSON)
				.header("Idempotency-Key", "k-1")
				.content(validOrder()))
			.andReturn()
			.getResponse();

		DatabaseFailures.assertServiceUnavailable(response);
		verifyNoInteractions(this.placement);
	}

	@Test
	void requiresACustomerOrAStatusToListOrders() throws Exception {
		this.mvc.perform(get("/api/orders"))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.type").value("urn:shopflow:problem:invalid-request"))
			.andExpect(jsonPath("$.errors[0].field").value("customerId"))
			.andExpect(jsonPath("$.errors[0].message").value("is required unless status is given"));
		verifyNoInteractions(this.orders);
	}

	@Test
	void listsTheFirstTwentyOrdersOfACustomerByDefault() throws Exception {
		Order order = order();
		given(this.orders.find("c-1", null, 0, 20)).willReturn(List.of(order));

		this.mvc.perform(get("/api/orders").param("customerId", "c-1"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.length()").value(1))
			.andExpect(jsonPath("$[0].id").value(order.id().toString()));
	}

	@Test
	void listsTheRequestedPageOfAStatus() throws Exception {
		this.mvc.perform(get("/api/orders").param("status", "PAYMENT_PENDING").param("page", "2").param("size", "50"))
			.andExpect(status().isOk());

		then(this.orders).should().find(null, OrderStatus.PAYMENT_PENDING, 100, 50);
	}

	@ParameterizedTest
	@ValueSource(strings = { "0", "101" })
	void refusesAPageSizeOutOfBounds(String size) throws Exception {
		this.mvc.perform(get("/api/orders").param("customerId", "c-1").param("size", size))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.type").value("urn:shopflow:problem:invalid-request"))
			.andExpect(jsonPath("$.errors[0].field").value("size"));
		verifyNoInteractions(this.orders);
	}

	@Test
	void rejectsAnUnknownStatusFilter() throws Exception {
		this.mvc.perform(get("/api/orders").param("status", "SHIPPED"))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.type").value("urn:shopflow:problem:invalid-request"))
			.andExpect(jsonPath("$.detail").value("Invalid value for 'status' (expected OrderStatus)"));
		verifyNoInteractions(this.orders);
	}

	@Test
	void rejectsAnOrderIdThatIsNotAUuid() throws Exception {
		this.mvc.perform(get("/api/orders/not-a-uuid"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.detail").value("Invalid value for 'id' (expected UUID)"));
		verifyNoInteractions(this.orders);
	}

	private ResultActions postOrder(String body) throws Exception {
		return this.mvc.perform(post("/api/orders").contentType(MediaType.APPLICATION_JSON).content(body));
	}

	private static String validOrder() {
		return "{\"customerId\":\"c-1\",\"currency\":\"EUR\",\"lines\":[{\"sku\":\"BOOK-001\",\"quantity\":2}]}";
	}

	private static Order order() {
		return Order.place(UUID.randomUUID(), "c-1", "EUR",
				List.of(new OrderLine("BOOK-001", 2, new BigDecimal("45.00"))), Instant.now());
	}

}
