#!/usr/bin/env bash
# Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
#
# File: examples/demo_test.sh: the demo as users run it.
#  - default: its output is the golden examples/testdata/demo.golden (the
#    correct components, an empty report). After an intended change:
#      ./bazelw run //examples:demo > examples/testdata/demo.golden
#  - --leaky: every planted bug is announced before the code that has it
#    runs, and the report at the end shows what each announcement says it
#    shows; the findings are the ones planted, with the driver's lines.
#  - --report-dir: text, JSON and HTML written, in both modes.
#  - --scenario: another scenario runs; bad arguments and files exit 2.
set -uo pipefail
demo="$1"
golden="$2"
scenario="$(pwd)/$3"
tmp="${TEST_TMPDIR}"
fail() { echo "FAIL: $*"; [[ -f "$out" ]] && cat "$out"; exit 1; }

# ---- default run: the golden output, exit 0
out="$tmp/default.txt"
"$demo" >"$out" 2>&1 || fail "the default run exited $?"
diff -u "$golden" "$out" || fail "the default output differs from $golden (diff above)"

# ---- --leaky
out="$tmp/leaky.txt"
"$demo" --leaky >"$out" 2>&1 || fail "the --leaky run exited $?"
line_of() {  # first line number holding the fixed string $1, or 0
  local n
  n=$(grep -nF -m1 -- "$1" "$out" | cut -d: -f1)
  echo "${n:-0}"
}
report=$(line_of "---- report after the filter unloaded ----")
[[ $report -gt 0 ]] || fail "no report section"
trim=$(line_of "Name cache: 3 inserts,")
scenario_start=$(line_of "Scenario examples/scenarios/demo.scn")
bugcheck_seen=$(line_of "-> bug check 0xC2 BAD_POOL_CALLER raised here")
[[ $(grep -c '^PLANTED BUG [0-9] of 3, in ' "$out") -eq 3 ]] || fail "not three planted-bug notices"
for n in 1 2 3; do
  at=$(line_of "PLANTED BUG $n of 3, in ")
  [[ $at -gt 0 ]] || fail "planted bug $n is not announced"
  # Announced before the code that holds it runs.
  if [[ $n -le 2 ]]; then
    [[ $at -lt $trim && $at -lt $bugcheck_seen ]] || fail "bug $n is announced after the trim ran"
  else
    [[ $at -gt $trim && $at -lt $scenario_start ]] || fail "bug 3 is not announced before the scenario"
  fi
  # What it says the report shows, the report shows.
  shows=$(sed -n "$((at + 1))p" "$out" | sed -n 's/^  The report at the end shows it: "\(.*\)"$/\1/p')
  [[ -n "$shows" ]] || fail "bug $n does not say what the report shows"
  tail -n +"$report" "$out" | grep -qF -- "$shows" || fail "the report does not show bug $n: $shows"
done
expect_report() {
  tail -n +"$report" "$out" | grep -qF -- "$1" || fail "the --leaky report lacks: $1"
}
expect_report "*** BUG CHECK 0x000000C2 BAD_POOL_CALLER (0xA,"
expect_report "free with tag 'Name' of a block tagged 'Cach'"
expect_report "#0 DemoCacheTrim examples/demo_driver.c:"
expect_report "Leaked context: FLT_STREAM_CONTEXT"
expect_report "taken by FltGetStreamContext and never released, at:"
expect_report "#0 DemoFilterWriteCount examples/demo_filter.c:"
expect_report "#1 DemoPostRead examples/demo_filter.c:"
expect_report "Direct leak of 64 byte(s) in 2 allocation(s) from NonPagedPool (NonPagedPoolNx), tag 'Cach'"
expect_report "SUMMARY: poolsim: 160 byte(s) leaked in 4 allocation(s) (92 direct), 1 object(s) still referenced, 1 bug check(s)."
grep -qF "The report shows each of the 3 planted bugs." "$out" || fail "no closing line"
grep -q "PLANTED" "$tmp/default.txt" && fail "the default run announces planted bugs"

# ---- --report-dir, both modes
for mode in default leaky; do
  dir="$tmp/reports-$mode"
  flag=()
  [[ $mode == leaky ]] && flag=(--leaky)
  out="$tmp/report-dir-$mode.txt"
  "$demo" "${flag[@]}" --report-dir="$dir" >"$out" 2>&1 || fail "--report-dir ($mode) exited $?"
  for f in demo.txt demo.json demo.html; do [[ -s "$dir/$f" || $f == demo.txt ]] || fail "$mode: no $f"; done
  grep -qF '"format_version"' "$dir/demo.json" || fail "$mode: demo.json is not a report"
  grep -qF 'id="groups"' "$dir/demo.html" || fail "$mode: demo.html has no #groups table"
  if [[ $mode == leaky ]]; then
    grep -qF '"clean":false' "$dir/demo.json" || fail "leaky: demo.json says clean"
    grep -qF 'data-tag="Cach"' "$dir/demo.html" || fail "leaky: the page lacks the 'Cach' leak"
    grep -qF 'data-code="0xC2"' "$dir/demo.html" || fail "leaky: the page lacks the bug check"
    cmp -s "$dir/demo.txt" <(tail -n +"$(($(grep -nF -m1 -- '---- report after' "$out" | cut -d: -f1) + 1))" "$out" |
      sed '/^The report shows each/,$d' | sed '$d') || fail "leaky: demo.txt is not the printed report"
  else
    [[ ! -s "$dir/demo.txt" ]] || fail "default: demo.txt is not empty"
    grep -qF '"clean":true' "$dir/demo.json" || fail "default: demo.json is not clean"
  fi
done

# ---- --scenario, absolute and relative to BUILD_WORKING_DIRECTORY
out="$tmp/scenario.txt"
"$demo" --scenario="$scenario" >"$out" 2>&1 || fail "--scenario exited $?"
grep -qF "10: read h 3 abc -> STATUS_SUCCESS" "$out" || fail "--scenario did not run $scenario"
grep -qF "Nothing leaked" "$out" || fail "--scenario: the correct filter leaked"
"$demo" --leaky --scenario="$scenario" >"$out" 2>&1 || fail "--leaky --scenario exited $?"
grep -qF "Reference 2 of 2, taken by FltGetStreamContext" "$out" || fail "two reads did not keep two references"
BUILD_WORKING_DIRECTORY="$(dirname "$scenario")" "$demo" --scenario="$(basename "$scenario")" >"$out" 2>&1 ||
  fail "a relative --scenario under bazel run exited $?"

# ---- misuse of the command
out="$tmp/bad.txt"
"$demo" --frobnicate >"$out" 2>&1
[[ $? -eq 2 ]] || fail "an unknown argument did not exit 2"
grep -qF "usage: demo" "$out" || fail "no usage for an unknown argument"
"$demo" --scenario="$tmp/none.scn" >"$out" 2>&1
[[ $? -eq 2 ]] || fail "a missing scenario did not exit 2"
echo "bad-verb x" >"$tmp/bad.scn"
"$demo" --scenario="$tmp/bad.scn" >"$out" 2>&1
[[ $? -eq 2 ]] || fail "a malformed scenario did not exit 2"
echo PASS
