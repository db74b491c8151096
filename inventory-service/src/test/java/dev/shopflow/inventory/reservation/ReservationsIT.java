package dev.shopflow.inventory.reservation;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shopflow.inventory.ApiTestClient;
import dev.shopflow.inventory.ContainersConfig;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.StreamingHttpOutputMessage;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

// 50 reservations race for the same stock; the admission limit (tested in common-web)
// would refuse most of the race before it reached the conditional updates.
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "shopflow.web.overload.enabled=false")
@Import(ContainersConfig.class)
@AutoConfigureObservability
class ReservationsIT {

	private final RestClient http;

	private final JdbcClient jdbc;

	ReservationsIT(@LocalServerPort int port, @Autowired JdbcClient jdbc) {
		this.http = ApiTestClient.create(port);
		this.jdbc = jdbc;
	}

	@Test
	void fiftyConcurrentReservationsAgainstStockOfTenReserveExactlyTen() throws Exception {
		String sku = newProduct(10);

		List<HttpStatusCode> statuses = concurrently(50,
				() -> reserve(UUID.randomUUID(), Map.of(sku, 1)).getStatusCode());

		Map<HttpStatusCode, Long> counts = statuses.stream()
			.collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
		assertThat(counts).containsOnly(Map.entry(HttpStatus.CREATED, 10L), Map.entry(HttpStatus.CONFLICT, 40L));
		assertThat(stockOf(sku)).isEqualTo(new Stock(0, 10));
		assertThat(reservedQuantity(sku)).isEqualTo(10);
	}

