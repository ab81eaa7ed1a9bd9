#!/usr/bin/env bash
# Sums the counters of every .trx file under a folder and prints one line:
#   N passed, N failed, N skipped
# Tests that did not run (ignored, inconclusive: e.g. no Envoy binary) count as skipped, never as passed.
set -euo pipefail
dir=${1:?usage: test-summary.sh RESULTS_DIR}
passed=0; failed=0; skipped=0
shopt -s nullglob globstar
files=("$dir"/**/*.trx)
if [ ${#files[@]} -eq 0 ]; then
  echo "no test results found in $dir" >&2
  echo "0 passed, 1 failed, 0 skipped"
  exit 0
fi
for f in "${files[@]}"; do
  line=$(grep -o '<Counters [^>]*>' "$f" | head -1)
  get() { echo "$line" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*' || echo 0; }
  total=$(get total); p=$(get passed); fl=$(get failed); err=$(get error); to=$(get timeout); ab=$(get aborted)
  passed=$((passed + p))
  failed=$((failed + fl + err + to + ab))
  skipped=$((skipped + total - p - fl - err - to - ab))
done
echo "$passed passed, $failed failed, $skipped skipped"
