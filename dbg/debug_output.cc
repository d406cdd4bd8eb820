// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: dbg/debug_output.cc
// -----------------------------------------------------------------------------
//
// The simulated debugger's output (dbg core): per-Environment records and
// filter masks. Lock order: Registry::mu is a leaf.

#include "dbg/debug_output.h"

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/strings/numbers.h"
#include "poolsim/bugcheck.h"
#include "poolsim/internal/lock.h"

namespace dbg {
namespace {

using poolsim::poolsim_internal::Mutex;
using poolsim::poolsim_internal::MutexLock;

// At most this many records are kept per Environment; later ones are counted.
constexpr size_t kMaxRecords = 65536;
// The highest device IRQL on x64 (DIRQL is 3 .. 12).
constexpr poolsim::Irql kHighestDirql = 12;

struct State {
  std::map<uint32_t, uint32_t> masks;  // component id -> mask
  uint32_t system_wide_mask = 0x1;
  std::vector<DebugRecord> records;
  uint64_t dropped = 0;
  std::vector<std::string> violations;
};

struct Registry {
  Mutex mu;
  std::map<const poolsim::Environment*, State> states ABSL_GUARDED_BY(mu);
};

Registry& GetRegistry() {
  static Registry* registry = new Registry();
  return *registry;
}

bool ParseComponent(absl::string_view name, uint32_t* id) {
  static constexpr struct {
    const char* name;
    uint32_t id;
  } kNames[] = {
      {"WIN2000", kSystemWideMask}, {"SYSTEM", 0},        {"IHVDRIVER", 77}, {"IHVVIDEO", 78},
      {"IHVAUDIO", 79},             {"IHVNETWORK", 80},   {"IHVSTREAMING", 81},
      {"IHVBUS", 82},               {"DEFAULT", 101},
  };
  for (const auto& n : kNames) {
    if (name == n.name) {
      *id = n.id;
      return true;
    }
  }
  return absl::SimpleAtoi(name, id) && *id < kComponentCount;
}

// A new State with the masks of FLTCTX_DBGPRINT_FILTER
// ("DEFAULT=0xFFFFFFFF,IHVDRIVER=0xF,WIN2000=0x1,77=0x3").
State FreshState() {
  State s;
  const char* filter = std::getenv("FLTCTX_DBGPRINT_FILTER");
  if (filter == nullptr || *filter == '\0') return s;
  for (absl::string_view entry : absl::StrSplit(filter, ',', absl::SkipWhitespace())) {
    std::pair<absl::string_view, absl::string_view> kv = absl::StrSplit(entry, '=');
    uint32_t id = 0;
    const std::string mask_text(kv.second);
    char* end = nullptr;
    const unsigned long mask = std::strtoul(mask_text.c_str(), &end, 0);
    if (!ParseComponent(kv.first, &id) || mask_text.empty() || *end != '\0' ||
        mask > 0xFFFFFFFFul) {
      s.violations.push_back(absl::StrCat("FLTCTX_DBGPRINT_FILTER: cannot read '", entry,
                                          "' (expected NAME=MASK, e.g. DEFAULT=0xFFFFFFFF)"));
      continue;
    }
    if (id == kSystemWideMask) {
      s.system_wide_mask = static_cast<uint32_t>(mask);
    } else {
      s.masks[id] = static_cast<uint32_t>(mask);
    }
  }
  return s;
}

State& StateLocked(Registry& r, const poolsim::Environment& env)
    ABSL_EXCLUSIVE_LOCKS_REQUIRED(r.mu) {
  auto it = r.states.find(&env);
  if (it == r.states.end()) it = r.states.emplace(&env, FreshState()).first;
  return it->second;
}

uint32_t MaskLocked(const State& s, uint32_t component_id) {
  if (component_id == kSystemWideMask) return s.system_wide_mask;
  auto it = s.masks.find(component_id);
  return it == s.masks.end() ? 0 : it->second;
}

bool PrintsLocked(const State& s, uint32_t component_id, uint32_t level) {
  const uint32_t mask = LevelMask(level);
  const uint32_t component = component_id < kComponentCount ? MaskLocked(s, component_id) : 0;
  return (mask & (component | s.system_wide_mask)) != 0;
}

std::atomic<int>& EchoFlag() {
  static std::atomic<int> flag{[] {
    const char* v = std::getenv("FLTCTX_DBGPRINT_ECHO");
    return (v != nullptr && std::strcmp(v, "1") == 0) ? 1 : 0;
  }()};
  return flag;
}

const char* KindName(DebugRecord::Kind kind) {
  switch (kind) {
    case DebugRecord::Kind::kPrint:
      return "print";
    case DebugRecord::Kind::kBreakPoint:
      return "DbgBreakPoint";
    case DebugRecord::Kind::kAssertion:
      return "assertion";
  }
  return "?";
}

}  // namespace

uint32_t LevelMask(uint32_t level) { return level <= 31 ? (uint32_t{1} << level) : level; }

std::vector<DebugRecord> CapturedOutput(poolsim::Environment& env) {
  std::vector<DebugRecord> out;
  for (DebugRecord& r : AllDebugOutput(env)) {
    if (r.printed) out.push_back(std::move(r));
  }
  return out;
}

std::vector<DebugRecord> AllDebugOutput(poolsim::Environment& env) {
  Registry& r = GetRegistry();
  MutexLock lock(&r.mu);
  auto it = r.states.find(&env);
  return it == r.states.end() ? std::vector<DebugRecord>() : it->second.records;
}

std::string CapturedText(poolsim::Environment& env) {
  std::string text;
  for (const DebugRecord& r : CapturedOutput(env)) text += r.text;
  return text;
}

void ResetDebugOutput(poolsim::Environment& env) {
  Registry& r = GetRegistry();
  MutexLock lock(&r.mu);
  r.states.erase(&env);
}

uint32_t ComponentMask(uint32_t component_id, poolsim::Environment& env) {
  Registry& r = GetRegistry();
  MutexLock lock(&r.mu);
  return MaskLocked(StateLocked(r, env), component_id);
}

bool SetComponentMask(uint32_t component_id, uint32_t mask, poolsim::Environment& env) {
  if (component_id >= kComponentCount && component_id != kSystemWideMask) return false;
  Registry& r = GetRegistry();
  MutexLock lock(&r.mu);
  State& s = StateLocked(r, env);
  if (component_id == kSystemWideMask) {
    s.system_wide_mask = mask;
  } else {
    s.masks[component_id] = mask;
  }
  return true;
}

bool WouldPrint(uint32_t component_id, uint32_t level, poolsim::Environment& env) {
  Registry& r = GetRegistry();
  MutexLock lock(&r.mu);
  return PrintsLocked(StateLocked(r, env), component_id, level);
}

bool Record(DebugRecord record, poolsim::Environment& env) {
  if (record.text.size() > kMaxMessageBytes) {
    record.text.resize(kMaxMessageBytes);
    record.truncated = true;
  }
  {
    Registry& r = GetRegistry();
    MutexLock lock(&r.mu);
    State& s = StateLocked(r, env);
    record.printed = record.kind != DebugRecord::Kind::kPrint ||
                     PrintsLocked(s, record.component_id, record.level);
    if (record.kind == DebugRecord::Kind::kPrint && record.irql > kHighestDirql) {
      s.violations.push_back(absl::StrFormat(
          "a debug print at IRQL %d (%s), above DIRQL: Windows allows DbgPrint and DbgPrintEx "
          "only at IRQL <= DIRQL (the debugger's inter-processor interrupts can deadlock): %s",
          record.irql, poolsim::IrqlName(record.irql), record.text));
    }
    if (s.records.size() < kMaxRecords) {
      s.records.push_back(record);
    } else {
      ++s.dropped;
    }
  }
  if (record.printed && EchoEnabled()) {
    std::string line = RenderRecords({record});
    std::fwrite(line.data(), 1, line.size(), stderr);
  }
  return record.printed;
}

void SetEcho(bool on) { EchoFlag().store(on ? 1 : 0); }
bool EchoEnabled() { return EchoFlag().load() != 0; }

std::string RenderRecords(const std::vector<DebugRecord>& records) {
  std::string out;
  for (const DebugRecord& r : records) {
    absl::StrAppendFormat(&out, "[thread %u, %s, ", r.thread, poolsim::IrqlName(r.irql));
    if (r.kind == DebugRecord::Kind::kPrint) {
      absl::StrAppendFormat(&out, "component %u level 0x%X%s] ", r.component_id, r.level,
                            r.printed ? "" : ", filtered out");
    } else {
      absl::StrAppendFormat(&out, "%s] ", KindName(r.kind));
    }
    out += r.text;
    if (r.truncated) out += "...(truncated at 512 bytes)";
    if (out.empty() || out.back() != '\n') out += '\n';
  }
  return out;
}

std::vector<std::string> DebugOutputViolations(poolsim::Environment& env) {
  Registry& r = GetRegistry();
  MutexLock lock(&r.mu);
  auto it = r.states.find(&env);
  return it == r.states.end() ? std::vector<std::string>() : it->second.violations;
}

// The listener's notes: what the test printed (and how much was filtered).
std::string FailureNotes(poolsim::Environment& env) {
  const std::vector<DebugRecord> all = AllDebugOutput(env);
  const char* show = std::getenv("FLTCTX_DBGPRINT_SHOW_FILTERED");
  const bool show_filtered = show != nullptr && std::strcmp(show, "1") == 0;
  std::vector<DebugRecord> shown;
  size_t filtered = 0;
  for (const DebugRecord& r : all) {
    if (r.printed || show_filtered) shown.push_back(r);
    if (!r.printed) ++filtered;
  }
  if (all.empty()) return "";
  std::string out = absl::StrFormat("Debug output (%u line(s) printed):\n", all.size() - filtered);
  out += RenderRecords(shown);
  if (filtered > 0 && !show_filtered) {
    absl::StrAppendFormat(&out,
                          "(%u call(s) filtered out by the component/level filter, not shown; "
                          "FLTCTX_DBGPRINT_SHOW_FILTERED=1 shows them)\n",
                          filtered);
  }
  return out;
}

}  // namespace dbg
