package dev.shopflow.web;

import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

/**
 * Answers what Tomcat refuses before any servlet sees it (an invalid URI such as
 * {@code /api/products/%00}, for one) with a problem instead of Tomcat's HTML page. Only
 * such requests reach it: inside the application, Spring MVC and Boot's error page answer
 * first, and this valve then finds the response written and leaves it alone. Tomcat's
 * message is not echoed, since it may quote the request.
 */
class ProblemErrorReportValve extends ErrorReportValve {

	private static final Logger log = LoggerFactory.getLogger(ProblemErrorReportValve.class);

	private final ObjectMapper objectMapper;

	ProblemErrorReportValve(ObjectMapper objectMapper) {
		this.objectMapper = objectMapper;
		setShowReport(false);
		setShowServerInfo(false);
	}

	@Override
	protected void report(Request request, Response response, Throwable throwable) {
		int status = response.getStatus();
		// As the HTML report: nothing for a success, an answer already (partly) written
		// or an error already reported.
		if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
			return;
		}
		AtomicBoolean ioAllowed = new AtomicBoolean();
		response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
		if (!ioAllowed.get()) {
			return;
		}
		try {
			String json = this.objectMapper.writeValueAsString(problemFor(status));
			response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
			response.setCharacterEncoding("UTF-8");
			Writer writer = response.getReporter();
			if (writer != null) {
				writer.write(json);
				response.finishResponse();
			}
		}
		catch (IOException | RuntimeException ex) {
			log.debug("Could not write the problem for a request Tomcat refused with {}", status, ex);
		}
	}

	static ProblemDetail problemFor(int status) {
		if (status == HttpStatus.BAD_REQUEST.value()) {
			return Problems.malformedRequest("The request line or headers are malformed");
		}
		if (status >= 500) {
			return Problems.internalError();
		}
		return ProblemDetail.forStatus(status);
	}

}
