# lib.sh — the start every benchmark shares, sourced by tests/bench/*.sh.
# bench_build SET: the packages of `scripts/deps.sh SET` and a Release build in build-bench,
# run from the project's root, where the caller then stands.
# bench_workdir: a temporary folder in $work, removed when the script exits.
bench_build() {
    cd "$(dirname "${BASH_SOURCE[0]}")/../.."
    bash scripts/deps.sh "$1"
    cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release >/dev/null
    cmake --build build-bench -j"$(nproc)" >/dev/null
}

bench_workdir() {
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
}
