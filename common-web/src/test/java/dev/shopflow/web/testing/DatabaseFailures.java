package dev.shopflow.web.testing;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shopflow.web.ProblemHandler;

import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.transaction.CannotCreateTransactionException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A database that cannot be reached, as the services' code meets it: Hikari's timeout,
 * with the driver's refusal as its cause, wrapped by Spring the way {@code JdbcClient}
 * and a {@code @Transactional} method report it. And what the web layer must make of it.
 */
public final class DatabaseFailures {

	/** Where the driver says it could not connect: no answer may show it. */
	public static final String HOST = "orders-db.internal:5432";

	private DatabaseFailures() {
	}

	/** Each way a request meets a database that is away or a pool that is exhausted. */
	public static Stream<RuntimeException> unreachable() {
		return Stream.of(poolTimedOut(), transactionNotStarted());
	}

	/** What {@code JdbcClient} throws when Hikari gives up waiting for a connection. */
	public static CannotGetJdbcConnectionException poolTimedOut() {
		return new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection", hikariTimeout());
	}

	/** What a {@code @Transactional} method throws for the same. */
	public static CannotCreateTransactionException transactionNotStarted() {
		return new CannotCreateTransactionException("Could not open JDBC Connection for transaction", hikariTimeout());
	}

	private static SQLTransientConnectionException hikariTimeout() {
		SQLException refused = new SQLException("Connection to " + HOST + " refused", "08001",
				new ConnectException("Connection refused"));
		return new SQLTransientConnectionException(
				"HikariPool-1 - Connection is not available, request timed out after 2000ms (total=0, active=0, idle=0, waiting=3)",
				"08001", refused);
	}

	/**
	 * The answer is a {@code 503 service-unavailable} problem that tells the client when
	 * to retry and nothing about the failure.
	 */
	public static void assertServiceUnavailable(MockHttpServletResponse response) throws Exception {
		assertThat(response.getStatus()).isEqualTo(503);
		assertThat(response.getContentType()).isEqualTo("application/problem+json");
		assertThat(response.getHeader("Retry-After")).isEqualTo(Integer.toString(ProblemHandler.RETRY_AFTER_SECONDS));
		String body = response.getContentAsString();
		JsonNode problem = new ObjectMapper().readTree(body);
		assertThat(problem.path("type").asText()).isEqualTo("urn:shopflow:problem:service-unavailable");
		assertThat(problem.path("title").asText()).isEqualTo("Service unavailable");
		assertThat(problem.path("status").asInt()).isEqualTo(503);
		assertThat(body).doesNotContainIgnoringCase("hikari")
			.doesNotContainIgnoringCase("jdbc")
			.doesNotContain(HOST)
			.doesNotContain("refused")
			.doesNotContain("Exception");
	}

}
