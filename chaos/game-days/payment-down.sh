#!/usr/bin/env bash
# Game day: payment-service is stopped. See docs/game-days.md.
source "$(dirname "$0")/lib.sh"

require_stack
breaker_closes payment gameday-payment-down
quiet 'ServiceDown{job="payment-service"}' 'CircuitBreakerOpen{name="payment"}'

stop_service payment-service
on_exit_restore 'start_service payment-service'

# Every order keeps its stock and waits for its payment: 202 PAYMENT_PENDING, with an
# AuthorizePayment command queued in RabbitMQ. Ten failed calls open the breaker.
pending=()
for i in $(seq 1 15); do
	place_order gameday-payment-down
	expect_order 202 PAYMENT_PENDING
	pending+=("$ORDER_ID")
	breaker_was payment open && break
	sleep 1
done
await "resilience4j_circuitbreaker_state{name=\"payment\",state=\"open\"} = 1" 30 breaker_was payment open
saw "${#pending[@]} orders answered 202 PAYMENT_PENDING before Prometheus saw the breaker open"
place_order gameday-payment-down
expect_order 202 PAYMENT_PENDING
[ "$HTTP_MS" -lt 1000 ] || fail "with the breaker open, an order still took ${HTTP_MS} ms"
pending+=("$ORDER_ID")
saw "breaker open: 202 PAYMENT_PENDING in ${HTTP_MS} ms"

fires 'ServiceDown{job="payment-service"}' 90
fires 'CircuitBreakerOpen{name="payment"}' 90
for id in "${pending[@]}"; do
	order_is "$id" PAYMENT_PENDING || fail "order $id left PAYMENT_PENDING while payment-service was down"
done

# Recovery: the queued commands are consumed and settle every deferred order; new orders
# are the breaker's half-open trial calls and close it.
restore_now
await "payment-service healthy" 240 healthy payment-service
for id in "${pending[@]}"; do
	await "deferred order $id CONFIRMED" 90 order_is "$id" CONFIRMED
done
place_until 201 CONFIRMED gameday-payment-down
breaker_closes payment gameday-payment-down
resolves 'ServiceDown{job="payment-service"}'
resolves 'CircuitBreakerOpen{name="payment"}'
