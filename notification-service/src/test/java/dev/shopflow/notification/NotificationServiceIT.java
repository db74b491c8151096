package dev.shopflow.notification;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

class NotificationServiceIT extends NotificationIntegrationTest {

	@Autowired
	TestRestTemplate http;

	@Autowired
	JdbcClient jdbc;

	@Test
	void reportsHealthyWithItsDatabaseAndBrokers() {
		ResponseEntity<String> health = this.http.getForEntity("/actuator/health", String.class);

		assertThat(health.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(health.getBody()).contains("\"status\":\"UP\"").contains("\"db\"").contains("\"rabbit\"");
		// An SMTP outage is absorbed by the retry tiers, so it is no reason to be
		// unhealthy.
		assertThat(health.getBody()).doesNotContain("\"mail\"");
		// The disk-space indicator would publish host file-system paths.
		assertThat(health.getBody()).doesNotContain("diskSpace");
	}

	@Test
	void answersErrorsAsProblemDetails() {
		ResponseEntity<String> missing = this.http.getForEntity("/api/nothing-here", String.class);

		assertThat(missing.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
		assertThat(missing.getHeaders().getContentType()).hasToString("application/problem+json");
	}

	@Test
	void appliesItsMigrations() {
		Integer applied = this.jdbc.sql("SELECT count(*) FROM flyway_schema_history WHERE success")
			.query(Integer.class)
			.single();

		assertThat(applied).isPositive();
	}

	@Test
	void exposesOnlyHealthInfoAndPrometheus() {
		assertThat(this.http.getForEntity("/actuator/prometheus", String.class).getBody())
			.contains("application=\"notification-service\"");
		assertThat(this.http.getForEntity("/actuator/env", String.class).getStatusCode())
			.isEqualTo(HttpStatus.NOT_FOUND);
		assertThat(this.http.getForEntity("/actuator/beans", String.class).getStatusCode())
			.isEqualTo(HttpStatus.NOT_FOUND);
	}

}
