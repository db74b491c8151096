#!/bin/sh
# Runs once the broker is healthy (compose service rabbitmq-users): one user per service
# with only the permissions it needs. The patterns name exchanges and queues from
# dev.shopflow.events.WorkQueues; a service that touches another's resources is refused.
set -eu
admin() {
	rabbitmqadmin --host rabbitmq --username "$RABBITMQ_ADMIN_USER" --password "$RABBITMQ_ADMIN_PASSWORD" "$@"
}
# The broker answers its health check before the management API listens.
attempts=0
until admin list vhosts > /dev/null 2>&1; do
	attempts=$((attempts + 1))
	if [ "$attempts" -ge 60 ]; then
		echo "The RabbitMQ management API did not answer" >&2
		exit 1
	fi
	sleep 1
done
user() { # name password configure write read
	admin declare user name="$1" password="$2" tags=
	admin declare permission vhost=/ user="$1" configure="$3" write="$4" read="$5"
}
# order-service declares the exchanges it publishes to, publishes commands and quote
# requests, and reads quote replies through direct reply-to.
user order "$ORDER_RABBITMQ_PASSWORD" \
	'^(shopflow\.payment-commands|shopflow\.inventory-requests)$' \
	'^(shopflow\.payment-commands|shopflow\.inventory-requests)$' \
	'^amq\.rabbitmq\.reply-to.*$'
# payment-service owns the payment command queue, its retry tiers and parking lot. The
# retry tiers dead-letter back through the default exchange, which needs read on it.
user payment "$PAYMENT_RABBITMQ_PASSWORD" \
	'^(shopflow\.payment-commands|shopflow\.retry|payment-service\..*)$' \
	'^(amq\.default|shopflow\.payment-commands|shopflow\.retry|payment-service\..*)$' \
	'^(amq\.default|shopflow\.payment-commands|shopflow\.retry|payment-service\..*)$'
# inventory-service owns the quote queue and answers through the default exchange.
user inventory "$INVENTORY_RABBITMQ_PASSWORD" \
	'^(shopflow\.inventory-requests|inventory-service\..*)$' \
	'^(amq\.default|shopflow\.inventory-requests|inventory-service\..*)$' \
	'^(shopflow\.inventory-requests|inventory-service\..*)$'
# notification-service publishes and consumes its own email tasks.
user notification "$NOTIFICATION_RABBITMQ_PASSWORD" \
	'^(notifications|shopflow\.retry|notification-service\..*)$' \
	'^(amq\.default|notifications|shopflow\.retry|notification-service\..*)$' \
	'^(amq\.default|notifications|shopflow\.retry|notification-service\..*)$'
echo "RabbitMQ users created"
