package dev.shopflow.system.soak;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.shopflow.system.soak.SystemState.Notification;
import dev.shopflow.system.soak.SystemState.Order;
import dev.shopflow.system.soak.SystemState.Payment;
import dev.shopflow.system.soak.SystemState.Reservation;
import dev.shopflow.system.soak.SystemState.Stock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The checker against hand-made runs: silent on a run where everything held, and naming
 * the invariant each kind of breakage violates.
 */
class InvariantCheckerTest {

	private static final String RUN = "test1";

	private static final String IN_PROGRESS = "urn:shopflow:problem:idempotency-key-in-progress";

	private final SoakCatalogue catalogue = SoakCatalogue.forRun(RUN, 100);

	private final String plenty = this.catalogue.plenty().getFirst().sku();

	private final World world = new World();

	@Test
	void aRunWhereEverythingHeldHasNoViolations() {
		this.world.confirmed(0);
		this.world.cancelledAndRefunded(1);

		assertThat(check()).isEmpty();
	}

	@Test
	void aServerErrorAndA503WithoutRetryAfterAreViolations() {
		this.world.confirmed(0);
		this.world.answer(1, 1, 500, null, null, false);
		this.world.answer(2, 1, 503, null, null, false);

		assertThat(invariants()).containsExactly(Invariant.NO_500, Invariant.NO_500);
	}

	@Test
	void aConfirmedOrderWhosePaymentWasDeclinedIsAViolation() {
		this.world.confirmed(0);
		this.world.payments.set(0, new Payment(id(0), customer(0), "DECLINED", new BigDecimal("20.00")));

		assertThat(invariants()).containsExactly(Invariant.CONFIRMED_IFF_AUTHORIZED);
	}

	@Test
	void aCancelledOrderThatKeptItsAuthorizationIsAViolation() {
		this.world.cancelledAndRefunded(0);
		this.world.payments.set(0, new Payment(id(0), customer(0), "AUTHORIZED", new BigDecimal("20.00")));
		this.world.notifications.removeIf((n) -> n.kind().equals("REFUNDED"));
		this.world.emails.put(customer(0), List.of("Your order was cancelled"));

		assertThat(invariants()).containsExactly(Invariant.CONFIRMED_IFF_AUTHORIZED);
	}

	@Test
	void stockThatIsStillReservedOrWasLostIsAViolation() {
		this.world.confirmed(0);
		this.world.stockAfter.put(this.plenty, new Stock(9_999_997, 1, 1));

		assertThat(invariants()).containsExactlyInAnyOrder(Invariant.STOCK_CONSERVED, Invariant.STOCK_SETTLED);
	}

	@Test
	void aSecondEmailForOneNotificationIsAViolation() {
		this.world.confirmed(0);
		this.world.emails.put(customer(0), List.of("Your order is confirmed", "Your order is confirmed"));

		assertThat(invariants()).containsExactly(Invariant.ONE_EMAIL);
	}

	@Test
	void aSecondOrderForOneKeyIsAViolation() {
		this.world.confirmed(0);
		this.world.orders.put("second", new Order("second", customer(0), "REJECTED", null, Map.of()));
		this.world.notifications.add(new Notification("second", customer(0), "REJECTED", "DELIVERED", 1));
		this.world.emails.put(customer(0), List.of("Your order is confirmed", "We could not accept your order"));

		assertThat(invariants()).containsExactly(Invariant.ONE_ORDER_PER_KEY);
	}

	@Test
	void aSecondOrderForOneKeyIsFineAfterA503FreedTheKey() {
		this.world.confirmed(0);
		this.world.orders.put("second", new Order("second", customer(0), "REJECTED", null, Map.of()));
		this.world.notifications.add(new Notification("second", customer(0), "REJECTED", "DELIVERED", 1));
		this.world.emails.put(customer(0), List.of("Your order is confirmed", "We could not accept your order"));
		this.world.answers.clear();
		this.world.answer(0, 1, 503, "second", "REJECTED", true);
		this.world.answer(0, 2, 201, id(0), "CONFIRMED", false);

		assertThat(invariants()).isEmpty();
	}

