package dev.shopflow.system.dashboards;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import dev.shopflow.system.dashboards.DashboardQueries.PanelQuery;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The provisioned Grafana dashboards are well-formed and query only metrics the services
 * really publish. Whether the queries return data is {@link PanelQueryCheck}'s part,
 * against the running system.
 */
class DashboardQueriesTest {

	private static final Map<Path, JsonNode> dashboards = DashboardQueries.read(DashboardQueries.directory());

	@Test
	void theDashboardsAreThere() {
		assertThat(dashboards.keySet()).map((file) -> file.getFileName().toString())
			.containsExactlyInAnyOrder("messaging.json", "orders.json", "resilience.json");
	}

	@Test
	void everyDashboardHasAUniqueUidATitleAndTheGrafana12Schema() {
		Set<String> uids = new HashSet<>();
		dashboards.forEach((file, dashboard) -> {
			assertThat(dashboard.path("uid").asText()).as("uid of %s", file).isNotBlank();
			assertThat(uids.add(dashboard.path("uid").asText())).as("uid of %s is unique", file).isTrue();
			assertThat(dashboard.path("title").asText()).as("title of %s", file).isNotBlank();
			assertThat(dashboard.path("schemaVersion").asInt()).as("schemaVersion of %s", file).isBetween(39, 42);
			assertThat(DashboardQueries.panels(dashboard)).as("panels of %s", file).isNotEmpty();
		});
	}

	@Test
	void everyPanelHasAQuery() {
		List<String> problems = new ArrayList<>();
		forEachPanel((file, panel) -> {
			boolean hasQuery = false;
			for (JsonNode target : panel.path("targets")) {
				if (target.path("expr").asText("").isBlank()) {
					problems.add(name(file, panel) + ": target " + target.path("refId").asText() + " has no expr");
				}
				else {
					hasQuery = true;
				}
			}
			if (!hasQuery) {
				problems.add(name(file, panel) + ": no query");
			}
		});
		assertThat(problems).isEmpty();
	}

	@Test
	void panelTitlesAndIdsAreUniquePerDashboard() {
		dashboards.forEach((file, dashboard) -> {
			List<JsonNode> panels = new ArrayList<>();
			for (JsonNode panel : dashboard.path("panels")) {
				panels.add(panel);
				panel.path("panels").forEach(panels::add);
			}
			assertThat(panels).map((panel) -> panel.path("title").asText())
				.as("panel titles of %s", file)
				.doesNotHaveDuplicates()
				.allSatisfy((title) -> assertThat(title).isNotBlank());
			assertThat(panels).map((panel) -> panel.path("id").asInt(-1))
				.as("panel ids of %s", file)
				.doesNotHaveDuplicates()
				.doesNotContain(-1);
		});
	}

	@Test
	void everyPanelTargetAndVariableUsesTheProvisionedPrometheus() {
		List<String> problems = new ArrayList<>();
		forEachPanel((file, panel) -> {
			if (!"prometheus".equals(panel.path("datasource").path("uid").asText())) {
				problems.add(name(file, panel) + ": datasource " + panel.path("datasource"));
			}
			for (JsonNode target : panel.path("targets")) {
				if (target.has("datasource") && !"prometheus".equals(target.path("datasource").path("uid").asText())) {
					problems.add(name(file, panel) + " [" + target.path("refId").asText() + "]: datasource "
							+ target.path("datasource"));
				}
			}
		});
		dashboards.forEach((file, dashboard) -> {
			for (JsonNode variable : dashboard.path("templating").path("list")) {
				if ("query".equals(variable.path("type").asText())
						&& !"prometheus".equals(variable.path("datasource").path("uid").asText())) {
					problems.add(file.getFileName() + " variable " + variable.path("name").asText() + ": datasource "
							+ variable.path("datasource"));
				}
			}
		});
		assertThat(problems).isEmpty();
	}

	@Test
	void everyPanelSaysWhatToWatch() {
		List<String> undescribed = new ArrayList<>();
		forEachPanel((file, panel) -> {
			if (panel.path("description").asText("").isBlank()) {
				undescribed.add(name(file, panel));
			}
		});
		assertThat(undescribed).isEmpty();
	}

	@Test
	void everyQueryReadsOnlyMetricsTheServicesPublish() throws IOException {
		Set<String> known = knownMetrics();
		List<PanelQuery> queries = DashboardQueries.load();
		assertThat(queries).isNotEmpty();
		List<String> unknown = new ArrayList<>();
		for (PanelQuery query : queries) {
			Set<String> names = DashboardQueries.metricNames(query.expr());
			assertThat(names).as("metrics of %s", query).isNotEmpty();
			names.stream().filter((name) -> !known.contains(name)).forEach((name) -> unknown.add(query + ": " + name));
		}
		assertThat(unknown).as("metric names missing from known-metrics.txt").isEmpty();
	}

