#!/usr/bin/env bash
# Records the real capture fixtures in test/capture/fixtures/: tcpdump on loopback while real clients
# talk to real servers started here on high loopback ports with temporary config and data dirs.
# Needs root (tcpdump, sshd), and: mariadbd + mariadb, postgres + psql, redis-server + redis-cli,
# sshd + ssh, exim4 + curl (SMTP), nginx + curl (HTTP/1.1, h2c, TLS), editcap + mergecap (pcapng).
# Usage: scripts/record-captures.sh [OUT_DIR]   (BASE=47000 picks the port range)
set -euo pipefail

OUT=${1:-"$(cd "$(dirname "$0")/.." && pwd)/test/capture/fixtures"}
BASE=${BASE:-47000}
TMP=$(mktemp -d /tmp/protocheck-rec.XXXXXX)
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  [ -f "$TMP/pg/postmaster.pid" ] && su postgres -s /bin/sh -c "pg_ctl -D $TMP/pg -m immediate stop" >/dev/null 2>&1 || true
  sleep 0.5
  rm -rf "$TMP"
}
trap cleanup EXIT
mkdir -p "$OUT"

P_MARIADB=$((BASE + 6)); P_PG=$((BASE + 32)); P_REDIS=$((BASE + 79)); P_SSH=$((BASE + 22))
P_SMTP=$((BASE + 25)); P_HTTP=$((BASE + 80)); P_H2C=$((BASE + 81)); P_TLS=$((BASE + 43))

wait_port() { for _ in $(seq 1 100); do (exec 3<>/dev/tcp/127.0.0.1/"$1") 2>/dev/null && { exec 3>&- 3<&-; return 0; }; sleep 0.1; done; echo "port $1 never opened" >&2; return 1; }

# record NAME PORT [tcpdump args...] -- CLIENT COMMAND...
record() {
  local name=$1 port=$2; shift 2
  local targs=()
  while [ "$1" != "--" ]; do targs+=("$1"); shift; done
  shift
  tcpdump -i lo -s 0 -U -w "$OUT/$name" "${targs[@]}" "tcp port $port" 2>/dev/null &
  local tp=$!
  sleep 1
  "$@" >/dev/null 2>&1 || true
  sleep 1
  kill -INT "$tp" 2>/dev/null || true; wait "$tp" 2>/dev/null || true
  echo "recorded $name ($(stat -c %s "$OUT/$name") bytes)"
}

# --- MariaDB (server speaks first: handshake packet) ---
mkdir -p "$TMP/mysql"
mariadb-install-db --user=root --datadir="$TMP/mysql" --auth-root-authentication-method=normal >/dev/null 2>&1
mariadbd --user=root --datadir="$TMP/mysql" --socket="$TMP/mysql.sock" --port=$P_MARIADB --bind-address=127.0.0.1 --skip-log-bin --pid-file="$TMP/mysql.pid" >/dev/null 2>&1 &
PIDS+=($!)
# --- PostgreSQL (client first: SSLRequest / StartupMessage) ---
mkdir -p "$TMP/pg" && chown postgres "$TMP" "$TMP/pg"
su postgres -s /bin/sh -c "initdb -D $TMP/pg -A trust -U postgres >/dev/null && pg_ctl -D $TMP/pg -o '-p $P_PG -k $TMP -c listen_addresses=127.0.0.1' -l $TMP/pg.log start >/dev/null"
# --- Redis (client first: RESP) ---
redis-server --port $P_REDIS --bind '127.0.0.1 ::1' --save '' --appendonly no --dir "$TMP" >/dev/null &
PIDS+=($!)
# --- OpenSSH (both sides send their version line at once) ---
mkdir -p /run/sshd
ssh-keygen -q -t ed25519 -N '' -f "$TMP/ssh_host_ed25519_key"
printf 'Port %s\nListenAddress 127.0.0.1\nHostKey %s\nPidFile %s\nUsePAM no\n' $P_SSH "$TMP/ssh_host_ed25519_key" "$TMP/sshd.pid" >"$TMP/sshd_config"
/usr/sbin/sshd -D -f "$TMP/sshd_config" &
PIDS+=($!)
# --- exim4 (SMTP: server greets first) ---
exim4 -bd -oX $P_SMTP -DSPOOLDIR="$TMP" -oP "$TMP/exim.pid" >/dev/null 2>&1 &
PIDS+=($!)
# --- nginx: HTTP/1.1, h2c (prior knowledge) and TLS ---
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=localhost -keyout "$TMP/key.pem" -out "$TMP/cert.pem" 2>/dev/null
mkdir -p "$TMP/nginx"
cat >"$TMP/nginx.conf" <<NGINX
daemon off; pid $TMP/nginx.pid; error_log $TMP/nginx/error.log; worker_processes 1;
events { worker_connections 64; }
http {
  access_log off; client_body_temp_path $TMP/nginx; proxy_temp_path $TMP/nginx; fastcgi_temp_path $TMP/nginx; uwsgi_temp_path $TMP/nginx; scgi_temp_path $TMP/nginx;
  server { listen 127.0.0.1:$P_HTTP; location / { return 200 "ok\n"; } }
  server { listen 127.0.0.1:$P_H2C http2; location / { return 200 "ok\n"; } }
  server { listen 127.0.0.1:$P_TLS ssl; ssl_certificate $TMP/cert.pem; ssl_certificate_key $TMP/key.pem; location / { return 200 "ok\n"; } }
}
NGINX
nginx -c "$TMP/nginx.conf" -p "$TMP/nginx" &
PIDS+=($!)

