#!/usr/bin/env bash
# Runs the benchmarks and writes docs/benchmarks.md (see docs/benchmarks.md, "How to run").
#
#   bench/run.sh full     every scenario, 3 runs of each target point, both modes (~25 min on a quiet
#                         machine with BENCH_SKIP_BUILD=1, plus ~2 min for the build)
#   bench/run.sh quick    one short run of each point, smaller sweeps (~11 min)
#
# Settings (environment): BENCH_HTTP_PORT (19680), BENCH_HTTPS_PORT (19780), BENCH_HOSTS (127.0.0.1-4:
# connections are spread over these addresses), BENCH_MODES ("embedded postgres"), BENCH_SCENARIOS
# ("jmh idle single overload group sync mixed cold"), BENCH_COLD_MESSAGES / BENCH_COLD_CONVERSATIONS (the
# history cold restarts on: 1000000 / 300000), BENCH_SEARCH_MESSAGES / BENCH_SEARCH_CONVERSATIONS /
# BENCH_SEARCH_USERS / BENCH_SEARCH_QUERIES (the search scenario, PostgreSQL only and in no default list:
# BENCH_MODES=postgres BENCH_SCENARIOS=search; 1000000 / 100000 / 20000 / 500), BENCH_PAIRS (random: single's pairing, also zipf or
# fixed), BENCH_SINGLE_USERS, BENCH_SINGLE_SWEEP (override the mode's), BENCH_IDLE_MAX (connections for idle; capped by the open-file
# limit), BENCH_XMX (server heap, 4g), BENCH_GC (server collector flags, G1 with a pre-touched heap
# and transparent huge pages; see docs/deployment.md), BENCH_SKIP_BUILD=1 (reuse bench/target),
# BENCH_NO_REPORT=1, BENCH_SERVER_ENV ("NAME=value ..." added to the server's environment, e.g.
# IM_DB_DURABLE_COMMITS=false), BENCH_SERVER_JAVA_HOME (the JDK the server runs on; default: the java on the
# PATH, which also runs the generator), PGHOST/PGPORT/PGUSER (127.0.0.1/5432/postgres: a fresh database is created and
# dropped per mode), BENCH_PG_PARAMS (appended to its JDBC URL, e.g. ?reWriteBatchedInserts=true),
# BENCH_PEER (1: also run the single points against the original design's Spring STOMP server from
# ../shared/peers/spring-stomp, BENCH_PEER_SRC; 0: not), BENCH_PEER_PORT (19880), BENCH_SOAK_MINUTES (60: the
# soak scenario's length; soak is in no default list: BENCH_SCENARIOS="single soak" runs it after the
# single points, at half the rate they saturated at), BENCH_SOAK_RATE (the soak's single rate instead),
# BENCH_SOAK_ACK (client: the reconnecting users ACK what they handle; auto: a completed write counts).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
MODE_RUN=${1:-quick}
case "$MODE_RUN" in full|quick) ;; *) echo "usage: bench/run.sh full|quick" >&2; exit 2 ;; esac

PORT=${BENCH_HTTP_PORT:-19680}
SPORT=${BENCH_HTTPS_PORT:-19780}
HOSTS=${BENCH_HOSTS:-127.0.0.1-4}
MODES=${BENCH_MODES:-embedded postgres}
SCENARIOS=${BENCH_SCENARIOS:-jmh idle single overload group sync mixed cold}
COLD_MESSAGES=${BENCH_COLD_MESSAGES:-1000000}
COLD_CONVERSATIONS=${BENCH_COLD_CONVERSATIONS:-300000}
SEARCH_MESSAGES=${BENCH_SEARCH_MESSAGES:-1000000}
SEARCH_CONVERSATIONS=${BENCH_SEARCH_CONVERSATIONS:-100000}
SEARCH_USERS=${BENCH_SEARCH_USERS:-20000}
SOAK_MINUTES=${BENCH_SOAK_MINUTES:-60}
XMX=${BENCH_XMX:-4g}
GC=${BENCH_GC:--XX:+UseG1GC -XX:+AlwaysPreTouch -XX:+UseTransparentHugePages}
SERVER_JAVA_HOME=${BENCH_SERVER_JAVA_HOME:-}
JCMD=${SERVER_JAVA_HOME:+$SERVER_JAVA_HOME/bin/}jcmd
PGHOST=${PGHOST:-127.0.0.1}; PGPORT=${PGPORT:-5432}; PGUSER=${PGUSER:-postgres}
WLP=$ROOT/bench/target/liberty/wlp
SRV=$WLP/usr/servers/imBench
OUT=$ROOT/bench/target/results/$(date -u +%Y%m%dT%H%M%SZ)-$MODE_RUN
mkdir -p "$OUT"
RESULTS=$OUT/results.jsonl

