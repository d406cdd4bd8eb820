// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: poolsim/internal/special_pool.cc
// -----------------------------------------------------------------------------
//
// Special pool's pages, their registry and the page-fault handler that turns
// a touch of a guard or quarantined page into its bug check. The fault
// handler prints the report itself (a page fault cannot return into the
// Environment's funnel) and ends the process.
//
// Lock order: Registry::mu is a leaf. The fault handler takes it; no code
// faults on a special page while holding it.

#include "poolsim/internal/special_pool.h"

#include <signal.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <deque>
#include <map>
#include <string>
#include <vector>

#include "absl/debugging/stacktrace.h"
#include "absl/strings/str_format.h"
#include "poolsim/bugcheck.h"
#include "poolsim/bugcheck_catalogue.h"
#include "poolsim/internal/lock.h"
#include "poolsim/stack_trace.h"

namespace poolsim {
namespace poolsim_internal {
namespace {

constexpr size_t kPage = 4096;

struct Region {
  uintptr_t start = 0;  // the first guard page
  uintptr_t user = 0;
  size_t bytes = 0;
  bool verify_start = false;
  bool freed = false;
  uint8_t pattern = 0;
  BlockInfo info;
};

// Every special-pool mapping, live or quarantined.
struct Registry {
  Mutex mu;
  // Keyed by the mapping's first address; a mapping is 3 pages.
  std::map<uintptr_t, Region> regions ABSL_GUARDED_BY(mu);
  // Freed mappings kept inaccessible, oldest first.
  std::deque<uintptr_t> quarantine ABSL_GUARDED_BY(mu);

