#!/usr/bin/env bash
# Runs region_mismatch_program (built with the leak-check listener) and checks
# that exactly the tests that end inside a critical or guarded region fail,
# with the APC_INDEX_MISMATCH message, and that no region carries over.
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

[[ $rc -ne 0 ]] || fail "the program exited 0 although tests end inside regions"
for name in EndsInsideACriticalRegion EndsInsideFsRtlEnterFileSystem EndsOwningAGuardedMutex \
            EndsOwningAKmutex; do
  grep -q "^\[  FAILED  \] Regions.${name} (" "$log" || fail "${name} did not fail"
done
grep -q "ended inside 1 critical and 0 guarded region(s)" "$log" ||
  fail "the critical-region message is missing"
grep -q "ended inside 0 critical and 1 guarded region(s)" "$log" ||
  fail "the guarded-region message is missing"
grep -q "APC_INDEX_MISMATCH" "$log" || fail "the Windows stop code is not named"
grep -q '^\[       OK \] Regions.StartsOutsideAnyRegion' "$log" || fail "a region carried over"
grep -q '^\[       OK \] Regions.LeavesWhatItEnters' "$log" || fail "a balanced test failed"
echo "PASS"
