-- Delivery: each notification becomes an email task on RabbitMQ, published through the
-- outbox in the transaction that stores the notification.

-- A notification stays PENDING until its email is sent (DELIVERED), or until its task
-- failed on every retry tier and was parked for a person to look at (PARKED); a parked
-- task that is sent again later still ends DELIVERED.
ALTER TABLE notification
	DROP CONSTRAINT notification_status_check,
	ADD CONSTRAINT notification_status_check CHECK (status IN ('PENDING', 'DELIVERED', 'PARKED')),
	-- Attempts at the email so far: the one that delivered it (1 when the first try
	-- succeeded), or the last one before the task was parked.
	ADD COLUMN attempts     int NOT NULL DEFAULT 0 CHECK (attempts >= 0),
	ADD COLUMN delivered_at timestamptz,
	ADD CONSTRAINT notification_delivered_check CHECK ((status = 'DELIVERED') = (delivered_at IS NOT NULL));

-- The transactional outbox (dev.shopflow.messaging.outbox.Outbox), here for RabbitMQ
-- commands only: topic holds the exchange, message_key the order.
CREATE TABLE outbox_event (
	id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	event_id       uuid         NOT NULL UNIQUE,
	topic          varchar(249) NOT NULL,
	message_key    varchar(64)  NOT NULL,
	event_type     varchar(64)  NOT NULL,
	payload        text         NOT NULL,
	correlation_id varchar(64),
	created_at     timestamptz  NOT NULL,
	sent_at        timestamptz,
	attempts       int          NOT NULL DEFAULT 0,
	last_error     varchar(500),
	channel        varchar(16)  NOT NULL DEFAULT 'KAFKA' CHECK (channel IN ('KAFKA', 'RABBITMQ')),
	routing_key    varchar(255)
);
CREATE INDEX outbox_event_unsent_idx ON outbox_event (id) WHERE sent_at IS NULL;
CREATE INDEX outbox_event_sent_idx ON outbox_event (sent_at) WHERE sent_at IS NOT NULL;
