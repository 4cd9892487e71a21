#!/usr/bin/env bash
# Builds and runs one libFuzzer harness over one of the input parsers of `digits`.
#
#   Fuzz/run.sh <target> [seconds]        target: idx | gzip | safetensors | params | python; seconds:
#                                         default 600 (0: build only)
#
# The harness (Fuzz/Fuzz<Target>.swift) is compiled with swiftc -sanitize=fuzzer,address together with
# the real parser sources from Sources/ (not through SwiftPM, so nothing touches .build). Everything
# built or found goes to $FUZZ_WORK (default /tmp/digits-fuzz): the binary, the growing corpus in
# corpus/<target>, crashes/timeouts/OOMs in artifacts/<target>/, the log in <target>.log.
# safetensors and params compile the whole NeuralNet module, so they need OpenBLAS (pkg-config openblas,
# from `make deps`); idx and gzip need only zlib. The params fuzzer also needs Yams 6.2.2: $YAMS_DIR (default $FUZZ_WORK/Yams) is cloned from $YAMS_URL
# (default https://github.com/jpsim/Yams.git) when missing.
# Runs one job with one worker (-jobs=1), rss limit 2 GB, 10 s per input. Extra arguments after the
# seconds go to libFuzzer, e.g. `Fuzz/run.sh gzip 60 -seed=1`. To replay one input:
#   $FUZZ_WORK/fuzz-gzip path/to/input
# A crash found by a fuzzer belongs in Tests/<Module>Tests/FuzzRegressionTests.swift as a literal.
set -euo pipefail

target=${1:?usage: Fuzz/run.sh idx|gzip|safetensors|params|python [seconds] [libFuzzer flags...]}
seconds=${2:-600}
shift $(( $# >= 2 ? 2 : 1 ))
fuzz_dir=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$fuzz_dir")
src=$root/Sources
work=${FUZZ_WORK:-/tmp/digits-fuzz}
yams=${YAMS_DIR:-$work/Yams}
mkdir -p "$work/build" "$work/corpus/$target" "$work/artifacts/$target"
b=$work/build
flags=(-O -sanitize=fuzzer,address -parse-as-library -swift-version 5)
seeds=$fuzz_dir/seeds/$target
# OpenBLAS for the NeuralNet module, as `make deps` installs it (libopenblas-dev).
blas=(-I "$src/CBLAS" $(pkg-config --cflags-only-I openblas | sed 's/-I/-Xcc -I/g') $(pkg-config --libs openblas))

case $target in
idx)
    swiftc "${flags[@]}" -module-name MNIST "$src/MNIST/IDX.swift" "$src/MNIST/MNISTError.swift" \
        "$fuzz_dir/FuzzIDX.swift" -o "$work/fuzz-idx" ;;
gzip)
    swiftc "${flags[@]}" -module-name MNIST -I "$src/CZlib" "$src/MNIST/Gzip.swift" "$src/MNIST/IDX.swift" \
        "$src/MNIST/MNISTError.swift" "$fuzz_dir/FuzzGzip.swift" -o "$work/fuzz-gzip"
    # Real MNIST data as extra seeds.
    extra_seeds=$work/seeds-gzip && mkdir -p "$extra_seeds"
    cp "$root"/data/mnist/t10k-labels-idx1-ubyte.gz "$extra_seeds"/ 2>/dev/null || true ;;
