#!/usr/bin/env bash
# Installs what is missing, then runs every check and test of the repo:
# type check, lint, prettier, all Jest suites (SQLite + PostgreSQL + Redis),
# and the browser test against the demo portal. Ends with one plain line
#   N passed, N failed, N skipped
# built from the real totals (CI does not read Jest's summary). Exit code is
# non-zero when anything failed.
#
# The real-cluster suites run against a real, bare kube-apiserver + etcd that this
# script starts from ../shared/kube-apiserver (beside the repo) and stops at the
# end, unless MCPK_TEST_KUBECONFIG already names a cluster.
#   bash scripts/test-all.sh --cluster-only   # start the API server, check it, stop it
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
OUT="$ROOT/test-output"
mkdir -p "$OUT"
START_SECONDS=$SECONDS

log() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo -n "$@"; else return 1; fi; }

# ---------------------------------------------------------------- real API server
# Ports apart from the team's dev cluster (16443/12379) and Debian's etcd default (2379).
KAS_DIR="$OUT/kube-apiserver"
SHARED_DIR="$(cd "$ROOT/.." && pwd)/shared"
CLUSTER_SCRIPT="$SHARED_DIR/kube-apiserver/test-cluster.sh"
cluster_started=0

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
first_free_port() { # first free port from $1 stepping by 100; $2 = also need port+1
  local p="$1"
  for _ in $(seq 1 20); do
    if port_free "$p" && { [ -z "${2:-}" ] || port_free $((p + 1)); }; then
      echo "$p"
      return 0
    fi
    p=$((p + 100))
  done
  return 1
}

start_real_cluster() {
  if [ ! -x "$CLUSTER_SCRIPT" ]; then
    echo "real API server: $CLUSTER_SCRIPT not found; clone the team's shared/ folder beside the repo (at $SHARED_DIR)" >&2
    return 1
  fi
  local kas etcd t0=$SECONDS
  kas="$(first_free_port 26443)" || { echo "no free port for kube-apiserver near 26443" >&2; return 1; }
  etcd="$(first_free_port 22379 peer)" || { echo "no free ports for etcd near 22379" >&2; return 1; }
  # A fresh etcd each run: leftovers of an earlier run must not leak into this one.
  "$CLUSTER_SCRIPT" stop "$KAS_DIR" >/dev/null 2>&1 || true
  rm -rf "$KAS_DIR/etcd-data"
  cluster_started=1
  if ! KAS_PORT="$kas" ETCD_PORT="$etcd" "$CLUSTER_SCRIPT" start "$KAS_DIR"; then
    echo "real API server did not start; logs in $KAS_DIR/logs" >&2
    return 1
  fi
  export MCPK_TEST_KUBECONFIG="$KAS_DIR/kubeconfig"
  echo "real API server ready on 127.0.0.1:$kas (etcd $etcd) in $((SECONDS - t0)) s: MCPK_TEST_KUBECONFIG=$MCPK_TEST_KUBECONFIG"
}

stop_real_cluster() {
  [ "$cluster_started" = 1 ] || return 0
  cluster_started=0
  "$CLUSTER_SCRIPT" stop "$KAS_DIR" || true
}
trap stop_real_cluster EXIT
trap 'exit 130' INT TERM

