// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// Lock order: the default-handler mutex, then nothing.

#include "poolsim/bugcheck.h"

#include <atomic>
#include <cstdio>
#include <cstdlib>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/strings/str_format.h"
#include "poolsim/internal/lock.h"

namespace poolsim {
namespace {

using poolsim_internal::Mutex;
using poolsim_internal::MutexLock;

Mutex default_handler_mu;
BugCheckHandler& DefaultHandlerLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(default_handler_mu) {
  static BugCheckHandler* handler = new BugCheckHandler();
  return *handler;
}

void AppendStack(std::string* out, StackId stack, const char* indent) {
  if (stack == kNoStack) {
    absl::StrAppend(out, indent, "(no stack captured)\n");
    return;
  }
  int i = 0;
  for (const SymbolizedFrame& f : Symbolize(stack)) {
    // GoogleTest's and the C runtime's frames say nothing about the driver.
    if (absl::StartsWith(f.function, "testing::") ||
        absl::StartsWith(f.function, "void testing::") || f.function == "main") {
      break;
    }
    absl::StrAppendFormat(out, "%s#%d 0x%x %s", indent, i++, f.pc,
                          f.function.empty() ? "<unknown>" : f.function);
    if (!f.file.empty()) {
      absl::string_view file = f.file;
      absl::ConsumePrefix(&file, "/proc/self/cwd/");
      absl::StrAppendFormat(out, " %s:%d", file, f.line);
    }
    out->push_back('\n');
  }
}

}  // namespace

BugCheckHandler SetDefaultBugCheckHandler(BugCheckHandler handler) {
  MutexLock lock(&default_handler_mu);
  BugCheckHandler previous = std::move(DefaultHandlerLocked());
  DefaultHandlerLocked() = std::move(handler);
  return previous;
}

namespace poolsim_internal {
// Runs the process default handler, or prints and aborts without one.
void RunDefaultBugCheckHandler(const BugCheck& bug_check) {
  BugCheckHandler handler;
  {
    MutexLock lock(&default_handler_mu);
    handler = DefaultHandlerLocked();
  }
  if (handler) {
    handler(bug_check);
    return;
  }
  const std::string text = FormatBugCheck(bug_check);
  std::fwrite(text.data(), 1, text.size(), stderr);
  std::fflush(stderr);
  std::abort();
}
}  // namespace poolsim_internal

std::string FormatBugCheck(const BugCheck& b) {
  std::string out = absl::StrFormat(
      "*** BUG CHECK 0x%08X %s (0x%X, 0x%X, 0x%X, 0x%X)\n", b.code, BugCheckName(b.code),
      b.parameters[0], b.parameters[1], b.parameters[2], b.parameters[3]);
  absl::StrAppendFormat(&out, "    %s\n", b.description);
  absl::StrAppendFormat(&out, "    at %s on thread %u, from:\n", IrqlName(b.irql), b.thread);
  AppendStack(&out, b.stack, "      ");
  if (b.has_block) {
    absl::StrAppendFormat(&out,
                          "    The allocation: %u byte(s) at 0x%x, %s, tag '%s', "
                          "allocated at %s on thread %u (allocation #%u), from:\n",
                          b.block.bytes, b.block.address, PoolKindName(b.block.kind),
                          b.block.tag.ToString(), IrqlName(b.block.irql), b.block.thread,
                          b.block.sequence);
    AppendStack(&out, b.block.stack, "      ");
    if (b.block_free_stack != kNoStack) {
      absl::StrAppend(&out, "    It was freed before, from:\n");
      AppendStack(&out, b.block_free_stack, "      ");
    }
  }
  return out;
}

uint32_t CurrentThreadOrdinal() {
  static std::atomic<uint32_t> next{1};
  thread_local const uint32_t ordinal = next.fetch_add(1, std::memory_order_relaxed);
  return ordinal;
}

}  // namespace poolsim