safetensors)
    # The whole NeuralNet module (its files call each other), with OpenBLAS through Sources/CBLAS.
    swiftc "${flags[@]}" -module-name NeuralNet "${blas[@]}" "$src"/NeuralNet/*.swift \
        "$fuzz_dir/FuzzSafetensors.swift" -o "$work/fuzz-safetensors"
    # A real ConvNet checkpoint (177 KB) as an extra seed, so the load path sees a full store.
    extra_seeds=$work/seeds-safetensors && mkdir -p "$extra_seeds"
    for model in "${SAFETENSORS_SEED:-}" "$root/report/runs/convnet/seed-1/model.safetensors" "$root/report/runs/convnet/model.safetensors"; do
        if [ -n "$model" ] && [ -f "$model" ]; then cp "$model" "$extra_seeds/convnet.safetensors"; break; fi
    done ;;
params)
    if [ ! -d "$yams" ]; then
        git clone -q "${YAMS_URL:-https://github.com/jpsim/Yams.git}" "$yams"
        git -C "$yams" checkout -q 6.2.2
    fi
    cyaml=$yams/Sources/CYaml
    # Yams is pinned, so its objects are built once per $FUZZ_WORK.
    [ -f "$b/Yams.o" ] || for c in "$cyaml"/src/*.c; do
        clang -O1 -g -fsanitize=fuzzer-no-link,address -DYAML_DECLARE_STATIC -I "$cyaml/include" \
            -c "$c" -o "$b/cyaml-$(basename "$c" .c).o"
    done
    # One module at a time, in dependency order, each as one object plus its .swiftmodule.
    module() {  # module <name> <sources...>
        local name=$1; shift
        swiftc "${flags[@]}" -wmo -module-name "$name" -I "$b" -I "$cyaml/include" -Xcc -DYAML_DECLARE_STATIC "${blas[@]}" \
            -emit-module -emit-module-path "$b/$name.swiftmodule" -c "$@" -o "$b/$name.o"
    }
    [ -f "$b/Yams.o" ] || module Yams -DSWIFT_PACKAGE "$yams"/Sources/Yams/*.swift
    module NeuralNet "$src"/NeuralNet/*.swift
    module Training "$src/Training/TrainingConfig.swift" "$src/Training/Setting.swift"
    module Pipeline "$src/Pipeline/ParamsFile.swift"
    swiftc "${flags[@]}" -module-name FuzzParams -I "$b" -I "$cyaml/include" "$fuzz_dir/FuzzParams.swift" \
        "${blas[@]}" "$b"/Pipeline.o "$b"/Training.o "$b"/NeuralNet.o "$b"/Yams.o "$b"/cyaml-*.o -o "$work/fuzz-params"
    extra_seeds=$work/seeds-params && mkdir -p "$extra_seeds"
    cp "$root/report/params.yaml" "$extra_seeds"/
    set -- -dict="$fuzz_dir/params.dict" "$@" ;;
python)
    # Built by SwiftPM from Package.swift's own module graph (DIGITS_FUZZ adds the harness target), so
    # no file list here can fall behind the sources. Its objects stay in .build-fuzz.
    (cd "$root" && DIGITS_FUZZ=1 swift build -c release --sanitize fuzzer --product FuzzPythonReader --scratch-path .build-fuzz)
    cp "$root/.build-fuzz/release/FuzzPythonReader" "$work/fuzz-python"
    extra_seeds=$work/seeds-python && mkdir -p "$extra_seeds"
    cp "$root"/Tests/ReportTests/Golden/classes/*.py "$root/scripts/pytorch_reference.py" "$extra_seeds"/ ;;
*)
    echo "unknown target $target; use idx, gzip, safetensors, params or python" >&2; exit 2 ;;
esac

[ "$seconds" = 0 ] && { echo "built $work/fuzz-$target"; exit 0; }
cd "$work"
echo "running fuzz-$target for $seconds s; log in $work/$target.log"
# -jobs=1 runs the fuzzer in one worker process whose output goes to fuzz-0.log; copy it afterwards.
set +e
"./fuzz-$target" -max_total_time="$seconds" -jobs=1 -print_final_stats=1 -rss_limit_mb=2048 -timeout=10 \
    -artifact_prefix="artifacts/$target/" "$@" "corpus/$target" "$seeds" ${extra_seeds:+"$extra_seeds"}
status=$?
set -e
[ -f fuzz-0.log ] && mv fuzz-0.log "$target.log"
grep -E '^#[0-9]+' "$target.log" | tail -1 || true
grep -E 'stat::|ERROR|SUMMARY' "$target.log" || true
ls "artifacts/$target"
exit $status
