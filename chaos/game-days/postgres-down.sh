#!/usr/bin/env bash
# Game day: PostgreSQL, every service's database, is stopped. See docs/game-days.md.
source "$(dirname "$0")/lib.sh"

require_stack
quiet DeadLetterTopicGrowing ParkingLotGrowing
dead_before=$(counter_sum shopflow_events_dead_lettered_total)
parked_before=$(counter_sum shopflow_rabbit_parked_total)
saw "before: $dead_before records dead-lettered, $parked_before messages parked (all services)"

# Work waiting for the consumers when the database goes, so that they meet the outage:
# an OrderConfirmed event for notification-service (Kafka) and an AuthorizePayment
# command for payment-service (RabbitMQ), held back by pausing the two services.
compose pause notification-service >/dev/null 2>&1
on_exit_restore 'compose unpause notification-service payment-service >/dev/null 2>&1'
saw "docker compose pause notification-service"
place_order gameday-postgres-down
expect_order 201 CONFIRMED
confirmed=$ORDER_ID
compose pause payment-service >/dev/null 2>&1
saw "docker compose pause payment-service"
place_order gameday-postgres-down
expect_order 202 PAYMENT_PENDING
deferred=$ORDER_ID
saw "waiting for consumers: OrderConfirmed of $confirmed, AuthorizePayment of $deferred"

stop_service postgres
# The consumers now get their work with no database to do it in.
restore_now
saw "docker compose unpause notification-service payment-service"
on_exit_restore 'start_service postgres'

# What a client sees while the database is away, for a minute (long enough for any alert
# with a `for:` of 30 s): 503 with Retry-After, never a 500.
outage=$(now_ms)
slowest=0
while (($(now_ms) - outage < 60000)); do
	place_order gameday-postgres-down
	expect_order 503
	expect_retry_after
	((HTTP_MS > slowest)) && slowest=$HTTP_MS
	sleep 4
done
saw "for a minute every order answered 503 with Retry-After: $RETRY_AFTER (the slowest in ${slowest} ms)"
alerts=$(alerts_now | tr '\n' ';')
saw "alerts pending or firing during the outage: ${alerts:-none}"
# The services are up and answer; their metrics must say so. No gauge may wait for the
# database at scrape time, or the scrape times out and the service looks down.
prom_lacks 'min_over_time(up{job=~".+-service"}[1m]) == 0' ||
	fail "a service failed a scrape during the outage: $(prom 'min_over_time(up{job=~".+-service"}[1m]) == 0')"
alert_not ServiceDown || fail "ServiceDown is pending or firing for a service that answers"
saw "every service scraped throughout the outage; ServiceDown quiet"

# Recovery: the pools reconnect, the waiting consumers go on, nothing was dead-lettered.
restore_now
await "postgres healthy" 120 healthy postgres
place_until 201 CONFIRMED gameday-postgres-down 20
await "notification-service stored the notification it waited with" 120 notified "$confirmed"
# The command went through payment-service's retry tiers (1 s, 10 s, then every 60 s).
await "payment-service authorized the command it waited with: order CONFIRMED" 150 order_is "$deferred" CONFIRMED
await "order-service outbox drained" 60 prom_has 'shopflow_outbox_backlog_events{application="order-service"} == 0'
dead_after=$(counter_sum shopflow_events_dead_lettered_total)
parked_after=$(counter_sum shopflow_rabbit_parked_total)
saw "after: $dead_after records dead-lettered, $parked_after messages parked"
[ "$dead_after" -le "$dead_before" ] || fail "$((dead_after - dead_before)) records were dead-lettered during the database outage"
[ "$parked_after" -le "$parked_before" ] || fail "$((parked_after - parked_before)) messages were parked during the database outage"
alert_not DeadLetterTopicGrowing || fail "DeadLetterTopicGrowing is pending or firing after the outage"
