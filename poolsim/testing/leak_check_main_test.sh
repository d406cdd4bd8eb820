#!/usr/bin/env bash
# Runs leaky_test_program (built with //:leak_check_main) and checks, from
# outside, that exactly the leaking and bug-checking tests fail, that the
# report is in the output, and that the report files are written.
set -uo pipefail

program="$1"
outputs="${TEST_TMPDIR}/outputs"
mkdir -p "$outputs"
log="${TEST_TMPDIR}/log.txt"

TEST_UNDECLARED_OUTPUTS_DIR="$outputs" "$program" >"$log" 2>&1
rc=$?

fail() {
  echo "FAIL: $*"
  echo "---- program output ----"
  cat "$log"
  exit 1
}

[[ $rc -ne 0 ]] || fail "the program exited 0 although tests leak"
grep -q '^\[  FAILED  \] Leaky.LeaksOneBlock (' "$log" || fail "LeaksOneBlock did not fail"
grep -q '^\[  FAILED  \] Leaky.FreesWithTheWrongTag (' "$log" || fail "FreesWithTheWrongTag did not fail"
grep -q '^\[       OK \] Leaky.FreesEverything' "$log" || fail "FreesEverything failed"
grep -q '^\[  FAILED  \] Leaky.ReturnsAtDispatchLevel (' "$log" || fail "ReturnsAtDispatchLevel did not fail"
grep -q "ended at DISPATCH_LEVEL" "$log" || fail "the IRQL message is missing"
grep -q '^\[  FAILED  \] Leaky.NeverDeletesItsLookasideList (' "$log" ||
  fail "NeverDeletesItsLookasideList did not fail"
grep -q "never deleted" "$log" || fail "the lookaside message is missing"
grep -q '^\[  FAILED  \] Leaky.BugChecksInItsOwnEnvironment (' "$log" ||
  fail "BugChecksInItsOwnEnvironment did not fail (or the binary aborted)"
grep -q '^\[  FAILED  \] Leaky.LeaksInItsOwnEnvironment (' "$log" ||
  fail "LeaksInItsOwnEnvironment passed: a leak in a test's own Environment went unseen"
grep -q "an Environment this test created was destroyed with 1 pool block(s)" "$log" ||
  fail "the own-Environment message is missing"
grep -q "tag 'LOwn'" "$log" || fail "the own-Environment report is missing"
grep -q '^\[       OK \] Leaky.ChecksItsOwnEnvironment' "$log" ||
  fail "ChecksItsOwnEnvironment failed although it checked its report"
grep -q '^\[  FAILED  \] Leaky.KeepsItsEnvironmentAlive (' "$log" ||
  fail "KeepsItsEnvironmentAlive did not fail"
grep -q "created an Environment that is still alive at its end" "$log" ||
  fail "the still-alive message is missing"
grep -q '^\[       OK \] Leaky.StartsClean' "$log" || fail "state carried over into StartsClean"
grep -q "Direct leak of 48 byte(s) in 1 allocation(s) from PagedPool, tag 'Leak'" "$log" ||
  fail "the leak report is not in the output"
grep -q "CacheInsert" "$log" || fail "the allocating function is not named"
grep -q "BUG CHECK 0x000000C2 BAD_POOL_CALLER (0xA," "$log" || fail "the bug check is not reported"
[[ -s "$outputs/poolsim/Leaky.LeaksOneBlock.txt" ]] || fail "no text report file"
[[ -s "$outputs/poolsim/Leaky.LeaksOneBlock.json" ]] || fail "no JSON report file"
grep -q '"format_version":1' "$outputs/poolsim/Leaky.LeaksOneBlock.json" || fail "bad JSON report"
[[ ! -e "$outputs/poolsim/Leaky.FreesEverything.txt" ]] || fail "a report for a clean test"
echo "PASS"
