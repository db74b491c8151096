#!/usr/bin/env bash
# Game day: Kafka is stopped. See docs/game-days.md.
source "$(dirname "$0")/lib.sh"

require_stack
quiet OutboxStalled

stop_service kafka
on_exit_restore 'start_service kafka'

# Placing an order touches no broker: the events wait in order-service's outbox.
place_order gameday-kafka-down
expect_order 201 CONFIRMED
first=$ORDER_ID
saw "during the outage: 201 CONFIRMED in ${HTTP_MS} ms"
fires 'OutboxStalled{application="order-service"}' 120
saw "order-service outbox backlog: $(prom_value 'shopflow_outbox_backlog_events{application="order-service"}') events, oldest $(prom_value 'round(shopflow_outbox_oldest_age_seconds{application="order-service"})') s"
place_order gameday-kafka-down
expect_order 201 CONFIRMED
second=$ORDER_ID
notified "$first" && fail "order $first was notified while Kafka was down"

# Recovery: the relay publishes the backlog in order, the consumers catch up.
restore_now
await "kafka healthy" 180 healthy kafka
await "order-service outbox drained" 120 prom_has 'shopflow_outbox_backlog_events{application="order-service"} == 0'
await "OrderConfirmed of the first outage order reached notification-service" 120 notified "$first"
await "OrderConfirmed of the second outage order reached notification-service" 60 notified "$second"
resolves OutboxStalled
place_order gameday-kafka-down
expect_order 201 CONFIRMED
