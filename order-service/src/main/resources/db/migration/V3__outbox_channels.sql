-- The outbox also carries RabbitMQ commands (AuthorizePayment): for those, topic holds the
-- exchange and routing_key the routing key.
ALTER TABLE outbox_event
	ADD COLUMN channel varchar(16) NOT NULL DEFAULT 'KAFKA' CHECK (channel IN ('KAFKA', 'RABBITMQ')),
	ADD COLUMN routing_key varchar(255);
