package dev.shopflow.system.dashboards;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.shopflow.system.dashboards.DashboardQueries.PanelQuery;

/**
 * Proves the Grafana dashboards without Grafana: evaluates every panel's query against a
 * Prometheus ({@code GET /api/v1/query}) and counts the series each returns. After the
 * end-to-end scenario, every query must return at least one.
 */
public final class PanelQueryCheck {

	private static final ObjectMapper json = new ObjectMapper();

	private final String baseUrl;

	private final HttpClient http;

	/**
	 * @param prometheusBaseUrl e.g. {@code http://localhost:9090}
	 */
	public PanelQueryCheck(String prometheusBaseUrl) {
		this.baseUrl = prometheusBaseUrl.replaceAll("/+$", "");
		this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
	}

	/**
	 * What one query returned.
	 *
	 * @param query the query
	 * @param series the number of series (vector or matrix elements; 1 for a scalar or a
	 * string), 0 on error
	 * @param error Prometheus's error, or why there was no answer; {@code null} if none
	 */
	public record Result(PanelQuery query, int series, String error) {

		public boolean valid() {
			return this.error == null;
		}

		public boolean hasSeries() {
			return valid() && this.series > 0;
		}

	}

	/** Every query of every dashboard in {@link DashboardQueries#directory()}. */
	public List<Result> evaluateAll() {
		return evaluate(DashboardQueries.load());
	}

	public List<Result> evaluate(List<PanelQuery> queries) {
		return queries.stream().map(this::evaluate).toList();
	}

	public Result evaluate(PanelQuery query) {
		URI uri = URI
			.create(this.baseUrl + "/api/v1/query?query=" + URLEncoder.encode(query.expr(), StandardCharsets.UTF_8));
		HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build();
		HttpResponse<String> response;
		try {
			response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			return new Result(query, 0, "no answer from " + this.baseUrl + ": " + ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while querying " + this.baseUrl, ex);
		}
		return parse(query, response.statusCode(), response.body());
	}

	static Result parse(PanelQuery query, int status, String body) {
		JsonNode answer;
		try {
			answer = json.readTree(body);
		}
		catch (IOException ex) {
			return new Result(query, 0, "HTTP " + status + ", not JSON: " + abbreviate(body));
		}
		if (!"success".equals(answer.path("status").asText())) {
			return new Result(query, 0, "HTTP " + status + ", " + answer.path("errorType").asText("?") + ": "
					+ answer.path("error").asText(abbreviate(body)));
		}
		JsonNode data = answer.path("data");
		return switch (data.path("resultType").asText()) {
			case "vector", "matrix" -> new Result(query, data.path("result").size(), null);
			case "scalar", "string" -> new Result(query, 1, null);
			default -> new Result(query, 0, "unknown result type in " + abbreviate(body));
		};
	}

	/**
	 * Evaluates every query of every dashboard and fails, with {@link #report(List)}, if
	 * any query is rejected or returns no series.
	 * @return the results, for a closing report
	 */
	public List<Result> assertEveryPanelHasSeries() {
		return assertEveryPanelHasSeries(DashboardQueries.load());
	}

	public List<Result> assertEveryPanelHasSeries(List<PanelQuery> queries) {
		return require(queries, Result::hasSeries, "Panel queries that failed or returned no series");
	}

	/**
	 * Evaluates every query of every dashboard and fails, with {@link #report(List)}, if
	 * Prometheus rejects any of them; empty answers are fine (nothing scraped yet).
	 * @return the results
	 */
	public List<Result> assertEveryQueryIsValid() {
		return assertEveryQueryIsValid(DashboardQueries.load());
	}

	public List<Result> assertEveryQueryIsValid(List<PanelQuery> queries) {
		return require(queries, Result::valid, "Panel queries Prometheus rejected");
	}

	private List<Result> require(List<PanelQuery> queries, Predicate<Result> ok, String failure) {
		if (queries.isEmpty()) {
			throw new AssertionError("No panel queries found in " + DashboardQueries.directory());
		}
		List<Result> results = evaluate(queries);
		List<Result> failed = results.stream().filter(ok.negate()).toList();
		if (!failed.isEmpty()) {
			throw new AssertionError(failure + " (" + failed.size() + " of " + results.size() + ") at " + this.baseUrl
					+ ":\n" + report(failed) + "\nAll:\n" + report(results));
		}
		return results;
	}

	/** The series per panel, its targets added up, by "dashboard / panel". */
	public static Map<String, Integer> seriesPerPanel(List<Result> results) {
		Map<String, Integer> panels = new LinkedHashMap<>();
		for (Result result : results) {
			panels.merge(result.query().dashboard() + " / " + result.query().panel(), result.series(), Integer::sum);
		}
		return panels;
	}

	/** One line per query: dashboard / panel [refId], series or error, and the query. */
	public static String report(List<Result> results) {
		StringBuilder report = new StringBuilder();
		for (Result result : results) {
			report.append(String.format("  %-70s %s%n", result.query(),
					result.valid() ? result.series() + " series" : "ERROR " + result.error()));
			if (!result.hasSeries()) {
				report.append("      ").append(result.query().expr().replaceAll("\\s+", " ")).append('\n');
			}
		}
		return report.toString();
	}

	private static String abbreviate(String body) {
		String oneLine = body.replaceAll("\\s+", " ");
		return (oneLine.length() > 300) ? oneLine.substring(0, 300) + "..." : oneLine;
	}

}
