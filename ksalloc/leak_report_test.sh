#!/usr/bin/env bash
# Runs leak_report_program (built with //:leak_check_main) and checks from
# outside that a leaked frame, an allocator never deleted and a pin never
# closed each fail their test, with the allocator's tag, the pin and the
# stack that allocated the frame or created the allocator; clean tests pass.
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

[[ $rc -ne 0 ]] || fail "the program exited 0 although tests leak"
grep -q '^\[  FAILED  \] KsLeaks.LeaksAFrame (' "$log" || fail "LeaksAFrame did not fail"
grep -q "Leaked KS frame: frame of the default allocator of file object 0x[0-9a-f]*, 640 byte(s) from NonPagedPool, tag 'KsAl'" "$log" ||
  fail "the leaked frame is not reported with its size, pool and tag"
grep -A1 "Leaked KS frame: frame of the default allocator" "$log" | grep -q '#0 TakeFrameForCapture' ||
  fail "the frame's stack does not start at the call that allocated it"
grep -q 'BUG CHECK 0x000000C4 DRIVER_VERIFIER_DETECTED_VIOLATION (0xF2006, 0x[0-9A-F]*, 0x2,' "$log" ||
  fail "closing with two frames outstanding is not reported"
grep -q 'pending request not' "$log" && fail "a pending request was not cancelled at close"
[[ $(grep -c "^Leaked KS frame: frame of the default allocator of file object" "$log") -eq 2 ]] ||
  fail "the two frames still outstanding at close are not both reported"
grep -q '^\[  FAILED  \] KsLeaks.NeverDeletesItsAllocator (' "$log" || fail "NeverDeletesItsAllocator did not fail"
grep -q "Leaked KS allocator: the default allocator of file object 0x[0-9a-f]*, .*(never deleted: DeleteAllocator not called)" "$log" ||
  fail "the allocator never deleted is not reported"
grep -A1 "Leaked KS allocator: the default allocator" "$log" | grep -q '#0 OpenCaptureAllocator' ||
  fail "the allocator's stack does not name the call that created it"
grep -q '^\[  FAILED  \] KsLeaks.NeverClosesItsPin (' "$log" || fail "NeverClosesItsPin did not fail"
grep -q "Leaked KS pin: KSPIN of pin 7 " "$log" || fail "the pin never closed is not reported"
[[ $(grep -c "Leaked KS frame: frame of the pin's KSALLOCATOR_DISPATCH of pin 7 (0x[0-9a-f]*), 512 byte(s) from NonPagedPool, tag 'LkFr'" "$log") -eq 3 ]] ||
  fail "the pin's three frames are not reported with the pin and the driver's tag"
grep -A1 "Leaked KS frame: frame of the pin's" "$log" | grep -q 'StartPreviewPin' ||
  fail "the pin's frames do not name the call that filled the pipe"
grep -q "Leaked KS allocator: the pin's KSALLOCATOR_DISPATCH of pin 7" "$log" ||
  fail "the pin's allocator is not reported as never deleted"
grep -q "Indirect leak of 1536 byte(s) in 3 allocation(s) from NonPagedPool (NonPagedPoolNx), tag 'LkFr' (storage of a leaked KS frame above)" "$log" ||
  fail "the frames' pool blocks are not tied to the leaked frames"
grep -q '^\[       OK \] KsLeaks.FreesEverything' "$log" || fail "FreesEverything failed"
grep -q '^\[       OK \] KsLeaks.StartsClean' "$log" || fail "state carried over into StartsClean"
echo "PASS"
