-- The CHECK constraints are a second line of defence: the code never lets stock go
-- negative (conditional updates), but a bug must fail loudly instead of overselling.
CREATE TABLE product (
	sku        varchar(32)    PRIMARY KEY,
	name       varchar(200)   NOT NULL,
	unit_price numeric(12, 2) NOT NULL CONSTRAINT product_unit_price_positive CHECK (unit_price > 0),
	currency   char(3)        NOT NULL CONSTRAINT product_currency_iso_4217 CHECK (currency ~ '^[A-Z]{3}$'),
	available  integer        NOT NULL CONSTRAINT product_available_not_negative CHECK (available >= 0),
	reserved   integer        NOT NULL DEFAULT 0 CONSTRAINT product_reserved_not_negative CHECK (reserved >= 0),
	sold       integer        NOT NULL DEFAULT 0 CONSTRAINT product_sold_not_negative CHECK (sold >= 0)
);

-- One row per order id, ever: it is the idempotency record. Rows are never deleted, so a
-- RELEASED row (possibly a tombstone without lines) keeps a late reserve from taking stock.
CREATE TABLE reservation (
	order_id   uuid        PRIMARY KEY,
	status     varchar(16) NOT NULL CONSTRAINT reservation_status_known CHECK (status IN ('RESERVED', 'REJECTED', 'RELEASED')),
	created_at timestamptz NOT NULL DEFAULT now(),
	updated_at timestamptz NOT NULL DEFAULT now()
);

-- unit_price/currency record the product's price at reservation time, for audit. They are
-- not the order's promise: order-service prices an order from GET /api/products before it
-- reserves, and keeps its own copy.
CREATE TABLE reservation_line (
	order_id   uuid           NOT NULL REFERENCES reservation (order_id),
	sku        varchar(32)    NOT NULL REFERENCES product (sku),
	quantity   integer        NOT NULL CONSTRAINT reservation_line_quantity_positive CHECK (quantity > 0),
	unit_price numeric(12, 2) NOT NULL CONSTRAINT reservation_line_unit_price_positive CHECK (unit_price > 0),
	currency   char(3)        NOT NULL,
	PRIMARY KEY (order_id, sku)
);

-- What a REJECTED reservation was short of, so that a repeat answers the same 409.
CREATE TABLE reservation_shortage (
	order_id  uuid        NOT NULL REFERENCES reservation (order_id),
	sku       varchar(32) NOT NULL REFERENCES product (sku),
	requested integer     NOT NULL CONSTRAINT reservation_shortage_requested_positive CHECK (requested > 0),
	available integer     NOT NULL CONSTRAINT reservation_shortage_available_not_negative CHECK (available >= 0),
	PRIMARY KEY (order_id, sku)
);
