/**
 * Payments for orders: authorize once per order (asked over HTTP or by a deferred
 * {@code AuthorizePayment} command from RabbitMQ), refund once, look up. Idempotency
 * rests on the database (one row per order), not on locks or read-then-write checks. Each
 * change is published as a payment event through the transactional outbox, and a
 * cancelled order's payment is refunded when its order event arrives, or declined if it
 * is asked for after the cancellation.
 */
package dev.shopflow.payment.payments;
