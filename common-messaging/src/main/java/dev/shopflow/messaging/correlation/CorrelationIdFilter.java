package dev.shopflow.messaging.correlation;

import java.io.IOException;

import dev.shopflow.events.ShopflowHeaders;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives every request a correlation id (the caller's {@code X-Correlation-Id}, or a new
 * one), echoes it in the response and keeps it in the MDC while the request runs.
 */
public class CorrelationIdFilter extends OncePerRequestFilter {

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String id = Correlation.acceptOrNew(request.getHeader(ShopflowHeaders.CORRELATION_ID));
		response.setHeader(ShopflowHeaders.CORRELATION_ID, id);
		MDC.put(Correlation.MDC_KEY, id);
		try {
			chain.doFilter(request, response);
		}
		finally {
			MDC.remove(Correlation.MDC_KEY);
		}
	}

}