	@Test
	void everyQueryHasItsVariablesSubstituted() {
		assertThat(DashboardQueries.load()).allSatisfy((query) -> assertThat(query.expr()).as("%s", query)
			.doesNotContainPattern("\\$\\{?[A-Za-z_]")
			.doesNotContain("[["));
	}

	@Test
	void substitutesGrafanaVariablesAsGrafanaWouldWithAll() {
		Set<String> variables = Set.of("application", "name");
		assertThat(DashboardQueries.substitute(
				"sum(rate(x{application=~\"$application\", name=\"${name}\"}[$__rate_interval])) / $__interval",
				variables))
			.isEqualTo("sum(rate(x{application=~\".*\", name=~\".*\"}[1m])) / 15s");
		assertThat(DashboardQueries.substitute("increase(x{a!=\"$application\"}[$__range]) + [[name]]", variables))
			.isEqualTo("increase(x{a!~\".*\"}[5m]) + .*");
		assertThat(DashboardQueries.substitute("x{a=\"$applications\"} and $unknown", variables))
			.as("names that are not variables stay")
			.isEqualTo("x{a=\"$applications\"} and $unknown");
		assertThat(DashboardQueries.substitute("label_replace(x, \"a\", \"$1\", \"b\", \"(.*)\")", variables))
			.as("regex groups are not variables")
			.isEqualTo("label_replace(x, \"a\", \"$1\", \"b\", \"(.*)\")");
	}

	@Test
	void findsTheMetricNamesOfAQuery() {
		assertThat(DashboardQueries.metricNames(
				"histogram_quantile(0.99, sum by (application, uri, le) (rate(http_server_requests_seconds_bucket{uri!~\"/actuator.*\"}[1m])))"))
			.containsExactly("http_server_requests_seconds_bucket");
		assertThat(DashboardQueries.metricNames(
				"sum by (queue) (shopflow_rabbit_parked_total) or on() label_replace(vector(0), \"queue\", \"none yet\", \"\", \"\")"))
			.containsExactly("shopflow_rabbit_parked_total");
		assertThat(DashboardQueries.metricNames(
				"sum without (id) (jvm_memory_max_bytes{area=\"heap\"} > 0) / ignoring(x) group_left up * 1e3"))
			.containsExactly("jvm_memory_max_bytes", "up");
		assertThat(DashboardQueries.metricNames("a_total offset 5m unless bool b:recorded[5m:15s]"))
			.containsExactly("a_total", "b:recorded");
	}

	@Test
	void findsTheQueriesOfPanelsNestedInRows() throws IOException {
		JsonNode dashboard = new ObjectMapper().readTree(
				"""
						{"title": "T", "templating": {"list": [{"name": "application"}]}, "panels": [
						  {"type": "row", "title": "Open row", "panels": []},
						  {"type": "timeseries", "title": "Top", "targets": [
						    {"refId": "A", "expr": "up{application=~\\"$application\\"}"},
						    {"refId": "B", "expr": "hidden", "hide": true},
						    {"refId": "C", "expr": ""}]},
						  {"type": "row", "title": "Collapsed row", "collapsed": true, "panels": [
						    {"type": "stat", "title": "Nested", "targets": [{"refId": "A", "expr": "rate(x[$__rate_interval])"}]}]}
						]}""");
		assertThat(DashboardQueries.queries("T", dashboard)).containsExactly(
				new PanelQuery("T", "Top", "A", "up{application=~\".*\"}", "up{application=~\"$application\"}"),
				new PanelQuery("T", "Nested", "A", "rate(x[1m])", "rate(x[$__rate_interval])"));
		assertThat(DashboardQueries.panels(dashboard)).map((panel) -> panel.path("title").asText())
			.containsExactly("Top", "Nested");
	}

	private static Set<String> knownMetrics() throws IOException {
		try (InputStream in = DashboardQueriesTest.class.getResourceAsStream("/known-metrics.txt")) {
			assertThat(in).as("known-metrics.txt on the test class path").isNotNull();
			return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
				.map(String::strip)
				.filter((line) -> !line.isEmpty() && !line.startsWith("#"))
				.collect(Collectors.toSet());
		}
	}

	private static void forEachPanel(PanelVisitor visitor) {
		dashboards.forEach(
				(file, dashboard) -> DashboardQueries.panels(dashboard).forEach((panel) -> visitor.visit(file, panel)));
	}

	private static String name(Path file, JsonNode panel) {
		return file.getFileName() + " / " + panel.path("title").asText("(untitled)");
	}

	@FunctionalInterface
	private interface PanelVisitor {

		void visit(Path file, JsonNode panel);

	}

}
