package dev.shopflow.payment.web;

/**
 * One entry of the {@code errors} extension of a validation problem.
 *
 * @param field the invalid field, header or parameter as the client named it
 * @param message what is wrong with it
 */
record FieldViolation(String field, String message) {

}
