-- What the service tells a customer: one row per event that changed something the
-- customer can see. Rows wait as PENDING until delivery (RabbitMQ, SMTP) arrives.
CREATE TABLE notification (
	id          uuid         PRIMARY KEY,
	-- Second line of defence behind the inbox: one notification per event, even for
	-- an event that got past processed_events (e.g. replayed after the inbox forgot it).
	event_id    uuid         NOT NULL UNIQUE,
	order_id    uuid         NOT NULL,
	customer_id varchar(64)  NOT NULL,
	kind        varchar(16)  NOT NULL CHECK (kind IN ('CONFIRMED', 'REJECTED', 'CANCELLED', 'REFUNDED')),
	subject     varchar(200) NOT NULL,
	body        text         NOT NULL,
	status      varchar(16)  NOT NULL CHECK (status IN ('PENDING')),
	created_at  timestamptz  NOT NULL
);

-- The API lists the notifications of one order, oldest first.
CREATE INDEX notification_order_idx ON notification (order_id, created_at);

-- Inbox of the idempotent consumers (dev.shopflow.messaging.inbox.ProcessedEvents).
CREATE TABLE processed_events (
	consumer     varchar(64) NOT NULL,
	event_id     uuid        NOT NULL,
	event_type   varchar(64) NOT NULL,
	processed_at timestamptz NOT NULL,
	PRIMARY KEY (consumer, event_id)
);
CREATE INDEX processed_events_age_idx ON processed_events (processed_at);
