package dev.shopflow.system;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same question, "what would 3 books cost, and are they there?", asked of
 * order-service both ways it can ask inventory-service: over REST and over RabbitMQ
 * request-reply. Both run against the real services in one run, interleaved, so they see
 * the same machine. Not a test: it prints numbers. Run with
 * {@code ./mvnw -B install -DskipTests && ./mvnw -B -pl system-tests -Pbenchmark verify}.
 */
class QuoteLatencyBenchmark {

	private static final int WARM_UP = 500;

	private static final int MEASURED = Integer.getInteger("benchmark.quotes", 2000);

	private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	@Test
	void quoteOverRestVersusOverRabbitMqRequestReply() throws Exception {
		ShopFlow.start();
		URI rest = ShopFlow.order.uri("/api/quotes?sku=BOOK-001&quantity=3&via=rest");
		URI rabbit = ShopFlow.order.uri("/api/quotes?sku=BOOK-001&quantity=3&via=rabbitmq");
		for (int i = 0; i < WARM_UP; i++) {
			ask(rest);
			ask(rabbit);
		}
		List<Long> overRest = new ArrayList<>();
		List<Long> overRabbit = new ArrayList<>();
		for (int i = 0; i < MEASURED; i++) {
			overRest.add(ask(rest));
			overRabbit.add(ask(rabbit));
		}
		System.out.printf("%nGET /api/quotes through order-service, %d each, interleaved, one client%n", MEASURED);
		System.out.printf("%-28s %8s %8s %8s %8s%n", "path", "p50 ms", "p90 ms", "p99 ms", "max ms");
		print("REST (RestClient)", overRest);
		print("RabbitMQ request-reply", overRabbit);
		assertThat(overRest).hasSize(MEASURED);
	}

	private long ask(URI uri) throws Exception {
		long start = System.nanoTime();
		HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(uri).build(),
				HttpResponse.BodyHandlers.ofString());
		long nanos = System.nanoTime() - start;
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return nanos;
	}

	private static void print(String path, List<Long> nanos) {
		List<Long> sorted = new ArrayList<>(nanos);
		Collections.sort(sorted);
		System.out.printf("%-28s %8.2f %8.2f %8.2f %8.2f%n", path, percentile(sorted, 50), percentile(sorted, 90),
				percentile(sorted, 99), percentile(sorted, 100));
	}

	private static double percentile(List<Long> sorted, int p) {
		int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
		return sorted.get(Math.max(0, index)) / 1_000_000.0;
	}

}
