-- Inbox of the idempotent consumers (dev.shopflow.messaging.inbox.ProcessedEvents).
CREATE TABLE processed_events (
	consumer     varchar(64) NOT NULL,
	event_id     uuid        NOT NULL,
	event_type   varchar(64) NOT NULL,
	processed_at timestamptz NOT NULL,
	PRIMARY KEY (consumer, event_id)
);
CREATE INDEX processed_events_age_idx ON processed_events (processed_at);

-- The transactional outbox (dev.shopflow.messaging.outbox.Outbox): payment events are
-- written here in the transaction of the payment change and published by the relay.
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
	last_error     varchar(500)
);
CREATE INDEX outbox_event_unsent_idx ON outbox_event (id) WHERE sent_at IS NULL;
CREATE INDEX outbox_event_sent_idx ON outbox_event (sent_at) WHERE sent_at IS NOT NULL;
