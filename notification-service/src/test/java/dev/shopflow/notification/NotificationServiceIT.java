package dev.shopflow.notification;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(ContainersConfig.class)
@AutoConfigureObservability(tracing = false)
class NotificationServiceIT {

	@Autowired
	TestRestTemplate http;

	@Autowired
	JdbcClient jdbc;

	@Test
	void reportsHealthyWithItsDatabase() {
		ResponseEntity<String> health = this.http.getForEntity("/actuator/health", String.class);

		assertThat(health.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(health.getBody()).contains("\"status\":\"UP\"").contains("\"db\"");
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
