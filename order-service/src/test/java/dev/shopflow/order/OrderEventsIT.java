package dev.shopflow.order;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shopflow.events.DomainEvent;
import dev.shopflow.events.OrderConfirmed;
import dev.shopflow.events.OrderPlaced;
import dev.shopflow.events.ShopflowHeaders;
import dev.shopflow.messaging.testing.TopicProbe;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;

/** What other services learn of an order: its events, in order, keyed by its id. */
class OrderEventsIT extends IntegrationTest {

	private static final String TWO_BOOKS = """
			{"customerId":"c-1","currency":"EUR","lines":[{"sku":"BOOK-001","quantity":2}]}
			""";

	@Autowired
	private ObjectMapper objectMapper;

	@Test
	void confirmedOrderPublishesPlacedThenConfirmedKeyedByItsId() throws Exception {
		inventory.stubFor(Stubs.catalogue());
		inventory.stubFor(Stubs.reservationAccepted());
		payment.stubFor(Stubs.paymentAuthorized());

		ResponseEntity<Map> response = placeTracedOrder(TWO_BOOKS, "corr-confirmed-1");

		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CREATED);
		UUID id = UUID.fromString((String) response.getBody().get("id"));
		try (TopicProbe events = orderEvents()) {
			List<ConsumerRecord<String, byte[]>> records = events.awaitKey(id.toString(),
					(published) -> eventTypes(published).size() >= 2);

			assertThat(eventTypes(records)).containsExactly(OrderPlaced.TYPE, OrderConfirmed.TYPE);
			assertThat(records).extracting((record) -> TopicProbe.header(record, ShopflowHeaders.EVENT_CORRELATION_ID))
				.containsOnly("corr-confirmed-1");
			OrderPlaced placed = (OrderPlaced) read(records.get(0));
			assertThat(placed.orderId()).isEqualTo(id);
			assertThat(placed.total()).isEqualByComparingTo(new BigDecimal("90.00"));
			assertThat(placed.lines()).singleElement()
				.isEqualTo(new OrderPlaced.Line("BOOK-001", 2, new BigDecimal("45.00")));
			OrderConfirmed confirmed = (OrderConfirmed) read(records.get(1));
			assertThat(confirmed.customerId()).isEqualTo("c-1");
			assertThat(confirmed.occurredAt()).isAfterOrEqualTo(placed.occurredAt());
		}
	}

	@Test
	void declinedOrderPublishesPlacedThenCancelled() {
		inventory.stubFor(Stubs.catalogue());
		inventory.stubFor(Stubs.reservationAccepted());
		inventory.stubFor(Stubs.releaseAccepted());
		payment.stubFor(Stubs.paymentDeclined());

		UUID id = idOf(placeTracedOrder(TWO_BOOKS, "corr-declined-1"));

		try (TopicProbe events = orderEvents()) {
			assertThat(eventTypes(events.awaitKey(id.toString(), (published) -> eventTypes(published).size() >= 2)))
				.containsExactly("OrderPlaced", "OrderCancelled");
		}
	}

	@Test
	void orderShortOfStockPublishesPlacedThenRejected() {
		inventory.stubFor(Stubs.catalogue());
		inventory.stubFor(Stubs.stockShort());

		UUID id = idOf(placeTracedOrder(TWO_BOOKS, "corr-short-1"));

		try (TopicProbe events = orderEvents()) {
			assertThat(eventTypes(events.awaitKey(id.toString(), (published) -> eventTypes(published).size() >= 2)))
				.containsExactly("OrderPlaced", "OrderRejected");
		}
	}

	private ResponseEntity<Map> placeTracedOrder(String body, String correlationId) {
		HttpHeaders headers = new HttpHeaders();
		headers.setContentType(MediaType.APPLICATION_JSON);
		headers.set(ShopflowHeaders.CORRELATION_ID, correlationId);
		ResponseEntity<Map> response = this.http.exchange("/api/orders", HttpMethod.POST,
				new HttpEntity<>(body, headers), Map.class);
		assertThat(response.getHeaders().getFirst(ShopflowHeaders.CORRELATION_ID)).isEqualTo(correlationId);
		return response;
	}

	private static UUID idOf(ResponseEntity<Map> response) {
		return UUID.fromString((String) response.getBody().get("id"));
	}

	private DomainEvent read(ConsumerRecord<String, byte[]> record) throws Exception {
		return this.objectMapper.readValue(record.value(), DomainEvent.class);
	}

}
