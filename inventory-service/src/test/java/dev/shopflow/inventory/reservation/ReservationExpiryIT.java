package dev.shopflow.inventory.reservation;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shopflow.inventory.ContainersConfig;
import dev.shopflow.inventory.InventoryProperties;
import dev.shopflow.inventory.reservation.ReservationFixture.Stock;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Time is simulated per reservation: a test backdates the reservations it wants due to
 * {@link #LONG_AGO} and sweeps as of {@code LONG_AGO} plus the TTL. Reservations of other
 * tests are younger, so a sweep touches only the reservations of its own test.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(ContainersConfig.class)
@AutoConfigureObservability
class ReservationExpiryIT {

	private static final Instant LONG_AGO = Instant.parse("2001-01-01T00:00:00Z");

	private final ReservationFixture fixture;

	private final JdbcClient jdbc;

	private final ReservationExpiry expiry;

	private final ReservationService reservations;

	private final MeterRegistry meters;

	private final Instant ttlAfterLongAgo;

	ReservationExpiryIT(@LocalServerPort int port, @Autowired JdbcClient jdbc, @Autowired ReservationExpiry expiry,
			@Autowired ReservationService reservations, @Autowired MeterRegistry meters,
			@Autowired InventoryProperties properties) {
		this.fixture = new ReservationFixture(port, jdbc);
		this.jdbc = jdbc;
		this.expiry = expiry;
		this.reservations = reservations;
		this.meters = meters;
		this.ttlAfterLongAgo = LONG_AGO.plus(properties.reservationTtl());
	}

	@Test
	void expiresReservationNotCommittedWithinItsTtl() {
		String sku = this.fixture.newProduct(10);
		UUID orderId = this.fixture.reserve(sku, 3);
		reservedLongAgo(orderId);
		double expiredBefore = expiredCount();

		assertThat(this.expiry.expireDue(this.ttlAfterLongAgo.minusSeconds(1))).isZero();
		assertThat(this.fixture.statusOf(orderId)).isEqualTo("RESERVED");

		assertThat(this.expiry.expireDue(this.ttlAfterLongAgo.plusSeconds(1))).isEqualTo(1);

		assertThat(this.fixture.statusOf(orderId)).isEqualTo("EXPIRED");
		assertThat(this.fixture.stockOf(sku)).isEqualTo(new Stock(10, 0, 0));
		assertThat(expiredCount() - expiredBefore).isEqualTo(1);
	}

	@Test
	void leavesCommittedReleasedAndYoungReservationsAlone() {
		String sku = this.fixture.newProduct(10);
		UUID committed = this.fixture.reserve(sku, 1);
		this.reservations.commit(committed);
		UUID released = this.fixture.reserve(sku, 2);
		this.fixture.release(released);
		UUID young = this.fixture.reserve(sku, 3);
		reservedLongAgo(committed);
		reservedLongAgo(released);

		assertThat(this.expiry.expireDue(this.ttlAfterLongAgo.plusSeconds(1))).isZero();

		assertThat(this.fixture.statusOf(committed)).isEqualTo("COMMITTED");
		assertThat(this.fixture.statusOf(released)).isEqualTo("RELEASED");
		assertThat(this.fixture.statusOf(young)).isEqualTo("RESERVED");
		assertThat(this.fixture.stockOf(sku)).isEqualTo(new Stock(6, 3, 1));
	}

	@Test
	void anExpiredReservationCanNeitherBeReservedAgainNorCommitted() {
		String sku = this.fixture.newProduct(10);
		UUID orderId = this.fixture.reserve(sku, 3);
		reservedLongAgo(orderId);
		this.expiry.expireDue(this.ttlAfterLongAgo.plusSeconds(1));

		ResponseEntity<JsonNode> lateReserve = this.fixture.reserve(orderId, sku, 3);
		this.fixture.release(orderId);

		assertThat(lateReserve.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
		assertThat(lateReserve.getBody().path("type").asText()).isEqualTo("urn:shopflow:problem:reservation-released");
		assertThat(lateReserve.getBody().path("detail").asText())
			.isEqualTo("The reservation of order " + orderId + " has expired");
		assertThatExceptionOfType(ReservationNotCommittableException.class)
			.isThrownBy(() -> this.reservations.commit(orderId))
			.withMessage("Cannot commit the reservation of confirmed order " + orderId + ": it is EXPIRED");
		assertThat(this.fixture.statusOf(orderId)).isEqualTo("EXPIRED");
		assertThat(this.fixture.stockOf(sku)).isEqualTo(new Stock(10, 0, 0));
	}

	@Test
	void concurrentSweepsExpireEachReservationOnce() throws Exception {
		int due = ReservationExpiry.BATCH_SIZE + 20;
		String sku = this.fixture.newProduct(due + 5);
		List<UUID> orderIds = new ArrayList<>();
		for (int i = 0; i < due; i++) {
			UUID orderId = UUID.randomUUID();
			this.reservations.reserve(new ReservationRequest(orderId, List.of(new ReservationRequest.Line(sku, 1))));
			orderIds.add(orderId);
		}
		orderIds.forEach(this::reservedLongAgo);
		UUID young = this.fixture.reserve(sku, 5);
		double expiredBefore = expiredCount();

		List<Integer> expiredBySweep = twoSweepsAtOnce(this.ttlAfterLongAgo.plusSeconds(1));

		assertThat(expiredBySweep.stream().mapToInt(Integer::intValue).sum()).isEqualTo(due);
		assertThat(expiredCount() - expiredBefore).isEqualTo(due);
		assertThat(this.jdbc.sql("SELECT DISTINCT status FROM reservation WHERE order_id IN (:orderIds)")
			.param("orderIds", orderIds)
			.query(String.class)
			.list()).containsExactly("EXPIRED");
		assertThat(this.fixture.statusOf(young)).isEqualTo("RESERVED");
		// Stock returned twice for some reservation would show as more available units.
		assertThat(this.fixture.stockOf(sku)).isEqualTo(new Stock(due, 5, 0));
	}

	private List<Integer> twoSweepsAtOnce(Instant now) throws Exception {
		CountDownLatch start = new CountDownLatch(1);
		try (ExecutorService executor = Executors.newFixedThreadPool(2)) {
			List<Future<Integer>> sweeps = new ArrayList<>();
			for (int i = 0; i < 2; i++) {
				sweeps.add(executor.submit(() -> {
					start.await();
					return this.expiry.expireDue(now);
				}));
			}
			start.countDown();
			List<Integer> expired = new ArrayList<>();
			for (Future<Integer> sweep : sweeps) {
				expired.add(sweep.get(60, TimeUnit.SECONDS));
			}
			return expired;
		}
	}

	/** Makes a reservation as old as if it had been made {@link #LONG_AGO}. */
	private void reservedLongAgo(UUID orderId) {
		this.jdbc.sql("UPDATE reservation SET created_at = :longAgo WHERE order_id = :orderId")
			.param("longAgo", Timestamp.from(LONG_AGO))
			.param("orderId", orderId)
			.update();
	}

	private double expiredCount() {
		return this.meters.get("shopflow.reservations.expired").counter().count();
	}

}
