#!/usr/bin/env bash
# Capacity ramp against the running compose stack: one Gatling step per rate, and per step
# what it cost. Run from anywhere, with the stack up (docker compose up -d --build):
#
#   load-tests/capacity.sh                 # 25 50 100 150 200 orders/s, 60 s each
#   LOAD_DURATION=300 load-tests/capacity.sh 100
#
# Per step it prints the rate, POST p50/p99 from the time each order was due, errors,
# the time to each order's final state, how long the emails took to catch up after the
# load stopped, and CPU per order: every container's CPU time (its cgroup's counter, read
# inside the container, so it works with cgroup v1 and v2 alike) over the step and its
# drain, divided by the orders placed. The load generator runs on the host and is not
# counted. Before each step every SKU but the sold-out one is restocked and the SMTP
# sink's mailboxes are emptied.
set -euo pipefail
cd "$(dirname "$0")/.."

rates=("$@")
[ ${#rates[@]} -gt 0 ] || rates=(25 50 100 150 200)
duration=${LOAD_DURATION:-60}
drain_timeout=${LOAD_DRAIN_TIMEOUT:-180}
out=load-tests/target/load
mkdir -p "$out"

psql() { docker compose exec -T postgres psql -U postgres -qtA -d "$1" -c "$2"; }

. load-tests/containers.sh
containers=$(running_containers)
[ -n "$containers" ] || { echo "No running compose stack: docker compose up -d --build" >&2; exit 1; }

# Emails of this step only: a notification parked by an earlier fault stays parked.
delivered() { psql notification "SELECT count(*) FROM notification WHERE status = 'DELIVERED' AND created_at >= '$1'"; }
pending() { psql notification "SELECT count(*) FROM notification WHERE status = 'PENDING' AND created_at >= '$1'"; }

printf '\n%-8s %-7s %-11s %-11s %-7s %-8s %-13s %-8s %-10s %s\n' "rate/s" "orders" "POST p50" "POST p99" "errors" "refused" "final p99" "emails" "drain" "CPU/order"
for rate in "${rates[@]}"; do
	psql inventory "UPDATE product SET available = 1000000 WHERE sku <> 'GPU-001'" >/dev/null
	# The SMTP sink keeps every mail in its heap: tens of thousands of them filled it.
	curl -fsS -X POST "${SMTP_API:-http://localhost:8025}/api/mail/purge" >/dev/null
	started=$(psql postgres "SELECT now()")
	before=$(cpu_snapshot $containers)
	./mvnw -B -q -pl load-tests gatling:test -Dload.rate="$rate" -Dload.duration="$duration" \
		-Dload.results="$PWD/$out/step-$rate.json" > "$out/step-$rate.log" 2>&1 \
		|| { echo "Gatling failed, see $out/step-$rate.log" >&2; exit 1; }
	result="$out/step-$rate.json"
	finals=$(jq '[.outcomes | to_entries[] | select(.key != "NOT_FINAL") | .value] | add // 0' "$result")
	stopped=$(date +%s)
	while [ "$(pending "$started")" -gt 0 ] || [ "$(delivered "$started")" -lt "$finals" ]; do
		[ $(( $(date +%s) - stopped )) -lt "$drain_timeout" ] || break
		sleep 1
	done
	drain=$(( $(date +%s) - stopped ))
	emails=$(delivered "$started")
	after=$(cpu_snapshot $containers)
	orders=$(jq '.served.count' "$result")
	# CPU seconds by container over the step and its drain, then their sum per order.
	used=$(join <(echo "$before") <(echo "$after") | awk '{ printf "%s %.3f\n", $1, ($3 - $2) / 1e9 }')
	echo "$used" | awk '{ printf "%s=%.0fs ", $1, $2 } END { printf "\n" }' > "$out/cpu-$rate.txt"
	cpu_per_order=$(echo "$used" | awk -v orders="$orders" '{ total += $2 } END { printf "%.1f ms", (orders > 0) ? total * 1000 / orders : 0 }')
	printf '%-8s %-7s %-11s %-11s %-7s %-8s %-13s %-8s %-10s %s\n' "$rate" "$orders" \
		"$(jq -r '"\(.served.p50) ms"' "$result")" "$(jq -r '"\(.served.p99) ms"' "$result")" \
		"$(jq '.errors' "$result")" "$(jq '.refused.count' "$result")" "$(jq -r '"\(.final.p99) ms"' "$result")" \
		"$emails/$finals" "${drain} s" "$cpu_per_order"
done
echo
echo "CPU seconds by container, per step (load-tests/target/load/cpu-<rate>.txt):"
for rate in "${rates[@]}"; do echo "  $rate/s: $(cat "$out/cpu-$rate.txt")"; done
echo "Peak memory since start, restarts and OOM kills, by container:"
for entry in $containers; do
	id=${entry%%:*}
	peak=$(docker exec "$id" sh -c 'cat /sys/fs/cgroup/memory.peak 2>/dev/null || cat /sys/fs/cgroup/memory/memory.max_usage_in_bytes' || echo 0)
	printf '  %-22s %5d MiB  %s\n' "${entry#*:}" $(( peak / 1048576 )) \
		"$(docker inspect -f 'restarts={{.RestartCount}} oom-killed={{.State.OOMKilled}}' "$id")"
done
echo "Answers and outcomes per step: load-tests/target/load/step-<rate>.json; Gatling's report: load-tests/target/gatling/"
