#!/usr/bin/env bash
# Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
#
# File: poolreport/shards_test.sh: reports of a sharded test, merged.
# The leaky test binary (testdata/leaky_driver*.{c,cc}, //:leak_check_main)
# runs as Bazel runs a test with shard_count = 2: each shard with its own
# TEST_SHARD_INDEX / GTEST_SHARD_INDEX and its own undeclared-outputs folder
# (bazel-testlogs/<pkg>/<target>/shard_<n>_of_2/test.outputs/outputs.zip).
# Each shard writes only the reports of the tests it ran, so no shard
# overwrites another's; poolreport merges the shards into the target (the
# same summary as the unsharded run) and the targets into one run, also
# with --runs_per_test's folders (run_<k>_of_<n>, shard_<n>_of_<m>_run_<k>_of_<l>).
#
#   shards_test.sh POOLREPORT LEAKY_TEST ZIP_OUTPUTS
set -uo pipefail
poolreport=$1 leaky=$2 zip_outputs=$3
tmp="$TEST_TMPDIR"
fail() { echo "FAIL: $*"; exit 1; }

# run_shard FOLDER INDEX TOTAL: one shard, its outputs zipped as Bazel zips them.
run_shard() {
  local folder=$1 index=$2 total=$3
  mkdir -p "$folder/test.outputs"
  TEST_UNDECLARED_OUTPUTS_DIR="$folder/test.outputs" \
    TEST_TOTAL_SHARDS=$total TEST_SHARD_INDEX=$index \
    GTEST_TOTAL_SHARDS=$total GTEST_SHARD_INDEX=$index \
    "$leaky" >"$folder/test.log" 2>&1
  "$zip_outputs" "$folder/outputs.zip" "$folder/test.outputs" || fail "cannot zip $folder"
  ls "$folder/test.outputs/poolsim" >"$folder/reports.txt" 2>/dev/null
  rm -rf "$folder/test.outputs"
  mkdir -p "$folder/test.outputs"
  mv "$folder/outputs.zip" "$folder/test.outputs/outputs.zip"
}

# Unsharded: the reference.
one="$tmp/one/bazel-testlogs/drivers/leaky_test"
run_shard "$one" 0 1
# Two shards.
two="$tmp/two/bazel-testlogs/drivers/leaky_test"
run_shard "$two/shard_1_of_2" 0 2
run_shard "$two/shard_2_of_2" 1 2

# Each shard wrote the reports of its own tests, and only those.
grep -qx 'Leaky.ForgetsToFree.json' "$two/shard_1_of_2/reports.txt" || fail "shard 1 lacks its report"
grep -qx 'Leaky.FreesTwice.json' "$two/shard_2_of_2/reports.txt" || fail "shard 2 lacks its report"
grep -q 'FreesTwice' "$two/shard_1_of_2/reports.txt" && fail "shard 1 ran shard 2's test"
grep -q 'ForgetsToFree' "$two/shard_2_of_2/reports.txt" && fail "shard 2 ran shard 1's test"

summary() { "$poolreport" --no-progress "$1" >"$2" 2>&1 || fail "poolreport failed on $1: $(cat "$2")"; }
summary "$tmp/one/bazel-testlogs" "$tmp/one.txt"
summary "$tmp/two/bazel-testlogs" "$tmp/two.txt"
grep -q '^poolreport: 2 report(s), 2 with findings$' "$tmp/two.txt" || fail "not 2 reports: $(cat "$tmp/two.txt")"
# Block addresses differ from run to run; everything else is the same.
normalize() { sed -E 's/0x[0-9a-f]{9,}/0xADDRESS/g' "$1"; }
diff -u <(normalize "$tmp/one.txt") <(normalize "$tmp/two.txt") ||
  fail "the shards do not merge into the unsharded summary"
# Comparing the sharded run with the unsharded one finds nothing new.
"$poolreport" --no-progress --diff "$tmp/one/bazel-testlogs" "$tmp/two/bazel-testlogs" >"$tmp/diff.txt" 2>&1 ||
  fail "the sharded run differs from the unsharded one: $(cat "$tmp/diff.txt")"
grep -q '; 0 new, 0 grew, 0 shrank, 0 fixed$' "$tmp/diff.txt" || fail "diff: $(cat "$tmp/diff.txt")"

# Across targets: the sharded target and a second one, in one run.
mkdir -p "$tmp/two/bazel-testlogs/other"
cp -r "$one" "$tmp/two/bazel-testlogs/other/leaky_test"
summary "$tmp/two/bazel-testlogs" "$tmp/both.txt"
grep -q '^poolreport: 4 report(s), 4 with findings$' "$tmp/both.txt" || fail "not 4 reports: $(cat "$tmp/both.txt")"
grep -qE '^  EzeL +PagedPool +192 +2 +2$' "$tmp/both.txt" || fail "the tag row does not add both targets"
for t in //drivers:leaky_test //other:leaky_test; do
  grep -qE "  $t Leaky.ForgetsToFree\$" "$tmp/both.txt" || fail "$t is not named"
done

# --runs_per_test: each run of each shard is a report of the same target.
runs="$tmp/runs/bazel-testlogs/drivers/leaky_test"
run_shard "$runs/run_1_of_2" 0 1
run_shard "$runs/shard_1_of_2_run_2_of_2" 0 2
summary "$tmp/runs/bazel-testlogs" "$tmp/runs.txt"
grep -q '^poolreport: 3 report(s), 3 with findings$' "$tmp/runs.txt" || fail "runs: $(cat "$tmp/runs.txt")"
[[ $(grep -cE '  //drivers:leaky_test Leaky\.' "$tmp/runs.txt") -ge 2 ]] || fail "runs are not named by their target: $(cat "$tmp/runs.txt")"
echo PASS
