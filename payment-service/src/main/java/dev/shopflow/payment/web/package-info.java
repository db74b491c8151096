/**
 * HTTP concerns shared by the whole API: the error model (RFC 9457 problem details) and
 * the bound on request body size.
 */
package dev.shopflow.payment.web;
