#!/usr/bin/env bash
# The cleaning engine's whole-run benchmark (docs/benchmarks/cleaning.md):
#   meridian-cleaning/bench/run-bench.sh [SIZE_MB=1000] [DIR=/tmp/cleanbench] [MINHASH_MB=100]
# Generates the deterministic dataset (seed 42) if it is missing, then runs CleaningMain under /usr/bin/time with a
# 512 MiB heap (Parallel GC, the throughput collector): the default pipeline with 1, 2 and 4 workers, exact de-duplication alone, and MinHash alone on the
# first MINHASH_MB; then MinHash precision and recall against exact Jaccard on a 4,000-row sample. Prints markdown.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
size=${1:-1000}
dir=${2:-/tmp/cleanbench}
minhash_mb=${3:-100}
java="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
mkdir -p "$dir"
(cd "$root" && ./mvnw -B -q -o -pl meridian-cleaning -DskipTests package >/dev/null)
cp "$root/meridian-cleaning/target/meridian-cleaning-0.1.0-SNAPSHOT.jar" "$dir/cleaning.jar"
cp="$dir/cleaning.jar:$HOME/.m2/repository/org/yaml/snakeyaml/2.6/snakeyaml-2.6.jar"
data="$dir/bench-$size.jsonl"
[ -f "$data" ] || "$java" -cp "$cp" io.meridian.cleaning.bench.GenerateDataset "$data" "$size" 42
small="$dir/bench-$size-head-$minhash_mb.jsonl"
[ -f "$small" ] || head -c $((minhash_mb * 1000000)) "$data" | sed '$d' > "$small"
printf 'process: [document_deduplicator]\n' > "$dir/exact.yaml"
printf 'process: [document_minhash_deduplicator]\n' > "$dir/minhash.yaml"

echo "machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem/ {print $2}') GiB; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "java: $("$java" -version 2>&1 | head -1)"
echo
echo "| run | input | workers | wall s | CPU s (user+sys) | MB/s wall | MB/s per CPU-second | peak RSS MiB | rows in → out |"
echo "|---|---|---|---|---|---|---|---|---|"
run() {
    local name=$1 input=$2 workers=$3 config=$4
    local out="$dir/out-$name-$workers.jsonl"
    /usr/bin/time -f "%e %U %S %M" -o "$dir/time.txt" "$java" -Xmx512m -XX:+UseParallelGC -cp "$cp" io.meridian.cleaning.CleaningMain \
        --input "$input" --output "$out" --workers "$workers" ${config:+--config "$config"} > "$dir/log-$name-$workers.txt"
    python3 - "$dir/time.txt" "$input" "$out.stats.json" "$name" "$workers" <<'PY'
import json, os, sys
wall, user, sys_, rss = open(sys.argv[1]).read().split()
size = os.path.getsize(sys.argv[2])
stats = json.load(open(sys.argv[3]))
cpu = float(user) + float(sys_)
print(f"| {sys.argv[4]} | {size/1e6:.0f} MB | {sys.argv[5]} | {float(wall):.1f} | {cpu:.1f} | {size/1e6/float(wall):.1f} | {size/1e6/cpu:.1f} | {int(rss)//1024} | {stats['rows_read']} → {stats['rows_written']} |")
PY
}
run default "$data" 1 ""
run default "$data" 2 ""
run default "$data" 4 ""
run exact "$data" 1 "$dir/exact.yaml"
run minhash "$small" 1 "$dir/minhash.yaml"
echo
echo "Per operator (default pipeline, 1 worker; exact and MinHash from their own runs): MB/s per core = the operator's input bytes over its CPU time"
echo
echo "| operator | rows in | rows changed | rows out | bytes in | CPU s | MB/s per core |"
echo "|---|---|---|---|---|---|---|"
python3 - "$dir/out-default-1.jsonl.stats.json" "$dir/out-exact-1.jsonl.stats.json" "$dir/out-minhash-1.jsonl.stats.json" <<'PY'
import json, sys
seen = set()
for path in sys.argv[1:]:
    for op in json.load(open(path))["operators"]:
        if op["op"] in seen and path == sys.argv[1]:
            continue
        if path != sys.argv[1] or op["op"] != "document_deduplicator":
            seen.add(op["op"])
        print(f"| `{op['op']}` | {op['rows_in']} | {op['rows_changed']} | {op['rows_out']} | {op['bytes_in']} | {op['cpu_seconds']:.2f} | {op['mb_per_cpu_s']:.1f} |")
PY
echo
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
"$java" -cp "$cp" io.meridian.cleaning.bench.MinHashAccuracy "$data" 4000 0.7
