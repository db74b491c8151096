/**
 * Payments for orders: authorize once per order, refund once, look up. Idempotency rests
 * on the database (one row per order), not on locks or read-then-write checks. Each
 * change is published as a payment event through the transactional outbox, and a
 * cancelled order's payment is refunded when its order event arrives.
 */
package dev.shopflow.payment.payments;
