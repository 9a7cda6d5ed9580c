#!/usr/bin/env bash
# Times `session-impact scan` against `rg -F -i -f <prefilter literals>` and,
# when installed, `ast-grep scan` with equivalent rules (bench/ast-grep/), on
# the same synthetic trees in the same run, warm cache. Prints wall-time
# ratios, peak RSS and a linear-scaling check. See bench/README section in
# the project README.
#
#   bench/run.sh                     # 100k-file sparse + 5% trees, 20k dense tree
#   FILES=25000 RUNS=3 bench/run.sh  # quicker
#
# Environment:
#   FILES       files in the sparse and 5% trees (default 100000)
#   DENSE_FILES files in the dense tree, where every file uses Session (default 20000)
#   RUNS        hyperfine runs for session-impact and rg (default 5); ast-grep runs
#               once on the sparse and 5% trees (it takes minutes on 100k files),
#               timed by /usr/bin/time; on the dense tree all three alternate for
#               RUNS rounds (bench/interleave.py) and medians are compared
#   AST_GREP    ast-grep binary (default: `ast-grep` on PATH, else /opt/ast-grep/bin/ast-grep)
#   WORK        where trees and results go (default /tmp/si-bench; a tmpfs such as
#               /dev/shm/si-bench keeps 1.5 GB of trees off a full disk)
#   SI          session-impact binary (default: cargo build --release, target/release/session-impact)
#   SKIP        space-separated steps to skip: sparse five dense scaling blast ast-grep
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(dirname "$here")"
FILES="${FILES:-100000}"
DENSE_FILES="${DENSE_FILES:-20000}"
RUNS="${RUNS:-5}"
WORK="${WORK:-/tmp/si-bench}"
SKIP="${SKIP:-}"
mkdir -p "$WORK"

need() { command -v "$1" >/dev/null 2>&1 || { echo "bench: $1 is required ($2)" >&2; exit 2; }; }
need rg "apt-get install -y ripgrep"
need hyperfine "apt-get install -y hyperfine"
need python3 "for bench/gen.py"
[ -x /usr/bin/time ] || { echo "bench: /usr/bin/time is required (apt-get install -y time)" >&2; exit 2; }
skipped() { [[ " $SKIP " == *" $1 "* ]]; }

if [ -z "${SI:-}" ]; then
  (cd "$repo" && cargo build --release --quiet)
  SI="$repo/target/release/session-impact"
fi
AST_GREP="${AST_GREP:-$(command -v ast-grep || true)}"
if [ -z "$AST_GREP" ] && [ -x /opt/ast-grep/bin/ast-grep ]; then AST_GREP=/opt/ast-grep/bin/ast-grep; fi
if skipped ast-grep || [ -z "$AST_GREP" ]; then
  echo "bench: ast-grep not used (npm i -g @ast-grep/cli to compare with it)"
  AST_GREP=""
fi

literals="$WORK/literals.txt"
"$SI" rules list --format literals >"$literals"
echo "bench: $(wc -l <"$literals") prefilter literals in $literals"
echo "bench: machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"

# tree NAME FILES DENSITY: generates $WORK/NAME once per parameter set.
tree() {
  local dir="$WORK/$1" stamp="$WORK/$1/.params" params="files=$2 density=$3 gen=$(md5sum "$here/gen.py" | cut -c1-12)"
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$params" ]; then
    python3 "$here/gen.py" --files "$2" --density "$3" --out "$dir" >&2
    echo "$params" >"$stamp"
  fi
  echo "$dir"
}

si_cmd() { echo "$SI scan $* --format json --fail-on never"; }
rg_cmd() { echo "rg -F -i -l -f $literals $* || true"; }
sg_cmd() { echo "$AST_GREP scan -c $here/ast-grep/sgconfig.yml $* --json=compact"; }

# rss CMD...: peak resident set size in MB of one run.
rss() {
  /usr/bin/time -f '%M' -o "$WORK/rss.txt" bash -c "$*" >/dev/null 2>&1 || true
  awk '{printf "%.0f", $1 / 1024}' "$WORK/rss.txt"
}

# bench NAME DIR: one comparison on one tree.
bench() {
  local name="$1" dir="$2" out="$WORK/result-$1"
  echo
  echo "== $name: $dir ($(find "$dir" -type f | wc -l) files, $(du -sm "$dir" | cut -f1) MB)"
  hyperfine --style basic --warmup 1 --runs "$RUNS" --export-json "$out-fast.json" \
    -n session-impact "$(si_cmd "$dir")" -n rg "$(rg_cmd "$dir")" >"$out-fast.log"
  rm -f "$out-sg.time"
  if [ -n "$AST_GREP" ]; then
    /usr/bin/time -f '%e %M' -o "$out-sg.time" bash -c "$(sg_cmd "$dir") >/dev/null 2>&1" || true
  fi
  local si_rss rg_rss
  si_rss=$(rss "$(si_cmd "$dir")")
  rg_rss=$(rss "$(rg_cmd "$dir")")
  local findings
  findings=$("$SI" scan "$dir" --format json --fail-on never | python3 -c 'import json,sys; r=json.load(sys.stdin); print(r["summary"]["findings"], r["summary"]["files_with_findings"])')
  python3 - "$out" "$si_rss" "$rg_rss" "$findings" <<'EOF'
import json, os, sys
out, si_rss, rg_rss, findings = sys.argv[1:5]
res = {r["command"]: r for r in json.load(open(out + "-fast.json"))["results"]}
rss = {"session-impact": si_rss, "rg": rg_rss}
if os.path.exists(out + "-sg.time"):
    wall, kb = open(out + "-sg.time").read().split()[-2:]
    res["ast-grep"] = {"mean": float(wall), "stddev": 0, "min": float(wall), "times": [float(wall)]}
    rss["ast-grep"] = f"{int(kb) / 1024:.0f}"
si = res["session-impact"]["mean"]
print(f"{'tool':<16}{'mean s':>9}{'± sd':>8}{'min s':>8}{'runs':>6}{'peak RSS MB':>13}{'vs session-impact':>19}")
for name, r in res.items():
    print(f"{name:<16}{r['mean']:>9.3f}{r['stddev'] or 0:>8.3f}{r['min']:>8.3f}{len(r['times']):>6}{rss[name]:>13}"
          f"{r['mean'] / si:>18.2f}x")
f, fw = findings.split()
print(f"session-impact: {f} findings in {fw} files")
rg = res["rg"]["mean"]
print(f"session-impact / rg = {si / rg:.2f} (target <= 1.5 on the sparse tree)")
if "ast-grep" in res:
    print(f"ast-grep / session-impact = {res['ast-grep']['mean'] / si:.1f} (target >= 10 on the sparse tree, > 1 dense)")
print(f"session-impact peak RSS = {si_rss} MB (target < 150)")
EOF
}

