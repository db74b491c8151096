package dev.shopflow.payment.payments;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import dev.shopflow.events.ShopflowHeaders;
import dev.shopflow.payment.PaymentProperties;
import dev.shopflow.payment.web.RequestBodyLimit;
import dev.shopflow.web.testing.DatabaseFailures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.verifyNoInteractions;

@WebMvcTest(PaymentController.class)
@Import(RequestBodyLimit.class)
@EnableConfigurationProperties(PaymentProperties.class)
class PaymentControllerTest {

	private static final UUID ORDER_ID = UUID.fromString("7d4b2c1e-0c1a-4f7e-9a55-3f3b1c2d4e5f");

	private static final UUID PAYMENT_ID = UUID.fromString("0b8f6a52-9d7e-4c43-8f0e-1a2b3c4d5e6f");

	@Autowired
	private MockMvcTester mvc;

	@MockitoBean
	private PaymentService service;

	@Test
	void rejectsPaymentWithoutOrderId() {
		assertValidationProblem(post("""
				{"customerId": "c-1", "amount": 10.00, "currency": "EUR"}"""), "orderId", "must not be null");
	}

	@Test
	void rejectsNegativeAmount() {
		assertValidationProblem(post(body("-5.00", "EUR")), "amount", "must be greater than 0");
	}

	@Test
	void rejectsAmountWithMoreThanTwoDecimals() {
		assertValidationProblem(post(body("10.123", "EUR")), "amount",
				"numeric value out of bounds (<10 digits>.<2 digits> expected)");
	}

	@Test
	void rejectsCurrencyThatIsNotThreeUppercaseLetters() {
		assertValidationProblem(post(body("10.00", "eur")), "currency", "must match \"[A-Z]{3}\"");
	}

