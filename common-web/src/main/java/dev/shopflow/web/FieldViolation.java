package dev.shopflow.web;

/**
 * One entry of the {@code errors} extension of an {@code invalid-request} problem.
 *
 * @param field the invalid field, header or parameter as the client named it, e.g.
 * {@code lines[0].quantity} or {@code Idempotency-Key}
 * @param message what is wrong with it
 */
public record FieldViolation(String field, String message) {

}
