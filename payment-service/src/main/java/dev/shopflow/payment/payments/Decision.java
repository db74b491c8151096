package dev.shopflow.payment.payments;

/**
 * Outcome of deciding an authorization.
 *
 * @param status {@link PaymentStatus#AUTHORIZED} or {@link PaymentStatus#DECLINED}
 * @param declineReason why it was declined, {@code null} when authorized
 */
record Decision(PaymentStatus status, String declineReason) {

	static Decision authorized() {
		return new Decision(PaymentStatus.AUTHORIZED, null);
	}

	static Decision declined(String reason) {
		return new Decision(PaymentStatus.DECLINED, reason);
	}

}