# DUR: the single target points (60 s embedded, as the targets say; PG_DUR for PostgreSQL); SWEEP_DUR:
# every other measured window. The 1,000 msg/s point of the sweep is the low target point (3 runs).
if [ "$MODE_RUN" = full ]; then
  RUNS=3; DUR=60; PG_DUR=30; SWEEP_DUR=15; WARM=10
  SINGLE_SWEEP="2500 5000 7500 10000 12500 15000"; PG_SWEEP="2500 7500"
  GROUP_SIZES="250 500 1000"; SINGLE_USERS=2000
  JMH_OPTS="-wi 2 -i 3 -w 1 -r 2"
else
  RUNS=1; DUR=15; PG_DUR=15; SWEEP_DUR=10; WARM=5
  SINGLE_SWEEP="5000"; PG_SWEEP="1000"
  GROUP_SIZES="100 1000"; SINGLE_USERS=1000
  JMH_OPTS="-wi 2 -i 3 -w 1 -r 1"
fi
OVER_DUR=60
[ "$MODE_RUN" = quick ] && OVER_DUR=15
SINGLE_USERS=${BENCH_SINGLE_USERS:-$SINGLE_USERS}
SINGLE_SWEEP=${BENCH_SINGLE_SWEEP:-$SINGLE_SWEEP}
PAIRS=${BENCH_PAIRS:-random}

# the server and the generator each need a descriptor per connection
ulimit -n "$(ulimit -Hn)" || true
NOFILE=$(ulimit -n)
IDLE_MAX=${BENCH_IDLE_MAX:-$(( NOFILE > 52000 ? 50000 : (NOFILE - 1500) / 1000 * 1000 ))}

log() { echo "[$(date -u +%H:%M:%S)] $*" | tee -a "$OUT/run.log" >&2; }

if [ -z "${BENCH_SKIP_BUILD:-}" ]; then
  log "building (server WAR, bench tools, Liberty server imBench)"
  ./mvnw -B -ntp -q -pl bench -am package -DskipTests -Dbench.http.port="$PORT" -Dbench.https.port="$SPORT"
fi
CP="$ROOT/bench/target/classes:$ROOT/bench/target/lib/*"
JAVA_GEN="java -Xmx2g -XX:+UseParallelGC -cp $CP"

# ---- the machine, for the report
{
  echo "date=$(date -u +%Y-%m-%dT%H:%MZ)"
  echo "mode=$MODE_RUN"
  echo "cpus=$(nproc)"
  echo "cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
  echo "memory=$(free -g | awk '/Mem:/{print $2}') GiB"
  echo "os=$(uname -sr)"
  echo "jdk=$(${SERVER_JAVA_HOME:+$SERVER_JAVA_HOME/bin/}java -version 2>&1 | head -1)"
  echo "generator_jdk=$(java -version 2>&1 | head -1)"
  echo "liberty=$(grep -h '^com.ibm.websphere.productVersion' "$WLP"/lib/versions/openliberty.properties | cut -d= -f2)"
  echo "postgres=$(psql -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -Atc 'show server_version' 2>/dev/null || echo none)"
  echo "nofile=$NOFILE"
  echo "load_before=$(cut -d' ' -f1-3 /proc/loadavg)"
  echo "xmx=$XMX"
  echo "server_env=${BENCH_SERVER_ENV:-}"
} > "$OUT/machine.properties"

# ---- the server
server_pid() { cat "$WLP/usr/servers/.pid/imBench.pid"; }

