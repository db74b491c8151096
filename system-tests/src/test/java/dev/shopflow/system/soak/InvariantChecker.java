package dev.shopflow.system.soak;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.shopflow.system.soak.SystemState.Notification;
import dev.shopflow.system.soak.SystemState.Order;
import dev.shopflow.system.soak.SystemState.Payment;
import dev.shopflow.system.soak.SystemState.Reservation;
import dev.shopflow.system.soak.SystemState.Stock;

/**
 * Checks every {@link Invariant} against what the run sent and got and what the system
 * holds after the drain, and lists each violation with what it is about (an order, a SKU,
 * a dead letter), so a failed soak says what broke, not only that something did.
 */
final class InvariantChecker {

	private static final Set<String> TERMINAL = Set.of("CONFIRMED", "REJECTED", "CANCELLED");

	private final SoakRun run;

	private final SystemState state;

	private final List<Violation> violations = new ArrayList<>();

	private final Map<String, List<Order>> ordersByCustomer;

	private final Map<String, List<Payment>> paymentsByOrder;

	/** Every request of a planned order (its first send and resends), by its index. */
	private final Map<Integer, List<Answer>> answersByOrder;

	private InvariantChecker(SoakRun run, SystemState state) {
		this.run = run;
		this.state = state;
		this.ordersByCustomer = state.orders().values().stream().collect(Collectors.groupingBy(Order::customerId));
		this.paymentsByOrder = state.payments().stream().collect(Collectors.groupingBy(Payment::orderId));
		this.answersByOrder = run.answers().stream().collect(Collectors.groupingBy((a) -> a.order().index()));
	}

	static List<Violation> check(SoakRun run, SystemState state) {
		InvariantChecker checker = new InvariantChecker(run, state);
		checker.settledAndRecovered();
		checker.answers();
		checker.ordersAndKeys();
		checker.payments();
		checker.stock();
		checker.notificationsAndEmails();
		checker.outboxes();
		checker.deadLetters();
		return List.copyOf(checker.violations);
	}

	private void violation(Invariant invariant, String detail, Object... arguments) {
		this.violations.add(new Violation(invariant, detail.formatted(arguments)));
	}

	private void settledAndRecovered() {
		if (!this.run.drain().drained()) {
			violation(Invariant.SETTLED, "still in flight after %d s: %s", this.run.drain().took().toSeconds(),
					nonZero(this.run.drain().left()));
		}
		this.run.faults()
			.stream()
			.filter(FaultSchedule.InjectedFault::failed)
			.forEach((fault) -> violation(Invariant.RECOVERED, "%s at %d s: %s", fault.kind(),
					fault.startedAtMillis() / 1000, fault.result()));
	}

	private void answers() {
		for (Answer answer : this.run.answers()) {
			if (!answer.answered()) {
				continue;
			}
			String who = who(answer);
			int status = answer.status();
			if (status >= 500 && status != 503) {
				violation(Invariant.NO_500, "%s answered %d: %s", who, status, answer.detail());
				continue;
			}
			if (status == 503) {
				if (!answer.retryAfter()) {
					violation(Invariant.NO_500, "%s answered 503 without Retry-After: %s", who, answer.detail());
				}
				continue;
			}
			String expected = switch (status) {
				case 201 -> "CONFIRMED";
				case 202 -> "PAYMENT_PENDING";
				case 402 -> "CANCELLED";
				case 409 -> "REJECTED";
				default -> null;
			};
			boolean inProgress = status == 409 && answer.problemType() != null
					&& answer.problemType().endsWith("idempotency-key-in-progress");
			if (inProgress && !anotherAttemptOverlapped(answer)) {
				violation(Invariant.DOCUMENTED_ANSWERS, "%s: 409 in progress while no other request had its key", who);
			}
			else if (!inProgress && (expected == null || !expected.equals(answer.orderStatus()))) {
				violation(Invariant.DOCUMENTED_ANSWERS, "%s answered %d with order status %s: %s", who, status,
						answer.orderStatus(), answer.detail());
			}
		}
	}

