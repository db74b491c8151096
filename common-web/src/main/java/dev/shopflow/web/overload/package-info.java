/**
 * Admission control: a service takes only as much concurrent work as it can finish
 * quickly and refuses the rest at once with a 503 and {@code Retry-After}, instead of
 * queueing it until every request is late, the pools are drained and memory runs out.
 */
package dev.shopflow.web.overload;
