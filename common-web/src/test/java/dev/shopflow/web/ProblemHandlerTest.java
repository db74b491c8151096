package dev.shopflow.web;

import java.math.BigDecimal;
import java.net.ConnectException;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import dev.shopflow.web.testing.DatabaseFailures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.web.client.ResourceAccessException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * What a client of any service gets for each kind of failure, through the shared
 * {@link ProblemHandler}, the strict JSON reading and {@link Paging}.
 */
@WebMvcTest(ThingsApi.Controller.class)
@Import({ ThingsApi.Controller.class, ThingsApi.Advice.class, ThingsApi.BodyLimit.class })
class ProblemHandlerTest {

	private static final String LINE = "{\"sku\": \"MUG-1\", \"quantity\": 2}";

	private final MockMvcTester mvc;

	@MockitoBean
	private ThingsApi.Store store;

	ProblemHandlerTest(@Autowired MockMvcTester mvc) {
		this.mvc = mvc;
	}

	@Test
	void listsEveryInvalidFieldSortedByField() {
		MvcTestResult result = post("""
				{"name": " ", "lines": [{"sku": "", "quantity": 0}, null]}""");

		assertThat(result).hasStatus(HttpStatus.BAD_REQUEST).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(result).bodyJson().isStrictlyEqualTo("""
				{"type": "urn:shopflow:problem:invalid-request", "title": "Invalid request", "status": 400,
				 "detail": "The request has invalid fields", "instance": "/api/things",
				 "errors": [{"field": "lines[0].quantity", "message": "must be greater than or equal to 1"},
				            {"field": "lines[0].sku", "message": "must not be blank"},
				            {"field": "lines[1]", "message": "must not be null"},
				            {"field": "name", "message": "must not be blank"}]}""");
		verifyNoInteractions(this.store);
	}

	@Test
	void namesAnInvalidHeaderAsItIsSentWithTheInvalidFieldsOfTheBody() {
		MvcTestResult result = this.mvc.post()
			.uri("/api/things")
			.header("Idempotency-Key", "123456789")
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"name\": \"\", \"lines\": [" + LINE + "]}")
			.exchange();