	/**
	 * Whether another request with the same key was sent before this one was answered.
	 * Which of two overlapping requests reaches order-service first is up to the network
	 * and the scheduler: a resend may claim the key and the first send meet it in
	 * progress.
	 */
	private boolean anotherAttemptOverlapped(Answer answer) {
		long answeredAt = answer.intendedAtMillis() + TimeUnit.NANOSECONDS.toMillis(answer.latencyNanos());
		return this.answersByOrder.get(answer.order().index())
			.stream()
			.anyMatch((other) -> other.attempt() != answer.attempt() && other.intendedAtMillis() <= answeredAt);
	}

	private void ordersAndKeys() {
		Map<String, Order> orders = this.state.orders();
		for (Answer answer : this.run.answers()) {
			if (answer.orderId() == null) {
				continue;
			}
			Order order = orders.get(answer.orderId());
			if (order == null || !order.customerId().equals(answer.order().customerId())) {
				violation(Invariant.ANSWERS_HOLD, "%s answered %d with order %s, which the order database %s",
						who(answer), answer.status(), answer.orderId(),
						(order == null) ? "does not have" : "has for " + order.customerId());
			}
			else if (TERMINAL.contains(answer.orderStatus()) && !answer.orderStatus().equals(order.status())) {
				violation(Invariant.ANSWERS_HOLD, "%s answered %s for order %s, which ended %s", who(answer),
						answer.orderStatus(), order.id(), order.status());
			}
		}
		BigDecimal limit = SoakCatalogue.CUSTOMER_LIMIT;
		for (PlannedOrder planned : this.run.planned()) {
			List<Order> placed = this.ordersByCustomer.getOrDefault(planned.customerId(), List.of());
			List<Answer> answers = this.answersByOrder.getOrDefault(planned.index(), List.of());
			long unavailable = answers.stream().filter((a) -> a.status() == 503).count();
			// A 503 frees the key on purpose: it invites a retry, which may place the
			// order.
			long allowed = Math.min(answers.size(), 1 + unavailable);
			if (placed.size() > Math.max(1, allowed)) {
				violation(Invariant.ONE_ORDER_PER_KEY, "key %s (%d sends, %d answered 503) placed %d orders: %s",
						planned.idempotencyKey(), answers.size(), unavailable, placed.size(),
						placed.stream().map((o) -> o.id() + " " + o.status()).toList());
			}
			replays(planned, answers);
			for (Order order : placed) {
				if (!order.terminal()) {
					violation(Invariant.TERMINAL, "order %s (%s, %s) is still %s", order.id(), planned.customerId(),
							planned.kind(), order.status());
				}
				if (!"CONFIRMED".equals(order.status())) {
					continue;
				}
				if (planned.kind() == PlannedOrder.Kind.OUT_OF_STOCK || planned.kind() == PlannedOrder.Kind.OVER_LIMIT
						|| (order.total() != null && order.total().compareTo(limit) > 0)) {
					violation(Invariant.OUTCOMES, "order %s (%s, total %s) was CONFIRMED", order.id(), planned.kind(),
							order.total());
				}
				BigDecimal expected = planned.total(this.run.catalogue());
				if (order.total() == null || order.total().compareTo(expected) != 0) {
					violation(Invariant.OUTCOMES, "order %s has total %s, at catalogue prices %s", order.id(),
							order.total(), expected);
				}
			}
		}
	}

	/**
	 * A resend answers the first order (replayed) or 409 in progress, never another
	 * order.
	 */
	private void replays(PlannedOrder planned, List<Answer> answers) {
		Answer first = answers.stream().filter((a) -> a.attempt() == 1).findFirst().orElse(null);
		Answer second = answers.stream().filter((a) -> a.attempt() == 2).findFirst().orElse(null);
		if (first == null || second == null || first.orderId() == null || second.orderId() == null
				|| first.status() >= 500) {
			return;
		}
		if (!first.orderId().equals(second.orderId())) {
			violation(Invariant.ONE_ORDER_PER_KEY,
					"key %s: first send answered order %s (%d), the resend order %s (%d)", planned.idempotencyKey(),
					first.orderId(), first.status(), second.orderId(), second.status());
		}
	}

