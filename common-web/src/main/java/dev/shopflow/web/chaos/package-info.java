/**
 * Fault injection for the {@code chaos} Spring profile, and only for it: latency and
 * {@code 503} answers on {@code /api/**}, so that callers' timeouts, retries and circuit
 * breakers can be watched at work without rebuilding anything. Without the profile none
 * of its beans exist.
 */
package dev.shopflow.web.chaos;
