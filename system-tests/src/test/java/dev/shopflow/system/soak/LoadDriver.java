package dev.shopflow.system.soak;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Places the planned orders at a fixed arrival rate, an open model: each request goes out
 * at its intended time whatever happened to the ones before, and its latency counts from
 * that time, so a stalled server cannot hide its stalls by slowing the load down. At most
 * {@code maxInFlight} requests wait at once; one more at its send time is recorded as not
 * sent, never dropped silently.
 */
final class LoadDriver {

	private static final ObjectMapper json = new ObjectMapper();

	private static final Duration PROGRESS_EVERY = Duration.ofSeconds(15);

	private final HttpClient http;

	private final SoakSettings settings;

	LoadDriver(HttpClient http, SoakSettings settings) {
		this.http = http;
		this.settings = settings;
	}

	/** One request at its time: the first send of an order, or its resend. */
	private record Send(PlannedOrder order, int attempt, long offsetNanos) {

	}

	/** Sends everything, then waits for the last answer (at most the request timeout). */
	List<Answer> run(List<PlannedOrder> orders) {
		List<Send> sends = schedule(orders);
		Semaphore permits = new Semaphore(this.settings.maxInFlight());
		ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
		List<CompletableFuture<Void>> pending = new ArrayList<>(sends.size());
		long start = System.nanoTime();
		long nextProgress = start + PROGRESS_EVERY.toNanos();
		for (Send send : sends) {
			long due = start + send.offsetNanos();
			waitUntil(due);
			if (System.nanoTime() >= nextProgress) {
				progress(start, pending.size(), sends.size(), permits, answers);
				nextProgress += PROGRESS_EVERY.toNanos();
			}
			if (!permits.tryAcquire()) {
				answers.add(new Answer(send.order(), send.attempt(), millis(send.offsetNanos()),
						Answer.Outcome.NOT_SENT, 0, 0, null, null, null, false, false,
						"more than " + this.settings.maxInFlight() + " in flight"));
				continue;
			}
			pending.add(this.http.sendAsync(request(send), HttpResponse.BodyHandlers.ofString())
				// The request timeout covers the wait for the headers; this bounds the
				// rest.
				.orTimeout(this.settings.requestTimeout().toSeconds() + 10, java.util.concurrent.TimeUnit.SECONDS)
				.handle((response, failure) -> answer(send, due, response, failure))
				.thenAccept((answer) -> {
					permits.release();
					answers.add(answer);
				}));
		}
		CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
		progress(start, pending.size(), sends.size(), permits, answers);
		return answers.stream()
			.sorted(Comparator.comparingLong(Answer::intendedAtMillis).thenComparing(Answer::attempt))
			.toList();
	}

	private List<Send> schedule(List<PlannedOrder> orders) {
		double intervalNanos = 1e9 / this.settings.rate();
		List<Send> sends = new ArrayList<>();
		for (PlannedOrder order : orders) {
			long offset = (long) (order.index() * intervalNanos);
			sends.add(new Send(order, 1, offset));
			if (order.resent()) {
				sends.add(new Send(order, 2, offset + Duration.ofMillis(order.resendAfterMillis()).toNanos()));
			}
		}
		sends.sort(Comparator.comparingLong(Send::offsetNanos));
		return sends;
	}

	// Sleeping here is the scheduler's job: it only decides when the next request leaves.
	private static void waitUntil(long due) {
		for (long left = due - System.nanoTime(); left > 0; left = due - System.nanoTime()) {
			LockSupport.parkNanos(left);
		}
	}

	private HttpRequest request(Send send) {
		return HttpRequest.newBuilder(URI.create(SoakNames.ORDERS_API))
			.timeout(this.settings.requestTimeout())
			.header("Content-Type", "application/json")
			.header("Idempotency-Key", send.order().idempotencyKey())
			.header("X-Correlation-Id", send.order().idempotencyKey() + "-" + send.attempt())
			.POST(HttpRequest.BodyPublishers.ofString(send.order().body()))
			.build();
	}

	private static Answer answer(Send send, long due, HttpResponse<String> response, Throwable failure) {
		long latency = System.nanoTime() - due;
		long intended = millis(send.offsetNanos());
		if (failure != null) {
			Throwable cause = (failure instanceof CompletionException && failure.getCause() != null)
					? failure.getCause() : failure;
			return new Answer(send.order(), send.attempt(), intended, outcomeOf(cause), 0, latency, null, null, null,
					false, false, cause.toString());
		}
		JsonNode body = parse(response.body());
		boolean isOrder = body != null && body.hasNonNull("id") && body.path("status").isTextual();
		String orderId = (body == null) ? null
				: isOrder ? body.get("id").asText() : body.hasNonNull("orderId") ? body.get("orderId").asText() : null;
		String orderStatus = (body == null) ? null : isOrder ? body.get("status").asText()
				: body.hasNonNull("orderStatus") ? body.get("orderStatus").asText() : null;
		String problemType = (body != null && body.hasNonNull("type")) ? body.get("type").asText() : null;
		String detail = isOrder ? null : abbreviate(response.body());
		return new Answer(send.order(), send.attempt(), intended, Answer.Outcome.ANSWERED, response.statusCode(),
				latency, orderId, orderStatus, problemType, response.headers().firstValue("Retry-After").isPresent(),
				response.headers().firstValue("Idempotent-Replayed").filter("true"::equalsIgnoreCase).isPresent(),
				detail);
	}

	private static Answer.Outcome outcomeOf(Throwable cause) {
		if (cause instanceof ConnectException) {
			return Answer.Outcome.REFUSED;
		}
		if (cause instanceof HttpTimeoutException || cause instanceof TimeoutException) {
			return Answer.Outcome.TIMED_OUT;
		}
		return Answer.Outcome.CONNECTION_LOST;
	}

	private static JsonNode parse(String body) {
		try {
			return (body == null || body.isBlank()) ? null : json.readTree(body);
		}
		catch (IOException ex) {
			return null;
		}
	}

	static String abbreviate(String text) {
		if (text == null) {
			return null;
		}
		String line = text.replaceAll("\\s+", " ").strip();
		return (line.length() > 300) ? line.substring(0, 300) + "..." : line;
	}

	private static long millis(long nanos) {
		return nanos / 1_000_000;
	}

	private void progress(long start, int sent, int planned, Semaphore permits, ConcurrentLinkedQueue<Answer> answers) {
		Map<String, Long> byLabel = answers.stream()
			.collect(Collectors.groupingBy(Answer::label, TreeMap::new, Collectors.counting()));
		System.out.printf("[soak] %4d s  sent %d/%d  in flight %d  answers %s%n",
				(System.nanoTime() - start) / 1_000_000_000, sent, planned,
				this.settings.maxInFlight() - permits.availablePermits(), byLabel);
	}

	static <T> Map<String, Long> count(List<T> items, Function<T, String> label) {
		return items.stream().collect(Collectors.groupingBy(label, TreeMap::new, Collectors.counting()));
	}

}