start_server() { # $1 = embedded | postgres, $2 = keep: keep the embedded database (a restart)
  local mode=$1
  if [ "${2:-}" = keep ]; then rm -rf "$SRV/logs"; else rm -rf "$SRV/data" "$SRV/logs"; fi
  sed -i "s/^default.http.port=.*/default.http.port=$PORT/;s/^default.https.port=.*/default.https.port=$SPORT/" \
    "$SRV/bootstrap.properties"
  # keep the keystore password `server create` generated; everything else is this run's
  grep '^keystore_password=' "$SRV/server.env" > "$OUT/server.env.tmp" || true
  cat "$ROOT/bench/src/main/liberty/bench/server.env" >> "$OUT/server.env.tmp"
  echo "IM_DB_POOL_MAX=${BENCH_DB_POOL_MAX:-20}" >> "$OUT/server.env.tmp"
  # shellcheck disable=SC2086
  [ -z "${BENCH_SERVER_ENV:-}" ] || printf '%s\n' $BENCH_SERVER_ENV >> "$OUT/server.env.tmp"
  if [ "$mode" = postgres ] && [ "${2:-}" != keep ]; then
    DB=xuqm_bench_$(date +%s)_$$
    psql -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -qc "create database $DB" >/dev/null
    {
      echo "IM_DB_URL=jdbc:postgresql://$PGHOST:$PGPORT/$DB${BENCH_PG_PARAMS-}"
      echo "IM_DB_USER=$PGUSER"
      echo "IM_MASTER_KEY=$(openssl rand -base64 32)"
    } >> "$OUT/server.env.tmp"
  fi
  mv "$OUT/server.env.tmp" "$SRV/server.env"
  printf -- '-Xms%s\n-Xmx%s\n' "$XMX" "$XMX" > "$SRV/jvm.options"
  printf -- '%s\n' $GC >> "$SRV/jvm.options"
  cp "$SRV/jvm.options" "$OUT/jvm.options"
  log "starting imBench ($mode) on port $PORT"
  if [ -n "$SERVER_JAVA_HOME" ]; then
    JAVA_HOME=$SERVER_JAVA_HOME "$WLP/bin/server" start imBench >/dev/null
  else
    "$WLP/bin/server" start imBench >/dev/null
  fi
  for _ in $(seq 1 240); do
    if curl -fs -o /dev/null "http://127.0.0.1:$PORT/api/im/auth/jwks"; then
      break
    fi
    sleep 0.5
  done
  curl -fs -o /dev/null "http://127.0.0.1:$PORT/api/im/auth/jwks" || { log "server did not start"; exit 1; }
  if [ "$mode" = embedded ]; then
    for _ in $(seq 1 60); do [ -f "$SRV/data/demo-app-secret" ] && break; sleep 1; done
    APP="--secret-file $SRV/data/demo-app-secret"
  else
    # production mode has no demo app: the generator registers a tenant and creates one (once per server)
    local creds
    creds=$($JAVA_GEN com.xuqinmin.im.bench.LoadGen --ports "$PORT" --new-app --print-app)
    APP="--app-key ${creds%% *} --secret ${creds#* }"
  fi
}

stop_server() { # $1 = mode
  # what the server holds before it stops: its threads, and its TCP sockets by state (a socket left in
  # CLOSE-WAIT is one whose client has gone and that the server never closed)
  local pid
  pid=$(cat "$WLP/usr/servers/.pid/imBench.pid" 2>/dev/null || true)
  if [ -n "$pid" ]; then
    "$JCMD" "$pid" Thread.print > "$OUT/threads-$1.txt" 2>/dev/null || true
    ss -tanp 2>/dev/null | grep "pid=$pid," > "$OUT/sockets-$1.txt" || true
  fi
  "$WLP/bin/server" stop imBench >/dev/null || true
  cp "$SRV/logs/messages.log" "$OUT/messages-$1.log" 2>/dev/null || true
  # leave the server as the build made it (the smoke run of `verify` uses it as it is)
  grep '^keystore_password=' "$SRV/server.env" > "$OUT/server.env.tmp" || true
  cat "$ROOT/bench/src/main/liberty/bench/server.env" >> "$OUT/server.env.tmp"
  mv "$OUT/server.env.tmp" "$SRV/server.env"
  rm -f "$SRV/jvm.options"
  if [ "$1" = postgres ] && [ -n "${DB:-}" ]; then
    psql -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -qc "drop database if exists $DB" >/dev/null || true
  fi
}

