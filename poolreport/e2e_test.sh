#!/usr/bin/env bash
# Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
#
# File: poolreport/e2e_test.sh: the whole path a user takes. A test binary
# built with //:leak_check_main (testdata/leaky_driver*.{c,cc}) fails with a
# planted leak and a planted double free and writes its JSON reports where
# Bazel's undeclared outputs go; poolreport reads them (unzipped and zipped,
# as bazel-testlogs/ holds them) and names the leak's tag, the driver's
# source line, the bug check and its meaning.
#
#   e2e_test.sh POOLREPORT LEAKY_TEST DRIVER_SOURCE ZIP_OUTPUTS
set -uo pipefail
poolreport=$1 leaky=$2 source=$3 zip_outputs=$4
logs="$TEST_TMPDIR/bazel-testlogs/drivers/leaky_test"
mkdir -p "$logs/test.outputs"

fail() {
  echo "FAIL: $*"
  [[ -f "$TEST_TMPDIR/out.txt" ]] && cat "$TEST_TMPDIR/out.txt"
  exit 1
}

TEST_UNDECLARED_OUTPUTS_DIR="$logs/test.outputs" "$leaky" >"$TEST_TMPDIR/leaky.log" 2>&1 &&
  fail "the leaky tests passed"
[[ -s "$logs/test.outputs/poolsim/Leaky.ForgetsToFree.json" ]] || fail "no report written"
[[ ! -e "$logs/test.outputs/poolsim/Leaky.IsClean.json" ]] || fail "a clean test wrote a report"

leak_line=$(grep -n 'planted leak' "$source" | cut -d: -f1)
free_line=$(grep -n 'planted double free' "$source" | cut -d: -f1)

check_summary() {
  local out="$TEST_TMPDIR/out.txt"
  "$poolreport" --no-progress "$1" >"$out" 2>&1 || fail "poolreport failed on $1"
  grep -q '^poolreport: 2 report(s), 2 with findings$' "$out" || fail "not 2 reports"
  grep -qE '^  EzeL +PagedPool +96 +1 +1$' "$out" || fail "the leak's tag row is missing"
  grep -qE "  LeakyCreate .*poolreport/testdata/leaky_driver.c:${leak_line}\$" "$out" ||
    fail "the leak is not blamed on leaky_driver.c:${leak_line}"
  grep -qE '//drivers:leaky_test Leaky.ForgetsToFree$' "$out" || fail "the test is not named"
  grep -q '^  0xC2 BAD_POOL_CALLER (0x7, ' "$out" || fail "the double free is missing"
  grep -q 'meaning: a double free: the block was already freed' "$out" ||
    fail "the catalogue's meaning is missing"
  grep -qE "    at LeakyUnload .*leaky_driver.c:${free_line}\$" "$out" ||
    fail "the double free is not blamed on leaky_driver.c:${free_line}"
}

check_summary "$TEST_TMPDIR/bazel-testlogs"

# The same reports zipped, as Bazel leaves them (outputs.zip).
"$zip_outputs" "$logs/outputs.zip" "$logs/test.outputs" || fail "cannot zip"
rm -rf "$logs/test.outputs"
mkdir -p "$logs/test.outputs"
mv "$logs/outputs.zip" "$logs/test.outputs/outputs.zip"
check_summary "$TEST_TMPDIR/bazel-testlogs"
echo "PASS"