		assertInvalid(result, "The request has invalid fields", """
				[{"field": "Idempotency-Key", "message": "size must be between 0 and 8"},
				 {"field": "name", "message": "must not be blank"}]""");
		verifyNoInteractions(this.store);
	}

	@Test
	void answersABodyThatIsNotJsonAsMalformed() {
		MvcTestResult result = post("{\"name\": \"a\", \"lines\": [");

		assertThat(result).hasStatus(HttpStatus.BAD_REQUEST).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(result).bodyJson().isLenientlyEqualTo("""
				{"type": "urn:shopflow:problem:malformed-request", "title": "Malformed request",
				 "detail": "Malformed JSON request body"}""");
		verifyNoInteractions(this.store);
	}

	@Test
	void refusesABodyOverTheLimitWith413() {
		MvcTestResult result = post("{\"name\": \"" + "x".repeat(ThingsApi.MAX_REQUEST_BYTES) + "\"}");

		assertThat(result).hasStatus(HttpStatus.PAYLOAD_TOO_LARGE).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(result).bodyJson().isLenientlyEqualTo("""
				{"type": "urn:shopflow:problem:payload-too-large", "title": "Payload too large",
				 "detail": "Request body exceeds the limit of 1024 bytes"}""");
		verifyNoInteractions(this.store);
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|',
			textBlock = """
					float for an integer        | "lines": [{"sku": "MUG-1", "quantity": 1.5}]   | lines[0].quantity | must be a whole number
					float .0 for an integer     | "lines": [{"sku": "MUG-1", "quantity": 2.0}]   | lines[0].quantity | must be a whole number
					string for an integer       | "lines": [{"sku": "MUG-1", "quantity": "1"}]   | lines[0].quantity | must be a whole number
					boolean for an integer      | "lines": [{"sku": "MUG-1", "quantity": true}]  | lines[0].quantity | must be a whole number
					number for a string         | "lines": [{"sku": 123, "quantity": 1}]         | lines[0].sku      | must be a string
					boolean for a string        | "lines": [{"sku": false, "quantity": 1}]       | lines[0].sku      | must be a string
					string for a decimal        | "lines": [%s], "price": "10.00"                 | price             | must be a number
					number for a boolean        | "lines": [%s], "gift": 1                        | gift              | must be true or false
					string for a boolean        | "lines": [%s], "gift": "true"                   | gift              | must be true or false
					object for an array         | "lines": {"sku": "MUG-1"}                      | lines             | must be an array
					""")
	void refusesAValueOfTheWrongKindNamingItsField(String description, String fields, String field, String message) {
		MvcTestResult result = post("{\"name\": \"a\", " + fields.formatted(LINE) + "}");

		assertInvalid(result, "The request has invalid fields", """
				[{"field": "%s", "message": "%s"}]""".formatted(field, message));
		verifyNoInteractions(this.store);
	}

	@Test
	void takesAnIntegerForADecimal() {
		MvcTestResult result = post("{\"name\": \"a\", \"lines\": [" + LINE + "], \"price\": 10, \"gift\": false}");

		assertThat(result).hasStatus(HttpStatus.CREATED);
		then(this.store).should()
			.save(new ThingsApi.Thing("a", List.of(new ThingsApi.Line("MUG-1", 2)), new BigDecimal("10"), false));
	}

	@Test
	void namesAMissingParameter() {
		assertInvalid(this.mvc.get().uri("/api/things").exchange(), "Required parameter 'owner' is missing", """
				[{"field": "owner", "message": "is required"}]""");
		verifyNoInteractions(this.store);
	}

	@Test
	void namesAParameterOfTheWrongType() {
		assertInvalid(this.mvc.get().uri("/api/things/not-a-uuid").exchange(), "Invalid value for 'id' (expected UUID)",
				"""
						[{"field": "id", "message": "must be a valid UUID"}]""");
		verifyNoInteractions(this.store);
	}

	@Test
	void readsTheFirstPageOfTwentyByDefault() {
		assertThat(this.mvc.get().uri("/api/things/all").exchange()).hasStatusOk();
		then(this.store).should().list(null, 0, 20);
	}

	@Test
	void readsTheRequestedPage() {
		assertThat(this.mvc.get().uri("/api/things?owner=me&page=3&size=100").exchange()).hasStatusOk();
		then(this.store).should().list("me", 300, 100);
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			size=101 | size | must be less than or equal to 100
			size=0   | size | must be greater than or equal to 1
			page=-1  | page | must be greater than or equal to 0
			size=abc | size | must be a whole number
			""")
	void refusesAPageOutOfRangeNamingTheParameter(String query, String field, String message) {
		String errors = """
				[{"field": "%s", "message": "%s"}]""".formatted(field, message);

		// Bound and validated on its own, or together with the other parameters.
		assertInvalid(this.mvc.get().uri("/api/things/all?" + query).exchange(), "The request has invalid fields",
				errors);
		assertInvalid(this.mvc.get().uri("/api/things?owner=me&" + query).exchange(), "The request has invalid fields",
				errors);
		verifyNoInteractions(this.store);
	}

	static Stream<RuntimeException> unavailable() {
		return Stream.concat(DatabaseFailures.unreachable(), Stream.of(
				new QueryTimeoutException("canceling statement due to statement timeout"),
				new CannotAcquireLockException("could not obtain lock on row in relation \"orders\""),
				new RecoverableDataAccessException("An I/O error occurred while sending to the backend"),
				new ResourceAccessException("I/O error on GET request", new ConnectException("Connection refused"))));
	}

	@ParameterizedTest
	@MethodSource("unavailable")
	void answers503WithRetryAfterWhenTheDatabaseIsUnreachable(RuntimeException failure) throws Exception {
		given(this.store.list(any(), anyLong(), anyInt())).willThrow(failure);

		MvcTestResult result = this.mvc.get().uri("/api/things/all").exchange();

		DatabaseFailures.assertServiceUnavailable(result.getResponse());
		assertThat(result).bodyText().doesNotContain(failure.getMessage());
	}

	@ParameterizedTest
	@ValueSource(classes = { IllegalStateException.class, DataIntegrityViolationException.class })
	void answersAnyOtherFailureWith500WithoutItsMessage(Class<? extends RuntimeException> type) throws Exception {
		given(this.store.find(any())).willThrow(type.getConstructor(String.class).newInstance("password=s3cret"));

		MvcTestResult result = this.mvc.get().uri("/api/things/{id}", UUID.randomUUID()).exchange();

		assertThat(result).hasStatus(HttpStatus.INTERNAL_SERVER_ERROR)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.doesNotContainHeader("Retry-After");
		assertThat(result).bodyJson().isLenientlyEqualTo("""
				{"type": "urn:shopflow:problem:internal-error", "title": "Internal error",
				 "detail": "Unexpected error, see server logs"}""");
		assertThat(result).bodyText().doesNotContain("s3cret");
	}

	private MvcTestResult post(String json) {
		return this.mvc.post().uri("/api/things").contentType(MediaType.APPLICATION_JSON).content(json).exchange();
	}

	private static void assertInvalid(MvcTestResult result, String detail, String errors) {
		assertThat(result).hasStatus(HttpStatus.BAD_REQUEST).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(result).bodyJson().isLenientlyEqualTo("""
				{"type": "urn:shopflow:problem:invalid-request", "title": "Invalid request", "detail": "%s",
				 "errors": %s}""".formatted(detail, errors));
	}

}
