package dev.shopflow.order.api;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Remembers each {@code Idempotency-Key} with the fingerprint of its request and, once
 * there is one, the response that was sent. Claiming is an {@code INSERT ... ON
 * CONFLICT DO NOTHING}: of two concurrent requests with the same key exactly one wins,
 * without locks and without a read-then-write race.
 */
@Component
class IdempotencyKeys {

	private final JdbcClient jdbc;

	private final Clock clock;

	IdempotencyKeys(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	Claim claim(String key, String requestHash) {
		int claimed = this.jdbc.sql("""
				INSERT INTO idempotency_key (idempotency_key, request_hash, created_at)
				VALUES (:key, :hash, :now)
				ON CONFLICT (idempotency_key) DO NOTHING
				""")
			.param("key", key)
			.param("hash", requestHash)
			.param("now", Timestamp.from(this.clock.instant()))
			.update();
		if (claimed == 1) {
			return new Claim.Claimed();
		}
		Optional<StoredKey> stored = this.jdbc.sql(
				"SELECT request_hash, response_status, response_body, order_id FROM idempotency_key WHERE idempotency_key = :key")
			.param("key", key)
			.query(StoredKey.class)
			.optional();
		if (stored.isEmpty()) {
			// Released by its first request (a 5xx) between our insert and our read.
			return claim(key, requestHash);
		}
		StoredKey first = stored.get();
		if (!first.requestHash().equals(requestHash)) {
			return new Claim.Mismatch();
		}
		if (first.responseStatus() == null) {
			return new Claim.InProgress();
		}
		return new Claim.Replay(first.responseStatus(), first.responseBody(), first.orderId());
	}

	void complete(String key, int status, String body, UUID orderId) {
		this.jdbc.sql("""
				UPDATE idempotency_key SET response_status = :status, response_body = :body, order_id = :orderId
				WHERE idempotency_key = :key
				""").param("status", status).param("body", body).param("orderId", orderId).param("key", key).update();
	}

	/**
	 * Binds a key whose request failed after its order was stored to that order. The key
	 * stays in progress: a retry must not place a second order, and the order has no
	 * settled answer to replay yet.
	 */
	void attach(String key, UUID orderId) {
		this.jdbc.sql("UPDATE idempotency_key SET order_id = :orderId WHERE idempotency_key = :key")
			.param("orderId", orderId)
			.param("key", key)
			.update();
	}

	/** Forgets a key whose request stored nothing, so the client may retry with it. */
	void release(String key) {
		this.jdbc.sql("DELETE FROM idempotency_key WHERE idempotency_key = :key AND response_status IS NULL")
			.param("key", key)
			.update();
	}

	record StoredKey(String requestHash, Integer responseStatus, String responseBody, UUID orderId) {
	}

	sealed interface Claim {

		record Claimed() implements Claim {
		}

		record Replay(int status, String body, UUID orderId) implements Claim {
		}

		record Mismatch() implements Claim {
		}

		record InProgress() implements Claim {
		}

	}

}
