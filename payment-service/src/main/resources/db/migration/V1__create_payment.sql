-- One payment per order: the unique order_id is what makes authorization idempotent
-- (INSERT ... ON CONFLICT (order_id) DO NOTHING), so it must never be dropped.
CREATE TABLE payment (
	payment_id      uuid          PRIMARY KEY,
	order_id        uuid          NOT NULL UNIQUE,
	customer_id     varchar(64)   NOT NULL,
	amount          numeric(12,2) NOT NULL CHECK (amount > 0),
	currency        char(3)       NOT NULL,
	status          varchar(16)   NOT NULL CHECK (status IN ('AUTHORIZED', 'DECLINED', 'REFUNDED')),
	decline_reason  varchar(255),
	idempotency_key varchar(128),
	created_at      timestamptz   NOT NULL DEFAULT now(),
	updated_at      timestamptz   NOT NULL DEFAULT now()
);
