package dev.shopflow.order.domain;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import dev.shopflow.events.AuthorizePayment;
import dev.shopflow.events.WorkQueues;
import dev.shopflow.messaging.outbox.Outbox;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Orders in PostgreSQL. Each method is its own short transaction: callers never hold one
 * open across a remote call.
 *
 * <p>
 * Every write appends the event of the order's new state to the outbox in the same
 * transaction, and the command it calls for, if any: no state change can be stored
 * without other services learning of it (or being told what to do about it), and nothing
 * can be published for a change that did not commit.
 */
@Repository
public class Orders {

	private static final String SELECT_ORDERS = """
			SELECT o.id, o.customer_id, o.currency, o.total, o.status, o.reason, o.created_at, o.updated_at,
			       l.sku, l.quantity, l.unit_price
			FROM orders o JOIN order_line l ON l.order_id = o.id
			""";

	private final JdbcClient jdbc;

	private final Outbox outbox;

	Orders(JdbcClient jdbc, Outbox outbox) {
		this.jdbc = jdbc;
		this.outbox = outbox;
	}

	@Transactional
	public Order insert(Order order) {
		this.jdbc.sql("""
				INSERT INTO orders (id, customer_id, currency, total, status, reason, created_at, updated_at)
				VALUES (:id, :customerId, :currency, :total, :status, :reason, :createdAt, :updatedAt)
				""")
			.param("id", order.id())
			.param("customerId", order.customerId())
			.param("currency", order.currency())
			.param("total", order.total())
			.param("status", order.status().name())
			.param("reason", order.reason())
			.param("createdAt", Timestamp.from(order.createdAt()))
			.param("updatedAt", Timestamp.from(order.updatedAt()))
			.update();
		int lineNo = 0;
		for (OrderLine line : order.lines()) {
			this.jdbc.sql("""
					INSERT INTO order_line (order_id, line_no, sku, quantity, unit_price)
					VALUES (:orderId, :lineNo, :sku, :quantity, :unitPrice)
					""")
				.param("orderId", order.id())
				.param("lineNo", ++lineNo)
				.param("sku", line.sku())
				.param("quantity", line.quantity())
				.param("unitPrice", line.unitPrice())
				.update();
		}
		OrderEvents.of(order).ifPresent(this.outbox::append);
		return order;
	}

	/**
	 * Writes a transition made by {@link Order}, on condition that the stored order is
	 * still in the state it was read in. This is what keeps two actors (a request and,
	 * later, an event consumer or a sweeper) from both settling the same order.
	 */
	@Transactional
	public Order update(Order changed, OrderStatus expected) {
		int updated = this.jdbc.sql("""
				UPDATE orders SET status = :status, reason = :reason, updated_at = :updatedAt
				WHERE id = :id AND status = :expected
				""")
			.param("status", changed.status().name())
			.param("reason", changed.reason())
			.param("updatedAt", Timestamp.from(changed.updatedAt()))
			.param("id", changed.id())
			.param("expected", expected.name())
			.update();
		if (updated == 0) {
			throw new ConcurrentOrderUpdateException(changed.id(), expected);
		}
		OrderEvents.of(changed).ifPresent(this.outbox::append);
		OrderCommands.of(changed)
			.ifPresent((command) -> this.outbox.appendCommand(WorkQueues.PAYMENT_COMMANDS, WorkQueues.AUTHORIZE_PAYMENT,
					command.commandId(), changed.id(), AuthorizePayment.TYPE, command));
		return changed;
	}

	public Optional<Order> findById(UUID id) {
		return read(this.jdbc.sql(SELECT_ORDERS + " WHERE o.id = :id ORDER BY l.line_no").param("id", id)).stream()
			.findFirst();
	}

	/**
	 * Newest first, the {@code limit} orders after the first {@code offset}. Both filters
	 * are optional; {@code limit} bounds the answer so a listing can never read the whole
	 * table.
	 */
	public List<Order> find(String customerId, OrderStatus status, long offset, int limit) {
		return read(this.jdbc.sql(SELECT_ORDERS + """
				WHERE o.id IN (
				    SELECT id FROM orders
				    WHERE (CAST(:customerId AS varchar) IS NULL OR customer_id = :customerId)
				      AND (CAST(:status AS varchar) IS NULL OR status = :status)
				    ORDER BY created_at DESC, id
				    LIMIT :limit OFFSET :offset)
				ORDER BY o.created_at DESC, o.id, l.line_no
				""")
			.param("customerId", customerId)
			.param("status", (status != null) ? status.name() : null)
			.param("limit", limit)
			.param("offset", offset));
	}

	/** One row per order line; the order's own columns repeat on each of its lines. */
	private static List<Order> read(JdbcClient.StatementSpec query) {
		Map<UUID, OrderRows> byId = new LinkedHashMap<>();
		query.query((ResultSet rs) -> {
			UUID id = rs.getObject("id", UUID.class);
			OrderRows rows = byId.get(id);
			if (rows == null) {
				rows = OrderRows.from(rs);
				byId.put(id, rows);
			}
			rows.lines().add(new OrderLine(rs.getString("sku"), rs.getInt("quantity"), rs.getBigDecimal("unit_price")));
		});
		return byId.values().stream().map(OrderRows::toOrder).toList();
	}

	private record OrderRows(Order header, List<OrderLine> lines) {

		static OrderRows from(ResultSet rs) throws SQLException {
			Order header = new Order(rs.getObject("id", UUID.class), rs.getString("customer_id"),
					rs.getString("currency"), List.of(), rs.getBigDecimal("total"),
					OrderStatus.valueOf(rs.getString("status")), rs.getString("reason"),
					rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant());
			return new OrderRows(header, new ArrayList<>());
		}

		Order toOrder() {
			return new Order(this.header.id(), this.header.customerId(), this.header.currency(), this.lines,
					this.header.total(), this.header.status(), this.header.reason(), this.header.createdAt(),
					this.header.updatedAt());
		}

	}

}