# the server's live heap in bytes (the idle scenario's step hook): the total of a class histogram,
# which counts only live objects (jcmd runs a full collection for it, with any collector; ZGC's
# heap_info "used" right after a GC.run still held garbage and jumped by hundreds of MB between steps)
cat > "$OUT/heap.sh" <<EOF
#!/bin/sh
PID=\$(cat "$WLP/usr/servers/.pid/imBench.pid")
$JCMD \$PID GC.class_histogram 2>/dev/null > "$OUT/histogram.tmp"
sed 1d "$OUT/histogram.tmp" | head -25 > "$OUT/histogram-last-step.txt"
awk '\$1 == "Total" { print \$3 }' "$OUT/histogram.tmp"
EOF
chmod +x "$OUT/heap.sh"

# waits until the server answers quickly again (the previous run's sockets are closed and its backlog done)
settle() {
  local i
  for i in $(seq 1 60); do
    if curl -fs -m 1 -o /dev/null "http://127.0.0.1:$PORT/api/im/auth/jwks"; then
      return
    fi
    sleep 1
  done
  log "  server still busy after 60 s"
}

gen() { # $1 = mode/run label, rest = generator options
  local label=$1; shift
  settle
  log "  $label $*"
  # shellcheck disable=SC2086
  $JAVA_GEN com.xuqinmin.im.bench.LoadGen --hosts "$HOSTS" --ports "$PORT" $APP --label "$label" \
    --out "$RESULTS" "$@" >> "$OUT/generator.log" 2>&1 || log "  (run reported failures; see generator.log)"
}

jfr_during() { # $1 = seconds to wait before, $2 = recording seconds, $3 = file
  ( sleep "$1"; $JCMD "$(server_pid)" JFR.start name=bench duration="$2s" filename="$3" settings=profile >/dev/null 2>&1 ) &
}

