# Shared by the game days; sourced by each of them, never run on its own.
#
# Tools: bash (3.2 or later), curl, docker compose (v2 or docker-compose 1.29), grep, sed, awk, date.
# JSON is read with grep and sed, never jq: the shapes read here are small and known
# (an order, a problem, a Prometheus vector, a RabbitMQ API answer).
#
# Every game day runs against a stack that is already up (docker compose up -d --build)
# on the default ports, puts its fault in, asserts what the README and
# docs/game-days.md promise, takes the fault out again (also when an assertion fails,
# through the EXIT trap) and asserts the recovery. It prints a timeline of what it saw
# and exits non-zero on the first mismatch.
#
# Settings, all optional: ORDER_URL, PAYMENT_URL, INVENTORY_URL, NOTIFICATION_URL,
# PROMETHEUS_URL, RABBITMQ_URL (the localhost ports of docker-compose.yml),
# GAME_DAY_SKU (MUG-001), and COMPOSE_PROJECT_NAME when the stack runs under another
# project name than the checkout's directory.

set -euo pipefail

GAME_DAYS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$GAME_DAYS_DIR/../.." && pwd)

ORDER_URL=${ORDER_URL:-http://localhost:8080}
PAYMENT_URL=${PAYMENT_URL:-http://localhost:8081}
INVENTORY_URL=${INVENTORY_URL:-http://localhost:8082}
NOTIFICATION_URL=${NOTIFICATION_URL:-http://localhost:8083}
PROMETHEUS_URL=${PROMETHEUS_URL:-http://localhost:9090}
RABBITMQ_URL=${RABBITMQ_URL:-http://localhost:15672}
# Plenty in stock (250 at the start) and cheap: every game day orders one at a time.
SKU=${GAME_DAY_SKU:-MUG-001}

GAME_DAY=${GAME_DAY:-$(basename "$0" .sh)}
TMP=$(mktemp -d)

# --- Timeline ---------------------------------------------------------------------------

# Milliseconds since the epoch: GNU date, else perl (macOS's date has no %N).
if [ "$(date +%3N 2>/dev/null)" != "3N" ] && [ -n "$(date +%3N 2>/dev/null)" ]; then
	now_ms() {
		date +%s%3N
	}
else
	now_ms() {
		perl -MTime::HiRes=time -e 'printf "%d", time() * 1000'
	}
fi

START_MS=$(now_ms)
SAW=()

# Seconds since the game day started, one decimal.
elapsed() {
	local ms=$(($(now_ms) - START_MS))
	printf '%d.%d' $((ms / 1000)) $(((ms % 1000) / 100))
}

# Seconds since a now_ms mark, one decimal.
since() {
	local ms=$(($(now_ms) - $1))
	printf '%d.%d' $((ms / 1000)) $(((ms % 1000) / 100))
}

log() {
	printf '[%s %6ss] %s\n' "$GAME_DAY" "$(elapsed)" "$*"
}

# An observation worth the summary at the end.
saw() {
	log "$*"
	SAW+=("+$(elapsed)s $*")
}

fail() {
	log "MISMATCH: $*"
	SAW+=("+$(elapsed)s MISMATCH: $*")
	exit 1
}

# --- Restoring what the game day broke ------------------------------------------------------

RESTORE=()

# Registers a command (a string for eval) that takes the fault out again. Commands run in
# reverse order at exit unless the game day ran them itself (restored).
on_exit_restore() {
	RESTORE+=("$1")
}

# Runs the latest registered restore command now, and not again at exit.
restore_now() {
	local last=$((${#RESTORE[@]} - 1))
	local command=${RESTORE[$last]}
	unset "RESTORE[$last]"
	RESTORE=(${RESTORE[@]+"${RESTORE[@]}"})
	log "restoring: $command"
	eval "$command"
}

finish() {
	local rc=$?
	set +e
	local i
	for ((i = ${#RESTORE[@]} - 1; i >= 0; i--)); do
		log "restoring after a failure: ${RESTORE[$i]}"
		# In a subshell: a restore that fails must not cut the summary short.
		(eval "${RESTORE[$i]}")
	done
	rm -rf "$TMP"
	echo
	echo "== $GAME_DAY: what it saw"
	local line
	for line in ${SAW[@]+"${SAW[@]}"}; do
		echo "   $line"
	done
	if [ "$rc" -eq 0 ]; then
		echo "== $GAME_DAY: PASSED in $(elapsed)s"
	else
		echo "== $GAME_DAY: FAILED (exit $rc) after $(elapsed)s"
	fi
	exit "$rc"
}
trap finish EXIT

# --- Waiting ----------------------------------------------------------------------------

# await DESCRIPTION TIMEOUT_SECONDS COMMAND...: polls the command every second until it
# succeeds; records how long that took, or fails the game day.
await() {
	local what=$1 timeout=$2
	shift 2
	local mark
	mark=$(now_ms)
	until "$@"; do
		if (($(now_ms) - mark > timeout * 1000)); then
			fail "$what: not within ${timeout}s"
		fi
		sleep 1
	done
	saw "$what (after $(since "$mark")s)"
}

# --- HTTP -------------------------------------------------------------------------------

# http METHOD URL [JSON_BODY] [curl options...]: sets HTTP_CODE (000 when nothing
# answered), HTTP_BODY, HTTP_MS and the headers in $TMP/headers.
http() {
	local method=$1 url=$2 body=${3:-}
	shift 2
	[ $# -gt 0 ] && shift
	local args=(-s -X "$method" -o "$TMP/body" -D "$TMP/headers" -w '%{http_code} %{time_total}'
		--max-time "${HTTP_TIMEOUT:-30}" "$@")
	if [ -n "$body" ]; then
		args+=(-H 'Content-Type: application/json' --data-binary "$body")
	fi
	: >"$TMP/body"
	: >"$TMP/headers"
	local out
	out=$(curl "${args[@]}" "$url" || true)
	HTTP_CODE=${out%% *}
	HTTP_MS=$(awk -v s="${out##* }" 'BEGIN { printf "%d", s * 1000 }')
	HTTP_BODY=$(cat "$TMP/body")
}

# The value of a response header of the last http call, empty if absent.
header() {
	grep -i "^$1:" "$TMP/headers" | head -n 1 | sed 's/^[^:]*: *//' | tr -d '\r' || true
}

# json_string KEY JSON: the value of the first "KEY":"..." (a flat string field).
json_string() {
	grep -o "\"$1\":\"[^\"]*\"" <<<"$2" | head -n 1 | sed 's/^.*":"\(.*\)"$/\1/' || true
}

# json_number KEY JSON: the value of the first "KEY":<number>.
json_number() {
	grep -o "\"$1\":-\?[0-9.]*" <<<"$2" | head -n 1 | sed 's/^.*"://' || true
}

# --- Orders -----------------------------------------------------------------------------

# place_order CUSTOMER: POST /api/orders for one unit of $SKU. Sets HTTP_*, ORDER_ID and
# ORDER_STATUS (from the order, or from the problem of a 503: orderId, orderStatus) and
# RETRY_AFTER, and logs the answer.
place_order() {
	http POST "$ORDER_URL/api/orders" \
		"{\"customerId\":\"$1\",\"currency\":\"EUR\",\"lines\":[{\"sku\":\"$SKU\",\"quantity\":1}]}"
	ORDER_ID=$(json_string id "$HTTP_BODY")
	ORDER_STATUS=$(json_string status "$HTTP_BODY")
	if [ -z "$ORDER_ID" ]; then
		ORDER_ID=$(json_string orderId "$HTTP_BODY")
		ORDER_STATUS=$(json_string orderStatus "$HTTP_BODY")
	fi
	RETRY_AFTER=$(header Retry-After)
	log "POST /api/orders -> $HTTP_CODE ${ORDER_STATUS:-(no order)} in ${HTTP_MS} ms${RETRY_AFTER:+, Retry-After: $RETRY_AFTER}${ORDER_ID:+, order $ORDER_ID}"
}

# expect_order CODE [STATUS]: the last place_order answered CODE (and the order is STATUS).
expect_order() {
	if [ "$HTTP_CODE" != "$1" ] || { [ -n "${2:-}" ] && [ "$ORDER_STATUS" != "$2" ]; }; then
		fail "POST /api/orders answered $HTTP_CODE ${ORDER_STATUS:-} in ${HTTP_MS} ms, expected $1 ${2:-}: $(head -c 400 <<<"$HTTP_BODY")"
	fi
}

# expect_retry_after: the last answer carried a Retry-After of whole seconds.
expect_retry_after() {
	if ! [[ "$RETRY_AFTER" =~ ^[0-9]+$ ]]; then
		fail "HTTP $HTTP_CODE without a Retry-After header: $(cat "$TMP/headers" | tr -d '\r' | tr '\n' ' ')"
	fi
}

# order_is ID STATUS: GET /api/orders/ID says STATUS.
order_is() {
	local body
	body=$(curl -s --max-time 5 "$ORDER_URL/api/orders/$1" || true)
	[ "$(json_string status "$body")" = "$2" ]
}

# notified ORDER_ID: notification-service has stored a notification for the order
# (it read the order's event from Kafka).
notified() {
	curl -s --max-time 5 "$NOTIFICATION_URL/api/notifications?orderId=$1" | grep -q "\"orderId\":\"$1\""
}

# delivered ORDER_ID: a notification of the order has been emailed (handed to the SMTP
# sink), which took its email task through RabbitMQ.
delivered() {
	curl -s --max-time 5 "$NOTIFICATION_URL/api/notifications?orderId=$1" | grep -q '"status":"DELIVERED"'
}

# place_until CODE STATUS CUSTOMER [TRIES]: places orders, a few seconds apart, until one
# answers CODE with STATUS (a recovering downstream, a breaker waiting to go HALF_OPEN).
place_until() {
	local i tries=${4:-10}
	for ((i = 1; i <= tries; i++)); do
		place_order "$3"
		if [ "$HTTP_CODE" = "$1" ] && [ "$ORDER_STATUS" = "$2" ]; then
			saw "POST /api/orders answers $1 $2 again (attempt $i, ${HTTP_MS} ms)"
			return 0
		fi
		sleep 3
	done
	fail "POST /api/orders did not answer $1 $2 in $tries attempts; last: $HTTP_CODE $ORDER_STATUS"
}

# --- Prometheus -------------------------------------------------------------------------

prom() {
	curl -s -G --max-time 10 --data-urlencode "query=$1" "$PROMETHEUS_URL/api/v1/query" || true
}

# How many series the expression returns.
prom_count() {
	local out
	out=$(prom "$1")
	grep -o '"metric":' <<<"$out" | wc -l
}

# The value of an expression that returns one series, such as sum(...); empty if none.
prom_value() {
	prom "$1" | sed -n 's/.*"value":\[[^,]*,"\([^"]*\)"\].*/\1/p'
}

prom_has() {
	[ "$(prom_count "$1")" -gt 0 ]
}

prom_lacks() {
	[ "$(prom_count "$1")" -eq 0 ]
}

# breaker_was NAME STATE: order-service's breaker NAME was in STATE at a scrape of the
# last minute (OPEN lasts 10 s, HALF_OPEN until its trial calls: a scrape every 5 s
# sees both, a single instant might not).
breaker_was() {
	prom_has "max_over_time(resilience4j_circuitbreaker_state{application=\"order-service\",name=\"$1\",state=\"$2\"}[1m]) == 1"
}

# breaker_is NAME STATE: ... is in STATE at the last scrape.
breaker_is() {
	prom_has "resilience4j_circuitbreaker_state{application=\"order-service\",name=\"$1\",state=\"$2\"} == 1"
}

# A counter summed over every service, 0 when no service has registered it yet.
counter_sum() {
	local value
	value=$(prom_value "sum($1) or vector(0)")
	printf '%.0f' "${value:-0}"
}

# env_setting NAME DEFAULT: NAME from the checkout's .env, as compose reads it, else DEFAULT.
env_setting() {
	local value
	value=$(sed -n "s/^$1=//p" "$ROOT/.env" 2>/dev/null | tail -n 1)
	echo "${value:-$2}"
}

# --- Compose ----------------------------------------------------------------------------

compose() {
	docker compose -f "$ROOT/docker-compose.yml" "$@"
}

# The compose project: as compose finds it (the variable, .env, the directory's name).
COMPOSE_PROJECT=${COMPOSE_PROJECT_NAME:-$(env_setting COMPOSE_PROJECT_NAME "$(basename "$ROOT")")}
COMPOSE_PROJECT=$(tr '[:upper:]' '[:lower:]' <<<"$COMPOSE_PROJECT" | tr -cd 'a-z0-9_-')

# healthy, starting, unhealthy, exited, ... or missing. Asks docker by compose's labels:
# `compose ps` takes seconds a call with docker-compose 1.29.
service_health() {
	local id
	id=$(docker ps -a -q --filter "label=com.docker.compose.project=$COMPOSE_PROJECT" \
		--filter "label=com.docker.compose.service=$1" | head -n 1)
	if [ -z "$id" ]; then
		echo missing
		return
	fi
	docker inspect --format '{{if .State.Running}}{{if .State.Health}}{{.State.Health.Status}}{{else}}running{{end}}{{else}}{{.State.Status}}{{end}}' "$id"
}

healthy() {
	local state
	state=$(service_health "$1")
	[ "$state" = healthy ] || [ "$state" = running ]
}

stop_service() {
	local mark
	mark=$(now_ms)
	compose stop "$1" >/dev/null 2>&1
	saw "docker compose stop $1 (took $(since "$mark")s)"
}

start_service() {
	compose start "$1" >/dev/null 2>&1
	saw "docker compose start $1"
}

# Every alert pending or firing now, one per line: name, state and the labels that say
# where (job, application, name, queue).
alerts_now() {
	prom 'ALERTS' | grep -o '"metric":{[^}]*}' | while read -r metric; do
		local line="$(json_string alertname "$metric") $(json_string alertstate "$metric")" label value
		for label in job application name queue; do
			value=$(json_string "$label" "$metric")
			[ -n "$value" ] && line="$line $label=$value"
		done
		echo "$line"
	done
}

# --- Before a game day ------------------------------------------------------------------

# The stack answers, every service is healthy and there is stock to order.
require_stack() {
	local service
	for service in postgres kafka rabbitmq smtp order-service payment-service inventory-service notification-service prometheus; do
		if ! healthy "$service"; then
			[ "$(service_health "$service")" = missing ] && fail "$service is not running: start the stack first (docker compose up -d --build)"
			# Starting, or restarted by an earlier game day.
			await "$service healthy" 240 healthy "$service"
		fi
	done
	curl -fs --max-time 5 "$PROMETHEUS_URL/-/ready" >/dev/null || fail "Prometheus does not answer at $PROMETHEUS_URL"
	http GET "$INVENTORY_URL/api/products/$SKU"
	local available
	available=$(json_number available "$HTTP_BODY")
	if [ "${available:-0}" -lt 30 ]; then
		fail "$SKU has ${available:-no} units in stock; the game days need 30 (GAME_DAY_SKU picks another)"
	fi
	# Every target scraped, so that an alert seen later is this game day's.
	await "Prometheus scrapes every target" 90 prom_lacks 'up == 0'
}

# An ALERT, for the functions below, is an alert's name with label matchers if only some
# of its instances matter: OutboxStalled, 'ServiceDown{job="rabbitmq"}'.
# alert_state ALERT [firing]: succeeds if the alert is pending or firing (firing only with
# the second argument).
alert_state() {
	local name=${1%%\{*} labels
	labels=${1#"$name"}
	labels=${labels#\{}
	labels=${labels%\}}
	prom_has "ALERTS{alertname=\"$name\"${2:+,alertstate=\"$2\"}${labels:+,$labels}}"
}

alert_not() {
	! alert_state "$@"
}

# quiet ALERT...: none of these alerts is pending or firing, so that one seen later is
# this game day's (an earlier game day's may still be resolving).
quiet() {
	local alert
	for alert in "$@"; do
		await "$alert neither pending nor firing" 120 alert_not "$alert"
	done
}

# fires ALERT TIMEOUT: the alert fires (pending for its whole `for:` first) in time.
fires() {
	await "$1 firing" "$2" alert_state "$1" firing
}

# resolves ALERT...: each alert is neither pending nor firing within a minute.
resolves() {
	local alert
	for alert in "$@"; do
		await "$alert resolved" 60 alert_not "$alert"
	done
}

# order_then_closed NAME CUSTOMER: places an order, which while the breaker is HALF_OPEN
# is one of its trial calls, then tells whether Prometheus shows the breaker CLOSED.
order_then_closed() {
	place_order "$2"
	sleep 2
	breaker_is "$1" closed
}

# breaker_closes NAME CUSTOMER: places orders until order-service's breaker NAME is CLOSED:
# HALF_OPEN closes only after its three trial calls succeed, and it sees calls only
# from orders.
breaker_closes() {
	breaker_is "$1" closed || await "$1 breaker CLOSED" 60 order_then_closed "$1" "$2"
}
