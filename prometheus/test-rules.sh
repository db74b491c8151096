#!/usr/bin/env bash
# Checks prometheus.yml and alerts.yml and runs the alert unit tests (alerts.test.yml)
# with the promtool inside the same Prometheus image the compose stack runs.
# Needs only a Docker engine; exits non-zero if any check or test fails.
#
#   prometheus/test-rules.sh
#   PROMETHEUS_IMAGE=prom/prometheus:v3.5.0 prometheus/test-rules.sh
set -euo pipefail

dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
image="${PROMETHEUS_IMAGE:-prom/prometheus:v3.5.0}"

# The directory is mounted read-only at /prometheus and used as the working directory:
# the image's default workdir, so prometheus.yml's relative `rule_files: [alerts.yml]`
# and the test file's `rule_files` resolve the same way as in the stack (against the
# directory of the file naming them). Running as the caller's uid/gid means the files
# are readable even from a checkout made with a restrictive umask (the image's own
# user, nobody, could not read them then).
promtool() {
	docker run --rm --network none \
		--user "$(id -u):$(id -g)" \
		-v "$dir":/prometheus:ro -w /prometheus \
		--entrypoint promtool "$image" "$@"
}

echo "== $(promtool --version 2>&1 | head -n 1)"
echo "== promtool check config prometheus.yml"
promtool check config prometheus.yml
echo "== promtool check rules alerts.yml"
promtool check rules alerts.yml
echo "== promtool test rules alerts.test.yml"
promtool test rules alerts.test.yml
echo "== all Prometheus checks passed"
