package dev.shopflow.inventory.benchmark;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shopflow.events.Quote;
import dev.shopflow.events.QuoteRequest;
import dev.shopflow.events.WorkQueues;
import dev.shopflow.inventory.ContainersConfig;
import dev.shopflow.inventory.InventoryApplication;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.core.MessagePostProcessor;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.support.converter.Jackson2JsonMessageConverter;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.amqp.RabbitConnectionDetails;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.ParameterizedTypeReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Latency of one question, the price and availability of {@code BOOK-001}, asked of a
 * running inventory-service over REST ({@code GET /api/products?sku=}) and over RabbitMQ
 * request-reply, in one run on the same machine. Not a test: it prints numbers. Run with
 * {@code ./mvnw -B -pl inventory-service -Pbenchmark verify -Dit.test=QuoteLatencyBenchmark}.
 *
 * <p>
 * Each side is asked one question at a time (closed loop, one caller), alternating
 * between the sides so that both see the same machine state (GC, other processes, JIT);
 * what is measured is the round trip of an idle service, not its throughput. Each caller
 * is what order-service is: a keep-alive HTTP/1.1 connection, and a RabbitTemplate on its
 * own connection that uses direct reply-to and makes each request expire with its reply
 * timeout.
 */
class QuoteLatencyBenchmark {

	private static final int REQUESTS = Integer.getInteger("benchmark.requests", 2000);

	private static final int WARM_UP = Integer.getInteger("benchmark.warmup", 2000);

	private static final Duration TIMEOUT = Duration.ofSeconds(2);

	private static final ParameterizedTypeReference<Quote> QUOTE = new ParameterizedTypeReference<>() {
	};

	@Test
	void quoteLatencyOverRestAndOverRequestReply() throws Exception {
		try (ConfigurableApplicationContext app = SpringApplication.from(InventoryApplication::main)
			.with(ContainersConfig.class)
			.run("--server.port=0", "--logging.level.root=WARN", "--logging.level.dev.shopflow=ERROR")
			.getApplicationContext()) {
			ObjectMapper json = app.getBean(ObjectMapper.class);
			HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
			HttpRequest get = HttpRequest
				.newBuilder(URI.create("http://localhost:" + app.getEnvironment().getProperty("local.server.port")
						+ "/api/products?sku=BOOK-001"))
				.timeout(TIMEOUT)
				.build();
			CachingConnectionFactory connections = connectionsTo(app.getBean(RabbitConnectionDetails.class));
			RabbitTemplate rabbit = caller(connections, json);
			QuoteRequest question = new QuoteRequest("BOOK-001", 1);
			MessagePostProcessor expiring = (message) -> {
				message.getMessageProperties().setExpiration(Long.toString(TIMEOUT.toMillis()));
				return message;
			};

			BooleanSupplier overRest = () -> {
				try {
					HttpResponse<byte[]> response = http.send(get, HttpResponse.BodyHandlers.ofByteArray());
					JsonNode products = json.readTree(response.body());
					return response.statusCode() == 200 && products.path(0).path("unitPrice").isNumber();
				}
				catch (Exception ex) {
					return false;
				}
			};
			BooleanSupplier overRabbit = () -> {
				Quote quote = rabbit.convertSendAndReceiveAsType(WorkQueues.INVENTORY_REQUESTS, WorkQueues.QUOTE,
						question, expiring, QUOTE);
				return quote != null && quote.known();
			};

			Side rest = new Side("REST GET /api/products?sku=", REQUESTS);
			Side requestReply = new Side("RabbitMQ request-reply", REQUESTS);
			for (int i = 0; i < WARM_UP; i++) {
				overRest.getAsBoolean();
				overRabbit.getAsBoolean();
			}
			for (int i = 0; i < REQUESTS; i++) {
				// Alternating who goes first, so neither side always follows the other.
				if (i % 2 == 0) {
					rest.ask(overRest);
					requestReply.ask(overRabbit);
				}
				else {
					requestReply.ask(overRabbit);
					rest.ask(overRest);
				}
			}

			System.out.printf(
					"%nQuote of BOOK-001: %d questions per path, one at a time, interleaved, after %d"
							+ " warm-up questions per path (%d cores, %s)%n",
					REQUESTS, WARM_UP, Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"));
			System.out.printf("%-30s %8s %8s %8s %8s %8s %7s%n", "path", "p50 ms", "p90 ms", "p99 ms", "p99.9 ms",
					"max ms", "failed");
			rest.print();
			requestReply.print();
			// The template's reply consumer first, or closing its connection cancels it.
			rabbit.destroy();
			connections.destroy();
			assertThat(rest.failed).as("REST questions without a good answer").isZero();
			assertThat(requestReply.failed).as("request-reply questions without a good answer").isZero();
		}
	}

	private static CachingConnectionFactory connectionsTo(RabbitConnectionDetails broker) {
		CachingConnectionFactory connections = new CachingConnectionFactory(broker.getFirstAddress().host(),
				broker.getFirstAddress().port());
		connections.setUsername(broker.getUsername());
		connections.setPassword(broker.getPassword());
		if (broker.getVirtualHost() != null) {
			connections.setVirtualHost(broker.getVirtualHost());
		}
		return connections;
	}

	private static RabbitTemplate caller(CachingConnectionFactory connections, ObjectMapper json) {
		Jackson2JsonMessageConverter converter = new Jackson2JsonMessageConverter(json);
		converter.setAlwaysConvertToInferredType(true);
		RabbitTemplate rabbit = new RabbitTemplate(connections);
		rabbit.setMessageConverter(converter);
		rabbit.setReplyTimeout(TIMEOUT.toMillis());
		return rabbit;
	}

	/** One path's round trips, in nanoseconds. */
	private static final class Side {

		private final String name;

		private final long[] nanos;

		private int count;

		private int failed;

		Side(String name, int requests) {
			this.name = name;
			this.nanos = new long[requests];
		}

		void ask(BooleanSupplier question) {
			long start = System.nanoTime();
			boolean answered = question.getAsBoolean();
			this.nanos[this.count++] = System.nanoTime() - start;
			if (!answered) {
				this.failed++;
			}
		}

		void print() {
			long[] sorted = Arrays.copyOf(this.nanos, this.count);
			Arrays.sort(sorted);
			System.out.printf("%-30s %8.2f %8.2f %8.2f %8.2f %8.2f %7d%n", this.name, millis(sorted, 0.50),
					millis(sorted, 0.90), millis(sorted, 0.99), millis(sorted, 0.999), millis(sorted, 1.0),
					this.failed);
		}

		private static double millis(long[] sorted, double quantile) {
			int index = (int) Math.ceil(quantile * sorted.length) - 1;
			return sorted[Math.max(index, 0)] / (double) TimeUnit.MILLISECONDS.toNanos(1);
		}

	}

}
