package dev.shopflow.inventory.reservation;

import java.math.BigDecimal;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import dev.shopflow.inventory.product.UnknownSkuException;
import dev.shopflow.inventory.web.WebLayerTestConfiguration;
import dev.shopflow.web.testing.DatabaseFailures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.json.AbstractJsonContentAssert;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.verifyNoInteractions;

@WebMvcTest(ReservationController.class)
@Import(WebLayerTestConfiguration.class)
class ReservationControllerTest {

	private static final UUID ORDER_ID = UUID.fromString("5f1c2a4e-8d7b-4c1a-9e3f-2b6d8a0c4e71");

	private static final Reservation RESERVED = new Reservation(ORDER_ID, ReservationStatus.RESERVED,
			List.of(new ReservationLine("BOOK-001", 2, new BigDecimal("45.00"), "EUR")));

	private final MockMvcTester mvc;

	@MockitoBean
	private ReservationService reservations;

	ReservationControllerTest(@Autowired MockMvcTester mvc) {
		this.mvc = mvc;
	}

	@Test
	void rejectsAnOrderIdThatIsNotAUuid() {
		assertThat(this.mvc.get().uri("/api/reservations/not-a-uuid")).hasStatus(HttpStatus.BAD_REQUEST)
			.bodyJson()
			.hasPathSatisfying("$.type", (type) -> type.assertThat().isEqualTo("urn:shopflow:problem:invalid-request"))
			.hasPathSatisfying("$.detail",
					(detail) -> detail.assertThat().isEqualTo("Invalid value for 'orderId' (expected UUID)"));
		verifyNoInteractions(this.reservations);
	}

	@Test
	void answersCreatedForTheFirstReservation() {
		given(this.reservations.reserve(any())).willReturn(new ReservationOutcome(RESERVED, true));

		assertThat(post(body(1))).hasStatus(HttpStatus.CREATED)
			.hasHeader("Location", "/api/reservations/" + ORDER_ID)
			.bodyJson()
			.isStrictlyEqualTo("""
					{"orderId": "%s", "status": "RESERVED",
					 "lines": [{"sku": "BOOK-001", "quantity": 2, "unitPrice": 45.00, "currency": "EUR"}]}
					""".formatted(ORDER_ID));
	}

	@Test
	void answersOkForARepeatedReservation() {
		given(this.reservations.reserve(any())).willReturn(new ReservationOutcome(RESERVED, false));

		assertThat(post(body(1))).hasStatusOk().bodyJson().extractingPath("$.status").isEqualTo("RESERVED");
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|',
			textBlock = """
					missing order id    | {"lines": [{"sku": "BOOK-001", "quantity": 1}]}                                         | orderId
					missing lines       | {"orderId": "5f1c2a4e-8d7b-4c1a-9e3f-2b6d8a0c4e71"}                                     | lines
					empty lines         | {"orderId": "5f1c2a4e-8d7b-4c1a-9e3f-2b6d8a0c4e71", "lines": []}                        | lines
					null line           | {"orderId": "5f1c2a4e-8d7b-4c1a-9e3f-2b6d8a0c4e71", "lines": [null]}                    | lines[0]
					blank sku           | {"orderId": "5f1c2a4e-8d7b-4c1a-9e3f-2b6d8a0c4e71", "lines": [{"sku": " ", "quantity": 1}]}       | lines[0].sku
					lower-case sku      | {"orderId": "5f1c2a4e-8d7b-4c1a-9e3f-2b6d8a0c4e71", "lines": [{"sku": "book-001", "quantity": 1}]} | lines[0].sku
					sku of 33 chars     | {"orderId": "5f1c2a4e-8d7b-4c1a-9e3f-2b6d8a0c4e71", "lines": [{"sku": "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456", "quantity": 1}]} | lines[0].sku
					negative quantity   | {"orderId": "5f1c2a4e-8d7b-4c1a-9e3f-2b6d8a0c4e71", "lines": [{"sku": "BOOK-001", "quantity": -1}]}   | lines[0].quantity
					zero quantity       | {"orderId": "5f1c2a4e-8d7b-4c1a-9e3f-2b6d8a0c4e71", "lines": [{"sku": "BOOK-001", "quantity": 0}]}    | lines[0].quantity
					quantity above 1000 | {"orderId": "5f1c2a4e-8d7b-4c1a-9e3f-2b6d8a0c4e71", "lines": [{"sku": "BOOK-001", "quantity": 1001}]} | lines[0].quantity
					missing quantity    | {"orderId": "5f1c2a4e-8d7b-4c1a-9e3f-2b6d8a0c4e71", "lines": [{"sku": "BOOK-001"}]}                   | lines[0].quantity
					""")
	void rejectsInvalidRequest(String description, String json, String field) {
		assertThat(post(json)).hasStatus(HttpStatus.BAD_REQUEST)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.satisfies((body) -> {
				assertThat(body).extractingPath("$.type").isEqualTo("urn:shopflow:problem:invalid-request");
				assertThat(body).extractingPath("$.title").isEqualTo("Invalid request");
				assertThat(body).extractingPath("$.detail").isEqualTo("The request has invalid fields");
				assertThat(body).extractingPath("$.errors[*].field").asArray().contains(field);
			});
		verifyNoInteractions(this.reservations);
	}

