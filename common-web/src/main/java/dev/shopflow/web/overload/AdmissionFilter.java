package dev.shopflow.web.overload;

import java.io.IOException;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.netflix.concurrency.limits.Limiter;
import dev.shopflow.web.Problems;
import io.micrometer.core.instrument.Counter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Lets a request in only while the limiter has room, and answers the others at once: a
 * refusal costs no thread beyond Tomcat's own, no connection, no downstream call. The
 * actuator is never limited, so that health checks and scrapes still answer when the API
 * is full: a service that refuses work is overloaded, not down.
 */
final class AdmissionFilter extends OncePerRequestFilter {

	static final String OVERLOADED = "overloaded";

	private final Limiter<Void> limiter;

	private final Counter refused;

	private final byte[] refusal;

	private final String retryAfter;

	AdmissionFilter(Limiter<Void> limiter, Counter refused, OverloadProperties properties, ObjectMapper json)
			throws IOException {
		this.limiter = limiter;
		this.refused = refused;
		this.retryAfter = Long.toString(Math.max(1, properties.retryAfter().toSeconds()));
		// Written once: the refusal path must stay cheap when it is most of the traffic.
		this.refusal = json.writeValueAsBytes(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, OVERLOADED, "Overloaded",
				"The service is at its limit of concurrent requests; retry after the time in Retry-After"));
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return request.getRequestURI().startsWith("/actuator");
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Optional<Limiter.Listener> admitted = this.limiter.acquire(null);
		if (admitted.isEmpty()) {
			refuse(response);
			return;
		}
		Limiter.Listener listener = admitted.get();
		boolean completed = false;
		try {
			chain.doFilter(request, response);
			completed = true;
		}
		finally {
			// A 5xx says nothing about how long real work takes here (a downstream's open
			// breaker answers in microseconds): it must not teach the limit anything.
			if (completed && response.getStatus() < 500) {
				listener.onSuccess();
			}
			else {
				listener.onIgnore();
			}
		}
	}

	private void refuse(HttpServletResponse response) throws IOException {
		this.refused.increment();
		response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
		response.setHeader(HttpHeaders.RETRY_AFTER, this.retryAfter);
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.setContentLength(this.refusal.length);
		response.getOutputStream().write(this.refusal);
	}

}
