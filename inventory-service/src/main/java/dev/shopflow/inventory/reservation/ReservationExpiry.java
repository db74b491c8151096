package dev.shopflow.inventory.reservation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.shopflow.inventory.InventoryProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Gives back the stock of reservations that were neither committed nor released within
 * their TTL, so that an order order-service lost track of cannot hold stock forever.
 * <p>
 * Every instance sweeps; they cannot collide. Each batch claims its reservations with
 * {@code FOR UPDATE SKIP LOCKED}, so concurrent sweeps take disjoint batches, and every
 * transition out of {@code RESERVED} (commit, release, expiry) is a conditional update of
 * the locked row, so a reservation that a commit or release holds at that moment is left
 * to it, and whichever comes second finds the status changed and does nothing.
 */
@Component
class ReservationExpiry {

	/**
	 * Reservations expired per transaction: keeps the locks few and short when many
	 * reservations fall due at once (say after an outage of order-service).
	 */
	static final int BATCH_SIZE = 100;

	private static final Logger log = LoggerFactory.getLogger(ReservationExpiry.class);

	private final ReservationService reservations;

	private final Duration ttl;

	private final Clock clock;

	private final Counter expired;

	ReservationExpiry(ReservationService reservations, InventoryProperties properties, Clock clock,
			MeterRegistry meters) {
		this.reservations = reservations;
		this.ttl = properties.reservationTtl();
		this.clock = clock;
		this.expired = Counter.builder("shopflow.reservations.expired")
			.description("Reservations whose stock went back to available because their TTL passed")
			.baseUnit("reservations")
			.register(meters);
	}

	@Scheduled(initialDelayString = "${shopflow.inventory.expiry-check-interval}",
			fixedDelayString = "${shopflow.inventory.expiry-check-interval}")
	void expireDue() {
		expireDue(this.clock.instant());
	}

	/**
	 * Expires every reservation whose TTL has passed at {@code now}, batch after batch.
	 * @param now the current time
	 * @return the number of reservations this call expired
	 */
	int expireDue(Instant now) {
		Instant cutoff = now.minus(this.ttl);
		int total = 0;
		List<UUID> batch;
		do {
			batch = this.reservations.expireReservedBefore(cutoff, BATCH_SIZE);
			// Expiry means the order was neither confirmed nor cancelled in time, which
			// order-service's deadlines should prevent: worth a look every time.
			batch.forEach((orderId) -> log
				.warn("Reservation of order {} expired after {}; its stock is available again", orderId, this.ttl));
			this.expired.increment(batch.size());
			total += batch.size();
		}
		while (batch.size() == BATCH_SIZE);
		return total;
	}

}
