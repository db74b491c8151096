/**
 * Payments for orders: authorize once per order, refund once, look up. Idempotency rests
 * on the database (one row per order), not on locks or read-then-write checks.
 */
package dev.shopflow.payment.payments;
