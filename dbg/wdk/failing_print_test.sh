#!/usr/bin/env bash
# Runs failing_print_program (built with //:leak_check_main) and checks from
# outside that a failing test shows its driver's debug output, a passing one
# does not, assertions fail only their own test, and a print above DIRQL
# fails its test.
set -uo pipefail

program="$1"
log="${TEST_TMPDIR}/log.txt"
"$program" >"$log" 2>&1
rc=$?

fail() {
  echo "FAIL: $*"
  echo "---- program output ----"
  cat "$log"
  exit 1
}

[[ $rc -ne 0 ]] || fail "the program exited 0 although tests fail"
grep -q '^\[  FAILED  \] Printing.FailsAndShowsItsOutput (' "$log" || fail "FailsAndShowsItsOutput did not fail"
grep -q -- '---- dbg notes for Printing.FailsAndShowsItsOutput ----' "$log" || fail "no notes for the failing test"
grep -q 'component 77 level 0x0\] driver: step 3 of open' "$log" || fail "the printed line is not shown"
grep -q '1 call(s) filtered out' "$log" || fail "the filtered-out count is not shown"
grep -q 'DbgPrint is filtered out by default' "$log" && fail "a filtered-out line is shown"
grep -q '^\[       OK \] Printing.PassesAndShowsNothing' "$log" || fail "PassesAndShowsNothing failed"
grep -q 'quiet: this line is not shown' "$log" && fail "a passing test's output is shown"
grep -q '^\[  FAILED  \] Printing.FailsOnAnAssertion (' "$log" || fail "FailsOnAnAssertion did not fail"
grep -q 'BUG CHECK 0x0000001E KMODE_EXCEPTION_NOT_HANDLED (0xC0000420' "$log" || fail "the assertion's bug check is not reported"
grep -q 'NT_ASSERT(count > 0) failed at dbg/wdk/failing_print_program.cc:' "$log" || fail "the expression and location are missing"
grep -q 'after the assertion: still running' "$log" || fail "execution did not continue after the assertion"
grep -q '^\[       OK \] Printing.StartsCleanAfterAFailure' "$log" || fail "state carried over"
grep -q '^\[  FAILED  \] Printing.PrintsAboveDirql (' "$log" || fail "PrintsAboveDirql did not fail"
grep -q 'dbg: a debug print at IRQL 15 (HIGH_LEVEL), above DIRQL' "$log" || fail "the DIRQL violation is not named"

# The settings, as environment variables.
FLTCTX_DBGPRINT_ECHO=1 "$program" --gtest_filter=Printing.PassesAndShowsNothing >"$log" 2>&1
grep -q 'component 77 level 0x0\] quiet: this line is not shown' "$log" ||
  fail "FLTCTX_DBGPRINT_ECHO=1 did not echo a printed line"
FLTCTX_DBGPRINT_FILTER='DEFAULT=0x8' "$program" --gtest_filter=Printing.FailsAndShowsItsOutput \
  >"$log" 2>&1
grep -q 'component 101 level 0x3\] driver: DbgPrint is filtered out by default' "$log" ||
  fail "FLTCTX_DBGPRINT_FILTER=DEFAULT=0x8 did not enable DbgPrint"
FLTCTX_DBGPRINT_SHOW_FILTERED=1 "$program" --gtest_filter=Printing.FailsAndShowsItsOutput \
  >"$log" 2>&1
grep -q 'level 0x3, filtered out\] driver: DbgPrint is filtered out by default' "$log" ||
  fail "FLTCTX_DBGPRINT_SHOW_FILTERED=1 did not show the filtered-out line"
FLTCTX_DBGPRINT_FILTER='NOSUCH=1' "$program" --gtest_filter=Printing.PassesAndShowsNothing \
  >"$log" 2>&1 && fail "a bad FLTCTX_DBGPRINT_FILTER was accepted"
grep -q "FLTCTX_DBGPRINT_FILTER: cannot read 'NOSUCH=1'" "$log" || fail "the bad setting is not named"
echo "PASS"