if [ "${1:-}" = "--cluster-only" ]; then
  log "real API server (start, check, stop)"
  start_real_cluster || exit 1
  curl -fsS --cacert "$KAS_DIR/pki/ca.crt" -H "Authorization: Bearer $(cat "$KAS_DIR/admin-token")" \
    "$(sed -n 's/.*server: "\([^"]*\)".*/\1/p' "$KAS_DIR/kubeconfig")/version" || exit 1
  echo
  exit 0
fi

# ---------------------------------------------------------------- install
# `npm ci` when node_modules is missing, or when package-lock.json changed since
# the last install: the stamp holds the lockfile's sha256 at the last `npm ci`;
# without a stamp, npm's hidden lockfile (rewritten by every npm install) must
# not be older than package-lock.json.
lock_sha="$(sha256sum package-lock.json | cut -d' ' -f1)"
stamp="node_modules/.mcpk-lock-sha256"
needs_npm_ci() {
  [ -d node_modules ] || return 0
  [ "$(cat "$stamp" 2>/dev/null)" = "$lock_sha" ] && return 1
  local hidden=node_modules/.package-lock.json
  [ -f "$hidden" ] || return 0
  [ $(($(stat -c %Y "$hidden") + 120)) -ge "$(stat -c %Y package-lock.json)" ] || return 0
  echo "$lock_sha" >"$stamp"
  return 1
}
if needs_npm_ci; then
  log "npm ci (node_modules missing or older than package-lock.json)"
  t0=$SECONDS
  npm ci --no-audit --no-fund || { echo "npm ci failed"; exit 1; }
  echo "$lock_sha" >"$stamp"
  echo "npm ci took $((SECONDS - t0)) s"
fi

log "pinned helm"
bash scripts/fetch-helm.sh || { echo "scripts/fetch-helm.sh failed"; exit 1; }

if ! command -v chromium >/dev/null; then
  log "installing chromium (apt)"
  as_root apt-get install -y chromium || echo "chromium missing and not installable here: the browser test will fail"
fi

if command -v pg_isready >/dev/null && ! pg_isready -q -h 127.0.0.1 -p 5432; then
  log "starting PostgreSQL 15"
  as_root pg_ctlcluster --skip-systemctl-redirect 15 main start || true
fi
if command -v redis-cli >/dev/null && ! redis-cli -h 127.0.0.1 ping >/dev/null 2>&1; then
  log "starting Redis"
  as_root redis-server --daemonize yes --bind 127.0.0.1 --port 6379 >/dev/null || true
fi

# ---------------------------------------------------------------- test env
export CI=true
export BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING=postgresql://postgres@127.0.0.1:5432
export BACKSTAGE_TEST_DISABLE_DOCKER=1
export BACKSTAGE_TEST_CACHE_REDIS7_CONNECTION_STRING=redis://127.0.0.1:6379

passed=0
failed=0
skipped=0
failures=()
breakdown=()

# A check (tsc, lint, prettier, reports) counts as one test.
run_check() {
  local name="$1"
  shift
  log "$name"
  local t0=$SECONDS
  if "$@"; then
    passed=$((passed + 1))
    breakdown+=("$name: passed ($((SECONDS - t0)) s)")
  else
    failed=$((failed + 1))
    failures+=("$name")
    breakdown+=("$name: FAILED ($((SECONDS - t0)) s)")
  fi
}

# Adds the totals of a results JSON ({passed, failed, skipped}) to the sums.
add_totals() {
  local name="$1" file="$2" rc="$3" secs="$4"
  local line
  if line="$(node scripts/read-test-totals.js "$file")"; then
    read -r p f s <<<"$line"
  else
    p=0 f=0 s=0
  fi
  # A runner that failed without reporting a failure still is one.
  if [ "$rc" != 0 ] && [ "$f" = 0 ]; then f=1; fi
  passed=$((passed + p))
  failed=$((failed + f))
  skipped=$((skipped + s))
  [ "$f" != 0 ] && failures+=("$name")
  breakdown+=("$name: $p passed, $f failed, $s skipped ($secs s)")
}

# Real-cluster suites fail (not skip) when no cluster is reachable: CI must run them.
export MCPK_REQUIRE_REAL_CLUSTER=1
if [ -n "${MCPK_TEST_KUBECONFIG:-}" ]; then
  log "real API server: using MCPK_TEST_KUBECONFIG=$MCPK_TEST_KUBECONFIG"
else
  run_check "real API server start (../shared/kube-apiserver)" start_real_cluster
fi

# tsc also emits the declarations (dist-types/, git-ignored) the API reports read;
# not incremental, because a reused build state can print inferred types (zod's)
# with their members in another order than a fresh build does.
run_check "type check (tsc)" npx tsc -p tsconfig.json --incremental false
run_check "lint (backstage-cli repo lint)" npx backstage-cli repo lint
# The benches are scripts outside the workspaces, which repo lint does not reach.
run_check "lint (bench/)" npx eslint --max-warnings 0 bench
run_check "prettier --check" npx prettier --check --loglevel warn .
# Committed report.api.md / knip-report.md files must match the code: a changed
# public API or a dependency nothing imports shows up as a diff here
# (regenerate with npm run build:api-reports / build:knip-reports).
run_check "API reports (backstage-repo-tools api-reports --ci)" \
  npx backstage-repo-tools api-reports --ci -o ae-undocumented,ae-wrong-input-file-type
run_check "knip reports (backstage-repo-tools knip-reports --ci)" \
  npx backstage-repo-tools knip-reports --ci

log "jest (backstage-cli repo test)"
t0=$SECONDS
rm -f "$OUT/jest-results.json"
npx backstage-cli repo test --json --outputFile="$OUT/jest-results.json"
rc=$?
add_totals "jest" "$OUT/jest-results.json" "$rc" "$((SECONDS - t0))"

log "browser test (chromium + playwright-core against the demo portal)"
t0=$SECONDS
rm -f "$OUT/e2e-results.json"
node scripts/run-e2e.js --results "$OUT/e2e-results.json"
rc=$?
add_totals "browser" "$OUT/e2e-results.json" "$rc" "$((SECONDS - t0))"

log "summary"
printf '%s\n' "${breakdown[@]}"
[ ${#failures[@]} -gt 0 ] && echo "failing: ${failures[*]}"
echo "wall time: $((SECONDS - START_SECONDS)) s"
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ]
