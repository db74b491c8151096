package dev.shopflow.system.dashboards;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.shopflow.system.dashboards.DashboardQueries.PanelQuery;
import dev.shopflow.system.dashboards.PanelQueryCheck.Result;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link PanelQueryCheck} against a stand-in for Prometheus's query API.
 */
class PanelQueryCheckTest {

	private static final Map<String, String> answers = Map.of("two_series", """
			{"status":"success","data":{"resultType":"vector","result":[
			  {"metric":{"name":"payment"},"value":[1,"2"]},{"metric":{"name":"inventory"},"value":[1,"0"]}]}}""",
			"nothing", """
					{"status":"success","data":{"resultType":"vector","result":[]}}""", "scalar(one)", """
					{"status":"success","data":{"resultType":"scalar","result":[1,"1"]}}""", "range_of", """
					{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[1,"1"]]}]}}""");

	private HttpServer prometheus;

	private PanelQueryCheck check;

	@BeforeEach
	void startPrometheus() throws IOException {
		this.prometheus = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.prometheus.createContext("/api/v1/query", (exchange) -> {
			String query = URLDecoder.decode(exchange.getRequestURI().getRawQuery().substring("query=".length()),
					StandardCharsets.UTF_8);
			String answer = answers.get(query);
			int status = 200;
			if (answer == null) {
				status = 400;
				answer = """
						{"status":"error","errorType":"bad_data","error":"invalid parameter \\"query\\": parse error"}""";
			}
			byte[] body = answer.getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().add("Content-Type", "application/json");
			exchange.sendResponseHeaders(status, body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		});
		this.prometheus.start();
		this.check = new PanelQueryCheck("http://localhost:" + this.prometheus.getAddress().getPort() + "/");
	}

	@AfterEach
	void stopPrometheus() {
		this.prometheus.stop(0);
	}

	@Test
	void countsTheSeriesOfEveryKindOfResult() {
		List<Result> results = this.check.evaluate(List.of(query("Breakers", "two_series"), query("Empty", "nothing"),
				query("Scalar", "scalar(one)"), query("Matrix", "range_of"), query("Broken", "sum(")));

		assertThat(results).extracting(Result::series).containsExactly(2, 0, 1, 1, 0);
		assertThat(results).extracting(Result::valid).containsExactly(true, true, true, true, false);
		assertThat(results.get(4).error()).contains("bad_data").contains("parse error");
	}

	@Test
	void failsWithAReportNamingThePanelsWithoutSeries() {
		List<PanelQuery> queries = List.of(query("Breakers", "two_series"), query("Dead letters", "nothing"),
				query("Broken", "sum("));

		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> this.check.assertEveryPanelHasSeries(queries))
			.withMessageContaining("(2 of 3)")
			.withMessageContaining("D / Dead letters [A]")
			.withMessageContaining("0 series")
			.withMessageContaining("D / Broken [A]")
			.withMessageContaining("ERROR HTTP 400, bad_data");
	}

	@Test
	void acceptsEmptyButValidQueriesWhenOnlyValidityIsRequired() {
		List<Result> results = this.check
			.assertEveryQueryIsValid(List.of(query("Breakers", "two_series"), query("Dead letters", "nothing")));

		assertThat(PanelQueryCheck.seriesPerPanel(results)).containsExactly(Map.entry("D / Breakers", 2),
				Map.entry("D / Dead letters", 0));
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> this.check.assertEveryQueryIsValid(List.of(query("Broken", "sum("))))
			.withMessageContaining("rejected");
	}

	@Test
	void reportsAPrometheusThatDoesNotAnswer() {
		PanelQueryCheck nowhere = new PanelQueryCheck("http://localhost:1");

		assertThat(nowhere.evaluate(query("Breakers", "two_series")).error()).startsWith("no answer from");
	}

	private static PanelQuery query(String panel, String expr) {
		return new PanelQuery("D", panel, "A", expr, expr);
	}

}
