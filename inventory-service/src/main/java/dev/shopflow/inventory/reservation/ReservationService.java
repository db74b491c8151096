package dev.shopflow.inventory.reservation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.shopflow.inventory.product.ProductStock;
import dev.shopflow.inventory.product.UnitPrice;
import dev.shopflow.inventory.product.UnknownSkuException;

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Reserves, commits, releases and expires stock for orders.
 * <p>
 * Guarantees: a reservation takes all of its lines or nothing; the first decision about
 * an order id (reserved, rejected or released) is final and every repeat, concurrent or
 * not, answers with it (a repeat that asks a reserved order for other lines is refused
 * instead); a reservation leaves {@code RESERVED} exactly once, so its stock is sold,
 * released or expired exactly once. Each guarantee rests on a single conditional
 * statement in a short transaction, never on read-then-write. The transactions join one
 * that is already open, such as the inbox transaction of an event.
 */
@Service
class ReservationService {

	private static final Logger log = LoggerFactory.getLogger(ReservationService.class);

	private static final Comparator<ReservationRequest.Line> LOCK_ORDER = Comparator
		.comparing(ReservationRequest.Line::sku);

	private final ReservationRepository reservations;

	private final ProductStock stock;

	private final TransactionOperations transactions;

	ReservationService(ReservationRepository reservations, ProductStock stock, TransactionOperations transactions) {
		this.reservations = reservations;
		this.stock = stock;
		this.transactions = transactions;
	}

	/**
	 * Reserves the stock of all lines of an order, or none. The request must have been
	 * validated: at least one line, unique SKUs, positive quantities.
	 * @param request the order id and its lines
	 * @return the reservation of the order and whether this call created it
	 * @throws UnknownSkuException if a line names an unknown product (nothing is stored)
	 * @throws InsufficientStockException if some line was short, now or the first time
	 * @throws ReservationReleasedException if the order had been released
	 * @throws IdempotencyMismatchException if the order is already reserved with other
	 * lines (nothing changes)
	 */
	ReservationOutcome reserve(ReservationRequest request) {
		UUID orderId = request.orderId();
		List<ReservationRequest.Line> lines = request.lines().stream().sorted(LOCK_ORDER).toList();
		Set<String> unknown = this.stock.unknownSkus(lines.stream().map(ReservationRequest.Line::sku).toList());
		if (!unknown.isEmpty()) {
			throw new UnknownSkuException(unknown);
		}
		Attempt attempt = this.transactions.execute((tx) -> {
			Attempt result = claimAndReserve(orderId, lines);
			if (result instanceof Attempt.Short) {
				tx.setRollbackOnly();
			}
			return result;
		});
		return switch (attempt) {
			case Attempt.Reserved(Reservation reservation) -> new ReservationOutcome(reservation, true);
			case Attempt.Decided(Reservation reservation) -> replay(reservation, lines);
			case Attempt.Short(List<Shortage> shortages) -> recordRejection(orderId, lines, shortages);
		};
	}

	/**
	 * Releases the reservation of an order and returns its stock, exactly once. Releasing
	 * an unknown order leaves a tombstone so that a late reserve cannot take stock;
	 * releasing a reservation in a final state (expired, rejected, committed) changes
	 * nothing.
	 * @param orderId the order
	 */
	void release(UUID orderId) {
		this.transactions.executeWithoutResult((tx) -> {
			if (releaseIfReserved(orderId) || this.reservations.claim(orderId, ReservationStatus.RELEASED)) {
				return;
			}
			// The claim lost against a reserve that committed meanwhile (the claim waited
			// for it), so the reservation may now be RESERVED: release it.
			if (!releaseIfReserved(orderId)
					&& this.reservations.findStatus(orderId).orElse(null) == ReservationStatus.COMMITTED) {
				// Sold units cannot go back on the shelf from here: order-service called
				// off an order it had confirmed, which someone has to look at.
				log.warn("Order {} asked to release its reservation after it was committed; its stock stays sold",
						orderId);
			}
		});
	}

	/**
	 * Commits the reservation of a confirmed order: its units move from reserved to sold,
	 * exactly once.
	 * @param orderId the order
	 * @return whether this call committed it; {@code false} if it was committed before
	 * @throws ReservationNotCommittableException if the order has no reservation that
	 * holds stock (none, rejected, released or expired); nothing changes
	 */
	boolean commit(UUID orderId) {
		Boolean committed = this.transactions.execute((tx) -> {
			if (this.reservations.commit(orderId)) {
				find(orderId).lines()
					.stream()
					.sorted(Comparator.comparing(ReservationLine::sku))
					.forEach((line) -> this.stock.sell(line.sku(), line.quantity()));
				return true;
			}
			ReservationStatus status = this.reservations.findStatus(orderId).orElse(null);
			if (status == ReservationStatus.COMMITTED) {
				return false;
			}
			throw new ReservationNotCommittableException(orderId, status);
		});
		return Boolean.TRUE.equals(committed);
	}

