package dev.shopflow.order.placement;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.shopflow.order.domain.ConcurrentOrderUpdateException;
import dev.shopflow.order.domain.Order;
import dev.shopflow.order.domain.OrderLine;
import dev.shopflow.order.domain.Orders;
import dev.shopflow.order.downstream.DownstreamUnavailableException;
import dev.shopflow.order.inventory.InventoryClient;
import dev.shopflow.order.inventory.InventoryClient.Product;
import dev.shopflow.order.inventory.InventoryClient.ReservationOutcome;
import dev.shopflow.order.inventory.InventoryClient.StockRequest;
import dev.shopflow.order.payment.PaymentClient;
import dev.shopflow.order.payment.PaymentOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;

/**
 * Places an order: price it, persist it, reserve its stock, authorize its payment.
 *
 * <p>
 * Deliberately not {@code @Transactional}: each step commits on its own before the next
 * remote call, so no database connection waits on inventory-service or payment-service. A
 * slow downstream then costs request threads (bounded by the bulkheads), never the
 * connection pool that every other request needs.
 */
@Service
public class OrderPlacement {

	private static final Logger log = LoggerFactory.getLogger(OrderPlacement.class);

	private final Orders orders;

	private final InventoryClient inventory;

	private final PaymentClient payments;

	private final Clock clock;

	OrderPlacement(Orders orders, InventoryClient inventory, PaymentClient payments, Clock clock) {
		this.orders = orders;
		this.inventory = inventory;
		this.payments = payments;
		this.clock = clock;
	}

	/**
	 * @throws UnknownSkuException when a line names a SKU the catalogue does not have;
	 * nothing is stored
	 * @throws CurrencyMismatchException when the catalogue prices a line in another
	 * currency; nothing is stored
	 */
	public Placement place(PlaceOrder request) {
		UUID orderId = request.orderId();
		Map<String, Product> catalogue;
		try {
			catalogue = this.inventory.products(request.lines().stream().map(PlaceOrder.Line::sku).toList());
		}
		catch (DownstreamUnavailableException ex) {
			Order unpriced = Order.place(orderId, request.customerId(), request.currency(), unpricedLines(request),
					now());
			Order rejected = this.orders.insert(unpriced.reject(unavailable(ex), now()));
			return new Placement.InventoryUnavailable(rejected, ex.retryAfter());
		}
		Order order = this.orders.insert(
				Order.place(orderId, request.customerId(), request.currency(), pricedLines(request, catalogue), now()));
		return reserveStock(order);
	}

	private Placement reserveStock(Order order) {
		List<StockRequest> stock = order.lines()
			.stream()
			.map((line) -> new StockRequest(line.sku(), line.quantity()))
			.toList();
		ReservationOutcome reservation;
		try {
			reservation = this.inventory.reserve(order.id(), stock);
		}
		catch (DownstreamUnavailableException ex) {
			// The reservation may have landed even though we saw no answer: give it back.
			releaseStock(order);
			return new Placement.InventoryUnavailable(move(order, order.reject(unavailable(ex), now())),
					ex.retryAfter());
		}
		return switch (reservation) {
			case ReservationOutcome.Reserved reserved -> authorizePayment(order);
			case ReservationOutcome.Refused refused ->
				new Placement.Settled(move(order, order.reject(refused.reason(), now())));
		};
	}

	private Placement authorizePayment(Order order) {
		PaymentOutcome outcome = this.payments.authorize(order.id(), order.customerId(), order.total(),
				order.currency());
		return new Placement.Settled(switch (outcome) {
			case PaymentOutcome.Authorized authorized -> move(order, order.confirm(now()));
			case PaymentOutcome.Deferred deferred -> move(order, order.awaitPayment(deferred.reason(), now()));
			case PaymentOutcome.Declined declined -> {
				releaseStock(order);
				yield move(order, order.cancel("payment declined: " + declined.reason(), now()));
			}
		});
	}

	/**
	 * Best effort: the order must not be held up by a release that cannot be made now.
	 * Until the reservation expiry of inventory-service arrives (with the Kafka work), a
	 * failed release leaves that stock reserved; it is logged with the order id.
	 */
	private void releaseStock(Order order) {
		try {
			this.inventory.release(order.id());
		}
		catch (DownstreamUnavailableException ex) {
			log.warn("Could not release the stock of order {}; it stays reserved: {}", order.id(), ex.getMessage());
		}
	}

	/**
	 * A payment event or the deadline sweeper may settle the order while this request
	 * waits on a downstream (the event can even overtake the HTTP response that caused
	 * it). Whoever moved first wins, and the request answers with what it won.
	 */
	private Order move(Order from, Order to) {
		try {
			return this.orders.update(to, from.status());
		}
		catch (ConcurrentOrderUpdateException ex) {
			Order settled = this.orders.findById(from.id()).orElseThrow(() -> ex);
			log.info("Order {} was moved to {} while this request was at {}", from.id(), settled.status(),
					from.status());
			return settled;
		}
	}

	private static List<OrderLine> pricedLines(PlaceOrder request, Map<String, Product> catalogue) {
		List<String> unknown = new ArrayList<>();
		List<OrderLine> lines = new ArrayList<>();
		for (PlaceOrder.Line line : request.lines()) {
			Product product = catalogue.get(line.sku());
			if (product == null) {
				unknown.add(line.sku());
				continue;
			}
			if (!product.currency().equals(request.currency())) {
				throw new CurrencyMismatchException(request.currency(), line.sku(), product.currency());
			}
			lines.add(new OrderLine(line.sku(), line.quantity(), product.unitPrice()));
		}
		if (!unknown.isEmpty()) {
			throw new UnknownSkuException(unknown);
		}
		return lines;
	}

	private static List<OrderLine> unpricedLines(PlaceOrder request) {
		return request.lines().stream().map((line) -> new OrderLine(line.sku(), line.quantity(), null)).toList();
	}

	private static String unavailable(DownstreamUnavailableException ex) {
		return ex.downstream() + "-service unavailable";
	}

	private Instant now() {
		return this.clock.instant();
	}

}
