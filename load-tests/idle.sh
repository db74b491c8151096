#!/usr/bin/env bash
# CPU of the running compose stack with no traffic: each container's cgroup counter
# (read inside it: cgroup v1 and v2 alike) over a window, as % of one core.
#   load-tests/idle.sh 60
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}

. load-tests/containers.sh
containers=$(running_containers)

before=$(cpu_snapshot $containers)
sleep "$seconds"
after=$(cpu_snapshot $containers)
join <(echo "$before") <(echo "$after") | awk -v s="$seconds" -v cores="$(nproc)" '
	{ p = ($3 - $2) / 1e7 / s; total += p; printf "  %-22s %5.1f %% of a core\n", $1, p }
	END { printf "  %-22s %5.1f %% of a core = %.1f %% of the machine (%d cores)\n", "all", total, total / cores, cores }'
