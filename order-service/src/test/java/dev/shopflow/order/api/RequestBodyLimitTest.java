package dev.shopflow.order.api;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;

import dev.shopflow.order.OrderProperties;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class RequestBodyLimitTest {

	private static final int LIMIT = 1024;

	private final RequestBodyLimit limit = new RequestBodyLimit(properties(LIMIT));

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
			.isThrownBy(() -> this.limit.beforeBodyRead(declared, null, null, null));
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

	private static OrderProperties properties(int maxRequestBytes) {
		OrderProperties.Downstream anywhere = new OrderProperties.Downstream(URI.create("http://localhost"),
				Duration.ofSeconds(1), Duration.ofSeconds(1));
		return new OrderProperties(
				anywhere, anywhere, maxRequestBytes, new OrderProperties.Deadlines(Duration.ofMinutes(2),
						Duration.ofMinutes(15), Duration.ofSeconds(10), 100),
				new OrderProperties.Quotes(Duration.ofSeconds(1)));
	}

}
