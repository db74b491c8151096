package dev.shopflow.load;

import java.time.Duration;
import java.util.Set;
import java.util.UUID;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * Shoppers at a fixed arrival rate (an open model: a slow answer does not slow the
 * arrivals): each places one order with a fresh {@code Idempotency-Key} and follows it
 * until it is final, while as many others read the catalogue. One step per run;
 * capacity.sh runs the steps and adds the CPU each cost.
 */
public class OrderFlowSimulation extends Simulation {

	private static final Set<String> FINAL = Set.of("CONFIRMED", "REJECTED", "CANCELLED");

	/**
	 * Longer than any deadline in order-service: an order still open then is a finding.
	 */
	private static final Duration GIVE_UP = Duration.ofSeconds(60);

	private static final Duration POLL_EVERY = Duration.ofMillis(250);

	private final LoadSettings settings = LoadSettings.fromSystemProperties();

	private final StepResults results = new StepResults();

	private final HttpProtocolBuilder protocol = http.baseUrl(this.settings.orderUrl().toString())
		.disableWarmUp()
		.acceptHeader("application/json")
		.contentTypeHeader("application/json")
		// Like the gateway or front end in front of a real API: a pool of kept-alive
		// connections, not a new TCP handshake per shopper.
		.shareConnections();

	private final ScenarioBuilder shoppers = scenario("place and follow an order").exec((session) -> {
		OrderMix.Planned planned = OrderMix.next();
		return session.set("due", System.currentTimeMillis())
			.set("body", planned.body())
			.set("expected", planned.expected())
			.set("key", UUID.randomUUID().toString());
	})
		.exec(http("POST /api/orders").post("/api/orders")
			.header("Idempotency-Key", "#{key}")
			.body(StringBody("#{body}"))
			// Every answer is recorded below; an order's outcome is not a failed request.
			.check(status().saveAs("status"), jsonPath("$.id").optional().saveAs("orderId"),
					jsonPath("$.status").optional().saveAs("orderStatus"),
					jsonPath("$.type").optional().saveAs("problemType")))
		.exec((session) -> {
			this.results.placed(session.contains("status") ? session.getInt("status") : 0,
					session.contains("problemType") ? session.getString("problemType") : null, sinceDue(session));
			return session;
		})
		.doIf((session) -> session.contains("orderId"))
		.then(exec(this::settleIfFinal).asLongAs((session) -> !session.contains("settled"))
			.on(pause(POLL_EVERY)
				.exec(http("GET /api/orders/{id}").get("/api/orders/#{orderId}")
					.check(status().is(200), jsonPath("$.status").saveAs("orderStatus")))
				.exec(this::settleIfFinal)));

	private final ScenarioBuilder browsers = scenario("browse the catalogue")
		.exec((session) -> session.set("due", System.currentTimeMillis()))
		.exec(http("GET /api/products").get(this.settings.inventoryUrl() + "/api/products")
			.check(status().saveAs("status")))
		.exec((session) -> {
			this.results.browsed(session.contains("status") && session.getInt("status") == 200, sinceDue(session));
			return session;
		});

	{
		double rate = this.settings.rate();
		setUp(this.shoppers.injectOpen(rampUsersPerSec(1).to(rate).during(this.settings.ramp()),
				constantUsersPerSec(rate).during(this.settings.duration())),
				this.browsers.injectOpen(rampUsersPerSec(1).to(rate).during(this.settings.ramp()),
						constantUsersPerSec(rate).during(this.settings.duration())))
			.protocols(this.protocol);
	}

	private Session settleIfFinal(Session session) {
		String status = session.getString("orderStatus");
		boolean timedOut = sinceDue(session) > GIVE_UP.toMillis();
		if ((status != null && FINAL.contains(status)) || timedOut) {
			this.results.settled((status != null && FINAL.contains(status)) ? status : "NOT_FINAL",
					session.get("expected"), sinceDue(session));
			return session.set("settled", true);
		}
		return session;
	}

	@Override
	public void after() {
		System.out.println(this.results.summary(this.settings));
		this.results.write(this.settings);
	}

	/** A virtual user's first action runs at its arrival: when its request was due. */
	private static long sinceDue(Session session) {
		return System.currentTimeMillis() - session.getLong("due");
	}

}