run_mode() {
  local mode=$1
  start_server "$mode"
  for sc in $SCENARIOS; do
    case "$sc" in
      idle)
        [ "$mode" = embedded ] || continue
        local steps="1000" n
        for n in 2500 5000 10000 15000 20000 30000 40000 50000; do
          [ "$n" -le "$IDLE_MAX" ] && steps="$steps,$n"
        done
        for r in $(seq 1 "$RUNS"); do
          gen "$mode/$r" --scenario idle --users "${steps##*,}" --steps "$steps" --hold 10 \
            --connect-concurrency 500 --step-hook "$OUT/heap.sh"
        done ;;
      single)
        local sweep=$SINGLE_SWEEP target=10000 low=1000 dur=$DUR
        [ "$mode" = postgres ] && { sweep=$PG_SWEEP; target=5000; dur=$PG_DUR; }
        for rate in $sweep; do
          gen "$mode/sweep" --scenario single --pairs "$PAIRS" --users "$SINGLE_USERS" --rate "$rate" \
            --warmup "$WARM" --duration "$SWEEP_DUR"
        done
        for r in $(seq 1 "$RUNS"); do
          [ "$r" = 1 ] && jfr_during $(( WARM + 5 )) 20 "$OUT/single-$mode.jfr"
          gen "$mode/$r" --scenario single --pairs "$PAIRS" --users "$SINGLE_USERS" --rate "$target" \
            --warmup "$WARM" --duration "$dur"
          if [ "$mode" = embedded ]; then
            gen "$mode/$r" --scenario single --pairs "$PAIRS" --users "$SINGLE_USERS" --rate "$low" \
              --warmup "$WARM" --duration "$SWEEP_DUR"
          fi
        done ;;
      cold)
        # a restart on a large stored history: the stopped server's database gets COLD_MESSAGES messages
        # in COLD_CONVERSATIONS random pairs of SINGLE_USERS users (ColdSeed), the server starts again
        # (a new JVM: every cache empty), and the same users send with random pairs at the low target
        # rate; the generator reports every second's p99 from the first connection and when it settled.
        # Last in the list: the scenarios after it would run on the big database.
        [ "$mode" = embedded ] || continue
        local prefix="c$(date +%s)" t0 t1
        stop_server "$mode"
        mv "$OUT/messages-$mode.log" "$OUT/messages-$mode-before-cold.log" 2>/dev/null || true
        log "  seeding $COLD_MESSAGES messages in $COLD_CONVERSATIONS conversations"
        java -Xmx2g -cp "$CP:$(ls "$WLP"/usr/shared/resources/jdbc/h2-*.jar | head -1)" com.xuqinmin.im.bench.ColdSeed \
          --db "jdbc:h2:$SRV/data/h2/im" --app-key ak_demo_chat --user-prefix "$prefix" --users "$SINGLE_USERS" \
          --conversations "$COLD_CONVERSATIONS" --messages "$COLD_MESSAGES" 2>&1 | tee -a "$OUT/generator.log" \
          | tail -1 | while read -r l; do log "  $l"; done
        # cold down to the disk: the operating system's page cache too, where this user may drop it
        local dropped=false
        sync
        if { echo 3 > /proc/sys/vm/drop_caches; } 2>/dev/null; then dropped=true; fi
        log "  page cache dropped: $dropped"
        t0=$(date +%s%N)
        start_server "$mode" keep
        t1=$(date +%s%N)
        log "  restarted in $(( (t1 - t0) / 1000000 )) ms"
        echo "{\"scenario\":\"cold-start\",\"label\":\"$mode/1\",\"startMillis\":$(( (t1 - t0) / 1000000 )),\"messages\":$COLD_MESSAGES,\"conversations\":$COLD_CONVERSATIONS,\"pageCacheDropped\":$dropped}" >> "$RESULTS"
        gen "$mode/1" --scenario cold --pairs random --user-prefix "$prefix" --users "$SINGLE_USERS" --rate 1000 \
          --warmup 0 --duration "$(( DUR > 30 ? DUR : 30 ))" ;;
      search)
        # message search over a large history (SearchBench, docs/benchmarks.md "Message search"),
        # PostgreSQL only (H2's search is a LIKE scan): SEARCH_MESSAGES messages written into the running
        # server's database, then searches by users of random conversations over HTTP, one at a time, and
        # the server API's compliance search; EXPLAIN ANALYZE of the statements into search-explain.txt.
        # Last in the list: the scenarios after it would run on the big database.
        [ "$mode" = postgres ] || continue
        log "  search: seeding $SEARCH_MESSAGES messages in $SEARCH_CONVERSATIONS conversations, then searching"
        # shellcheck disable=SC2086
        java -Xmx2g -XX:+UseParallelGC -cp "$CP:$(ls "$WLP"/usr/shared/resources/jdbc/postgresql-*.jar | head -1)" \
          com.xuqinmin.im.bench.SearchBench --db "jdbc:postgresql://$PGHOST:$PGPORT/$DB" --db-user "$PGUSER" \
          --ports "$PORT" $APP --label "$mode/1" --messages "$SEARCH_MESSAGES" --conversations "$SEARCH_CONVERSATIONS" \
          --users "$SEARCH_USERS" --queries "${BENCH_SEARCH_QUERIES:-500}" --out "$RESULTS" \
          --explain "$OUT/search-explain.txt" >> "$OUT/generator.log" 2>&1 || log "  (search failed; see generator.log)"
        tail -1 "$OUT/generator.log" | cut -c1-400 | while read -r l; do log "  $l"; done ;;
      group)
        [ "$mode" = embedded ] || continue
        local g
        for g in $GROUP_SIZES; do
          local runs=1
          [ "$g" = 1000 ] && runs=$RUNS
          for r in $(seq 1 "$runs"); do
            [ "$g" = 1000 ] && [ "$r" = 1 ] && jfr_during $(( WARM + 15 )) 20 "$OUT/group-$mode.jfr"
            gen "$mode/$r" --scenario group --group-size "$g" --rate 20 --warmup "$WARM" --duration "$SWEEP_DUR"
          done
        done ;;
      overload)
        # twice the highest rate this mode's single runs achieved (run `single` before it), offered with
        # random pairs; the server's heap is sampled every second (jstat) for the maximum used and the
        # full collections
        local sat
        sat=$(grep '"scenario":"single"' "$RESULTS" 2>/dev/null | grep "\"label\":\"$mode/" \
          | sed 's/.*"achievedRate":\([0-9]*\).*/\1/' | sort -n | tail -1)
        [ -n "$sat" ] || sat=2000
        local orate=$(( 2 * sat ))
        local gcf="$OUT/overload-gc-$mode.txt"
        ${SERVER_JAVA_HOME:+$SERVER_JAVA_HOME/bin/}jstat -gc "$(server_pid)" 1000 > "$gcf" 2>/dev/null &
        local jstat_pid=$!
        gen "$mode/1" --scenario overload --pairs "$PAIRS" --users "$SINGLE_USERS" --rate "$orate" \
          --warmup "$WARM" --duration "$OVER_DUR"
        kill "$jstat_pid" 2>/dev/null || true
        # heap used = S0U + S1U + EU + OU (KB); FGC = full collections since the server started
        awk -v mode="$mode" -v rate="$orate" -v sat="$sat" 'NR > 1 && $1 ~ /^[0-9.]+$/ {
            u = ($3 + $4 + $6 + $8) / 1024; if (u > max) max = u; if (NR == 2) f0 = $15; f = $15 }
          END { printf "{\"scenario\":\"overload-heap\",\"label\":\"%s/1\",\"saturation\":%d,\"rate\":%d,\"maxHeapMb\":%d,\"fullGcs\":%d}\n",
                mode, sat, rate, max, f - f0 }' "$gcf" >> "$RESULTS" ;;
      sync)
        local runs=$RUNS
        [ "$mode" = postgres ] && runs=1
        for r in $(seq 1 "$runs"); do
          gen "$mode/$r" --scenario sync --backlog 10000 --senders 20
        done ;;
      soak)
        # SOAK_MINUTES at half the highest rate this mode's single runs achieved (run `single` before
        # it), with a group of 200 at 10 msg/s and a tenth more users that stay 60 s, leave for 20 s and
        # catch up with chat.sync; the server's live heap, open files and threads are sampled every 30 s
        # through its pid file (ServerProbe), and at the end nothing may be missing
        [ "$mode" = embedded ] || continue
        local srate=${BENCH_SOAK_RATE:-} ssat
        if [ -z "$srate" ]; then
          ssat=$(grep '"scenario":"single"' "$RESULTS" 2>/dev/null | grep "\"label\":\"$mode/" \
            | sed 's/.*"achievedRate":\([0-9]*\).*/\1/' | sort -n | tail -1)
          [ -n "$ssat" ] || ssat=2000
          srate=$(( ssat / 2 ))
        fi
        gen "$mode/1" --scenario soak --users "$SINGLE_USERS" --group-size 200 --group-rate 10 \
          --reconnecting $(( SINGLE_USERS / 10 )) --reconnecting-ack "${BENCH_SOAK_ACK:-client}" \
          --cycle 60 --offline 20 --sample 30 --rate "$srate" \
          --warmup "$WARM" --duration $(( SOAK_MINUTES * 60 - WARM )) --drain 60 \
          --server-pid-file "$WLP/usr/servers/.pid/imBench.pid" --jcmd "$JCMD" ;;
      mixed)
        [ "$mode" = embedded ] || continue
        gen "$mode/1" --scenario mixed --users "$SINGLE_USERS" --group-size 200 --rate 2000 --group-rate 10 \
          --warmup "$WARM" --duration "$SWEEP_DUR" ;;
    esac
  done
  stop_server "$mode"
}