	private void payments() {
		Map<String, Order> orders = this.state.orders();
		this.paymentsByOrder.forEach((orderId, payments) -> {
			if (payments.size() > 1) {
				violation(Invariant.ONE_PAYMENT, "order %s has %d payments: %s", orderId, payments.size(), payments);
			}
			if (!orders.containsKey(orderId)) {
				violation(Invariant.ONE_PAYMENT, "payment %s for an order the order database does not have",
						payments.getFirst());
			}
		});
		for (Order order : orders.values()) {
			List<Payment> payments = this.paymentsByOrder.getOrDefault(order.id(), List.of());
			Payment payment = payments.isEmpty() ? null : payments.getFirst();
			if ("CONFIRMED".equals(order.status())) {
				if (payment == null || !"AUTHORIZED".equals(payment.status())) {
					violation(Invariant.CONFIRMED_IFF_AUTHORIZED, "order %s is CONFIRMED, its payment %s", order.id(),
							(payment == null) ? "does not exist" : "is " + payment.status());
				}
			}
			else if (order.terminal() && payment != null && "AUTHORIZED".equals(payment.status())) {
				violation(Invariant.CONFIRMED_IFF_AUTHORIZED, "order %s is %s, its payment of %s still AUTHORIZED",
						order.id(), order.status(), payment.amount());
			}
			if (payment != null && order.total() != null && payment.amount().compareTo(order.total()) != 0) {
				violation(Invariant.ONE_PAYMENT, "order %s totals %s, its payment is for %s", order.id(), order.total(),
						payment.amount());
			}
		}
	}

	private void stock() {
		Map<String, Stock> before = this.run.stockBefore();
		Map<String, Stock> after = this.state.stock();
		before.forEach((sku, was) -> {
			Stock now = after.get(sku);
			if (now == null || now.total() != was.total()) {
				violation(Invariant.STOCK_CONSERVED, "%s before: %s, after: %s", sku, was, now);
			}
		});
		Map<String, Long> confirmedUnits = new TreeMap<>();
		for (Order order : this.state.orders().values()) {
			if ("CONFIRMED".equals(order.status())) {
				order.lines().forEach((sku, quantity) -> confirmedUnits.merge(sku, (long) quantity, Long::sum));
			}
		}
		for (SoakCatalogue.Sku sku : this.run.catalogue().skus()) {
			Stock was = before.get(sku.sku());
			Stock now = after.get(sku.sku());
			if (was == null || now == null) {
				continue;
			}
			if (now.reserved() != 0) {
				violation(Invariant.STOCK_SETTLED, "%s still has %d units reserved after the drain", sku.sku(),
						now.reserved());
			}
			long sold = now.sold() - was.sold();
			long confirmed = confirmedUnits.getOrDefault(sku.sku(), 0L);
			if (sold != confirmed) {
				violation(Invariant.SOLD_MATCHES, "%s: sold went up by %d, CONFIRMED orders have %d units", sku.sku(),
						sold, confirmed);
			}
		}
		for (Order order : this.state.orders().values()) {
			Reservation reservation = this.state.reservations().get(order.id());
			String status = (reservation != null) ? reservation.status() : "none";
			if ("CONFIRMED".equals(order.status())) {
				if (!"COMMITTED".equals(status)) {
					violation(Invariant.STOCK_SETTLED, "order %s is CONFIRMED, its reservation %s", order.id(), status);
				}
				else if (!reservation.lines().equals(order.lines())) {
					violation(Invariant.STOCK_SETTLED, "order %s has lines %s, its reservation %s", order.id(),
							order.lines(), reservation.lines());
				}
			}
			else if (order.terminal() && ("RESERVED".equals(status) || "COMMITTED".equals(status))) {
				violation(Invariant.STOCK_SETTLED, "order %s is %s, its reservation still %s: %s", order.id(),
						order.status(), status, reservation.lines());
			}
		}
	}