	@Test
	void aFirstSendMeetingItsOwnResendInProgressIsDocumented() {
		this.world.confirmed(0);
		this.world.answers.clear();
		// The resend, 0.5 s after the first send, reached order-service first.
		this.world.answer(0, 1, 409, null, null, IN_PROGRESS, true, 0, 1_200);
		this.world.answer(0, 2, 201, id(0), "CONFIRMED", null, false, 500, 700);

		assertThat(check()).isEmpty();
	}

	@Test
	void aKeyInProgressWithNoOtherRequestForItIsAViolation() {
		this.world.confirmed(0);
		this.world.answers.clear();
		this.world.answer(0, 1, 409, null, null, IN_PROGRESS, true, 0, 1_200);
		// Sent after the first send had its answer.
		this.world.answer(0, 2, 201, id(0), "CONFIRMED", null, false, 1_500, 700);

		assertThat(invariants()).containsExactly(Invariant.DOCUMENTED_ANSWERS);
	}

	@Test
	void aValidDeadLetterAndAPoisonMissingFromAConsumerAreViolations() {
		this.world.confirmed(0);
		InjectedPoison.Poison poison = new InjectedPoison.Poison(RUN + "-poison-1", "kafka", SoakNames.ORDER_EVENTS);
		this.world.poisons.add(poison);
		this.world.deadLetters.add(new DeadLetter("shopflow.order-events.DLT-0@0", poison.id(), poison.body(),
				"DeserializationException: not json", "inventory-service", null, false));
		this.world.deadLetters
			.add(new DeadLetter("shopflow.payment-events.DLT-0@0", id(0), "{\"type\":\"PaymentAuthorized\"}",
					"ConnectException: postgres", "order-service", "PaymentAuthorized", false));
		this.world.deadLetters
			.add(new DeadLetter("shopflow.payment-events.DLT-0@1", id(0), "{}", "old", "order-service", null, true));

		assertThat(invariants()).containsExactlyInAnyOrder(Invariant.NO_VALID_DEAD_LETTER,
				Invariant.POISON_DEAD_LETTERED);
	}

	@Test
	void anOrderLeftPendingIsNotTerminal() {
		this.world.confirmed(0);
		this.world.orders.put(id(0),
				new Order(id(0), customer(0), "PAYMENT_PENDING", new BigDecimal("20.00"), Map.of(this.plenty, 1)));

		assertThat(invariants()).contains(Invariant.TERMINAL).doesNotContain(Invariant.ONE_EMAIL);
	}

	@Test
	void prometheusGrowthCountsAcrossARestartAndFromZeroForANewSeries() throws Exception {
		var json = new com.fasterxml.jackson.databind.ObjectMapper();
		// 5 before the run, +3, then the service restarts and counts 2 again.
		var restarted = json.readTree("[[95,\"5\"],[100,\"5\"],[105,\"8\"],[110,\"1\"],[115,\"2\"]]");
		// Registered at its first increment, during the run.
		var created = json.readTree("[[105,\"4\"],[110,\"4\"]]");

		assertThat(Prometheus.growth(restarted, 100)).isEqualTo(5.0);
		assertThat(Prometheus.growth(created, 100)).isEqualTo(4.0);
	}

	private List<Violation> check() {
		return InvariantChecker.check(this.world.run(), this.world.state());
	}

	private List<Invariant> invariants() {
		return check().stream().map(Violation::invariant).toList();
	}

	private static String customer(int index) {
		return "soak-" + RUN + "-" + index;
	}

	private static String id(int index) {
		return "00000000-0000-0000-0000-00000000000" + index;
	}

	/** A run and the state it left, built order by order as if all went well. */
	private final class World {

		final List<PlannedOrder> planned = new ArrayList<>();

		final List<Answer> answers = new ArrayList<>();

		final Map<String, Order> orders = new LinkedHashMap<>();

		final List<Payment> payments = new ArrayList<>();

		final Map<String, Reservation> reservations = new HashMap<>();

		final List<Notification> notifications = new ArrayList<>();

		final Map<String, Stock> stockBefore = new HashMap<>();

		final Map<String, Stock> stockAfter = new HashMap<>();

		final Map<String, List<String>> emails = new HashMap<>();

		final List<DeadLetter> deadLetters = new ArrayList<>();

