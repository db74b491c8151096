package dev.shopflow.messaging;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import org.junit.jupiter.api.Test;

import org.springframework.amqp.AmqpConnectException;
import org.springframework.amqp.support.converter.MessageConversionException;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

import static org.assertj.core.api.Assertions.assertThat;

class FailureKindTest {

	@Test
	void aDatabaseThatRefusesConnectionsIsTransientHoweverDeeplyWrapped() {
		Throwable refused = listener(
				new CannotCreateTransactionException("Could not open JDBC Connection",
						new SQLTransientConnectionException("HikariPool-1 - Connection is not available",
								new SQLException("Connection to postgres:5432 refused", "08001",
										new ConnectException("Connection refused")))));

		assertThat(FailureKind.of(refused)).isEqualTo(FailureKind.TRANSIENT);
	}

	@Test
	void aConnectionDroppedInTheMiddleOfACommitIsTransient() {
		Throwable dropped = new TransactionSystemException("Could not commit JDBC transaction",
				new SQLException("An I/O error occurred while sending to the backend.", "08006", new IOException()));

		assertThat(FailureKind.of(dropped)).isEqualTo(FailureKind.TRANSIENT);
	}

	@Test
	void aRollbackThatFailedOnADeadConnectionIsJudgedByWhatFailedFirst() {
		TransactionSystemException rollbackFailed = new TransactionSystemException("JDBC rollback failed",
				new SQLException("Connection is closed"));
		rollbackFailed.initApplicationException(new DataAccessResourceFailureException(
				"terminating connection due to administrator command", new SQLException("FATAL", "57P01")));

		assertThat(FailureKind.of(listener(rollbackFailed))).isEqualTo(FailureKind.TRANSIENT);
	}

	@Test
	void aCommitFailureOverriddenByAFailedRollbackIsTransient() {
		// What JdbcTransactionManager throws when PostgreSQL dies during the commit: the
		// pool evicted the connection, so the rollback meets a closed proxy with no
		// SQLSTATE, and the commit's own exception is only logged.
		Throwable rollbackFailed = new TransactionSystemException("JDBC rollback failed",
				new SQLException("Connection is closed"));

		assertThat(FailureKind.of(listener(rollbackFailed))).isEqualTo(FailureKind.TRANSIENT);
	}

	@Test
	void aRollbackThatFailedAfterTheWorkFailedPermanentlyIsPermanent() {
		TransactionSystemException rollbackFailed = new TransactionSystemException("JDBC rollback failed",
				new SQLException("Connection is closed"));
		rollbackFailed.initApplicationException(new UnprocessableEventException("unknown schema version 9"));

		assertThat(FailureKind.of(listener(rollbackFailed))).isEqualTo(FailureKind.PERMANENT);
	}

	@Test
	void aDatabaseShuttingDownIsTransient() {
		Throwable shutdown = listener(new SQLException("terminating connection due to administrator command", "57P01"));

		assertThat(FailureKind.of(shutdown)).isEqualTo(FailureKind.TRANSIENT);
	}

	@Test
	void lockTimeoutsPoolExhaustionBrokersAndSmtpAreTransient() {
		assertThat(FailureKind.of(listener(new CannotAcquireLockException("lock timeout"))))
			.isEqualTo(FailureKind.TRANSIENT);
		assertThat(FailureKind.of(new CannotGetJdbcConnectionException("pool exhausted")))
			.isEqualTo(FailureKind.TRANSIENT);
		assertThat(FailureKind.of(new AmqpConnectException(new ConnectException("Connection refused"))))
			.isEqualTo(FailureKind.TRANSIENT);
		assertThat(FailureKind
			.of(new IllegalStateException("Could not connect to SMTP host", new SocketTimeoutException())))
			.isEqualTo(FailureKind.TRANSIENT);
	}

	@Test
	void aMessageThatCannotBeReadOrBreaksTheContractIsPermanent() {
		assertThat(FailureKind.of(listener(new DeserializationException("not JSON", new byte[0], false, null))))
			.isEqualTo(FailureKind.PERMANENT);
		assertThat(FailureKind.of(new MessageConversionException("not JSON"))).isEqualTo(FailureKind.PERMANENT);
		assertThat(FailureKind.of(listener(new UnprocessableEventException("No order 42"))))
			.isEqualTo(FailureKind.PERMANENT);
	}

	@Test
	void aPermanentCauseWinsOverATransientWrapper() {
		Throwable both = new CannotCreateTransactionException("wrapper",
				new UnprocessableEventException("No order 42"));

		assertThat(FailureKind.of(both)).isEqualTo(FailureKind.PERMANENT);
	}

	@Test
	void aBugIsUnknownSoItIsRetriedBrieflyThenDeadLettered() {
		assertThat(FailureKind.of(listener(new NullPointerException()))).isEqualTo(FailureKind.UNKNOWN);
		assertThat(FailureKind.of(new DataIntegrityViolationException("duplicate key"))).isEqualTo(FailureKind.UNKNOWN);
		assertThat(FailureKind.of(new SQLException("syntax error", "42601"))).isEqualTo(FailureKind.UNKNOWN);
	}

	private static Throwable listener(Throwable cause) {
		return new ListenerExecutionFailedException("Listener method threw exception", cause);
	}

}