  Region* FindByUserLocked(uintptr_t user) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu) {
    auto it = regions.upper_bound(user);
    if (it == regions.begin()) return nullptr;
    --it;
    return user >= it->first && user < it->first + 3 * kPage ? &it->second : nullptr;
  }
};

Registry& GetRegistry() {
  static auto* registry = new Registry();
  return *registry;
}

uintptr_t DataPage(const Region& r) { return r.start + kPage; }

struct sigaction previous_action;

void OnFault(int signo, siginfo_t* info, void* context) {
  const uintptr_t address = reinterpret_cast<uintptr_t>(info->si_addr);
  Region region;
  bool found = false;
  {
    Registry& registry = GetRegistry();
    MutexLock lock(&registry.mu);
    if (Region* r = registry.FindByUserLocked(address)) {
      region = *r;
      found = true;
    }
  }
  if (!found) {
    // Not ours: let the previous handler (or the default action) have it.
    sigaction(SIGSEGV, &previous_action, nullptr);
    return;
  }
  uint64_t is_write = 0;
  uint64_t ip = 0;
#if defined(__x86_64__)
  const auto* uc = static_cast<const ucontext_t*>(context);
  is_write = (uc->uc_mcontext.gregs[REG_ERR] & 2) != 0 ? 1 : 0;
  ip = static_cast<uint64_t>(uc->uc_mcontext.gregs[REG_RIP]);
#endif
  const uintptr_t page = DataPage(region);
  std::string description;
  if (region.freed) {
    description = absl::StrFormat(
        "%s of freed special pool at offset %d of a %u-byte block that was already freed",
        is_write ? "write" : "read", static_cast<long>(address - region.user), region.bytes);
  } else if (address >= page + kPage) {
    description = absl::StrFormat("%s %u byte(s) past the end of a %u-byte block",
                                  is_write ? "write" : "read",
                                  address - (region.user + region.bytes) + 1, region.bytes);
  } else {
    description = absl::StrFormat("%s %u byte(s) before the start of a %u-byte block",
                                  is_write ? "write" : "read", region.user - address,
                                  region.bytes);
  }
  BugCheck b = MakeBugCheck(region.freed ? bugcheck_rule::kSpecialPoolFreedAccess
                                         : bugcheck_rule::kSpecialPoolOutOfBounds,
                            {address, is_write, ip}, std::move(description));
  void* frames[kMaxStackDepth];
  const int n = absl::GetStackTraceWithContext(frames, kMaxStackDepth, 0, context, nullptr);
  // The faulting instruction first (+1: symbolizers look up a return
  // address minus one), then its callers; frame 0 of the walk is the signal
  // trampoline.
  std::vector<uintptr_t> pcs;
  if (ip != 0) pcs.push_back(static_cast<uintptr_t>(ip) + 1);
  for (int i = ip != 0 ? 1 : 0; i < n; ++i) pcs.push_back(reinterpret_cast<uintptr_t>(frames[i]));
  b.stack = InternStack(pcs);
  b.has_block = true;
  b.block = region.info;
  b.thread = CurrentThreadOrdinal();
  const std::string text = FormatBugCheck(b);
  (void)!write(STDERR_FILENO, text.data(), text.size());
  // A page fault cannot be resumed: end the process with the fault.
  signal(signo, SIG_DFL);
}

void InstallHandler() {
  static const bool installed = [] {
    struct sigaction action;
    std::memset(&action, 0, sizeof(action));
    action.sa_sigaction = OnFault;
    action.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigemptyset(&action.sa_mask);
    sigaction(SIGSEGV, &action, &previous_action);
    return true;
  }();
  (void)installed;
}

}  // namespace

void* SpecialAllocate(size_t bytes, bool verify_start, uint8_t pattern, bool zero,
                      uint8_t uninitialized_fill) {
  if (bytes == 0 || bytes > kSpecialPoolMaxBytes) return nullptr;
  InstallHandler();
  void* mapping = mmap(nullptr, 3 * kPage, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (mapping == MAP_FAILED) return nullptr;
  const uintptr_t start = reinterpret_cast<uintptr_t>(mapping);
  const uintptr_t page = start + kPage;
  if (mprotect(reinterpret_cast<void*>(page), kPage, PROT_READ | PROT_WRITE) != 0) {
    munmap(mapping, 3 * kPage);
    return nullptr;
  }
  const size_t rounded = (bytes + 15) & ~size_t{15};
  const uintptr_t user = verify_start ? page : page + kPage - rounded;
  std::memset(reinterpret_cast<void*>(page), pattern, kPage);
  std::memset(reinterpret_cast<void*>(user), zero ? 0 : uninitialized_fill, bytes);
  Region r;
  r.start = start;
  r.user = user;
  r.bytes = bytes;
  r.verify_start = verify_start;
  r.pattern = pattern;
  Registry& registry = GetRegistry();
  MutexLock lock(&registry.mu);
  registry.regions[start] = r;
  return reinterpret_cast<void*>(user);
}

void SpecialSetInfo(const void* user, const BlockInfo& info) {
  Registry& registry = GetRegistry();
  MutexLock lock(&registry.mu);
  if (Region* r = registry.FindByUserLocked(reinterpret_cast<uintptr_t>(user))) r->info = info;
}

uintptr_t SpecialCheck(const void* user, bool* after) {
  Region r;
  {
    Registry& registry = GetRegistry();
    MutexLock lock(&registry.mu);
    Region* found = registry.FindByUserLocked(reinterpret_cast<uintptr_t>(user));
    if (found == nullptr) return 0;
    r = *found;
  }
  const auto* page = reinterpret_cast<const uint8_t*>(DataPage(r));
  const size_t offset = r.user - DataPage(r);
  for (size_t i = 0; i < offset; ++i) {
    if (page[i] != r.pattern) {
      *after = false;
      return reinterpret_cast<uintptr_t>(page + i);
    }
  }
  for (size_t i = offset + r.bytes; i < kPage; ++i) {
    if (page[i] != r.pattern) {
      *after = true;
      return reinterpret_cast<uintptr_t>(page + i);
    }
  }
  return 0;
}

uint8_t SpecialPattern(const void* user) {
  Registry& registry = GetRegistry();
  MutexLock lock(&registry.mu);
  Region* r = registry.FindByUserLocked(reinterpret_cast<uintptr_t>(user));
  return r != nullptr ? r->pattern : 0;
}

void SpecialRelease(const void* user, size_t quarantine_pages) {
  std::vector<uintptr_t> unmap;
  {
    Registry& registry = GetRegistry();
    MutexLock lock(&registry.mu);
    Region* r = registry.FindByUserLocked(reinterpret_cast<uintptr_t>(user));
    if (r == nullptr) return;
    mprotect(reinterpret_cast<void*>(DataPage(*r)), kPage, PROT_NONE);
    r->freed = true;
    registry.quarantine.push_back(r->start);
    while (registry.quarantine.size() > quarantine_pages) {
      const uintptr_t oldest = registry.quarantine.front();
      registry.quarantine.pop_front();
      registry.regions.erase(oldest);
      unmap.push_back(oldest);
    }
  }
  for (uintptr_t start : unmap) munmap(reinterpret_cast<void*>(start), 3 * kPage);
}

void SpecialUnmap(const void* user) {
  uintptr_t start = 0;
  {
    Registry& registry = GetRegistry();
    MutexLock lock(&registry.mu);
    Region* r = registry.FindByUserLocked(reinterpret_cast<uintptr_t>(user));
    if (r == nullptr) return;
    start = r->start;
    registry.regions.erase(start);
  }
  munmap(reinterpret_cast<void*>(start), 3 * kPage);
}

}  // namespace poolsim_internal
}  // namespace poolsim
