package dev.shopflow.payment.web;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Type;

import dev.shopflow.payment.PaymentProperties;

import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.HttpStatus;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;

/**
 * Bounds every request body before it is parsed: a declared {@code Content-Length} over
 * the limit is refused at once, and a chunked body is cut off as soon as it passes the
 * limit, so an oversized request is never buffered in full. Public so that MVC slice
 * tests can import it.
 */
@ControllerAdvice
public class RequestBodyLimit extends RequestBodyAdviceAdapter {

	private final int maxBytes;

	RequestBodyLimit(PaymentProperties properties) {
		this.maxBytes = properties.maxRequestBytes();
	}

	@Override
	public boolean supports(MethodParameter parameter, Type targetType,
			Class<? extends HttpMessageConverter<?>> converterType) {
		return true;
	}

	@Override
	public HttpInputMessage beforeBodyRead(HttpInputMessage message, MethodParameter parameter, Type targetType,
			Class<? extends HttpMessageConverter<?>> converterType) {
		if (message.getHeaders().getContentLength() > this.maxBytes) {
			throw tooLarge();
		}
		return new HttpInputMessage() {

			@Override
			public InputStream getBody() throws IOException {
				return new BoundedInputStream(message.getBody());
			}

			@Override
			public HttpHeaders getHeaders() {
				return message.getHeaders();
			}

		};
	}

	private ErrorResponseException tooLarge() {
		return new ErrorResponseException(HttpStatus.PAYLOAD_TOO_LARGE,
				ApiExceptionHandler.problem(HttpStatus.PAYLOAD_TOO_LARGE, "payload-too-large", "Payload too large",
						"Request body exceeds %d bytes".formatted(this.maxBytes)),
				null);
	}

	private final class BoundedInputStream extends FilterInputStream {

		private long read;

		BoundedInputStream(InputStream in) {
			super(in);
		}

		@Override
		public int read() throws IOException {
			int b = super.read();
			count((b >= 0) ? 1 : 0);
			return b;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			int n = super.read(buffer, offset, length);
			count(Math.max(n, 0));
			return n;
		}

		private void count(int n) {
			this.read += n;
			if (this.read > RequestBodyLimit.this.maxBytes) {
				throw tooLarge();
			}
		}

	}

}