trap '"$WLP/bin/server" stop imBench >/dev/null 2>&1 || true' EXIT

if [[ " $SCENARIOS " == *" jmh "* ]]; then
  log "JMH: codec and JSON (one thread)"
  # shellcheck disable=SC2086
  java -cp "$CP" org.openjdk.jmh.Main $JMH_OPTS -rf json -rff "$OUT/jmh.json" >> "$OUT/jmh.log" 2>&1
fi
for m in $MODES; do
  run_mode "$m"
done
# ---- the original product's design, side by side: the same single points against the Spring STOMP
# peer (../shared/peers/spring-stomp, built from a copy in bench/target/peer), same heap and collector
if [ -n "${BENCH_PEER:-1}" ] && [ "${BENCH_PEER:-1}" != 0 ] && [[ " $SCENARIOS " == *" single "* ]]; then
  PEER_SRC=${BENCH_PEER_SRC:-$ROOT/../shared/peers/spring-stomp}
  PEER_PORT=${BENCH_PEER_PORT:-19880}
  if [ -d "$PEER_SRC" ]; then
    if [ -z "${BENCH_SKIP_BUILD:-}" ] || ! ls "$ROOT"/bench/target/peer/target/*.jar >/dev/null 2>&1; then
      log "building the peer (original design) from $PEER_SRC"
      rm -rf "$ROOT/bench/target/peer" && cp -r "$PEER_SRC" "$ROOT/bench/target/peer" && chmod -R u+w "$ROOT/bench/target/peer"
      ./mvnw -B -ntp -q -f "$ROOT/bench/target/peer/pom.xml" package -DskipTests
    fi
    PEER_DIR=$OUT/peer-run
    mkdir -p "$PEER_DIR"
    PEER_SECRET=$(openssl rand -hex 24)
    log "starting the peer on port $PEER_PORT"
    # shellcheck disable=SC2086
    ( cd "$PEER_DIR" && PORT=$PEER_PORT IM_DEMO_APP_SECRET=$PEER_SECRET exec java -Xms"$XMX" -Xmx"$XMX" $GC \
        -jar "$(ls "$ROOT"/bench/target/peer/target/*.jar | head -1)" > "$OUT/peer.log" 2>&1 ) &
    PEER_PID=$!
    for _ in $(seq 1 120); do
      curl -fs -o /dev/null "http://127.0.0.1:$PEER_PORT/ws/im/info" && break
      sleep 0.5
    done
    PEER_ARGS="--target peer --app-key ak_demo_chat --secret $PEER_SECRET"
    gen_peer() { # the peer answers no RECEIPT: only deliveries are measured
      local label=$1; shift
      log "  $label $*"
      # shellcheck disable=SC2086
      $JAVA_GEN com.xuqinmin.im.bench.LoadGen --hosts "$HOSTS" --ports "$PEER_PORT" $PEER_ARGS --label "$label" \
        --out "$RESULTS" "$@" >> "$OUT/generator.log" 2>&1 || log "  (run reported failures; see generator.log)"
    }
    # the JIT's first minute would be measured as the peer's: warm it up first, unrecorded
    $JAVA_GEN com.xuqinmin.im.bench.LoadGen --hosts "$HOSTS" --ports "$PEER_PORT" $PEER_ARGS --scenario single \
      --pairs "$PAIRS" --users "$SINGLE_USERS" --rate 1000 --warmup 5 --duration "$WARM" >> "$OUT/generator.log" 2>&1 || true
    for rate in $SINGLE_SWEEP; do
      gen_peer "peer/sweep" --scenario single --pairs "$PAIRS" --users "$SINGLE_USERS" --rate "$rate" \
        --warmup "$WARM" --duration "$SWEEP_DUR"
    done
    for r in $(seq 1 "$RUNS"); do
      gen_peer "peer/$r" --scenario single --pairs "$PAIRS" --users "$SINGLE_USERS" --rate 10000 \
        --warmup "$WARM" --duration "$DUR"
      gen_peer "peer/$r" --scenario single --pairs "$PAIRS" --users "$SINGLE_USERS" --rate 1000 \
        --warmup "$WARM" --duration "$SWEEP_DUR"
    done
    kill "$PEER_PID" 2>/dev/null || true
    wait "$PEER_PID" 2>/dev/null || true
  else
    log "no peer at $PEER_SRC: the side-by-side runs are skipped"
  fi
fi

echo "load_after=$(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/machine.properties"

if [ -z "${BENCH_NO_REPORT:-}" ]; then
  log "writing docs/benchmarks.md from $OUT"
  java -cp "$CP" com.xuqinmin.im.bench.report.Report "$OUT" "$ROOT/docs"
fi
log "done: $OUT"
