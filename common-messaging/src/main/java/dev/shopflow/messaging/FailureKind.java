package dev.shopflow.messaging;

import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeoutException;

import jakarta.validation.ConstraintViolationException;
import org.apache.kafka.common.errors.RetriableException;

import org.springframework.amqp.AmqpConnectException;
import org.springframework.amqp.AmqpIOException;
import org.springframework.amqp.AmqpTimeoutException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.messaging.handler.annotation.support.MethodArgumentNotValidException;
import org.springframework.messaging.handler.invocation.MethodArgumentResolutionException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * The one classification of consumer failures that every listener shares: whether waiting
 * can fix it.
 *
 * <ul>
 * <li>{@link #TRANSIENT}: a dependency (the database, Kafka, RabbitMQ, the SMTP server)
 * cannot be reached, timed out, or refused for now (lock and serialization conflicts, an
 * exhausted pool, a database shutting down or starting up). The message is valid; it is
 * retried, with a capped backoff, for as long as the dependency is away, and never
 * dead-lettered for it.</li>
 * <li>{@link #PERMANENT}: the message itself is wrong: it cannot be deserialized, fails
 * validation, violates the contract ({@link UnprocessableEventException}) or has a schema
 * version this service does not know. No retry can fix it, so it is dead-lettered at
 * once.</li>
 * <li>{@link #UNKNOWN}: anything else, a bug most likely (a {@code NullPointerException},
 * a constraint the code did not expect). It gets a few quick retries, in case it was a
 * race, and is then dead-lettered: a bug does not go away by waiting, and retrying it
 * forever would halt the partition or queue behind it, while a dead letter keeps the
 * message for a redrive once the bug is fixed.</li>
 * </ul>
 * The whole cause chain counts, because frameworks wrap: a refused connection reaches a
 * listener as a {@code CannotCreateTransactionException} around a Hikari timeout around a
 * {@code PSQLException} around a {@code ConnectException}. A permanent cause anywhere
 * wins over a transient one. A failed commit or rollback
 * ({@code TransactionSystemException}) is transient, unless the work it was to commit or
 * roll back had failed permanently.
 */
public enum FailureKind {

	TRANSIENT, PERMANENT, UNKNOWN;

	private static final List<Class<? extends Throwable>> PERMANENT_CAUSES = List.of(UnprocessableEventException.class,
			DeserializationException.class, org.springframework.amqp.support.converter.MessageConversionException.class,
			org.springframework.messaging.converter.MessageConversionException.class,
			MethodArgumentResolutionException.class, MethodArgumentNotValidException.class,
			ConstraintViolationException.class, com.fasterxml.jackson.core.JacksonException.class);

	private static final List<Class<? extends Throwable>> TRANSIENT_CAUSES = List.of(
			// Spring's data access hierarchy: lock, serialization and timeout failures...
			TransientDataAccessException.class, RecoverableDataAccessException.class,
			// ...and no connection at all (CannotGetJdbcConnectionException).
			DataAccessResourceFailureException.class, CannotCreateTransactionException.class,
			// JDBC itself, e.g. Hikari's "Connection is not available, request timed
			// out".
			SQLTransientException.class, SQLRecoverableException.class,
			// The brokers and the SMTP server.
			RetriableException.class, AmqpConnectException.class, AmqpIOException.class, AmqpTimeoutException.class,
			// Sockets and timeouts, whoever wraps them.
			ConnectException.class, NoRouteToHostException.class, UnknownHostException.class,
			SocketTimeoutException.class, SocketException.class, InterruptedIOException.class, TimeoutException.class);

	/**
	 * PostgreSQL's SQLSTATE classes and codes that mean "not now": connection exceptions
	 * (08), insufficient resources (53), operator intervention such as a shutdown or a
	 * database still starting (57P01-57P03), serialization failures and deadlocks (40001,
	 * 40P01) and a lock that could not be had in time (55P03). The driver reports a
	 * dropped connection as a plain {@code PSQLException} with state 08006.
	 */
	private static final Set<String> TRANSIENT_SQL_STATE_CLASSES = Set.of("08", "53");

	private static final Set<String> TRANSIENT_SQL_STATES = Set.of("57P01", "57P02", "57P03", "40001", "40P01",
			"55P03");

	/** Far deeper than any real chain; stops a cycle of causes. */
	private static final int MAX_DEPTH = 64;

	/** The kind of {@code failure}, judged by its whole cause chain. */
	public static FailureKind of(Throwable failure) {
		boolean transientCause = false;
		int depth = 0;
		for (Throwable cause = failure; cause != null && depth++ < MAX_DEPTH; cause = next(cause)) {
			if (isAny(cause, PERMANENT_CAUSES)) {
				return PERMANENT;
			}
			if (cause instanceof TransactionSystemException system) {
				// The commit or the rollback itself failed: the connection is gone. Its
				// causes say little ("Connection is closed", no SQLSTATE, once the pool
				// evicted the connection), and a commit failure overridden by the
				// rollback's is lost. Only the work that failed before it can say
				// otherwise.
				Throwable application = system.getApplicationException();
				if (application != null && of(application) == PERMANENT) {
					return PERMANENT;
				}
				transientCause = true;
			}
			transientCause |= isAny(cause, TRANSIENT_CAUSES)
					|| (cause instanceof SQLException sql && isTransient(sql.getSQLState()));
		}
		return transientCause ? TRANSIENT : UNKNOWN;
	}

	private static boolean isAny(Throwable cause, List<Class<? extends Throwable>> types) {
		return types.stream().anyMatch((type) -> type.isInstance(cause));
	}

	private static boolean isTransient(String sqlState) {
		return sqlState != null && sqlState.length() == 5
				&& (TRANSIENT_SQL_STATE_CLASSES.contains(sqlState.substring(0, 2))
						|| TRANSIENT_SQL_STATES.contains(sqlState));
	}

	private static Throwable next(Throwable cause) {
		Throwable next = cause.getCause();
		return (next != cause) ? next : null;
	}

}
