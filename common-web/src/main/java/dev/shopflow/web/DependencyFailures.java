package dev.shopflow.web;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.util.List;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Whether a request failed because the service cannot reach its database (or another
 * dependency behind a socket) right now, so that the same request is worth repeating
 * shortly: a {@code 503}, not a {@code 500}. The whole cause chain counts, because
 * frameworks wrap: Hikari's timeout reaches a controller as a
 * {@code CannotGetJdbcConnectionException} or a {@code CannotCreateTransactionException}
 * around a {@code SQLTransientConnectionException} around the driver's
 * {@code ConnectException}.
 */
final class DependencyFailures {

	private static final List<Class<? extends Throwable>> UNAVAILABLE = List.of(
			// No connection: refused, pool exhausted, database shutting down or starting
			// (CannotGetJdbcConnectionException is one of these).
			DataAccessResourceFailureException.class, CannotCreateTransactionException.class,
			// A connection that broke under the statement; a fresh one will do.
			RecoverableDataAccessException.class,
			// Lock wait timeouts, deadlock victims, serialization failures and statement
			// timeouts are a 503 too, not a 409: the request was valid and conflicts with
			// nothing the client can see or change. Another transaction held the rows a
			// moment too long, and the same request succeeds once it is done; a 409 would
			// tell the client to change its request.
			TransientDataAccessException.class,
			// Hikari's "Connection is not available, request timed out", wherever it was
			// not translated.
			SQLTransientConnectionException.class,
			// Sockets, whoever wraps them.
			ConnectException.class, SocketTimeoutException.class);

	/** Far deeper than any real chain; stops a cycle of causes. */
	private static final int MAX_DEPTH = 32;

	private DependencyFailures() {
	}

	static boolean isUnavailable(Throwable failure) {
		int depth = 0;
		for (Throwable cause = failure; cause != null && depth++ < MAX_DEPTH; cause = cause.getCause()) {
			Throwable candidate = cause;
			if (UNAVAILABLE.stream().anyMatch((type) -> type.isInstance(candidate))) {
				return true;
			}
		}
		return false;
	}

	/**
	 * One line for the log: the outermost failure and the innermost cause, which says
	 * what was unreachable. The stack trace would say nothing more, once per request, for
	 * as long as the database is away.
	 */
	static String describe(Throwable failure) {
		Throwable root = failure;
		int depth = 0;
		while (root.getCause() != null && root.getCause() != root && depth++ < MAX_DEPTH) {
			root = root.getCause();
		}
		String outer = failure.getClass().getSimpleName();
		return (root == failure) ? outer + ": " + failure.getMessage()
				: outer + " caused by " + root.getClass().getSimpleName() + ": " + root.getMessage();
	}

}
