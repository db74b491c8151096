CREATE TABLE orders (
	id          uuid PRIMARY KEY,
	customer_id varchar(64)   NOT NULL,
	currency    char(3)       NOT NULL,
	-- NULL only for an order rejected before its prices could be looked up
	total       numeric(12,2) CHECK (total >= 0),
	status      varchar(16)   NOT NULL
		CHECK (status IN ('PENDING', 'PAYMENT_PENDING', 'CONFIRMED', 'REJECTED', 'CANCELLED')),
	reason      varchar(500),
	created_at  timestamptz   NOT NULL,
	updated_at  timestamptz   NOT NULL
);

CREATE INDEX orders_customer_idx ON orders (customer_id, created_at DESC);
CREATE INDEX orders_status_idx ON orders (status, created_at DESC);

CREATE TABLE order_line (
	order_id   uuid          NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
	line_no    int           NOT NULL,
	sku        varchar(32)   NOT NULL,
	quantity   int           NOT NULL CHECK (quantity > 0),
	unit_price numeric(12,2) CHECK (unit_price > 0),
	PRIMARY KEY (order_id, line_no)
);

-- A client's Idempotency-Key and the response it got the first time. The hash of the
-- request body tells a genuine repeat from a key reused for a different order.
CREATE TABLE idempotency_key (
	idempotency_key varchar(128) PRIMARY KEY,
	request_hash    char(64)     NOT NULL,
	response_status int,
	response_body   text,
	order_id        uuid,
	created_at      timestamptz  NOT NULL
);
