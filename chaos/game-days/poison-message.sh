#!/usr/bin/env bash
# Game day: a message that is not JSON on payment-service's command queue. See
# docs/game-days.md.
source "$(dirname "$0")/lib.sh"

# RabbitMQ's administrator as compose creates it: from .env, else the local default.
RABBITMQ_USER=${RABBITMQ_ADMIN_USER:-$(env_setting RABBITMQ_ADMIN_USER shopflow)}
RABBITMQ_PASSWORD=${RABBITMQ_ADMIN_PASSWORD:-$(env_setting RABBITMQ_ADMIN_PASSWORD local-rabbitmq)}
PARKING_LOT=payment-service.authorize-payment.parking-lot
MARKER="game day poison $(date +%s)"

rabbit() {
	http "$1" "$RABBITMQ_URL/api/$2" "${3:-}" -u "$RABBITMQ_USER:$RABBITMQ_PASSWORD"
	[ "${HTTP_CODE:0:1}" = 2 ] || fail "RabbitMQ API $1 /api/$2 answered $HTTP_CODE: $HTTP_BODY"
}

parking_lot_depth() {
	rabbit GET "queues/%2F/$PARKING_LOT"
	json_number messages "$HTTP_BODY"
}

parked_one_more() {
	[ "$(parking_lot_depth)" -gt "$depth_before" ]
}

gauge_shows_it() {
	prom_has "shopflow_rabbit_parking_lot_depth{queue=\"$PARKING_LOT\"} > $depth_before"
}

purge_parking_lot() {
	rabbit DELETE "queues/%2F/$PARKING_LOT/contents"
	saw "parking lot purged"
}

require_stack
quiet ParkingLotGrowing
depth_before=$(parking_lot_depth)
dead_before=$(counter_sum shopflow_events_dead_lettered_total)
saw "before: $PARKING_LOT holds $depth_before messages"

rabbit POST "exchanges/%2F/shopflow.payment-commands/publish" \
	"{\"properties\":{\"content_type\":\"application/json\",\"delivery_mode\":2},\"routing_key\":\"payment.authorize\",\"payload\":\"$MARKER: this is not JSON\",\"payload_encoding\":\"string\"}"
grep -q '"routed":true' <<<"$HTTP_BODY" || fail "the poison message was not routed: $HTTP_BODY"
saw "published a non-JSON message to shopflow.payment-commands / payment.authorize"
# Only the parking lot the game day filled is purged afterwards, and only if it held
# nothing else: parked messages are for a person to look at, not for a script to drop.
if [ "$depth_before" -eq 0 ]; then
	on_exit_restore purge_parking_lot
fi

await "parked in $PARKING_LOT at once (no retry tiers)" 30 parked_one_more
rabbit POST "queues/%2F/$PARKING_LOT/get" '{"count":50,"ackmode":"reject_requeue_true","encoding":"auto"}'
grep -q "$MARKER" <<<"$HTTP_BODY" || fail "the parking lot does not hold the poison message: $(head -c 400 <<<"$HTTP_BODY")"
reason=$(json_string x-shopflow-parking-reason "$HTTP_BODY")
[ -n "$reason" ] || fail "the parked message has no x-shopflow-parking-reason header"
saw "x-shopflow-parking-reason: $reason"
await "shopflow_rabbit_parking_lot_depth{queue=\"$PARKING_LOT\"} rose in Prometheus" 30 gauge_shows_it
fires "ParkingLotGrowing{queue=\"$PARKING_LOT\"}" 150

# Nothing else is disturbed: orders are placed and confirmed, nothing goes to a Kafka DLT.
place_order gameday-poison
expect_order 201 CONFIRMED
[ "$(counter_sum shopflow_events_dead_lettered_total)" -le "$dead_before" ] || fail "something was dead-lettered on Kafka"

# Recovery is a person's decision; this game day only drops what it parked.
if [ "$depth_before" -eq 0 ]; then
	restore_now
	resolves "ParkingLotGrowing{queue=\"$PARKING_LOT\"}"
else
	saw "the parking lot held $depth_before messages before: left as it is, ParkingLotGrowing stays up to 10 min"
fi
