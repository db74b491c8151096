package dev.shopflow.payment.web;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;

import dev.shopflow.payment.PaymentProperties;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class RequestBodyLimitTest {

	private static final int LIMIT = 1024;

	private final RequestBodyLimit limit = new RequestBodyLimit(
			new PaymentProperties(LIMIT, new BigDecimal("1000.00"), Map.of(), Duration.ofSeconds(2)));

	@Test
	void cutsOffABodyWithoutContentLengthOnceItPassesTheLimit() {
		HttpInputMessage chunked = message(new byte[LIMIT + 1], -1);

		assertThatExceptionOfType(ErrorResponseException.class)
			.isThrownBy(() -> this.limit.beforeBodyRead(chunked, null, null, null).getBody().readAllBytes())
			.satisfies((ex) -> assertThat(ex.getStatusCode()).isEqualTo(HttpStatus.PAYLOAD_TOO_LARGE));
	}

	@Test
	void refusesADeclaredContentLengthOverTheLimitBeforeReading() {
		HttpInputMessage declared = message(new byte[0], LIMIT + 1);

		assertThatExceptionOfType(ErrorResponseException.class)
			.isThrownBy(() -> this.limit.beforeBodyRead(declared, null, null, null))
			.satisfies(
					(ex) -> assertThat(ex.getBody().getType()).hasToString("urn:shopflow:problem:payload-too-large"));
	}

	@Test
	void passesABodyAtTheLimitThroughUnchanged() throws Exception {
		byte[] body = new byte[LIMIT];
		body[LIMIT - 1] = 42;

		byte[] read = this.limit.beforeBodyRead(message(body, -1), null, null, null).getBody().readAllBytes();

		assertThat(read).isEqualTo(body);
	}

	private static HttpInputMessage message(byte[] body, long contentLength) {
		HttpHeaders headers = new HttpHeaders();
		if (contentLength >= 0) {
			headers.setContentLength(contentLength);
		}
		return new HttpInputMessage() {

			@Override
			public InputStream getBody() {
				return new ByteArrayInputStream(body);
			}

			@Override
			public HttpHeaders getHeaders() {
				return headers;
			}

		};
	}

}