	@Test
	void acceptsAsManyLinesAsAllowed() {
		given(this.reservations.reserve(any())).willReturn(new ReservationOutcome(RESERVED, true));

		assertThat(post(body(50))).hasStatus(HttpStatus.CREATED);
	}

	@Test
	void rejectsMoreLinesThanAllowed() {
		assertInvalid(post(body(51)), "A reservation may have at most 50 lines");
		verifyNoInteractions(this.reservations);
	}

	@Test
	void rejectsDuplicateSku() {
		String json = """
				{"orderId": "%s", "lines": [{"sku": "MUG-001", "quantity": 1}, {"sku": "BOOK-001", "quantity": 1},
				                            {"sku": "MUG-001", "quantity": 2}]}
				""".formatted(ORDER_ID);

		assertInvalid(post(json), "Each SKU may appear in only one line").extractingPath("$.errors[0].message")
			.isEqualTo("duplicate sku MUG-001");
		verifyNoInteractions(this.reservations);
	}

	@Test
	void rejectsMalformedJson() {
		assertThat(post("{\"orderId\": \"" + ORDER_ID + "\", \"lines\": [")).hasStatus(HttpStatus.BAD_REQUEST)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.isLenientlyEqualTo("""
					{"type": "urn:shopflow:problem:malformed-request", "detail": "Malformed JSON request body"}
					""");
		verifyNoInteractions(this.reservations);
	}

	@Test
	void rejectsBodyJustOverTheLimit() {
		String json = """
				{"orderId": "%s", "lines": [{"sku": "%s", "quantity": 1}]}
				""".formatted(ORDER_ID, "A".repeat(65_536 + 1024));

		assertThat(post(json)).hasStatus(HttpStatus.PAYLOAD_TOO_LARGE)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.isLenientlyEqualTo("""
					{"type": "urn:shopflow:problem:payload-too-large",
					 "detail": "Request body exceeds the limit of 65536 bytes"}
					""");
		verifyNoInteractions(this.reservations);
	}

	@Test
	void reportsShortagesWhenStockIsShort() {
		given(this.reservations.reserve(any()))
			.willThrow(new InsufficientStockException(ORDER_ID, List.of(new Shortage("BOOK-001", 2, 1))));

		assertThat(post(body(1))).hasStatus(HttpStatus.CONFLICT)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.isLenientlyEqualTo("""
					{"type": "urn:shopflow:problem:insufficient-stock", "orderId": "%s",
					 "shortages": [{"sku": "BOOK-001", "requested": 2, "available": 1}]}
					""".formatted(ORDER_ID));
	}

	@Test
	void listsUnknownSkus() {
		given(this.reservations.reserve(any())).willThrow(new UnknownSkuException(Set.of("NOPE-2", "NOPE-1")));

		assertThat(post(body(1))).hasStatus(HttpStatus.UNPROCESSABLE_ENTITY)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.isLenientlyEqualTo("""
					{"type": "urn:shopflow:problem:unknown-sku", "skus": ["NOPE-1", "NOPE-2"]}
					""");
	}

