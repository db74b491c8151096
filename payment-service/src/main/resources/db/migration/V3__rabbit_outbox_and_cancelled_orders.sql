-- The outbox also carries RabbitMQ commands (dev.shopflow.messaging.outbox.Outbox#appendCommand);
-- the relay reads these columns for every row, so they are needed even while this service
-- only publishes Kafka events.
ALTER TABLE outbox_event
	ADD COLUMN channel varchar(16) NOT NULL DEFAULT 'KAFKA' CHECK (channel IN ('KAFKA', 'RABBITMQ')),
	ADD COLUMN routing_key varchar(255);

-- Orders known to be cancelled. An AuthorizePayment command can arrive after its order was
-- cancelled (it waited in RabbitMQ while the saga gave up); a payment asked for a
-- cancelled order is declined instead of charged.
CREATE TABLE cancelled_order (
	order_id     uuid        PRIMARY KEY,
	cancelled_at timestamptz NOT NULL
);