	private void notificationsAndEmails() {
		Map<String, List<Notification>> byOrder = this.state.notifications()
			.stream()
			.collect(Collectors.groupingBy(Notification::orderId));
		Map<String, Integer> expectedEmails = new HashMap<>();
		for (Order order : this.state.orders().values()) {
			if (!order.terminal()) {
				continue;
			}
			List<String> expected = expectedKinds(order);
			expectedEmails.merge(order.customerId(), expected.size(), Integer::sum);
			List<Notification> actual = byOrder.getOrDefault(order.id(), List.of());
			Map<String, Long> want = counts(expected, Function.identity());
			Map<String, Long> got = counts(actual, Notification::kind);
			if (!want.equals(got)) {
				violation(Invariant.ONE_NOTIFICATION, "order %s (%s%s): notifications %s, expected %s", order.id(),
						order.status(), refunded(order) ? ", refunded" : "", got, want);
			}
			actual.stream()
				.filter((n) -> !"DELIVERED".equals(n.status()))
				.forEach((n) -> violation(Invariant.ONE_NOTIFICATION,
						"order %s: %s notification is %s after %d attempts", order.id(), n.kind(), n.status(),
						n.attempts()));
		}
		byOrder.keySet()
			.stream()
			.filter((id) -> !this.state.orders().containsKey(id))
			.forEach((id) -> violation(Invariant.ONE_NOTIFICATION, "notifications %s for an order that does not exist",
					byOrder.get(id)));
		for (PlannedOrder planned : this.run.planned()) {
			List<Order> orders = this.ordersByCustomer.getOrDefault(planned.customerId(), List.of());
			if (orders.stream().anyMatch((o) -> !o.terminal())) {
				continue;
			}
			int expected = expectedEmails.getOrDefault(planned.customerId(), 0);
			List<String> received = this.state.emails().getOrDefault(planned.customerId(), List.of());
			if (received.size() != expected) {
				violation(Invariant.ONE_EMAIL, "%s received %d emails %s, expected %d for orders %s",
						MailSink.addressOf(planned.customerId()), received.size(), received, expected,
						orders.stream().map((o) -> o.id() + " " + o.status()).toList());
			}
		}
	}

	/**
	 * One per customer-visible change: the outcome, and the refund if money went back.
	 */
	private List<String> expectedKinds(Order order) {
		List<String> kinds = new ArrayList<>(List.of(order.status()));
		if (refunded(order)) {
			kinds.add("REFUNDED");
		}
		return kinds;
	}

	private boolean refunded(Order order) {
		return this.paymentsByOrder.getOrDefault(order.id(), List.of())
			.stream()
			.anyMatch((p) -> "REFUNDED".equals(p.status()));
	}

	private void outboxes() {
		this.state.unsentOutbox().forEach((database, unsent) -> {
			if (unsent > 0) {
				violation(Invariant.OUTBOX_EMPTY, "%d unsent rows in %s.outbox_event", unsent, database);
			}
		});
	}

	private void deadLetters() {
		for (DeadLetter letter : this.state.deadLetters()) {
			if (letter.beforeRun()) {
				continue;
			}
			if (!letter.injected()) {
				violation(Invariant.NO_VALID_DEAD_LETTER, "%s", letter);
			}
			else if (letter.reason() == null || letter.reason().isBlank()) {
				violation(Invariant.NO_VALID_DEAD_LETTER, "injected poison without its reason header: %s", letter);
			}
		}
		for (InjectedPoison.Poison poison : this.run.poisons()) {
			List<DeadLetter> letters = this.state.deadLetters().stream().filter(poison::isIn).toList();
			if (poison.channel().equals("kafka")) {
				List<String> groups = SoakNames.CONSUMERS.get(SoakNames.ORDER_EVENTS);
				Set<String> seen = letters.stream()
					.map(DeadLetter::origin)
					.filter(Objects::nonNull)
					.collect(Collectors.toSet());
				boolean complete = seen.isEmpty() ? letters.size() >= groups.size() : seen.containsAll(groups);
				if (!complete) {
					violation(Invariant.POISON_DEAD_LETTERED, "Kafka poison %s dead-lettered by %s, consumed by %s",
							poison.id(), seen.isEmpty() ? letters.size() + " consumer(s)" : seen, groups);
				}
			}
			else if (letters.stream().noneMatch((l) -> l.place().endsWith(SoakNames.PARKING_LOT_SUFFIX))) {
				violation(Invariant.POISON_DEAD_LETTERED, "RabbitMQ poison %s is in no parking lot", poison.id());
			}
		}
	}

	private static String who(Answer answer) {
		return "%s #%d".formatted(answer.order().idempotencyKey(), answer.attempt());
	}

	private static Map<String, Long> nonZero(Map<String, Long> left) {
		Map<String, Long> nonZero = new TreeMap<>();
		left.forEach((what, count) -> {
			if (count != 0) {
				nonZero.put(what, count);
			}
		});
		return nonZero;
	}

	private static <T> Map<String, Long> counts(Collection<T> items, Function<T, String> key) {
		return items.stream().collect(Collectors.groupingBy(key, TreeMap::new, Collectors.counting()));
	}

}