	@Test
	void refusesARepeatWithOtherLines() {
		given(this.reservations.reserve(any())).willThrow(new IdempotencyMismatchException(ORDER_ID));

		assertThat(post(body(1))).hasStatus(HttpStatus.UNPROCESSABLE_ENTITY)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.isLenientlyEqualTo("""
					{"type": "urn:shopflow:problem:idempotency-mismatch", "title": "Idempotency mismatch",
					 "detail": "Order %s was already reserved with other lines", "orderId": "%s"}
					""".formatted(ORDER_ID, ORDER_ID));
	}

	@Test
	void refusesToReserveAReleasedOrder() {
		given(this.reservations.reserve(any()))
			.willThrow(new ReservationReleasedException(ORDER_ID, ReservationStatus.RELEASED));

		assertThat(post(body(1))).hasStatus(HttpStatus.CONFLICT)
			.bodyJson()
			.extractingPath("$.type")
			.isEqualTo("urn:shopflow:problem:reservation-released");
	}

	@Test
	void hidesTheMessageOfUnexpectedErrors() {
		given(this.reservations.reserve(any())).willThrow(new IllegalStateException("password=s3cret"));

		assertThat(post(body(1))).hasStatus(HttpStatus.INTERNAL_SERVER_ERROR)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyText()
			.contains("Unexpected error, see server logs")
			.doesNotContain("s3cret");
	}

	@ParameterizedTest
	@MethodSource("dev.shopflow.web.testing.DatabaseFailures#unreachable")
	void answers503WithRetryAfterWhenTheDatabaseIsUnreachable(RuntimeException failure) throws Exception {
		given(this.reservations.reserve(any())).willThrow(failure);

		DatabaseFailures.assertServiceUnavailable(post(body(1)).exchange().getResponse());
	}

	@Test
	void refusesAFractionalQuantityNamingItsLine() {
		assertThat(post("""
				{"orderId": "%s", "lines": [{"sku": "BOOK-001", "quantity": 1.5}]}""".formatted(ORDER_ID)))
			.hasStatus(HttpStatus.BAD_REQUEST)
			.bodyJson()
			.isLenientlyEqualTo("""
					{"type": "urn:shopflow:problem:invalid-request",
					 "errors": [{"field": "lines[0].quantity", "message": "must be a whole number"}]}
					""");
		verifyNoInteractions(this.reservations);
	}

	@Test
	void answersNoContentForRelease() {
		assertThat(this.mvc.delete().uri("/api/reservations/{orderId}", ORDER_ID)).hasStatus(HttpStatus.NO_CONTENT);
		then(this.reservations).should().release(ORDER_ID);
	}

	@Test
	void answersNotFoundForUnknownReservation() {
		given(this.reservations.find(ORDER_ID)).willThrow(new ReservationNotFoundException(ORDER_ID));

		assertThat(this.mvc.get().uri("/api/reservations/{orderId}", ORDER_ID)).hasStatus(HttpStatus.NOT_FOUND)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.extractingPath("$.type")
			.isEqualTo("urn:shopflow:problem:reservation-not-found");
	}

	private AbstractJsonContentAssert<?> assertInvalid(MockMvcTester.MockMvcRequestBuilder request, String detail) {
		return assertThat(request).hasStatus(HttpStatus.BAD_REQUEST)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.isLenientlyEqualTo("""
					{"type": "urn:shopflow:problem:invalid-request", "detail": "%s", "errors": [{"field": "lines"}]}
					""".formatted(detail));
	}

	private MockMvcTester.MockMvcRequestBuilder post(String json) {
		return this.mvc.post().uri("/api/reservations").contentType(MediaType.APPLICATION_JSON).content(json);
	}

	private static String body(int lineCount) {
		String lines = IntStream.rangeClosed(1, lineCount)
			.mapToObj((i) -> "{\"sku\": \"SKU-%d\", \"quantity\": 1}".formatted(i))
			.collect(Collectors.joining(", "));
		return "{\"orderId\": \"%s\", \"lines\": [%s]}".formatted(ORDER_ID, lines);
	}

}
