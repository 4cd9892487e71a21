#!/usr/bin/env bash
# Runs the README's "A first session" commands, as written and in order, in a fresh clone of this
# repository's committed state, and fails on the first that fails. Then checks that the first
# `make report` of the clone, which trains nothing, left report.md byte-identical and changed record.md
# only in the manifest lines that describe where and when it was made. Usage: scripts/readme-commands.sh [REPOSITORY] (default: this one).
set -euo pipefail
source_repo=$(cd "${1:-$(dirname "$0")/..}" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
git clone -q "$source_repo" "$work/clone"
cd "$work/clone"

# The ```sh block under "## A first session", comments dropped.
commands=$(awk '/^## A first session/ {section = 1; next} /^## / {section = 0}
                section && /^```sh/ {block = 1; next} block && /^```/ {block = 0}
                block {sub(/[ \t]+#.*$/, ""); if ($0 != "") print}' README.md)
[ -n "$commands" ] || { echo "readme-commands: no sh block under '## A first session' in README.md" >&2; exit 1; }

rm -rf /tmp/quick   # the quick look's folder, as the README names it
while IFS= read -r command; do
    echo "+ $command"
    if ! eval "$command"; then
        echo "readme-commands: FAILED in a fresh clone: $command" >&2
        exit 1
    fi
    if [ "$command" = "make report" ]; then
        # Nothing trained: the hand-in is byte-identical, and the record differs only in the manifest's
        # facts about this run (command, commit, machine).
        if ! git diff --quiet -- report/report.md; then
            echo "readme-commands: the first make report of a fresh clone changed report.md:" >&2
            git diff --stat -- report/report.md >&2
            exit 1
        fi
        changed=$(git diff -U0 -- report/record.md | grep '^[-+]' | grep -v '^[-+][-+][-+] ' \
            | grep -v -E '^[-+]\| (Command|Git commit|Swift|Operating system|CPU|Kernel paths on this machine) \|' || true)
        if [ -n "$changed" ]; then
            echo "readme-commands: the first make report of a fresh clone changed record.md beyond the manifest:" >&2
            echo "$changed" >&2
            exit 1
        fi
        others=$(git status --porcelain -- report | grep -v ' report/record.md$' || true)
        if [ -n "$others" ]; then
            echo "readme-commands: the first make report of a fresh clone changed files in report/:" >&2
            echo "$others" >&2
            exit 1
        fi
    fi
done <<< "$commands"
echo "readme-commands: all $(wc -l <<< "$commands") commands of the README's first session ran in a fresh clone"
