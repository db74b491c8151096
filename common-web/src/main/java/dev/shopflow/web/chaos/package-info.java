/**
 * Fault injection for the {@code chaos} Spring profile, and only for it: latency,
 * {@code 503} answers and hangs on {@code /api/**}, so that callers' timeouts, retries
 * and circuit breakers can be watched at work without rebuilding anything, and changed at
 * run time through {@code /actuator/chaos} without restarting. Without the profile none
 * of its beans exist.
 */
package dev.shopflow.web.chaos;