for p in $P_MARIADB $P_PG $P_REDIS $P_SSH $P_SMTP $P_HTTP $P_H2C $P_TLS; do wait_port "$p"; done

record mariadb.pcap $P_MARIADB -- mariadb -h 127.0.0.1 -P $P_MARIADB -u root --skip-ssl -e 'select 1'
record postgresql.pcap $P_PG -- env PGCONNECT_TIMEOUT=3 psql "host=127.0.0.1 port=$P_PG user=postgres dbname=postgres sslmode=prefer" -c 'select 1'
record redis.pcap $P_REDIS -- redis-cli -h 127.0.0.1 -p $P_REDIS ping
record ssh.pcap $P_SSH -c 12 -- ssh -o BatchMode=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o ConnectTimeout=3 -p $P_SSH nobody@127.0.0.1 true
record smtp.pcap $P_SMTP -- curl -s --max-time 5 smtp://127.0.0.1:$P_SMTP/protocheck --mail-rcpt postmaster@localhost
record http1.pcap $P_HTTP -- curl -s --max-time 5 http://127.0.0.1:$P_HTTP/
record h2c.pcap $P_H2C -- curl -s --max-time 5 --http2-prior-knowledge http://127.0.0.1:$P_H2C/
record tls.pcap $P_TLS -c 12 -- curl -s -k --max-time 5 https://127.0.0.1:$P_TLS/
# Nanosecond timestamps (pcap magic a1b23c4d), and Linux cooked v2 / v1 headers from the "any" device.
record redis-ns.pcap $P_REDIS --time-stamp-precision=nano -- redis-cli -h 127.0.0.1 -p $P_REDIS ping
tcpdump -i any -s 0 -U -w "$OUT/http1-sll2.pcap" "tcp port $P_HTTP" 2>/dev/null & TP=$!; sleep 1; curl -s --max-time 5 http://127.0.0.1:$P_HTTP/ >/dev/null; sleep 1; kill -INT $TP; wait $TP 2>/dev/null || true
tcpdump -i any -y LINUX_SLL -s 0 -U -w "$OUT/smtp-sll.pcap" "tcp port $P_SMTP" 2>/dev/null & TP=$!; sleep 1; curl -s --max-time 5 smtp://127.0.0.1:$P_SMTP/x --mail-rcpt postmaster@localhost >/dev/null; sleep 1; kill -INT $TP; wait $TP 2>/dev/null || true
echo "recorded http1-sll2.pcap, smtp-sll.pcap"
# pcapng with two interfaces of different link types (Ethernet-framed loopback and cooked v2).
editcap -F pcapng "$OUT/mariadb.pcap" "$TMP/a.pcapng"
editcap -F pcapng "$OUT/http1-sll2.pcap" "$TMP/b.pcapng"
mergecap -F pcapng -w "$OUT/mixed.pcapng" "$TMP/a.pcapng" "$TMP/b.pcapng"
echo "recorded mixed.pcapng"
# Real IPv6 (loopback ::1).
record redis-ipv6.pcap $P_REDIS -- redis-cli -h ::1 -p $P_REDIS ping
# Several clients and ports in one capture (what a user records with a wide filter).
tcpdump -i lo -s 0 -U -w "$OUT/several.pcap" "tcp portrange $BASE-$((BASE + 99))" 2>/dev/null & TP=$!; sleep 1
mariadb -h 127.0.0.1 -P $P_MARIADB -u root --skip-ssl -e 'select 1' >/dev/null 2>&1 || true
redis-cli -h 127.0.0.1 -p $P_REDIS ping >/dev/null 2>&1 || true
curl -s --max-time 5 http://127.0.0.1:$P_HTTP/ >/dev/null || true
curl -s --max-time 5 smtp://127.0.0.1:$P_SMTP/x --mail-rcpt postmaster@localhost >/dev/null || true
mariadb -h 127.0.0.1 -P $P_MARIADB -u root --skip-ssl -e 'select 2' >/dev/null 2>&1 || true
curl -s --max-time 5 --http2-prior-knowledge http://127.0.0.1:$P_H2C/ >/dev/null || true
sleep 1; kill -INT $TP 2>/dev/null || true; wait $TP 2>/dev/null || true
echo "recorded several.pcap"
# A capture cut inside a packet record (what a tcpdump killed mid-write leaves).
head -c 900 "$OUT/smtp.pcap" >"$OUT/smtp-truncated.pcap"
echo "recorded smtp-truncated.pcap"
