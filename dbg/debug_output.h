// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: dbg/debug_output.h
// -----------------------------------------------------------------------------
//
// The simulated kernel debugger's output (dbg core): every DbgPrint-family
// call of a test, the component / level filter the kernel applies, and the
// optional echo to stderr. State is per Environment (each test's simulated
// kernel); with //:leak_check_main it starts empty for every test and a
// failing test shows what its driver printed.
//
//   TEST(MyFilter, SaysHello) {
//     DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "hello %wZ\n", &name);
//     EXPECT_THAT(dbg::CapturedText(), ::testing::HasSubstr("hello"));
//   }
//
// Filter: a message is printed when the level's mask (1 << Level for a Level
// of 0..31, the Level itself above 31) shares a bit with the component's
// mask or with the system-wide mask. Component masks start at 0 and the
// system-wide mask at 0x1 (DPFLTR_ERROR_LEVEL), as on Windows; so DbgPrint
// and KdPrint (DEFAULT component, INFO level) print nothing by default.
// FLTCTX_DBGPRINT_FILTER sets initial masks (see docs/debug-output.md).
// A filtered-out call is still recorded, with printed == false.
//
// Thread-safe; the state lock is a leaf and is not held while echoing.

#ifndef DBG_DEBUG_OUTPUT_H_
#define DBG_DEBUG_OUTPUT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "poolsim/environment.h"
#include "poolsim/irql.h"

namespace dbg {

// The component ids this layer names (the WDK's DPFLTR_* values).
inline constexpr uint32_t kSystemComponent = 0;      // DPFLTR_SYSTEM_ID
inline constexpr uint32_t kIhvDriverComponent = 77;  // DPFLTR_IHVDRIVER_ID
inline constexpr uint32_t kDefaultComponent = 101;   // DPFLTR_DEFAULT_ID
// Component ids 0 .. kComponentCount - 1 have a mask; kSystemWideMask names
// the system-wide ("WIN2000") mask in the filter calls.
inline constexpr uint32_t kComponentCount = 256;
inline constexpr uint32_t kSystemWideMask = 0xFFFFFFFF;
// Windows sends at most this many bytes of one call's text.
inline constexpr size_t kMaxMessageBytes = 512;

// DebugRecord
//
// One call, as the simulated debugger saw it.
struct DebugRecord {
  enum class Kind {
    kPrint,       // DbgPrint, DbgPrintEx, vDbgPrintEx(WithPrefix), KdPrint(Ex)
    kBreakPoint,  // DbgBreakPoint, DbgBreakPointWithStatus (recorded, never traps)
    kAssertion,   // the message of a failed assertion (always printed)
  };
  Kind kind = Kind::kPrint;
  uint32_t component_id = kDefaultComponent;
  uint32_t level = 0;
  std::string text;  // formatted, at most kMaxMessageBytes bytes
  bool truncated = false;
  bool printed = false;    // passed the component / level filter
  uint32_t thread = 0;     // poolsim's thread ordinal
  poolsim::Irql irql = 0;  // the caller's IRQL
};

// Returns the printed records of `env`, oldest first (what a debugger shows).
std::vector<DebugRecord> CapturedOutput(poolsim::Environment& env = poolsim::Ambient());
// Returns every record, filtered-out ones included, oldest first.
std::vector<DebugRecord> AllDebugOutput(poolsim::Environment& env = poolsim::Ambient());
// Returns the printed texts joined, oldest first.
std::string CapturedText(poolsim::Environment& env = poolsim::Ambient());
// Forgets the records, the filter settings and the violations of `env`
// (the listener does this at the start and end of each test).
void ResetDebugOutput(poolsim::Environment& env = poolsim::Ambient());

// The filter. A component id at or above kComponentCount (other than
// kSystemWideMask) has no mask: its messages pass only the system-wide one.
// SetComponentMask returns false (and changes nothing) for such an id.
uint32_t ComponentMask(uint32_t component_id, poolsim::Environment& env = poolsim::Ambient());
bool SetComponentMask(uint32_t component_id, uint32_t mask,
                      poolsim::Environment& env = poolsim::Ambient());
// Returns the mask a Level stands for (1 << Level up to 31, else Level).
uint32_t LevelMask(uint32_t level);
// Returns true if and only if a message of (component, level) is printed.
bool WouldPrint(uint32_t component_id, uint32_t level,
                poolsim::Environment& env = poolsim::Ambient());

// Records one call (truncating the text to kMaxMessageBytes) and echoes it
// when echo is on and it is printed. Returns whether it was printed. A
// kPrint above DIRQL is also noted as a violation the listener reports.
bool Record(DebugRecord record, poolsim::Environment& env = poolsim::Ambient());

// Echo: printed records are also written to stderr. Starts from
// FLTCTX_DBGPRINT_ECHO (1 on, 0 or unset off); process-wide.
void SetEcho(bool on);
bool EchoEnabled();

// Renders records as the failure notes show them: one line per record,
// "[thread N, IRQL, component/level] text".
std::string RenderRecords(const std::vector<DebugRecord>& records);

// Returns what the leak-check listener shows when a test fails: the printed
// records (all of them with FLTCTX_DBGPRINT_SHOW_FILTERED=1) and the number
// filtered out; "" when nothing was recorded.
std::string FailureNotes(poolsim::Environment& env = poolsim::Ambient());

// Returns the violations noted for `env` (calls above DIRQL), oldest first.
std::vector<std::string> DebugOutputViolations(poolsim::Environment& env = poolsim::Ambient());

}  // namespace dbg

#endif  // DBG_DEBUG_OUTPUT_H_
