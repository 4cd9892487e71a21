#!/usr/bin/env bash
# Builds and runs one libFuzzer harness over one of the input parsers of `digits`.
#
#   Fuzz/run.sh <target> [seconds]        target: idx | gzip | safetensors | params | python | all;
#                                         seconds: default 600 (0: build only); `all` builds every
#                                         harness and runs each for the given seconds in turn
#
# Every harness (Fuzz/Fuzz<Target>/) is a SwiftPM target that Package.swift declares when DIGITS_FUZZ is
# set, depending on the module it fuzzes, so it is built from the package's own description of its
# modules (no file list here can fall behind the sources). The build goes to .build-fuzz, one product
# at a time (the digits executable itself is never built there: libFuzzer brings its own main); everything
# found goes to $FUZZ_WORK (default /tmp/digits-fuzz): the growing corpus in corpus/<target>,
# crashes/timeouts/OOMs in artifacts/<target>/, the log in <target>.log.
# Runs one job with one worker (-jobs=1), rss limit 2 GB, 10 s per input. Extra arguments after the
# seconds go to libFuzzer, e.g. `Fuzz/run.sh gzip 60 -seed=1`. To replay one input:
#   .build-fuzz/release/FuzzGzip path/to/input
# A crash found by a fuzzer belongs in Tests/<Module>Tests/FuzzRegressionTests.swift as a literal.
set -euo pipefail

target=${1:?usage: Fuzz/run.sh idx|gzip|safetensors|params|python|all [seconds] [libFuzzer flags...]}
seconds=${2:-600}
shift $(( $# >= 2 ? 2 : 1 ))
fuzz_dir=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$fuzz_dir")
work=${FUZZ_WORK:-/tmp/digits-fuzz}

build() {
    (cd "$root" && DIGITS_FUZZ=1 swift build -c release --no-color-diagnostics --sanitize fuzzer --scratch-path .build-fuzz "$@")
}

if [ "$target" = all ]; then
    # Product by product: a plain `swift build` would also link digits itself against libFuzzer's main.
    for product in FuzzIDX FuzzGzip FuzzSafetensors FuzzParams FuzzPythonReader; do build --product "$product"; done
    for each in idx gzip safetensors params python; do
        FUZZ_WORK=$work FUZZ_PREBUILT=1 "$0" "$each" "$seconds" "$@"
    done
    exit 0
fi

case $target in
idx) product=FuzzIDX ;;
gzip) product=FuzzGzip ;;
safetensors) product=FuzzSafetensors ;;
params) product=FuzzParams ;;
python) product=FuzzPythonReader ;;
*) echo "unknown target $target; use idx, gzip, safetensors, params, python or all" >&2; exit 2 ;;
esac
[ -n "${FUZZ_PREBUILT:-}" ] || build --product "$product"
mkdir -p "$work/corpus/$target" "$work/artifacts/$target"
cp "$root/.build-fuzz/release/$product" "$work/fuzz-$target"
seeds=$fuzz_dir/seeds/$target
extra_seeds=$work/seeds-$target && mkdir -p "$extra_seeds"
case $target in
gzip)  # real MNIST data
    cp "$root"/data/mnist/t10k-labels-idx1-ubyte.gz "$extra_seeds"/ 2>/dev/null || true ;;
safetensors)  # a real ConvNet checkpoint (177 KB), so the load path sees a full store
    for model in "${SAFETENSORS_SEED:-}" "$root/report/runs/convnet/seed-1/model.safetensors" "$root/report/runs/convnet/model.safetensors"; do
        if [ -n "$model" ] && [ -f "$model" ]; then cp "$model" "$extra_seeds/convnet.safetensors"; break; fi
    done ;;
params)
    cp "$root/report/params.yaml" "$extra_seeds"/
    set -- -dict="$fuzz_dir/params.dict" "$@" ;;
python)
    cp "$root"/Tests/ReportTests/Golden/classes/*.py "$root/scripts/pytorch_reference.py" "$extra_seeds"/ ;;
esac

[ "$seconds" = 0 ] && { echo "built $work/fuzz-$target"; exit 0; }
cd "$work"
echo "running fuzz-$target for $seconds s; log in $work/$target.log"
# -jobs=1 runs the fuzzer in one worker process whose output goes to fuzz-0.log; copy it afterwards.
set +e
"./fuzz-$target" -max_total_time="$seconds" -jobs=1 -print_final_stats=1 -rss_limit_mb=2048 -timeout=10 \
    -artifact_prefix="artifacts/$target/" "$@" "corpus/$target" "$seeds" "$extra_seeds"
status=$?
set -e
[ -f fuzz-0.log ] && mv fuzz-0.log "$target.log"
grep -E '^#[0-9]+' "$target.log" | tail -1 || true
grep -E 'stat::|ERROR|SUMMARY' "$target.log" || true
ls "artifacts/$target"
exit $status
