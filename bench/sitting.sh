#!/usr/bin/env bash
# One bench sitting of three builds against the same PostgreSQL, back to back (issue 23):
# the build before a change, the build after it, and a reference build; then the start to
# /ready of each. Each build is a git worktree with its own node_modules (npm ci) and is built
# here (nest build), so every bench runs its own tree's code with its own bench.
#
#   bench/sitting.sh <before-worktree> <after-worktree> <reference-worktree> [extra bench options]
#   e.g. (from /work/main after the merge):
#   git worktree add ../bench-before 4aa92bc && (cd ../bench-before && npm ci)
#   git worktree add ../bench-ref f995eda && (cd ../bench-ref && npm ci)
#   bench/sitting.sh ../bench-before . ../bench-ref
#
# Full runs (10 s per step, 2,000 users, 1/16/64 clients, both baselines in the "after" run
# only; the other two skip them, as the issue-12 sitting did). Each bench waits for a quiet
# machine before each step (--quiet-wait) and records the other work it saw. The results go
# to each tree's bench/results/; the "after" run is compared with the "before" one
# (--compare), and the start-time files are written by the "after" tree's bench/start-time.ts.
# The reference f995eda has no --compare, --kyc-limits or start-time of its own: its bench
# seeds no KYC limit rows (the check came later; it is two statements of phase 1 here).
set -euo pipefail

if [ $# -lt 3 ]; then
  sed -n '2,12p' "$0"
  exit 2
fi
BEFORE=$(cd "$1" && pwd)
AFTER=$(cd "$2" && pwd)
REFERENCE=$(cd "$3" && pwd)
shift 3
EXTRA=("$@")

build() {
  (cd "$1" && npx nest build core-engine && npx nest build mock-exchange)
}

newest_result() {
  ls -t "$1"/bench/results/*.json 2>/dev/null | grep -v -- '-quick\|-start' | head -1
}

say() { printf '[sitting] %s\n' "$*"; }

for tree in "$BEFORE" "$AFTER" "$REFERENCE"; do
  say "building $tree ($(git -C "$tree" rev-parse --short HEAD))"
  build "$tree"
done

say "before: $BEFORE"
(cd "$BEFORE" && npm run bench -- --no-build --skip-raw --skip-exchange --label "before ($(git rev-parse --short HEAD))" "${EXTRA[@]}")
BEFORE_JSON=$(newest_result "$BEFORE")

say "after: $AFTER (compared with $BEFORE_JSON)"
(cd "$AFTER" && npm run bench -- --no-build --label "after ($(git rev-parse --short HEAD))" --compare "$BEFORE_JSON" "${EXTRA[@]}")

say "reference: $REFERENCE"
(cd "$REFERENCE" && npm run bench -- --no-build --skip-raw --skip-exchange --label "reference ($(git rev-parse --short HEAD))" "${EXTRA[@]}")

for pair in "before:$BEFORE" "after:$AFTER" "reference:$REFERENCE"; do
  name=${pair%%:*}
  tree=${pair#*:}
  say "start to /ready: $name"
  (cd "$AFTER" && npx tsx bench/start-time.ts --root "$tree" --runs 7 --label "$name")
done
say "done: results in each tree's bench/results/ (the after tree also holds the three *-start-*.json)"