	/**
	 * Expires a batch of reservations that have held stock since before {@code cutoff}
	 * and returns their stock, in one transaction. Reservations that another transaction
	 * is committing or releasing right now are left to it.
	 * @param cutoff reservations made before it are due
	 * @param limit the largest number of reservations to expire
	 * @return the orders whose reservation expired
	 */
	List<UUID> expireReservedBefore(Instant cutoff, int limit) {
		List<UUID> expired = this.transactions.execute((tx) -> {
			List<UUID> orderIds = this.reservations.expireReservedBefore(cutoff, limit);
			if (!orderIds.isEmpty()) {
				// One update per product for the whole batch, in ascending SKU order like
				// every other stock change.
				this.reservations.quantitiesBySku(orderIds).forEach(this.stock::release);
			}
			return orderIds;
		});
		return (expired != null) ? expired : List.of();
	}

	/**
	 * Returns the reservation of an order.
	 * @param orderId the order
	 * @return the reservation
	 * @throws ReservationNotFoundException if the order is unknown
	 */
	Reservation find(UUID orderId) {
		return this.reservations.find(orderId).orElseThrow(() -> new ReservationNotFoundException(orderId));
	}

	private Attempt claimAndReserve(UUID orderId, List<ReservationRequest.Line> lines) {
		if (!this.reservations.claim(orderId, ReservationStatus.RESERVED)) {
			return new Attempt.Decided(find(orderId));
		}
		List<ReservationLine> reserved = new ArrayList<>();
		List<Shortage> shortages = new ArrayList<>();
		for (ReservationRequest.Line line : lines) {
			// After the first shortage the attempt is lost: only report the other short
			// lines, without locking more rows.
			if (shortages.isEmpty()) {
				this.stock.reserve(line.sku(), line.quantity())
					.map((price) -> toLine(line, price))
					.ifPresentOrElse(reserved::add, () -> shortages.add(shortage(line)));
			}
			else if (available(line) < line.quantity()) {
				shortages.add(shortage(line));
			}
		}
		if (!shortages.isEmpty()) {
			return new Attempt.Short(shortages);
		}
		this.reservations.addLines(orderId, reserved);
		return new Attempt.Reserved(new Reservation(orderId, ReservationStatus.RESERVED, reserved));
	}

	/**
	 * Records the rejection in a transaction of its own, after the attempt was rolled
	 * back. If another request decided the order in between, its decision wins.
	 */
	private ReservationOutcome recordRejection(UUID orderId, List<ReservationRequest.Line> lines,
			List<Shortage> shortages) {
		Optional<Reservation> decidedMeanwhile = this.transactions.execute((tx) -> {
			if (this.reservations.claim(orderId, ReservationStatus.REJECTED)) {
				this.reservations.addShortages(orderId, shortages);
				return Optional.empty();
			}
			return Optional.of(find(orderId));
		});
		return decidedMeanwhile.map((decided) -> replay(decided, lines))
			.orElseThrow(() -> new InsufficientStockException(orderId, shortages));
	}

	/**
	 * Answers a repeat with the first decision about the order. A reservation is only
	 * replayed for the lines it holds: a repeat with other lines is not the same request.
	 */
	private ReservationOutcome replay(Reservation reservation, List<ReservationRequest.Line> requested) {
		return switch (reservation.status()) {
			// A committed reservation is still the answer to the request that made it.
			case RESERVED, COMMITTED -> {
				if (!quantitiesBySku(requested).equals(reservedQuantitiesBySku(reservation))) {
					throw new IdempotencyMismatchException(reservation.orderId());
				}
				yield new ReservationOutcome(reservation, false);
			}
			case REJECTED -> throw new InsufficientStockException(reservation.orderId(),
					this.reservations.findShortages(reservation.orderId()));
			case RELEASED, EXPIRED ->
				throw new ReservationReleasedException(reservation.orderId(), reservation.status());
		};
	}

	private boolean releaseIfReserved(UUID orderId) {
		if (!this.reservations.release(orderId)) {
			return false;
		}
		find(orderId).lines()
			.stream()
			.sorted(Comparator.comparing(ReservationLine::sku))
			.forEach((line) -> this.stock.release(line.sku(), line.quantity()));
		return true;
	}

	private static Map<String, Integer> quantitiesBySku(List<ReservationRequest.Line> lines) {
		return lines.stream()
			.collect(Collectors.toMap(ReservationRequest.Line::sku, ReservationRequest.Line::quantity));
	}

	private static Map<String, Integer> reservedQuantitiesBySku(Reservation reservation) {
		return reservation.lines().stream().collect(Collectors.toMap(ReservationLine::sku, ReservationLine::quantity));
	}

	private Shortage shortage(ReservationRequest.Line line) {
		return new Shortage(line.sku(), line.quantity(), available(line));
	}

	private int available(ReservationRequest.Line line) {
		// Products are never deleted, so a product that passed the up-front check exists.
		return this.stock.available(line.sku()).orElseThrow(() -> new UnknownSkuException(Set.of(line.sku())));
	}

	private static ReservationLine toLine(ReservationRequest.Line line, UnitPrice price) {
		return new ReservationLine(line.sku(), line.quantity(), price.amount(), price.currency());
	}

	/**
	 * What one attempt to reserve inside a transaction came to.
	 */
	private sealed interface Attempt {

		/** This attempt claimed the order and reserved all lines. */
		record Reserved(Reservation reservation) implements Attempt {
		}

		/** This attempt claimed the order but some lines were short; roll back. */
		record Short(List<Shortage> shortages) implements Attempt {
		}

		/** The order had been decided before; its stored state is the answer. */
		record Decided(Reservation reservation) implements Attempt {
		}

	}

}
