#!/usr/bin/env bash
# Account-scale measurement (BENCHMARKS.md §5): a generated describe-* snapshot of N VPCs x 10 subnets and 1,000
# mixed flows; `vpclab check`, `vpclab cost` (with alternatives) and, when the binary has it, `vpclab audit`, each
# timed in the same run (wall time and peak memory), and their ratios to `check`.
#
#   scripts/bench-account-scale.sh [VPCS] [VPCLAB_BINARY]     defaults: 1000, target/release/vpclab (built if missing)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
vpcs="${1:-1000}"
bin="${2:-target/release/vpclab}"
[[ -x "$bin" ]] || cargo build --release -p vpclab-cli
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
python3 scripts/gen-snapshot.py "$out" --vpcs "$vpcs" --flows 1000 >/dev/null
echo "machine: $(nproc) cores, $(uname -m); $(date -u +%F); snapshot: $vpcs VPCs x 10 subnets ($(du -sh "$out/snapshot" | cut -f1)), 1000 flows"
measure() { # name, args…
  local name="$1"
  shift
  /usr/bin/time -f "%e %M" -o "$out/time" "$bin" "$@" >"$out/$name.out" 2>"$out/$name.err" || true
  read -r wall kb <"$out/time"
  echo "$name $wall $kb"
}
results=()
results+=("$(measure check check "$out/snapshot")")
results+=("$(measure cost cost "$out/snapshot" --flows "$out/flows.json")")
if "$bin" audit --help >/dev/null 2>&1; then
  results+=("$(measure audit audit "$out/snapshot")")
fi
read -r _ cwall ckb <<<"${results[0]}"
printf '%-8s %10s %12s %10s %10s\n' command "wall (s)" "peak (MB)" "÷ check" "mem ÷ check"
for r in "${results[@]}"; do
  read -r name wall kb <<<"$r"
  awk -v n="$name" -v w="$wall" -v k="$kb" -v cw="$cwall" -v ck="$ckb" \
    'BEGIN { printf "%-8s %10.2f %12.0f %10.2f %10.2f\n", n, w, k / 1024, w / cw, k / ck }'
done
