#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A real HTTP server behind the balancer: nginx in each server namespace,
# curl on the client, IPv4 and IPv6, on the topology of lib_dsr.sh:
#
#   client ---- router ==== br0 (LAN) ====+============+=======+=======+
#    curl         |                        |            |       |       |
#           routes the VIP            balancer (lbdr)   s1      s2      s3
#           to the balancer           VIP on lo too     nginx on 0.0.0.0:80 and
#                                                       [::]:80, each serving a
#                                                       page with its name
#
#   client 198.51.100.2 / 2001:db8:c::2   router .1 / ::1 on both sides
#   LAN 10.0.0.0/24, 2001:db8:a::/64: router .1, balancer .2, s1..s3 .11-.13
#   VIP 192.0.2.10 and 2001:db8:f::10, port 80
#
# The servers hold the VIP on lo: nginx's wildcard sockets accept
# connections to it and answer from it, straight to the client. The
# balancer runs an nginx of its own too, answering "lb": a request that
# lbdr let through to the balancer's stack shows up as such.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_dsr.sh"

NGINX=/usr/sbin/nginx
REQUESTS=30
D=$(mktemp -d) || exit 1
# Read by the workers, who run as nobody.
chmod 755 "$D"
trap 'cleanup; rm -rf "$D"' EXIT

# server_start NETNS NAME (lib_dsr.sh's hook): nginx with a configuration,
# pid file, logs and temporary files of its own in $D/NAME.
server_start() {
	local ns=$1 name=$2 dir=$D/$2

	mkdir -p "$dir/html" && echo "$name" > "$dir/html/index.html" || return 1
	chmod -R a+rX "$dir"
	cat > "$dir/nginx.conf" <<-EOF
	user nobody nogroup;
	worker_processes 1;
	pid $dir/nginx.pid;
	error_log $dir/error.log;
	events {
		worker_connections 128;
	}
	http {
		access_log off;
		default_type text/plain;
		client_body_temp_path $dir/body;
		proxy_temp_path $dir/proxy;
		fastcgi_temp_path $dir/fastcgi;
		uwsgi_temp_path $dir/uwsgi;
		scgi_temp_path $dir/scgi;
		server {
			listen 0.0.0.0:80;
			listen [::]:80;
			root $dir/html;
		}
	}
	EOF
	# Daemonises once it listens; fails if it cannot.
	nsx "$ns" "$NGINX" -p "$dir" -e "$dir/error.log" -c "$dir/nginx.conf" \
		>"$dir/start.log" 2>&1 || { cat "$dir/start.log" "$dir/error.log"; return 1; }
	wait_for 20 listening "$ns" 80
}

nginx_everywhere() {
	local s

	[ -x "$NGINX" ] || { echo "$NGINX missing"; return 1; }
	for s in lb "${SERVERS[@]}"; do
		[ -s "$D/$s/nginx.pid" ] || { echo "no nginx for $s"; return 1; }
		kill -0 "$(cat "$D/$s/nginx.pid")" || return 1
	done
	# Both families listen in each server.
	for s in "${SERVERS[@]}"; do
		nsx "$(server_ns "$s")" ss -Hltn 'sport = :80' | grep -q '0.0.0.0:80' &&
			nsx "$(server_ns "$s")" ss -Hltn 'sport = :80' | grep -q '\[::\]:80' ||
			{ echo "$s does not listen on both families"; return 1; }
	done
}

# http_spread URL: REQUESTS requests, each a new connection, all 200 with a
# server's page; at least 2 servers answer.
http_spread() {
	local url=$1 i out code name names=

	for i in $(seq $REQUESTS); do
		out=$(nsx "$C" curl -gsS --noproxy '*' --max-time 10 -w '\n%{http_code}' "$url") ||
			{ echo "request $i: curl failed: $out"; return 1; }
		code=${out##*$'\n'}
		name=${out%%$'\n'*}
		[ "$code" = 200 ] || { echo "request $i: HTTP $code: $out"; return 1; }
		case "$name" in
		s1|s2|s3) names="$names$name"$'\n' ;;
		*) echo "request $i: answered by \"$name\""; return 1 ;;
		esac
	done
	echo "answers: $(sort <<< "$names" | uniq -c | tr -s ' \n' ' ')"
	[ "$(sort -u <<< "$names" | grep -c .)" -ge 2 ]
}

nginx_stopped() {
	local s pid

	for s in lb "${SERVERS[@]}"; do
		pid=$(cat "$D/$s/nginx.pid") || return 1
		kill -QUIT "$pid" || return 1
		# nginx removes its pid file as it exits (kill -0 would see a zombie).
		wait_for 20 test ! -e "$D/$s/nginx.pid" ||
			{ echo "nginx of $s (pid $pid) still running"; return 1; }
	done
	for s in "${SERVERS[@]}"; do
		wait_for 20 bash -c "! ip netns exec $(server_ns "$s") ss -Hltn 'sport = :80' | grep -q ." ||
			{ echo "port 80 of $s still open"; return 1; }
	done
}

check "module loads" module_load
namespaces_up || { fail "namespaces created"; finish; exit 1; }
check "topology: client, router, balancer, 3 servers running nginx" topology_up
check "nginx runs in every namespace, listening on 0.0.0.0:80 and [::]:80" nginx_everywhere
check "services and servers configured on the balancer" services_up
check "HTTP/IPv4: $REQUESTS requests through the VIP all 200 OK from the servers, at least 2 of them" \
	http_spread "http://$VIP4/"
check "HTTP/IPv6: $REQUESTS requests through the VIP all 200 OK from the servers, at least 2 of them" \
	http_spread "http://[$VIP6]/"
check "nginx stops in every namespace" nginx_stopped
finish
