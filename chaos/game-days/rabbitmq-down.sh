#!/usr/bin/env bash
# Game day: RabbitMQ is stopped. See docs/game-days.md.
source "$(dirname "$0")/lib.sh"

require_stack
quiet 'ServiceDown{job="rabbitmq"}' OutboxStalled

stop_service rabbitmq
on_exit_restore 'start_service rabbitmq'

# An order that payment-service authorizes over HTTP needs no work queue; its email does.
place_order gameday-rabbitmq-down
expect_order 201 CONFIRMED
order=$ORDER_ID
saw "during the outage: 201 CONFIRMED in ${HTTP_MS} ms"
await "notification of the outage order stored (Kafka is up)" 60 notified "$order"
fires 'ServiceDown{job="rabbitmq"}' 90
fires 'OutboxStalled{application="notification-service"}' 120
delivered "$order" && fail "the email of order $order was delivered while RabbitMQ was down"

# Recovery: the services reconnect, the relay publishes the email task, the worker sends it.
restore_now
await "rabbitmq healthy" 180 healthy rabbitmq
await "email of the outage order delivered" 180 delivered "$order"
await "notification-service outbox drained" 60 prom_has 'shopflow_outbox_backlog_events{application="notification-service"} == 0'
resolves 'ServiceDown{job="rabbitmq"}'
resolves OutboxStalled
place_order gameday-rabbitmq-down
expect_order 201 CONFIRMED
