#!/usr/bin/env bash
# Game day: payment-service answers, but slowly (chaos latency set at run time through
# /actuator/chaos). See docs/game-days.md.
source "$(dirname "$0")/lib.sh"

CHAOS_URL="$PAYMENT_URL/actuator/chaos"
CALM='{"latency":"0ms","latencyJitter":"0ms","errorRate":0,"hang":false}'
# Above order-service's slow-call threshold for payment (1500 ms), below its read timeout
# (2 s): every call succeeds, and every call is slow.
SLOW='{"latency":"1600ms","latencyJitter":"200ms","errorRate":0,"hang":false}'
RECREATED=false
SAVED_SETTINGS=

chaos_set() {
	http POST "$CHAOS_URL" "$1"
	[ "$HTTP_CODE" = 200 ] || fail "POST /actuator/chaos $1 answered $HTTP_CODE: $HTTP_BODY"
	saw "payment-service chaos now $HTTP_BODY"
}

chaos_endpoint_answers() {
	http GET "$CHAOS_URL"
	[ "$HTTP_CODE" = 200 ]
}

# Back to how payment-service was: its own chaos settings, or no chaos profile at all.
restore_payment() {
	if [ "$RECREATED" = true ]; then
		compose up -d --no-deps payment-service >/dev/null 2>&1
		saw "payment-service recreated without the chaos profile"
		await "payment-service healthy" 240 healthy payment-service
	else
		chaos_set "$SAVED_SETTINGS"
	fi
}

require_stack
breaker_closes payment gameday-payment-slow
quiet 'CircuitBreakerOpen{name="payment"}'

if chaos_endpoint_answers; then
	SAVED_SETTINGS=$HTTP_BODY
	saw "payment-service already runs the chaos profile: $SAVED_SETTINGS"
	on_exit_restore restore_payment
else
	# The endpoint exists only in the chaos profile; its defaults inject faults until calmed.
	RECREATED=true
	SHOPFLOW_CHAOS=chaos compose up -d --no-deps payment-service >/dev/null 2>&1
	saw "payment-service recreated with SHOPFLOW_CHAOS=chaos"
	on_exit_restore restore_payment
	await "payment-service healthy in the chaos profile" 240 healthy payment-service
	await "/actuator/chaos answers" 30 chaos_endpoint_answers
fi
chaos_set "$CALM"
breaker_closes payment gameday-payment-slow

chaos_set "$SLOW"

# Slow but successful: CONFIRMED, at the price of the latency, until the breaker has seen
# ten calls, 80 % of them slow. Then the payment is deferred, without waiting.
slow_confirmed=0
pending_id=
for i in $(seq 1 15); do
	place_order gameday-payment-slow
	if [ "$HTTP_CODE" = 201 ]; then
		expect_order 201 CONFIRMED
		[ "$HTTP_MS" -ge 1500 ] || fail "a CONFIRMED order took only ${HTTP_MS} ms with payment 1.6-1.8 s slow"
		slow_confirmed=$((slow_confirmed + 1))
	elif [ "$HTTP_CODE" = 202 ] && [ "$HTTP_MS" -lt 1000 ]; then
		expect_order 202 PAYMENT_PENDING
		pending_id=$ORDER_ID
		break
	else
		# A read timeout on a busy machine: retried, still a 201 or 202, just slower.
		[ "$HTTP_CODE" = 202 ] || expect_order 201 CONFIRMED
	fi
done
[ -n "$pending_id" ] || fail "no fast 202 PAYMENT_PENDING within 15 orders: the payment breaker never opened"
[ "$slow_confirmed" -ge 1 ] || fail "no slow 201 CONFIRMED before the breaker opened"
saw "$slow_confirmed orders answered 201 CONFIRMED in 1.5 s or more; order $i answered 202 PAYMENT_PENDING in ${HTTP_MS} ms"

await "resilience4j_circuitbreaker_state{name=\"payment\",state=\"open\"} = 1" 30 breaker_was payment open
place_order gameday-payment-slow
expect_order 202 PAYMENT_PENDING
[ "$HTTP_MS" -lt 1000 ] || fail "with the breaker open, an order still took ${HTTP_MS} ms"
saw "breaker open: 202 PAYMENT_PENDING in ${HTTP_MS} ms"
# The deferred payment goes to payment-service as an AuthorizePayment command over
# RabbitMQ, which the HTTP latency does not touch.
await "the deferred order is CONFIRMED through RabbitMQ while HTTP is still slow" 60 order_is "$pending_id" CONFIRMED
fires 'CircuitBreakerOpen{name="payment"}' 90

# Recovery: calm payment-service; the half-open breaker's trial calls succeed and it closes.
chaos_set "$CALM"
place_until 201 CONFIRMED gameday-payment-slow
[ "$HTTP_MS" -lt 1500 ] || fail "after the latency was taken out an order still took ${HTTP_MS} ms"
breaker_closes payment gameday-payment-slow
resolves 'CircuitBreakerOpen{name="payment"}'
restore_now