	@Test
	void rejectsIdempotencyKeyLongerThan128Characters() {
		MvcTestResult result = this.mvc.post()
			.uri("/api/payments")
			.contentType(MediaType.APPLICATION_JSON)
			.header(ShopflowHeaders.IDEMPOTENCY_KEY, "k".repeat(129))
			.content(body("10.00", "EUR"))
			.exchange();
		assertValidationProblem(result, ShopflowHeaders.IDEMPOTENCY_KEY, "size must be between 0 and 128");
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "key with space", "tab\tkey", "caf\u00e9" })
	void rejectsIdempotencyKeyThatIsNotPrintableAsciiWithoutSpaces(String key) {
		MvcTestResult result = this.mvc.post()
			.uri("/api/payments")
			.contentType(MediaType.APPLICATION_JSON)
			.header(ShopflowHeaders.IDEMPOTENCY_KEY, key)
			.content(body("10.00", "EUR"))
			.exchange();
		assertValidationProblem(result, ShopflowHeaders.IDEMPOTENCY_KEY, "must be printable ASCII without spaces");
	}

	@Test
	void acceptsIdempotencyKeyOfPrintableAsciiPunctuation() {
		given(this.service.authorize(any()))
			.willReturn(new AuthorizationResult(payment(PaymentStatus.AUTHORIZED, null), true));

		MvcTestResult result = this.mvc.post()
			.uri("/api/payments")
			.contentType(MediaType.APPLICATION_JSON)
			.header(ShopflowHeaders.IDEMPOTENCY_KEY, "order/1:try_2~!")
			.content(body("10.00", "EUR"))
			.exchange();

		assertThat(result).hasStatus(HttpStatus.CREATED);
		then(this.service).should()
			.authorize(new PaymentAttempt(ORDER_ID, "c-1", new BigDecimal("10.00"), "EUR", "order/1:try_2~!"));
	}

	@Test
	void rejectsMalformedJson() {
		MvcTestResult result = post("{\"orderId\": ");
		assertProblem(result, HttpStatus.BAD_REQUEST, "urn:shopflow:problem:malformed-request", "Malformed request");
		assertThat(result).bodyJson().extractingPath("$.detail").isEqualTo("Malformed JSON request body");
		verifyNoInteractions(this.service);
	}

	@Test
	void rejectsBodyJustOverTheLimitWith413() {
		MvcTestResult result = post("""
				{"orderId": "%s", "customerId": "%s", "amount": 10.00, "currency": "EUR"}""".formatted(ORDER_ID,
				"c".repeat(65_536 + 1024)));
		assertProblem(result, HttpStatus.PAYLOAD_TOO_LARGE, "urn:shopflow:problem:payload-too-large",
				"Payload too large");
		assertThat(result).bodyJson()
			.extractingPath("$.detail")
			.isEqualTo("Request body exceeds the limit of 65536 bytes");
		verifyNoInteractions(this.service);
	}

	@Test
	void answers201WithLocationForAFirstAuthorizedPayment() {
		given(this.service.authorize(any()))
			.willReturn(new AuthorizationResult(payment(PaymentStatus.AUTHORIZED, null), true));

		MvcTestResult result = this.mvc.post()
			.uri("/api/payments")
			.contentType(MediaType.APPLICATION_JSON)
			.header(ShopflowHeaders.IDEMPOTENCY_KEY, "key-1")
			.content(body("10.00", "EUR"))
			.exchange();

		assertThat(result).hasStatus(HttpStatus.CREATED).hasHeader(HttpHeaders.LOCATION, "/api/payments/" + ORDER_ID);
		assertThat(result).bodyJson().isLenientlyEqualTo("""
				{"paymentId": "%s", "orderId": "%s", "customerId": "c-1", "amount": 10.00, "currency": "EUR",
				 "status": "AUTHORIZED", "createdAt": "2025-01-02T03:04:05Z"}""".formatted(PAYMENT_ID, ORDER_ID));
		assertThat(result).bodyJson().doesNotHavePath("$.declineReason");
		then(this.service).should()
			.authorize(new PaymentAttempt(ORDER_ID, "c-1", new BigDecimal("10.00"), "EUR", "key-1"));
	}

	@Test
	void answers201WithTheReasonForADeclinedPayment() {
		given(this.service.authorize(any()))
			.willReturn(new AuthorizationResult(payment(PaymentStatus.DECLINED, "over the limit"), true));

		MvcTestResult result = post(body("10.00", "EUR"));

		assertThat(result).hasStatus(HttpStatus.CREATED);
		assertThat(result).bodyJson().extractingPath("$.status").isEqualTo("DECLINED");
		assertThat(result).bodyJson().extractingPath("$.declineReason").isEqualTo("over the limit");
	}

	@Test
	void answers200WithoutLocationForARepeatedPayment() {
		given(this.service.authorize(any()))
			.willReturn(new AuthorizationResult(payment(PaymentStatus.AUTHORIZED, null), false));

		MvcTestResult result = post(body("10.00", "EUR"));

		assertThat(result).hasStatus(HttpStatus.OK).doesNotContainHeader(HttpHeaders.LOCATION);
		assertThat(result).bodyJson().extractingPath("$.paymentId").isEqualTo(PAYMENT_ID.toString());
	}

	@Test
	void answers422ForARepeatWithDifferentDetails() {
		given(this.service.authorize(any())).willThrow(new IdempotencyMismatchException(ORDER_ID));

		assertProblem(post(body("10.00", "EUR")), HttpStatus.UNPROCESSABLE_ENTITY,
				"urn:shopflow:problem:idempotency-mismatch", "Idempotency mismatch");
	}

	@Test
	void rejectsAnOrderIdThatIsNotAUuid() {
		assertThat(this.mvc.get().uri("/api/payments/not-a-uuid")).hasStatus(HttpStatus.BAD_REQUEST)
			.bodyJson()
			.hasPathSatisfying("$.type", (type) -> type.assertThat().isEqualTo("urn:shopflow:problem:invalid-request"))
			.hasPathSatisfying("$.title", (title) -> title.assertThat().isEqualTo("Invalid request"))
			.hasPathSatisfying("$.detail",
					(detail) -> detail.assertThat().isEqualTo("Invalid value for 'orderId' (expected UUID)"));
		verifyNoInteractions(this.service);
	}

	@Test
	void answers404ForRefundOfUnknownPayment() {
		given(this.service.refund(ORDER_ID)).willThrow(new PaymentNotFoundException(ORDER_ID));

		assertProblem(this.mvc.post().uri("/api/payments/{orderId}/refund", ORDER_ID).exchange(), HttpStatus.NOT_FOUND,
				"urn:shopflow:problem:payment-not-found", "Payment not found");
	}

	@Test
	void answers409ForRefundOfDeclinedPayment() {
		given(this.service.refund(ORDER_ID))
			.willThrow(new PaymentNotRefundableException(ORDER_ID, PaymentStatus.DECLINED));

		MvcTestResult result = this.mvc.post().uri("/api/payments/{orderId}/refund", ORDER_ID).exchange();

		assertProblem(result, HttpStatus.CONFLICT, "urn:shopflow:problem:payment-not-refundable",
				"Payment not refundable");
		assertThat(result).bodyJson().extractingPath("$.status").isEqualTo("DECLINED");
	}

	@Test
	void hidesTheMessageOfUnexpectedErrors() {
		given(this.service.find(ORDER_ID)).willThrow(new IllegalStateException("secret connection string"));

		MvcTestResult result = this.mvc.get().uri("/api/payments/{orderId}", ORDER_ID).exchange();

		assertProblem(result, HttpStatus.INTERNAL_SERVER_ERROR, "urn:shopflow:problem:internal-error",
				"Internal error");
		assertThat(result).bodyJson().extractingPath("$.detail").isEqualTo("Unexpected error, see server logs");
		assertThat(result).bodyText().doesNotContain("secret");
	}

	@ParameterizedTest
	@MethodSource("dev.shopflow.web.testing.DatabaseFailures#unreachable")
	void answers503WithRetryAfterWhenTheDatabaseIsUnreachable(RuntimeException failure) throws Exception {
		given(this.service.find(ORDER_ID)).willThrow(failure);

		MvcTestResult result = this.mvc.get().uri("/api/payments/{orderId}", ORDER_ID).exchange();

		DatabaseFailures.assertServiceUnavailable(result.getResponse());
	}

	@ParameterizedTest
	@MethodSource("dev.shopflow.web.testing.DatabaseFailures#unreachable")
	void answers503WithRetryAfterWhenAnAuthorizationCannotBeStored(RuntimeException failure) throws Exception {
		given(this.service.authorize(any())).willThrow(failure);

		DatabaseFailures.assertServiceUnavailable(post(body("10.00", "EUR")).getResponse());
	}

	@Test
	void refusesAnAmountSentAsAString() {
		assertValidationProblem(post("""
				{"orderId": "%s", "customerId": "c-1", "amount": "10.00", "currency": "EUR"}""".formatted(ORDER_ID)),
				"amount", "must be a number");
	}

	private MvcTestResult post(String json) {
		return this.mvc.post().uri("/api/payments").contentType(MediaType.APPLICATION_JSON).content(json).exchange();
	}

	private void assertValidationProblem(MvcTestResult result, String field, String message) {
		assertProblem(result, HttpStatus.BAD_REQUEST, "urn:shopflow:problem:invalid-request", "Invalid request");
		assertThat(result).bodyJson().isLenientlyEqualTo("""
				{"detail": "The request has invalid fields",
				 "errors": [{"field": "%s", "message": "%s"}]}""".formatted(field, message.replace("\"", "\\\"")));
		verifyNoInteractions(this.service);
	}

	private static void assertProblem(MvcTestResult result, HttpStatus status, String type, String title) {
		assertThat(result).hasStatus(status).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(result).bodyJson().extractingPath("$.type").isEqualTo(type);
		assertThat(result).bodyJson().extractingPath("$.title").isEqualTo(title);
	}

	private static String body(String amount, String currency) {
		return """
				{"orderId": "%s", "customerId": "c-1", "amount": %s, "currency": "%s"}""".formatted(ORDER_ID, amount,
				currency);
	}

	private static Payment payment(PaymentStatus status, String declineReason) {
		Instant createdAt = Instant.parse("2025-01-02T03:04:05Z");
		return new Payment(PAYMENT_ID, ORDER_ID, "c-1", new BigDecimal("10.00"), "EUR", status, declineReason, "key-1",
				createdAt, createdAt);
	}

}
