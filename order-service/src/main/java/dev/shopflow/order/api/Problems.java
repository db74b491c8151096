package dev.shopflow.order.api;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/** RFC 9457 problem details with ShopFlow's type URIs. */
final class Problems {

	private Problems() {
	}

	static ProblemDetail of(HttpStatus status, String type, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(URI.create("urn:shopflow:problem:" + type));
		problem.setTitle(title);
		return problem;
	}

}