		final List<InjectedPoison.Poison> poisons = new ArrayList<>();

		World() {
			for (SoakCatalogue.Sku sku : InvariantCheckerTest.this.catalogue.skus()) {
				this.stockBefore.put(sku.sku(), new Stock(sku.stock(), 0, 0));
				this.stockAfter.put(sku.sku(), new Stock(sku.stock(), 0, 0));
			}
		}

		/** One unit of the plentiful SKU, 20.00, confirmed, emailed. */
		void confirmed(int index) {
			String sku = InvariantCheckerTest.this.plenty;
			plan(index, PlannedOrder.Kind.NORMAL, sku);
			answer(index, 1, 201, id(index), "CONFIRMED", false);
			this.orders.put(id(index),
					new Order(id(index), customer(index), "CONFIRMED", new BigDecimal("20.00"), Map.of(sku, 1)));
			this.payments.add(new Payment(id(index), customer(index), "AUTHORIZED", new BigDecimal("20.00")));
			this.reservations.put(id(index), new Reservation(id(index), "COMMITTED", Map.of(sku, 1)));
			this.notifications.add(new Notification(id(index), customer(index), "CONFIRMED", "DELIVERED", 1));
			this.emails.put(customer(index), List.of("Your order is confirmed"));
			Stock stock = this.stockAfter.get(sku);
			this.stockAfter.put(sku, new Stock(stock.available() - 1, stock.reserved(), stock.sold() + 1));
		}

		/**
		 * Authorized while its answer was lost, then cancelled by the deadline, refunded.
		 */
		void cancelledAndRefunded(int index) {
			String sku = InvariantCheckerTest.this.plenty;
			plan(index, PlannedOrder.Kind.NORMAL, sku);
			answer(index, 1, 202, id(index), "PAYMENT_PENDING", false);
			this.orders.put(id(index),
					new Order(id(index), customer(index), "CANCELLED", new BigDecimal("20.00"), Map.of(sku, 1)));
			this.payments.add(new Payment(id(index), customer(index), "REFUNDED", new BigDecimal("20.00")));
			this.reservations.put(id(index), new Reservation(id(index), "RELEASED", Map.of(sku, 1)));
			this.notifications.add(new Notification(id(index), customer(index), "CANCELLED", "DELIVERED", 1));
			this.notifications.add(new Notification(id(index), customer(index), "REFUNDED", "DELIVERED", 1));
			this.emails.put(customer(index), List.of("Your order was cancelled", "Your payment was refunded"));
		}

		void plan(int index, PlannedOrder.Kind kind, String sku) {
			this.planned.add(new PlannedOrder(index, customer(index), customer(index), kind,
					List.of(new PlannedOrder.Line(sku, 1)), -1));
		}

		void answer(int index, int attempt, int status, String orderId, String orderStatus, boolean retryAfter) {
			answer(index, attempt, status, orderId, orderStatus, null, retryAfter, index * 100L, 1);
		}

		/** An answer to a request due at {@code intendedAt}, {@code latency} later. */
		void answer(int index, int attempt, int status, String orderId, String orderStatus, String problemType,
				boolean retryAfter, long intendedAt, long latency) {
			PlannedOrder order = this.planned.stream().filter((p) -> p.index() == index).findFirst().orElseGet(() -> {
				plan(index, PlannedOrder.Kind.NORMAL, InvariantCheckerTest.this.plenty);
				return this.planned.getLast();
			});
			this.answers.add(new Answer(order, attempt, intendedAt, Answer.Outcome.ANSWERED, status,
					latency * 1_000_000, orderId, orderStatus, problemType, retryAfter, false, null));
		}

		SoakRun run() {
			return new SoakRun(RUN, SoakSettings.shortRun(null), InvariantCheckerTest.this.catalogue, this.planned,
					this.stockBefore, this.answers, List.of(), this.poisons,
					new Drain.Result(true, Duration.ofSeconds(5), Map.of()), 1.0);
		}

		SystemState state() {
			return new SystemState(this.orders, this.payments, this.reservations, this.notifications, this.stockAfter,
					Map.of("order", 0L, "payment", 0L, "notification", 0L), this.deadLetters, this.emails);
		}

	}

}
