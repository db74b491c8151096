package dev.shopflow.payment.payments;

/**
 * A payment together with whether this request created it or replayed an earlier one.
 *
 * @param payment the order's payment
 * @param created {@code true} for the first request of the order, {@code false} for a
 * repeat answered with the first result
 */
record AuthorizationResult(Payment payment, boolean created) {

}