	@Test
	void repeatedReservationForSameOrderHasOneEffect() {
		String sku = newProduct(5);
		UUID orderId = UUID.randomUUID();

		ResponseEntity<JsonNode> first = reserve(orderId, Map.of(sku, 2));
		ResponseEntity<JsonNode> repeat = reserve(orderId, Map.of(sku, 2));

		assertThat(first.getStatusCode()).isEqualTo(HttpStatus.CREATED);
		assertThat(first.getBody().path("status").asText()).isEqualTo("RESERVED");
		assertThat(first.getBody().path("lines").path(0).path("quantity").asInt()).isEqualTo(2);
		assertThat(repeat.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(repeat.getBody()).isEqualTo(first.getBody());
		assertThat(stockOf(sku)).isEqualTo(new Stock(3, 2));
	}

	@Test
	void repeatWithSameLinesInAnotherOrderReplaysTheReservation() {
		String first = newProduct(5);
		String second = newProduct(5);
		UUID orderId = UUID.randomUUID();

		ResponseEntity<JsonNode> created = reserve(orderId, List.of(line(first, 1), line(second, 2)));
		ResponseEntity<JsonNode> repeat = reserve(orderId, List.of(line(second, 2), line(first, 1)));

		assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
		assertThat(repeat.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(repeat.getBody()).isEqualTo(created.getBody());
		assertThat(stockOf(first)).isEqualTo(new Stock(4, 1));
		assertThat(stockOf(second)).isEqualTo(new Stock(3, 2));
	}

	@Test
	void refusesARepeatWithOtherQuantitiesAndChangesNothing() {
		String sku = newProduct(10);
		UUID orderId = UUID.randomUUID();
		ResponseEntity<JsonNode> created = reserve(orderId, Map.of(sku, 2));

		ResponseEntity<JsonNode> repeat = reserve(orderId, Map.of(sku, 3));

		assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
		assertThat(repeat.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
		assertThat(repeat.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(repeat.getBody().path("type").asText()).isEqualTo("urn:shopflow:problem:idempotency-mismatch");
		assertThat(repeat.getBody().path("detail").asText())
			.isEqualTo("Order " + orderId + " was already reserved with other lines");
		assertThat(repeat.getBody().path("orderId").asText()).isEqualTo(orderId.toString());
		assertThat(stockOf(sku)).isEqualTo(new Stock(8, 2));
		assertThat(find(orderId).getBody()).isEqualTo(created.getBody());
	}

	@Test
	void refusesARepeatWithOtherSkusAndChangesNothing() {
		String reserved = newProduct(5);
		String other = newProduct(5);
		UUID orderId = UUID.randomUUID();
		ResponseEntity<JsonNode> created = reserve(orderId, Map.of(reserved, 1));

		ResponseEntity<JsonNode> extraLine = reserve(orderId, Map.of(reserved, 1, other, 1));
		ResponseEntity<JsonNode> swappedSku = reserve(orderId, Map.of(other, 1));

		assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
		assertThat(List.of(extraLine, swappedSku)).allSatisfy((response) -> {
			assertThat(response.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
			assertThat(response.getBody().path("type").asText()).isEqualTo("urn:shopflow:problem:idempotency-mismatch");
		});
		assertThat(stockOf(reserved)).isEqualTo(new Stock(4, 1));
		assertThat(stockOf(other)).isEqualTo(new Stock(5, 0));
		assertThat(find(orderId).getBody()).isEqualTo(created.getBody());
	}

	@Test
	void concurrentRepeatsOfOneOrderHaveOneEffect() throws Exception {
		String sku = newProduct(5);
		UUID orderId = UUID.randomUUID();

		List<ResponseEntity<JsonNode>> responses = concurrently(10, () -> reserve(orderId, Map.of(sku, 2)));

		assertThat(responses).extracting(ResponseEntity::getStatusCode)
			.containsOnlyOnce(HttpStatus.CREATED)
			.containsOnly(HttpStatus.CREATED, HttpStatus.OK);
		assertThat(responses).extracting(ResponseEntity::getBody).containsOnly(responses.get(0).getBody());
		assertThat(stockOf(sku)).isEqualTo(new Stock(3, 2));
	}

	@Test
	void rejectsWholeReservationWhenOneLineIsShortAndStaysRejected() {
		String plenty = newProduct(5);
		String scarce = newProduct(1);
		UUID orderId = UUID.randomUUID();

		ResponseEntity<JsonNode> rejected = reserve(orderId, Map.of(plenty, 2, scarce, 3));

		assertThat(rejected.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
		assertThat(rejected.getBody().path("type").asText()).isEqualTo("urn:shopflow:problem:insufficient-stock");
		assertThat(rejected.getBody().path("shortages")).hasSize(1);
		assertThat(rejected.getBody().path("shortages").path(0).path("sku").asText()).isEqualTo(scarce);
		assertThat(rejected.getBody().path("shortages").path(0).path("requested").asInt()).isEqualTo(3);
		assertThat(rejected.getBody().path("shortages").path(0).path("available").asInt()).isEqualTo(1);
		assertThat(rejected.getBody().path("detail").asText())
			.isEqualTo("Insufficient stock: " + scarce + " requested 3, available 1");
		assertThat(stockOf(plenty)).isEqualTo(new Stock(5, 0));
		assertThat(stockOf(scarce)).isEqualTo(new Stock(1, 0));

		restock(scarce, 10);
		ResponseEntity<JsonNode> repeat = reserve(orderId, Map.of(plenty, 2, scarce, 3));

		assertThat(repeat.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
		assertThat(repeat.getBody()).isEqualTo(rejected.getBody());
		assertThat(stockOf(plenty)).isEqualTo(new Stock(5, 0));
		assertThat(stockOf(scarce)).isEqualTo(new Stock(10, 0));
	}

	@Test
	void rejectsUnknownSkuAndStoresNothing() {
		String known = newProduct(5);
		UUID orderId = UUID.randomUUID();

		ResponseEntity<JsonNode> response = reserve(orderId, Map.of(known, 1, "NOPE-404", 1));

		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
		assertThat(response.getBody().path("type").asText()).isEqualTo("urn:shopflow:problem:unknown-sku");
		assertThat(response.getBody().path("skus").toString()).isEqualTo("[\"NOPE-404\"]");
		assertThat(reservationRows(orderId)).isZero();
		assertThat(stockOf(known)).isEqualTo(new Stock(5, 0));
	}

	@Test
	void cutsOffAChunkedBodyJustOverTheLimit() {
		String sku = newProduct(5);
		UUID orderId = UUID.randomUUID();
		byte[] json = """
				{"orderId": "%s", "lines": [{"sku": "%s", "quantity": 1}]}
				""".formatted(orderId, sku + "A".repeat(65_536 + 1024)).getBytes(StandardCharsets.UTF_8);

		// A streamed body has no Content-Length, so only counting the bytes read can stop
		// it.
		ResponseEntity<JsonNode> response = this.http.post()
			.uri("/api/reservations")
			.contentType(MediaType.APPLICATION_JSON)
			.body((StreamingHttpOutputMessage.Body) (out) -> out.write(json))
			.retrieve()
			.toEntity(JsonNode.class);

		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.PAYLOAD_TOO_LARGE);
		assertThat(response.getBody().path("type").asText()).isEqualTo("urn:shopflow:problem:payload-too-large");
		assertThat(reservationRows(orderId)).isZero();
		assertThat(stockOf(sku)).isEqualTo(new Stock(5, 0));
	}

	@Test
	void releaseReturnsStockOnceEvenIfCalledTwice() {
		String sku = newProduct(10);
		UUID orderId = UUID.randomUUID();
		assertThat(reserve(orderId, Map.of(sku, 3)).getStatusCode()).isEqualTo(HttpStatus.CREATED);
		assertThat(stockOf(sku)).isEqualTo(new Stock(7, 3));

		assertThat(release(orderId)).isEqualTo(HttpStatus.NO_CONTENT);
		assertThat(release(orderId)).isEqualTo(HttpStatus.NO_CONTENT);

		assertThat(stockOf(sku)).isEqualTo(new Stock(10, 0));
		assertThat(find(orderId).getBody().path("status").asText()).isEqualTo("RELEASED");
	}

	@Test
	void releaseBeforeReserveMakesALateReserveTakeNoStock() {
		String sku = newProduct(10);
		UUID orderId = UUID.randomUUID();

		assertThat(release(orderId)).isEqualTo(HttpStatus.NO_CONTENT);
		ResponseEntity<JsonNode> late = reserve(orderId, Map.of(sku, 3));

		assertThat(late.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
		assertThat(late.getBody().path("type").asText()).isEqualTo("urn:shopflow:problem:reservation-released");
		assertThat(stockOf(sku)).isEqualTo(new Stock(10, 0));
		assertThat(find(orderId).getBody().path("status").asText()).isEqualTo("RELEASED");
	}

	private ResponseEntity<JsonNode> reserve(UUID orderId, Map<String, Integer> quantities) {
		return reserve(orderId,
				quantities.entrySet().stream().map((entry) -> line(entry.getKey(), entry.getValue())).toList());
	}

	/**
	 * Reserves the lines in exactly the order given.
	 */
	private ResponseEntity<JsonNode> reserve(UUID orderId, List<Map<String, Object>> lines) {
		return this.http.post()
			.uri("/api/reservations")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("orderId", orderId, "lines", lines))
			.retrieve()
			.toEntity(JsonNode.class);
	}

	private static Map<String, Object> line(String sku, int quantity) {
		return Map.of("sku", sku, "quantity", quantity);
	}

	private HttpStatusCode release(UUID orderId) {
		return this.http.delete()
			.uri("/api/reservations/{orderId}", orderId)
			.retrieve()
			.toBodilessEntity()
			.getStatusCode();
	}

	private ResponseEntity<JsonNode> find(UUID orderId) {
		return this.http.get().uri("/api/reservations/{orderId}", orderId).retrieve().toEntity(JsonNode.class);
	}

	/**
	 * Runs the task {@code count} times in parallel, all released at once by a start
	 * gate.
	 */
	private static <T> List<T> concurrently(int count, Callable<T> task) throws Exception {
		CountDownLatch ready = new CountDownLatch(count);
		CountDownLatch start = new CountDownLatch(1);
		try (ExecutorService executor = Executors.newFixedThreadPool(count)) {
			List<Future<T>> futures = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				futures.add(executor.submit(() -> {
					ready.countDown();
					start.await();
					return task.call();
				}));
			}
			assertThat(ready.await(30, TimeUnit.SECONDS)).isTrue();
			start.countDown();
			List<T> results = new ArrayList<>();
			for (Future<T> future : futures) {
				results.add(future.get(60, TimeUnit.SECONDS));
			}
			return results;
		}
	}

	private String newProduct(int available) {
		String sku = "IT-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase(Locale.ROOT);
		this.jdbc.sql("""
				INSERT INTO product (sku, name, unit_price, currency, available, reserved)
				VALUES (:sku, 'Test product', 9.99, 'EUR', :available, 0)
				""").param("sku", sku).param("available", available).update();
		return sku;
	}

	private void restock(String sku, int available) {
		this.jdbc.sql("UPDATE product SET available = :available WHERE sku = :sku")
			.param("sku", sku)
			.param("available", available)
			.update();
	}

	private Stock stockOf(String sku) {
		return this.jdbc.sql("SELECT available, reserved FROM product WHERE sku = :sku")
			.param("sku", sku)
			.query(Stock.class)
			.single();
	}

	private int reservedQuantity(String sku) {
		return this.jdbc.sql("""
				SELECT coalesce(sum(l.quantity), 0) FROM reservation_line l
				JOIN reservation r ON r.order_id = l.order_id
				WHERE l.sku = :sku AND r.status = 'RESERVED'
				""").param("sku", sku).query(Integer.class).single();
	}

	private int reservationRows(UUID orderId) {
		return this.jdbc.sql("SELECT count(*) FROM reservation WHERE order_id = :orderId")
			.param("orderId", orderId)
			.query(Integer.class)
			.single();
	}

	record Stock(int available, int reserved) {
	}

}
