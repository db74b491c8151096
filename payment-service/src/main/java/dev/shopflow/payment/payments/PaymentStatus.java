package dev.shopflow.payment.payments;

/**
 * Lifecycle of a payment. Stored by name, so renaming a constant needs a migration.
 */
public enum PaymentStatus {

	AUTHORIZED, DECLINED, REFUNDED

}
