package dev.shopflow.system.dashboards;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The PromQL behind every panel of the provisioned Grafana dashboards
 * ({@code grafana/dashboards/*.json}), with Grafana's variables replaced by what Grafana
 * would send with every variable set to All, so that Prometheus itself can evaluate them:
 * Grafana cannot run where the tests run, Prometheus can.
 */
public final class DashboardQueries {

	/** Grafana's built-in variables, as the check evaluates them. */
	static final Map<String, String> BUILT_INS = Map.of("__rate_interval", "1m", "__interval", "15s", "__interval_ms",
			"15000", "__range", "5m", "__range_s", "300", "__range_ms", "300000");

	private static final ObjectMapper json = new ObjectMapper();

	private static final Pattern VARIABLE = Pattern
		.compile("\\$\\{(\\w+)(?::[\\w]+)?}|\\[\\[(\\w+)(?::[\\w]+)?]]|\\$(\\w+)");

	private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");

	private static final Pattern GROUPING = Pattern
		.compile("(?i)\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");

	private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w:.])([a-zA-Z_:][\\w:]*)(?![\\w:])(\\s*\\()?");

	private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "by", "without", "on", "ignoring",
			"group_left", "group_right", "bool", "offset", "atan2", "inf", "nan");

	private DashboardQueries() {
	}

	/**
	 * One target of one panel.
	 *
	 * @param dashboard the dashboard's title
	 * @param panel the panel's title
	 * @param refId the target's letter within the panel
	 * @param expr the query as Prometheus gets it, variables substituted
	 * @param template the query as written in the dashboard
	 */
	public record PanelQuery(String dashboard, String panel, String refId, String expr, String template) {

		@Override
		public String toString() {
			return this.dashboard + " / " + this.panel + " [" + this.refId + "]";
		}

	}

	/**
	 * {@code grafana/dashboards} of the repository: under the {@code shopflow.jars}
	 * system property (the repository root, as the Failsafe configuration sets it), else
	 * next to the working directory ({@code system-tests}, as Surefire runs).
	 */
	public static Path directory() {
		String root = System.getProperty("shopflow.jars");
		if (root != null) {
			return Path.of(root, "grafana", "dashboards").toAbsolutePath().normalize();
		}
		Path sibling = Path.of("..", "grafana", "dashboards").toAbsolutePath().normalize();
		Path here = Path.of("grafana", "dashboards").toAbsolutePath().normalize();
		return (!Files.isDirectory(sibling) && Files.isDirectory(here)) ? here : sibling;
	}

	/** Every query of every dashboard in {@link #directory()}. */
	public static List<PanelQuery> load() {
		return load(directory());
	}

	/** Every query of every dashboard in the directory, in file-name order. */
	public static List<PanelQuery> load(Path directory) {
		List<PanelQuery> queries = new ArrayList<>();
		read(directory)
			.forEach((file, dashboard) -> queries.addAll(queries(dashboardName(file, dashboard), dashboard)));
		return queries;
	}

	/** The dashboards of a directory, by file, in file-name order. */
	public static Map<Path, JsonNode> read(Path directory) {
		if (!Files.isDirectory(directory)) {
			throw new IllegalStateException("No dashboards directory at " + directory);
		}
		Map<Path, JsonNode> dashboards = new LinkedHashMap<>();
		try (Stream<Path> files = Files.list(directory)) {
			for (Path file : files.filter((f) -> f.getFileName().toString().endsWith(".json")).sorted().toList()) {
				dashboards.put(file, json.readTree(file.toFile()));
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the dashboards in " + directory, ex);
		}
		return dashboards;
	}

	/**
	 * The queries of one dashboard: every visible target with an {@code expr} of every
	 * panel, including the panels inside (collapsed) rows.
	 */
	public static List<PanelQuery> queries(String dashboardName, JsonNode dashboard) {
		Set<String> variables = variables(dashboard);
		List<PanelQuery> queries = new ArrayList<>();
		for (JsonNode panel : panels(dashboard)) {
			for (JsonNode target : panel.path("targets")) {
				String expr = target.path("expr").asText("");
				if (expr.isBlank() || target.path("hide").asBoolean(false)) {
					continue;
				}
				queries.add(new PanelQuery(dashboardName, panel.path("title").asText(""),
						target.path("refId").asText(""), substitute(expr, variables), expr));
			}
		}
		return queries;
	}

	/** Every panel that is not a row, rows' nested panels included, in order. */
	public static List<JsonNode> panels(JsonNode dashboard) {
		List<JsonNode> panels = new ArrayList<>();
		collect(dashboard.path("panels"), panels);
		return panels;
	}

	private static void collect(JsonNode list, List<JsonNode> into) {
		for (JsonNode panel : list) {
			if (!"row".equals(panel.path("type").asText())) {
				into.add(panel);
			}
			collect(panel.path("panels"), into);
		}
	}

	/** The names of a dashboard's template variables. */
	public static Set<String> variables(JsonNode dashboard) {
		Set<String> names = new LinkedHashSet<>();
		for (JsonNode variable : dashboard.path("templating").path("list")) {
			names.add(variable.path("name").asText());
		}
		return names;
	}

	/**
	 * The query as Prometheus would get it from Grafana: built-in variables as in
	 * {@link #BUILT_INS}, every template variable set to All ({@code .*}), its label
	 * matcher made a regular-expression one. Unknown variables stay, for Prometheus to
	 * reject.
	 */
	public static String substitute(String expr, Set<String> variables) {
		String result = expr;
		for (String name : variables) {
			String quoted = Pattern.quote(name);
			String reference = "(?:\\$\\{" + quoted + "(?::\\w+)?}|\\[\\[" + quoted + "(?::\\w+)?]]|\\$" + quoted
					+ "(?!\\w))";
			result = result.replaceAll("(?:!~|!=)\\s*\"" + reference + "\"", "!~\".*\"");
			result = result.replaceAll("(?<![!=])(?:=~|=)\\s*\"" + reference + "\"", "=~\".*\"");
		}
		Matcher matcher = VARIABLE.matcher(result);
		StringBuilder substituted = new StringBuilder();
		while (matcher.find()) {
			String name = (matcher.group(1) != null) ? matcher.group(1)
					: (matcher.group(2) != null) ? matcher.group(2) : matcher.group(3);
			String value = BUILT_INS.containsKey(name) ? BUILT_INS.get(name)
					: variables.contains(name) ? ".*" : matcher.group();
			matcher.appendReplacement(substituted, Matcher.quoteReplacement(value));
		}
		matcher.appendTail(substituted);
		return substituted.toString();
	}

	/**
	 * The metric names a query reads: identifiers outside strings, label matchers, range
	 * selectors and grouping clauses that are neither functions (followed by {@code (})
	 * nor keywords.
	 */
	public static Set<String> metricNames(String expr) {
		String stripped = STRING.matcher(expr).replaceAll("\"\"");
		stripped = stripped.replaceAll("\\{[^}]*}", "{}").replaceAll("\\[[^]]*]", "[]");
		stripped = GROUPING.matcher(stripped).replaceAll(" ");
		Set<String> names = new LinkedHashSet<>();
		Matcher matcher = IDENTIFIER.matcher(stripped);
		while (matcher.find()) {
			String name = matcher.group(1);
			if (matcher.group(2) == null && !KEYWORDS.contains(name.toLowerCase())) {
				names.add(name);
			}
		}
		return names;
	}

	private static String dashboardName(Path file, JsonNode dashboard) {
		String title = dashboard.path("title").asText("");
		return title.isBlank() ? file.getFileName().toString() : title;
	}

}