# bench_alternating NAME DIR: session-impact, ast-grep and rg run in
# alternation, RUNS rounds (bench/interleave.py). On the dense tree the two
# parsers are within a few percent of each other, less than a shared VM's
# drift from one minute to the next: timing each tool's runs back to back
# would compare two different machines.
bench_alternating() {
  local name="$1" dir="$2"
  echo
  echo "== $name: $dir ($(find "$dir" -type f | wc -l) files, $(du -sm "$dir" | cut -f1) MB), alternating runs"
  local cmds=(--cmd session-impact "$(si_cmd "$dir")")
  if [ -n "$AST_GREP" ]; then cmds+=(--cmd ast-grep "$(sg_cmd "$dir")"); fi
  cmds+=(--cmd rg "$(rg_cmd "$dir")")
  python3 "$here/interleave.py" --runs "$RUNS" --json "$WORK/result-$name.json" "${cmds[@]}"
  "$SI" scan "$dir" --format json --fail-on never | python3 -c 'import json,sys; s=json.load(sys.stdin)["summary"]; print("session-impact: %d findings in %d files" % (s["findings"], s["files_with_findings"]))'
  if [ -n "$AST_GREP" ]; then echo "target on the dense tree: ast-grep's median over session-impact's > 1"; fi
}

skipped sparse || bench sparse "$(tree sparse "$FILES" 0.001)"
skipped five || bench five-percent "$(tree five "$FILES" 0.05)"
skipped dense || bench_alternating dense "$(tree dense "$DENSE_FILES" 1)"

if ! skipped scaling; then
  dir="$(tree sparse "$FILES" 0.001)"
  echo
  echo "== scaling: parts of the sparse tree (25%, 50%, 100% of $FILES files)"
  hyperfine --style basic --warmup 1 --runs "$RUNS" --export-json "$WORK/result-scaling.json" \
    -n 25% "$(si_cmd "$dir/part-00")" \
    -n 50% "$(si_cmd "$dir/part-00" "$dir/part-01")" \
    -n 100% "$(si_cmd "$dir")" >"$WORK/result-scaling.log"
  r25=$(rss "$(si_cmd "$dir/part-00")")
  r100=$(rss "$(si_cmd "$dir")")
  python3 - "$WORK/result-scaling.json" "$FILES" "$r25" "$r100" <<'EOF'
import json, sys
res = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
files, r25, r100 = int(sys.argv[2]), sys.argv[3], sys.argv[4]
base = res["25%"]["mean"] / (files * 0.25)
for name, share in (("25%", 0.25), ("50%", 0.5), ("100%", 1.0)):
    per_file = res[name]["mean"] / (files * share)
    print(f"{name:>5} {int(files * share):>7} files {res[name]['mean']:>8.3f} s  "
          f"{per_file * 1e6:>6.1f} µs/file  ({per_file / base:.2f}x the 25% cost per file)")
print(f"peak RSS: {r25} MB at 25%, {r100} MB at 100%")
EOF
fi
if ! skipped blast; then
  # The cost of --blast-radius: it reads every source file's imports, not
  # only the files the prefilter lets through.
  for t in sparse:0.001 five:0.05; do
    name="${t%%:*}"
    dir="$(tree "$name" "$FILES" "${t#*:}")"
    echo
    echo "== blast radius: $dir ($FILES files), plain scan vs --blast-radius"
    hyperfine --style basic --warmup 1 --runs "$RUNS" --export-json "$WORK/result-blast-$name.json" \
      -n plain "$(si_cmd "$dir")" -n blast-radius "$(si_cmd "$dir" --blast-radius)" >"$WORK/result-blast-$name.log"
    plain_rss=$(rss "$(si_cmd "$dir")")
    blast_rss=$(rss "$(si_cmd "$dir" --blast-radius)")
    python3 - "$WORK/result-blast-$name.json" "$plain_rss" "$blast_rss" <<'EOF'
import json, sys
res = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
plain, blast = res["plain"]["mean"], res["blast-radius"]["mean"]
print(f"plain scan     {plain:>8.3f} s  peak RSS {sys.argv[2]:>5} MB")
print(f"--blast-radius {blast:>8.3f} s  peak RSS {sys.argv[3]:>5} MB")
print(f"--blast-radius / plain = {blast / plain:.2f}x")
EOF
  done
fi

echo
echo "bench: machine load average after the run: $(cut -d' ' -f1-3 /proc/loadavg)"
