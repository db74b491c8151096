-- A reservation that holds stock now ends in one of three ways: committed when its order is
-- confirmed (the units move from reserved to sold), released by its order, or expired when
-- neither happened within its TTL (the units go back to available).
ALTER TABLE reservation DROP CONSTRAINT reservation_status_known;
ALTER TABLE reservation ADD CONSTRAINT reservation_status_known
	CHECK (status IN ('RESERVED', 'REJECTED', 'RELEASED', 'COMMITTED', 'EXPIRED'));

-- The expiry sweep reads only reservations that still hold stock, oldest first; they are
-- few next to the final ones, which pile up forever.
CREATE INDEX reservation_reserved_since_idx ON reservation (created_at) WHERE status = 'RESERVED';

-- Inbox of the idempotent consumers (dev.shopflow.messaging.inbox.ProcessedEvents).
CREATE TABLE processed_events (
	consumer     varchar(64) NOT NULL,
	event_id     uuid        NOT NULL,
	event_type   varchar(64) NOT NULL,
	processed_at timestamptz NOT NULL,
	PRIMARY KEY (consumer, event_id)
);
CREATE INDEX processed_events_age_idx ON processed_events (processed_at);
