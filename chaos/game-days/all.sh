#!/usr/bin/env bash
# Every game day in sequence against a running stack (docker compose up -d --build), each
# restoring what it broke. Goes on after a failed one, so one run shows them all; exits
# non-zero if any failed. About 12 minutes, most of it waiting for alerts' `for:`.
#   chaos/game-days/all.sh                  # all of them
#   chaos/game-days/all.sh kafka-down ...   # some of them, in the order given
set -uo pipefail
cd "$(dirname "$0")"

GAME_DAYS=(payment-slow payment-down inventory-down poison-message kafka-down rabbitmq-down postgres-down)
if [ $# -gt 0 ]; then
	GAME_DAYS=("$@")
fi

results=()
failed=0
for game_day in "${GAME_DAYS[@]}"; do
	echo
	echo "######## $game_day"
	start=$(date +%s)
	if ./"$game_day".sh; then
		results+=("PASSED  $game_day  $(($(date +%s) - start))s")
	else
		results+=("FAILED  $game_day  $(($(date +%s) - start))s")
		failed=$((failed + 1))
	fi
done

echo
echo "######## game days"
printf '  %s\n' "${results[@]}"
exit $((failed > 0))
