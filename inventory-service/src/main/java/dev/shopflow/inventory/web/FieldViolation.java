package dev.shopflow.inventory.web;

/**
 * One entry of the {@code errors} extension of a validation problem.
 *
 * @param field the path of the offending request field, e.g. {@code lines[0].quantity}
 * @param message what is wrong with it
 */
record FieldViolation(String field, String message) {

}
