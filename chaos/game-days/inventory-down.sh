#!/usr/bin/env bash
# Game day: inventory-service is stopped. See docs/game-days.md.
source "$(dirname "$0")/lib.sh"

require_stack
breaker_closes inventory gameday-inventory-down
quiet 'ServiceDown{job="inventory-service"}' 'CircuitBreakerOpen{name="inventory"}'

stop_service inventory-service
on_exit_restore 'start_service inventory-service'

# No price, no stock: the order is stored REJECTED and the client is told to come back.
for i in $(seq 1 10); do
	place_order gameday-inventory-down
	expect_order 503 REJECTED
	expect_retry_after
	breaker_was inventory open && break
	sleep 1
done
await "resilience4j_circuitbreaker_state{name=\"inventory\",state=\"open\"} = 1" 30 breaker_was inventory open
saw "$i orders answered 503 REJECTED with Retry-After before Prometheus saw the breaker open"
place_order gameday-inventory-down
expect_order 503 REJECTED
expect_retry_after
[ "$HTTP_MS" -lt 1000 ] || fail "with the breaker open, an order still took ${HTTP_MS} ms"
saw "breaker open: 503 REJECTED, Retry-After: $RETRY_AFTER, in ${HTTP_MS} ms"

fires 'ServiceDown{job="inventory-service"}' 90
fires 'CircuitBreakerOpen{name="inventory"}' 90

# Recovery: orders are priced and reserved again; the trial calls close the breaker.
restore_now
await "inventory-service healthy" 240 healthy inventory-service
place_until 201 CONFIRMED gameday-inventory-down
breaker_closes inventory gameday-inventory-down
resolves 'ServiceDown{job="inventory-service"}'
resolves 'CircuitBreakerOpen{name="inventory"}'
