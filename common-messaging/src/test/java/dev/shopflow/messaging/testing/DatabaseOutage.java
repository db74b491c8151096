package dev.shopflow.messaging.testing;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A PostgreSQL database that is away until {@link #close()}: every connection to it is
 * terminated and new ones are refused ("database is not currently accepting
 * connections"), as while it restarts. The server itself keeps running, so the test's
 * container, its port and every other database stay as they are.
 *
 * <pre>
 * try (DatabaseOutage outage = DatabaseOutage.of(postgres.getJdbcUrl(), postgres.getUsername(), postgres.getPassword())) {
 *     // the service cannot reach its database here
 * }
 * </pre>
 *
 * The user must be allowed to alter the database (Testcontainers' is a superuser).
 */
public final class DatabaseOutage implements AutoCloseable {

	private final String adminUrl;

	private final String database;

	private final String user;

	private final String password;

	private DatabaseOutage(String adminUrl, String database, String user, String password) {
		this.adminUrl = adminUrl;
		this.database = database;
		this.user = user;
		this.password = password;
	}

	/** Takes the database of {@code jdbcUrl} away at once. */
	public static DatabaseOutage of(String jdbcUrl, String user, String password) {
		URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
		String database = uri.getPath().substring(1);
		String adminUrl = "jdbc:postgresql://" + uri.getHost() + ":" + uri.getPort() + "/postgres";
		DatabaseOutage outage = new DatabaseOutage(adminUrl, database, user, password);
		outage.execute("ALTER DATABASE \"" + database + "\" WITH ALLOW_CONNECTIONS false",
				"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + database + "'");
		return outage;
	}

	/** The database accepts connections again. */
	@Override
	public void close() {
		execute("ALTER DATABASE \"" + this.database + "\" WITH ALLOW_CONNECTIONS true");
	}

	private void execute(String... statements) {
		try (Connection connection = DriverManager.getConnection(this.adminUrl, this.user, this.password);
				Statement statement = connection.createStatement()) {
			for (String sql : statements) {
				statement.execute(sql);
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not change the availability of " + this.database, ex);
		}
	}

}
