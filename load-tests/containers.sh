# Sourced by capacity.sh and idle.sh: the compose stack's running containers and their
# CPU counters, read inside each container so that cgroup v1 and v2 read alike.

# "<id>:<service>" for each running container of the stack.
running_containers() {
	docker compose ps -q | xargs -r docker inspect \
		-f '{{.State.Running}} {{.Id}} {{index .Config.Labels "com.docker.compose.service"}}' \
		| awk '$1 == "true" { print $2 ":" $3 }'
}

# Nanoseconds of CPU a container has used since it started.
cpu_ns() {
	docker exec "$1" sh -c 'if [ -f /sys/fs/cgroup/cpu.stat ]; then
		awk "/^usage_usec/ { printf \"%d\", \$2 * 1000 }" /sys/fs/cgroup/cpu.stat
	else cat /sys/fs/cgroup/cpuacct/cpuacct.usage; fi'
}

# "<service> <ns>" for each of the given "<id>:<service>" entries, sorted for join.
cpu_snapshot() {
	for entry in "$@"; do echo "${entry#*:} $(cpu_ns "${entry%%:*}")"; done | sort
}
