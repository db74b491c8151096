package dev.shopflow.web;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Type;

import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.HttpStatus;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;

/**
 * Bounds every request body before it is parsed: a declared {@code Content-Length} over
 * the limit is refused at once, and a chunked body is cut off as soon as it passes the
 * limit, so an oversized request is never buffered in full. The answer is a {@code 413}
 * {@code payload-too-large} problem; each service subclasses this as its
 * {@code @ControllerAdvice} with its own limit.
 */
public abstract class BoundedRequestBody extends RequestBodyAdviceAdapter {

	private final int maxBytes;

	protected BoundedRequestBody(int maxBytes) {
		this.maxBytes = maxBytes;
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
			throw refusal();
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

	private ErrorResponseException refusal() {
		return new ErrorResponseException(HttpStatus.PAYLOAD_TOO_LARGE, Problems.payloadTooLarge(this.maxBytes), null);
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
			if (this.read > BoundedRequestBody.this.maxBytes) {
				throw refusal();
			}
		}

	}

}
