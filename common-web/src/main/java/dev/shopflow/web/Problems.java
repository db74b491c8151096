package dev.shopflow.web;

import java.net.URI;
import java.util.Comparator;
import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * RFC 9457 problem details with ShopFlow's type URIs,
 * {@code urn:shopflow:problem:<name>}. Clients branch on the type, so one idea has one
 * name in every service; the problems every service can answer are built here, a
 * service's own ones with {@link #of}.
 */
public final class Problems {

	/**
	 * Bean validation, a missing or mistyped parameter, a JSON value of the wrong type.
	 */
	public static final String INVALID_REQUEST = "invalid-request";

	/** A body that is not JSON at all, or a request Tomcat could not parse. */
	public static final String MALFORMED_REQUEST = "malformed-request";

	public static final String PAYLOAD_TOO_LARGE = "payload-too-large";

	/** The service cannot reach what it needs (its database) for now: retry later. */
	public static final String SERVICE_UNAVAILABLE = "service-unavailable";

	/** A bug: the detail never says more than that. */
	public static final String INTERNAL_ERROR = "internal-error";

	private static final String TYPE_PREFIX = "urn:shopflow:problem:";

	private Problems() {
	}

	/** A problem of type {@code urn:shopflow:problem:<type>}. */
	public static ProblemDetail of(HttpStatus status, String type, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(URI.create(TYPE_PREFIX + type));
		problem.setTitle(title);
		return problem;
	}

	/**
	 * A 400 listing what is wrong with which field, sorted by field and message:
	 * validation reports errors in no particular order, clients and tests get a stable
	 * one.
	 */
	public static ProblemDetail invalidRequest(String detail, List<FieldViolation> errors) {
		ProblemDetail problem = of(HttpStatus.BAD_REQUEST, INVALID_REQUEST, "Invalid request", detail);
		problem.setProperty("errors",
				errors.stream()
					.sorted(Comparator.comparing(FieldViolation::field)
						.thenComparing(FieldViolation::message, Comparator.nullsFirst(Comparator.naturalOrder())))
					.toList());
		return problem;
	}

	public static ProblemDetail malformedRequest(String detail) {
		return of(HttpStatus.BAD_REQUEST, MALFORMED_REQUEST, "Malformed request", detail);
	}

	public static ProblemDetail payloadTooLarge(int maxBytes) {
		return of(HttpStatus.PAYLOAD_TOO_LARGE, PAYLOAD_TOO_LARGE, "Payload too large",
				"Request body exceeds the limit of " + maxBytes + " bytes");
	}

	public static ProblemDetail serviceUnavailable() {
		return of(HttpStatus.SERVICE_UNAVAILABLE, SERVICE_UNAVAILABLE, "Service unavailable",
				"The service cannot handle the request for now; try again later");
	}

	public static ProblemDetail internalError() {
		return of(HttpStatus.INTERNAL_SERVER_ERROR, INTERNAL_ERROR, "Internal error",
				"Unexpected error, see server logs");
	}

}
