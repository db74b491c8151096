package dev.shopflow.inventory.product;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import dev.shopflow.events.Quote;
import dev.shopflow.events.QuoteRequest;
import dev.shopflow.events.WorkQueues;
import dev.shopflow.inventory.ContainersConfig;
import dev.shopflow.messaging.rabbit.ConfirmedPublisher;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.listener.RabbitListenerEndpointRegistry;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.Lifecycle;
import org.springframework.context.annotation.Import;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Quotes by request-reply over RabbitMQ, asked as order-service asks them. Runs in the
 * context shared with the other ITs, so stock is compared with the database as it stands.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(ContainersConfig.class)
@AutoConfigureObservability
class QuotesIT {

	private static final Duration PATIENCE = Duration.ofSeconds(30);

	private static final ParameterizedTypeReference<Quote> QUOTE = new ParameterizedTypeReference<>() {
	};

	@Autowired
	private RabbitTemplate rabbit;

	@Autowired
	private ConfirmedPublisher publisher;

	@Autowired
	private AmqpAdmin admin;

	@Autowired
	private RabbitListenerEndpointRegistry listeners;

	@Autowired
	private MeterRegistry meters;

	@Autowired
	private JdbcClient jdbc;

	/** Where the replies of the requests a test builds by hand go. */
	private String replies;

	@BeforeEach
	void declareAReplyQueue() {
		// Not auto-delete: receiving with a timeout subscribes and unsubscribes, which
		// would delete it.
		this.replies = this.admin.declareQueue(QueueBuilder.nonDurable("").exclusive().build());
	}

	@AfterEach
	void deleteTheReplyQueue() {
		this.admin.deleteQueue(this.replies);
	}

	@Test
	void answersAQuoteWithPriceAndAvailability() {
		Quote quote = ask(new QuoteRequest("BOOK-001", 2));

		assertThat(quote.sku()).isEqualTo("BOOK-001");
		assertThat(quote.quantity()).isEqualTo(2);
		assertThat(quote.known()).isTrue();
		assertThat(quote.unitPrice()).isEqualByComparingTo(new BigDecimal("45.00"));
		assertThat(quote.currency()).isEqualTo("EUR");
		assertThat(quote.available()).isEqualTo(availableOf("BOOK-001"));
		assertThat(quote.inStock()).isTrue();
	}

	@Test
	void quotesAProductThatIsOutOfStockAsNotInStock() {
		// Seeded with none, and nothing can reserve it.
		Quote quote = ask(new QuoteRequest("GPU-001", 1));

		assertThat(quote.known()).isTrue();
		assertThat(quote.unitPrice()).isEqualByComparingTo(new BigDecimal("899.00"));
		assertThat(quote.available()).isZero();
		assertThat(quote.inStock()).isFalse();
	}

	@Test
	void answersAnUnknownSkuAsUnknown() {
		Quote quote = ask(new QuoteRequest("NOPE-001", 3));

		assertThat(quote).isEqualTo(new Quote("NOPE-001", 3, false, null, null, 0, false));
	}

	@ParameterizedTest
	@ValueSource(strings = { "not json", "{\"sku\":\"BOOK-001\",\"quantity\":0}" })
	void dropsAMalformedRequestWithoutAnswerAndWithoutRetry(String body) {
		double rejectedBefore = outcome("rejected");

		publish(request(body, "malformed", null));
		await().atMost(PATIENCE).until(() -> outcome("rejected") == rejectedBefore + 1);

		// Answered after the malformed request was rejected, so a reply or a redelivery
		// of it would have come first.
		publish(request("{\"sku\":\"BOOK-001\",\"quantity\":1}", "good", null));
		Message reply = this.rabbit.receive(this.replies, PATIENCE.toMillis());
		assertThat(reply).isNotNull();
		assertThat(reply.getMessageProperties().getCorrelationId()).isEqualTo("good");
		assertThat(this.rabbit.receive(this.replies)).isNull();
		assertThat(outcome("rejected")).isEqualTo(rejectedBefore + 1);
		assertThat(waitingRequests()).isZero();
	}

	@Test
	void aRequestThatExpiredBeforeItWasConsumedIsDroppedByTheBroker() {
		double answeredBefore = outcome("quoted");
		Lifecycle responder = this.listeners.getListenerContainer(QuoteListener.ID);
		responder.stop();
		try {
			publish(request("{\"sku\":\"BOOK-001\",\"quantity\":1}", "stale", "1"));

			await().atMost(PATIENCE).until(() -> waitingRequests() == 0);
		}
		finally {
			responder.start();
		}

		// Once this is answered, the stale request would have been too.
		assertThat(ask(new QuoteRequest("BOOK-001", 1)).known()).isTrue();
		assertThat(this.rabbit.receive(this.replies)).isNull();
		assertThat(outcome("quoted")).isEqualTo(answeredBefore + 1);
	}

	private Quote ask(QuoteRequest request) {
		Quote quote = this.rabbit.convertSendAndReceiveAsType(WorkQueues.INVENTORY_REQUESTS, WorkQueues.QUOTE, request,
				QUOTE);
		assertThat(quote).as("reply to %s", request).isNotNull();
		return quote;
	}

	private Message request(String body, String correlationId, String expiration) {
		return MessageBuilder.withBody(body.getBytes(StandardCharsets.UTF_8))
			.setContentType(MessageProperties.CONTENT_TYPE_JSON)
			.setDeliveryMode(MessageDeliveryMode.NON_PERSISTENT)
			.setMessageId(UUID.randomUUID().toString())
			.setCorrelationId(correlationId)
			.setReplyTo(this.replies)
			.setExpiration(expiration)
			.build();
	}

	private void publish(Message request) {
		// Confirmed and routed, or it throws: a test cannot pass on a request that never
		// reached the queue.
		this.publisher.publish(WorkQueues.INVENTORY_REQUESTS, WorkQueues.QUOTE, request);
	}

	private long waitingRequests() {
		return this.admin.getQueueInfo(WorkQueues.QUOTE_QUEUE).getMessageCount();
	}

	private double outcome(String outcome) {
		return this.meters.get("shopflow.quotes").tag("outcome", outcome).counter().count();
	}

	private int availableOf(String sku) {
		return this.jdbc.sql("SELECT available FROM product WHERE sku = :sku")
			.param("sku", sku)
			.query(Integer.class)
			.single();
	}

}
