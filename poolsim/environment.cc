// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// Lock order: Shard::mu, TagTable::mu, Impl::mu are never held together; no
// lock is held while a bug-check handler or an object reporter runs.

#include "poolsim/environment.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "poolsim/internal/backend.h"
#include "poolsim/internal/lock.h"
#include "poolsim/special_pool_internal.h"

namespace poolsim {
namespace poolsim_internal {
void RunDefaultBugCheckHandler(const BugCheck& bug_check);
}  // namespace poolsim_internal

namespace {

using poolsim_internal::BackendKind;
using poolsim_internal::Mutex;
using poolsim_internal::MutexLock;

constexpr size_t kPageSize = 4096;
constexpr int kShardBits = 6;
constexpr int kShards = 1 << kShardBits;
constexpr size_t kFreedHistoryPerShard = 256;

// The record in front of every block, immediately before the caller's
// pointer. Read only after the address was found in a shard's live set, so a
// foreign pointer is never dereferenced.
struct Header {
  uint64_t bytes;
  uint64_t sequence;
  uint32_t tag;
  uint32_t stack;
  uint32_t thread;
  uint16_t pool_type;
  uint8_t irql;
  uint8_t flags;
};
static_assert(sizeof(Header) == 32, "the header must keep the user block 16-aligned");

constexpr uint8_t kFlagPaged = 1;
constexpr uint8_t kFlagPageAligned = 2;
constexpr uint8_t kFlagSizeAligned = 4;  // aligned to NextPowerOfTwo(bytes)
constexpr uint8_t kFlagSpecial = 8;      // special pool; header kept out of band
constexpr uint8_t kFlagGuarded = 16;     // kGuardBytes of pattern follow the block
constexpr size_t kGuardBytes = 16;
constexpr uint8_t kGuardPattern = 0xFB;

size_t NextPowerOfTwo(size_t n) {
  size_t p = 16;
  while (p < n) p <<= 1;
  return p;
}

// The alignment a block was allocated with, which the backend needs back.
size_t AlignmentOf(const Header& h) {
  if (h.flags & kFlagPageAligned) return kPageSize;
  if (h.flags & kFlagSizeAligned) return NextPowerOfTwo(h.bytes == 0 ? 1 : h.bytes);
  return 16;
}

Header* HeaderOf(const void* p) {
  return reinterpret_cast<Header*>(reinterpret_cast<uintptr_t>(p) - sizeof(Header));
}

BlockInfo ToInfo(uintptr_t address, const Header& h) {
  BlockInfo info;
  info.address = address;
  info.bytes = h.bytes;
  info.tag = PoolTag(h.tag);
  info.kind = (h.flags & kFlagPaged) ? PoolKind::kPaged : PoolKind::kNonPaged;
  info.pool_type = h.pool_type;
  info.irql = h.irql;
  info.thread = h.thread;
  info.sequence = h.sequence;
  info.stack = h.stack;
  return info;
}

struct FreedEntry {
  uintptr_t address = 0;
  Header header{};
  StackId free_stack = kNoStack;
};

struct Shard {
  Mutex mu;
  absl::flat_hash_set<uintptr_t> live ABSL_GUARDED_BY(mu);
  std::array<FreedEntry, kFreedHistoryPerShard> freed ABSL_GUARDED_BY(mu);
  size_t freed_next ABSL_GUARDED_BY(mu) = 0;
  // Backend blocks set aside because they crossed a page (16-aligned).
  std::vector<void*> parked ABSL_GUARDED_BY(mu);
  // Live special-pool blocks, with their headers.
  absl::flat_hash_map<uintptr_t, Header> special ABSL_GUARDED_BY(mu);
};

struct TagCounters {
  std::atomic<uint64_t> allocations[2] = {};  // outstanding, by PoolKind
  std::atomic<uint64_t> bytes[2] = {};
  std::atomic<uint64_t> frees[2] = {};
  std::atomic<uint64_t> peak_bytes[2] = {};
};

void StoreMax(std::atomic<uint64_t>& peak, uint64_t value) {
  uint64_t seen = peak.load(std::memory_order_relaxed);
  while (value > seen &&
         !peak.compare_exchange_weak(seen, value, std::memory_order_relaxed)) {
  }
}

size_t ShardOf(uintptr_t address) {
  return static_cast<size_t>(((address >> 4) * 0x9E3779B97F4A7C15ull) >> (64 - kShardBits));
}

std::atomic<uint64_t> next_environment_id{1};
std::atomic<Environment*> ambient{nullptr};

bool EnvFlag(const char* name, bool fallback) {
  const char* v = std::getenv(name);
  if (v == nullptr || *v == '\0') return fallback;
  const std::string s = absl::AsciiStrToLower(v);
  return !(s == "0" || s == "false" || s == "no" || s == "off");
}

}  // namespace

Options Options::FromEnv() {
  Options o;
  if (const char* v = std::getenv("POOLSIM_CHECKS")) {
    if (absl::AsciiStrToLower(v) == "verifier") o.checks = CheckMode::kVerifier;
  }
  if (const char* v = std::getenv("POOLSIM_BACKEND")) {
    const std::string s = absl::AsciiStrToLower(v);
    if (s == "system") o.backend = Backend::kSystem;
    if (s == "mimalloc") o.backend = Backend::kMimalloc;
  }
  o.capture_stacks = EnvFlag("POOLSIM_STACKS", o.capture_stacks);
  if (const char* v = std::getenv("POOLSIM_STACK_DEPTH")) {
    int depth;
    if (absl::SimpleAtoi(v, &depth) && depth > 0) o.stack_depth = std::min(depth, kMaxStackDepth);
  }
  o.poison_on_free = EnvFlag("POOLSIM_POISON_FREED", o.poison_on_free);
  auto size_var = [](const char* name, size_t* out) {
    if (const char* v = std::getenv(name)) {
      uint64_t n;
      if (absl::SimpleAtoi(v, &n)) *out = static_cast<size_t>(n);
    }
  };
  size_var("POOLSIM_PAGED_BUDGET", &o.paged_budget);
  size_var("POOLSIM_NONPAGED_BUDGET", &o.nonpaged_budget);
  if (const char* v = std::getenv("POOLSIM_FAULTS")) {
    const std::string mode = absl::AsciiStrToLower(v);
    if (mode == "random") o.faults.mode = FaultMode::kRandom;
    if (mode == "systematic") o.faults.mode = FaultMode::kSystematic;
    if (mode == "systematic-record") o.faults.mode = FaultMode::kSystematicRecordOnly;
  }
  if (const char* v = std::getenv("POOLSIM_FAULT_PROBABILITY")) {
    uint32_t n;
    if (absl::SimpleAtoi(v, &n) && n <= 10000) o.faults.probability = n;
  }
  if (const char* v = std::getenv("POOLSIM_FAULT_SEED")) {
    uint64_t n;
    if (absl::SimpleAtoi(v, &n)) o.faults.seed = n;
  }
  if (const char* v = std::getenv("POOLSIM_FAULT_WARMUP")) {
    uint64_t n;
    if (absl::SimpleAtoi(v, &n)) o.faults.warmup = n;
  }
  if (const char* v = std::getenv("POOLSIM_FAULT_TAGS")) {
    o.faults.tags = absl::StrSplit(v, absl::ByAnyChar(" ,"), absl::SkipEmpty());
  }
  if (const char* v = std::getenv("POOLSIM_FAULT_EXCLUDE")) {
    o.faults.excluded_functions = absl::StrSplit(v, absl::ByAnyChar(" ,"), absl::SkipEmpty());
  }
  if (const char* v = std::getenv("POOLSIM_SPECIAL_POOL")) {
    // "all", "tag:Ab*,Cd??" or "size:MIN-MAX".
    absl::string_view spec(v);
    if (spec == "all") {
      o.special_pool.all = true;
    } else if (absl::ConsumePrefix(&spec, "tag:")) {
      o.special_pool.tags = absl::StrSplit(spec, absl::ByAnyChar(" ,"), absl::SkipEmpty());
    } else if (absl::ConsumePrefix(&spec, "size:")) {
      std::pair<std::string, std::string> range = absl::StrSplit(spec, '-');
      uint64_t lo = 0, hi = 0;
      if (absl::SimpleAtoi(range.first, &lo) && absl::SimpleAtoi(range.second, &hi)) {
        o.special_pool.min_bytes = lo;
        o.special_pool.max_bytes = hi;
      }
    }
  }
  if (const char* v = std::getenv("POOLSIM_SPECIAL_POOL_PLACEMENT")) {
    if (absl::AsciiStrToLower(v) == "start") {
      o.special_pool.placement = SpecialPoolOptions::Placement::kVerifyStart;
    }
  }
  if (const char* v = std::getenv("POOLSIM_GUARD_BYTES")) {
    uint64_t n;
    if (absl::SimpleAtoi(v, &n)) o.guard_bytes = static_cast<size_t>(n);
  }
  if (const char* v = std::getenv("POOLSIM_LOOKASIDE_DEPTH")) {
    int n;
    if (absl::SimpleAtoi(v, &n) && n >= 0) o.lookaside_depth = n;
  }
  if (const char* v = std::getenv("POOLSIM_DRIVER_NAME")) {
    if (*v != '\0') o.driver_name = v;
  }
  return o;
}

struct Environment::Impl {
  explicit Impl(Options o)
      : options(std::move(o)),
        backend(options.backend == Backend::kMimalloc ? BackendKind::kMimalloc
                : options.backend == Backend::kSystem ? BackendKind::kSystem
                                                      : poolsim_internal::DefaultBackend()),
        id(next_environment_id.fetch_add(1, std::memory_order_relaxed)) {}

  Options options;  // changed only by Reconfigure, with no other user
  const BackendKind backend;
  const uint64_t id;

  std::array<Shard, kShards> shards;
  std::atomic<uint64_t> sequence{0};

  // Global counters.
  std::atomic<uint64_t> attempted{0}, succeeded{0}, failed{0}, no_tag{0}, frees{0}, special{0};
  std::atomic<uint64_t> current_allocations[2] = {}, current_bytes[2] = {};
  std::atomic<uint64_t> peak_allocations[2] = {}, peak_bytes[2] = {};
  std::atomic<uint64_t> raise_irqls{0}, acquire_spin_locks{0}, bug_check_count{0};

  Mutex tags_mu;
  absl::flat_hash_map<uint32_t, std::unique_ptr<TagCounters>> tags ABSL_GUARDED_BY(tags_mu);

  Mutex faults_mu;
  uint64_t injectable_calls ABSL_GUARDED_BY(faults_mu) = 0;
  uint64_t faults_injected ABSL_GUARDED_BY(faults_mu) = 0;
  std::deque<FaultStatistics::Fault> recent_faults ABSL_GUARDED_BY(faults_mu);
  absl::flat_hash_map<StackId, bool> systematic ABSL_GUARDED_BY(faults_mu);  // -> excluded
  std::vector<StackId> systematic_order ABSL_GUARDED_BY(faults_mu);

  bool faults_enabled() const {
    return options.faults.mode != FaultMode::kOff || options.faults.fail_nth != 0;
  }

  Mutex objects_mu;
  std::map<uintptr_t, std::string> live_objects ABSL_GUARDED_BY(objects_mu);
  std::atomic<size_t> live_object_count{0};

  Mutex mu;  // bug checks, handler and reporters
  std::vector<BugCheck> bug_checks ABSL_GUARDED_BY(mu);
  BugCheckHandler handler ABSL_GUARDED_BY(mu);
  std::vector<std::pair<int, ObjectReporter>> reporters ABSL_GUARDED_BY(mu);
  int next_reporter ABSL_GUARDED_BY(mu) = 1;

  TagCounters& CountersFor(uint32_t tag) {
    // One-entry per-thread cache: most code allocates with few tags.
    struct Cache {
      uint64_t env = 0;
      uint32_t tag = 0;
      TagCounters* counters = nullptr;
    };
    thread_local Cache cache;
    if (cache.env == id && cache.tag == tag) return *cache.counters;
    TagCounters* counters;
    {
      MutexLock lock(&tags_mu);
      auto& slot = tags[tag];
      if (slot == nullptr) slot = std::make_unique<TagCounters>();
      counters = slot.get();
    }
    cache = Cache{id, tag, counters};
    return *counters;
  }

  bool verifier() const { return options.checks == CheckMode::kVerifier; }

  // Returns true if and only if settings or the request send it to special
  // pool.
  bool WantsSpecial(const AllocateRequest& r) const {
    const size_t bytes = r.bytes == 0 ? 1 : r.bytes;
    if (bytes > poolsim_internal::kSpecialPoolMaxBytes) return false;
    const SpecialPoolOptions& sp = options.special_pool;
    if (r.special || sp.all) return true;
    if (sp.max_bytes != 0 && bytes >= sp.min_bytes && bytes <= sp.max_bytes) return true;
    for (const std::string& pattern : sp.tags) {
      if (r.tag.Matches(pattern)) return true;
    }
    return false;
  }
};

Environment::Environment(Options options) : impl_(std::make_unique<Impl>(std::move(options))) {}

Environment::~Environment() {
  // An Environment that is still ambient would dangle: restore the default.
  Environment* self = this;
  ambient.compare_exchange_strong(self, nullptr);
  Reset();
}

const Options& Environment::options() const { return impl_->options; }

void Environment::Reconfigure(const Options& options) {
  // The backend is fixed for the Environment's life: blocks record nothing
  // about where they came from.
  impl_->options = options;
}

void Environment::RaiseBugCheck(BugCheck b, int skip_frames) {
  if (b.stack == kNoStack && impl_->options.capture_stacks) {
    b.stack = CaptureStack(skip_frames + 1, impl_->options.stack_depth);
  }
  if (b.thread == 0) {
    b.irql = CurrentIrql();
    b.thread = CurrentThreadOrdinal();
  }
  impl_->bug_check_count.fetch_add(1, std::memory_order_relaxed);
  BugCheckHandler handler;
  {
    MutexLock lock(&impl_->mu);
    impl_->bug_checks.push_back(b);
    handler = impl_->handler;
  }
  if (handler) {
    handler(b);
  } else {
    poolsim_internal::RunDefaultBugCheckHandler(b);
  }
}

BugCheckHandler Environment::SetBugCheckHandler(BugCheckHandler handler) {
  MutexLock lock(&impl_->mu);
  std::swap(impl_->handler, handler);
  return handler;
}

std::vector<BugCheck> Environment::BugChecks() const {
  MutexLock lock(&impl_->mu);
  return impl_->bug_checks;
}

void Environment::CountAllocation(const void* header, bool untagged) {
  Impl& s = *impl_;
  const Header& h = *static_cast<const Header*>(header);
  const int kind = (h.flags & kFlagPaged) ? 1 : 0;
  s.succeeded.fetch_add(1, std::memory_order_relaxed);
  if (untagged) s.no_tag.fetch_add(1, std::memory_order_relaxed);
  StoreMax(s.peak_allocations[kind],
           s.current_allocations[kind].fetch_add(1, std::memory_order_relaxed) + 1);
  StoreMax(s.peak_bytes[kind],
           s.current_bytes[kind].fetch_add(h.bytes, std::memory_order_relaxed) + h.bytes);
  TagCounters& tc = s.CountersFor(h.tag);
  tc.allocations[kind].fetch_add(1, std::memory_order_relaxed);
  StoreMax(tc.peak_bytes[kind],
           tc.bytes[kind].fetch_add(h.bytes, std::memory_order_relaxed) + h.bytes);
}

void* Environment::Allocate(const AllocateRequest& r, AllocateFailure* failure) {
  Impl& s = *impl_;
  AllocateFailure ignored;
  AllocateFailure& why = failure != nullptr ? *failure : ignored;
  why = AllocateFailure::kNone;
  s.attempted.fetch_add(1, std::memory_order_relaxed);
  const int kind = static_cast<int>(r.kind);
  const Irql irql = CurrentIrql();
  auto bugcheck = [&](uint32_t code, uint64_t p1, uint64_t p2, uint64_t p3, uint64_t p4,
                      std::string text) {
    s.failed.fetch_add(1, std::memory_order_relaxed);
    why = AllocateFailure::kBugCheck;
    BugCheck b;
    b.code = code;
    b.parameters = {p1, p2, p3, p4};
    b.description = std::move(text);
    RaiseBugCheck(std::move(b), r.skip_frames + 2);
    return nullptr;
  };

  // 1. IRQL, before anything else.
  const Irql max_irql = r.kind == PoolKind::kPaged ? kApcLevel : kDispatchLevel;
  const bool special = s.WantsSpecial(r);
  if (irql > max_irql) {
    const std::string text = absl::StrFormat(
        "%s allocation of %u byte(s) at %s; the limit is %s", PoolKindName(r.kind), r.bytes,
        IrqlName(irql), IrqlName(max_irql));
    if (special) {
      return bugcheck(bugcheck::kSpecialPoolDetectedMemoryCorruption, irql, r.pool_type, r.bytes,
                      0x30, text);
    }
    if (s.verifier()) {
      return bugcheck(bugcheck::kDriverVerifierDetectedViolation,
                      r.kind == PoolKind::kPaged ? 0x01 : 0x02, irql, r.pool_type, r.bytes, text);
    }
    return bugcheck(bugcheck::kBadPoolCaller, 0x08, irql, r.pool_type, r.bytes, text);
  }
  // 2. Must-succeed pool is never allowed for drivers.
  if (r.must_succeed) {
    return bugcheck(bugcheck::kBadPoolCaller, 0x9A, r.pool_type, r.bytes, r.tag.value(),
                    "must-succeed pool requested; drivers may not use it");
  }
  // 3. Tag rules.
  const PoolTag plain_tag = r.tag.WithoutProtectedBit();
  if (r.legacy_tag_rules) {
    if (r.tag.value() == 0) {
      return bugcheck(bugcheck::kBadPoolCaller, 0x9B, r.pool_type, r.bytes, 0,
                      "allocation with a tag of 0");
    }
    if (plain_tag == kBigTag) {
      return bugcheck(bugcheck::kBadPoolCaller, 0x9C, r.pool_type, r.bytes, 0,
                      "allocation with the reserved tag 'BIG '");
    }
    if (!plain_tag.HasAlphanumeric()) {
      return bugcheck(bugcheck::kBadPoolCaller, 0x9D, r.tag.value(), r.pool_type, 0,
                      absl::StrFormat("tag '%s' has no letter or digit", r.tag.ToString()));
    }
  } else if (r.tag.value() == 0) {
    s.failed.fetch_add(1, std::memory_order_relaxed);
    why = AllocateFailure::kInvalidParameter;
    return nullptr;  // ExAllocatePool2/3: tag 0 is an invalid argument.
  }
  // 4. Zero-size requests: the verifier stops; the retail pool hands out a
  // minimum-size block.
  if (r.bytes == 0 && s.verifier()) {
    return bugcheck(bugcheck::kDriverVerifierDetectedViolation, 0x00, irql, r.pool_type, 0,
                    "zero-byte allocation");
  }

  const size_t bytes = r.bytes == 0 ? 1 : r.bytes;
  const StackId stack =
      s.options.capture_stacks || s.faults_enabled()
          ? CaptureStack(r.skip_frames + 1, s.options.stack_depth)
          : kNoStack;
  // 5. Budgets, then the low-resources simulation.
  const size_t budget = r.kind == PoolKind::kPaged ? s.options.paged_budget
                                                   : s.options.nonpaged_budget;
  if (budget != 0 && s.current_bytes[kind].load(std::memory_order_relaxed) + r.bytes > budget) {
    s.failed.fetch_add(1, std::memory_order_relaxed);
    why = AllocateFailure::kInsufficientResources;
    return nullptr;
  }
  if (s.faults_enabled() && ShouldInjectFault("pool allocation", r.tag, stack)) {
    s.failed.fetch_add(1, std::memory_order_relaxed);
    why = AllocateFailure::kInsufficientResources;
    return nullptr;
  }
  if (special) {
    const bool verify_start =
        r.special_placement == 1 ||
        (r.special_placement == -1 &&
         s.options.special_pool.placement == SpecialPoolOptions::Placement::kVerifyStart);
    const uint64_t sequence = s.sequence.fetch_add(1, std::memory_order_relaxed) + 1;
    const uint8_t pattern = static_cast<uint8_t>(0x80 | (sequence & 0x7F));
    void* user = poolsim_internal::SpecialAllocate(bytes, verify_start, pattern, r.zero,
                                                   s.options.uninitialized_fill);
    if (user != nullptr) {
      Header h;
      h.bytes = r.bytes;
      h.sequence = sequence;
      h.tag = r.tag.value();
      h.stack = s.options.capture_stacks ? stack : kNoStack;
      h.thread = CurrentThreadOrdinal();
      h.pool_type = static_cast<uint16_t>(r.pool_type);
      h.irql = irql;
      h.flags = static_cast<uint8_t>((r.kind == PoolKind::kPaged ? kFlagPaged : 0) | kFlagSpecial);
      const uintptr_t address = reinterpret_cast<uintptr_t>(user);
      poolsim_internal::SpecialSetInfo(user, ToInfo(address, h));
      {
        Shard& shard = s.shards[ShardOf(address)];
        MutexLock lock(&shard.mu);
        shard.special.emplace(address, h);
      }
      s.special.fetch_add(1, std::memory_order_relaxed);
      CountAllocation(&h, r.untagged);
      return user;
    }
    // Special pool refused the mapping: fall back to the normal pool.
  }
  const size_t guard = s.options.guard_bytes != 0 ? kGuardBytes : 0;
  const bool page_aligned = bytes >= kPageSize;
  const size_t alignment = page_aligned ? kPageSize : 16;
  if (bytes > (size_t{1} << 46)) {  // beyond any machine: insufficient resources
    s.failed.fetch_add(1, std::memory_order_relaxed);
    why = AllocateFailure::kInsufficientResources;
    return nullptr;
  }
  void* start = poolsim_internal::BackendAllocate(s.backend, bytes + guard + sizeof(Header),
                                                  alignment, sizeof(Header));
  uint8_t extra_flags = 0;
  if (start != nullptr && !page_aligned) {
    // A request below one page never crosses a page boundary. When the
    // backend's block does, take one aligned to a power of two at least its
    // size, which cannot cross.
    const uintptr_t first = reinterpret_cast<uintptr_t>(start) + sizeof(Header);
    if (first / kPageSize != (first + bytes - 1) / kPageSize) {
      // Set the crossing block aside rather than freeing it: freed, the
      // backend would hand it straight back to the next request. At most one
      // block per page crosses, so little is parked.
      {
        Shard& parking = s.shards[ShardOf(first)];
        MutexLock lock(&parking.mu);
        parking.parked.push_back(start);
      }
      start = poolsim_internal::BackendAllocate(s.backend, bytes + guard + sizeof(Header),
                                                NextPowerOfTwo(bytes), sizeof(Header));
      extra_flags = kFlagSizeAligned;
    }
  }
  if (start == nullptr) {
    s.failed.fetch_add(1, std::memory_order_relaxed);
    why = AllocateFailure::kInsufficientResources;
    return nullptr;
  }
  void* user = static_cast<char*>(start) + sizeof(Header);
  std::memset(user, r.zero ? 0 : s.options.uninitialized_fill, bytes);
  if (guard != 0) std::memset(static_cast<char*>(user) + bytes, kGuardPattern, guard);

  Header& h = *HeaderOf(user);
  h.bytes = r.bytes;
  h.sequence = s.sequence.fetch_add(1, std::memory_order_relaxed) + 1;
  h.tag = r.tag.value();
  h.stack = s.options.capture_stacks ? stack : kNoStack;
  h.thread = CurrentThreadOrdinal();
  h.pool_type = static_cast<uint16_t>(r.pool_type);
  h.irql = irql;
  h.flags = static_cast<uint8_t>((r.kind == PoolKind::kPaged ? kFlagPaged : 0) |
                                 (page_aligned ? kFlagPageAligned : 0) | extra_flags |
                                 (guard != 0 ? kFlagGuarded : 0));

  const uintptr_t address = reinterpret_cast<uintptr_t>(user);
  Shard& shard = s.shards[ShardOf(address)];
  {
    MutexLock lock(&shard.mu);
    shard.live.insert(address);
  }

  CountAllocation(&h, r.untagged);
  return user;
}

void Environment::Free(void* p, PoolTag tag, bool check_tag, int skip_frames) {
  Impl& s = *impl_;
  const Irql irql = CurrentIrql();
  const uintptr_t address = reinterpret_cast<uintptr_t>(p);
  // Captured before the lock, so the freed-history entry gets it at once.
  const StackId free_stack =
      s.options.capture_stacks ? CaptureStack(skip_frames + 1, s.options.stack_depth) : kNoStack;
  BugCheck b;
  auto raise = [&](uint32_t code, uint64_t p1, uint64_t p2, uint64_t p3, uint64_t p4,
                   std::string text) {
    b.stack = free_stack;
    b.code = code;
    b.parameters = {p1, p2, p3, p4};
    b.description = std::move(text);
    RaiseBugCheck(std::move(b), skip_frames + 2);
  };

  if (p == nullptr) {
    if (s.verifier()) {
      return raise(bugcheck::kDriverVerifierDetectedViolation, 0x10, 0, 0, 0,
                   "free of a NULL pointer");
    }
    return raise(bugcheck::kBadPoolCaller, 0x46, 0, 0, 0, "free of a NULL pointer");
  }

  Shard& shard = s.shards[ShardOf(address)];
  Header h;
  bool live = false;
  bool freed_before = false;
  FreedEntry previous;
  bool tag_ok = true;
  bool irql_ok = true;
  {
    MutexLock lock(&shard.mu);
    auto it = shard.live.find(address);
    auto special_it = shard.special.end();
    if (it == shard.live.end()) special_it = shard.special.find(address);
    if (it != shard.live.end() || special_it != shard.special.end()) {
      live = true;
      h = it != shard.live.end() ? *HeaderOf(p) : special_it->second;
      const Irql max_irql = (h.flags & kFlagPaged) ? kApcLevel : kDispatchLevel;
      irql_ok = irql <= max_irql;
      const uint32_t stored = h.tag & ~PoolTag::kProtectedBit;
      if (check_tag) {
        tag_ok = stored == (tag.value() & ~PoolTag::kProtectedBit);
      } else {
        // ExFreePool on a block allocated with the protected bit.
        tag_ok = (h.tag & PoolTag::kProtectedBit) == 0;
      }
      if (irql_ok && tag_ok) {
        if (it != shard.live.end()) {
          shard.live.erase(it);
        } else {
          shard.special.erase(special_it);
        }
        FreedEntry& e = shard.freed[shard.freed_next++ % kFreedHistoryPerShard];
        e.address = address;
        e.header = h;
        e.free_stack = free_stack;
      }
    } else {
      for (const FreedEntry& e : shard.freed) {
        if (e.address == address) {
          freed_before = true;
          previous = e;
          // Keep the latest free if the address was reused and freed again.
        }
      }
    }
  }

  if (!live) {
    if (freed_before) {
      b.has_block = true;
      b.block = ToInfo(address, previous.header);
      b.block_free_stack = previous.free_stack;
      if (s.verifier()) {
        return raise(bugcheck::kDriverVerifierDetectedViolation, 0x13, 0,
                     address - sizeof(Header), previous.header.tag,
                     "double free: the block was already freed");
      }
      return raise(bugcheck::kBadPoolCaller, 0x07, 0, previous.header.tag, address,
                   "double free: the block was already freed");
    }
    if (s.verifier()) {
      return raise(bugcheck::kDriverVerifierDetectedViolation, 0x10, address, 0, 0,
                   "free of an address that no allocation returned");
    }
    return raise(bugcheck::kBadPoolCaller, 0x46, address, 0, 0,
                 "free of an address that no allocation returned");
  }

  const int kind = (h.flags & kFlagPaged) ? 1 : 0;
  if (irql_ok && tag_ok && s.live_object_count.load(std::memory_order_relaxed) != 0) {
    // Driver Verifier: the block still holds a live lookaside list.
    uintptr_t inside = 0;
    std::string what;
    {
      MutexLock lock(&s.objects_mu);
      auto it = s.live_objects.lower_bound(address);
      if (it != s.live_objects.end() && it->first < address + (h.bytes == 0 ? 1 : h.bytes)) {
        inside = it->first;
        what = it->second;
      }
    }
    if (inside != 0) {
      {
        // Undo the free: the block stays live, as the bad call has no effect.
        MutexLock lock(&shard.mu);
        if (h.flags & kFlagSpecial) {
          shard.special.emplace(address, h);
        } else {
          shard.live.insert(address);
        }
      }
      b.has_block = true;
      b.block = ToInfo(address, h);
      return raise(bugcheck::kDriverVerifierDetectedViolation, 0xCC, inside, address, h.bytes,
                   absl::StrFormat("free of a block that holds a live %s at 0x%x; delete it "
                                   "first",
                                   what, inside));
    }
  }
  if (!irql_ok) {
    b.has_block = true;
    b.block = ToInfo(address, h);
    const std::string text = absl::StrFormat("%s free at %s; the limit is %s",
                                             kind ? "PagedPool" : "NonPagedPool",
                                             IrqlName(irql),
                                             IrqlName(kind ? kApcLevel : kDispatchLevel));
    if (h.flags & kFlagSpecial) {
      return raise(bugcheck::kSpecialPoolDetectedMemoryCorruption, irql, h.pool_type, address,
                   0x31, text);
    }
    if (s.verifier()) {
      return raise(bugcheck::kDriverVerifierDetectedViolation, kind ? 0x11 : 0x12, irql,
                   h.pool_type, address, text);
    }
    return raise(bugcheck::kBadPoolCaller, 0x09, irql, h.pool_type, address, text);
  }
  if (!tag_ok) {
    b.has_block = true;
    b.block = ToInfo(address, h);
    return raise(bugcheck::kBadPoolCaller, 0x0A, address, h.tag, check_tag ? tag.value() : 0,
                 check_tag ? absl::StrFormat("free with tag '%s' of a block tagged '%s'",
                                             tag.ToString(), PoolTag(h.tag).ToString())
                           : absl::StrFormat("ExFreePool of a block tagged '%s' with the "
                                             "protected bit; use ExFreePoolWithTag",
                                             PoolTag(h.tag).ToString()));
  }

  s.frees.fetch_add(1, std::memory_order_relaxed);
  s.current_allocations[kind].fetch_sub(1, std::memory_order_relaxed);
  s.current_bytes[kind].fetch_sub(h.bytes, std::memory_order_relaxed);
  TagCounters& tc = s.CountersFor(h.tag);
  tc.allocations[kind].fetch_sub(1, std::memory_order_relaxed);
  tc.bytes[kind].fetch_sub(h.bytes, std::memory_order_relaxed);
  tc.frees[kind].fetch_add(1, std::memory_order_relaxed);

  const size_t bytes = h.bytes == 0 ? 1 : h.bytes;
  if (h.flags & kFlagSpecial) {
    bool after = false;
    const uintptr_t damaged = poolsim_internal::SpecialCheck(p, &after);
    const uint8_t pattern = poolsim_internal::SpecialPattern(p);
    poolsim_internal::SpecialRelease(p, s.options.special_pool.quarantine_pages);
    if (damaged != 0) {
      b.has_block = true;
      b.block = ToInfo(address, h);
      raise(bugcheck::kSpecialPoolDetectedMemoryCorruption, address, damaged, pattern,
            after ? 0x24 : 0x23,
            absl::StrFormat("special pool: the %s the %u-byte block was written (first damaged "
                            "byte at offset %d)",
                            after ? "slack after" : "space before", h.bytes,
                            static_cast<long>(damaged - address)));
    }
    return;
  }
  const size_t guard = (h.flags & kFlagGuarded) ? kGuardBytes : 0;
  uintptr_t damaged = 0;
  for (size_t i = 0; i < guard; ++i) {
    if (static_cast<const uint8_t*>(p)[bytes + i] != kGuardPattern) {
      damaged = address + bytes + i;
      break;
    }
  }
  if (s.options.poison_on_free) std::memset(p, s.options.freed_fill, bytes);
  poolsim_internal::BackendFree(s.backend, HeaderOf(p), AlignmentOf(h), sizeof(Header));
  if (damaged != 0) {
    b.has_block = true;
    b.block = ToInfo(address, h);
    raise(bugcheck::kDriverVerifierDetectedViolation, 0x51, address, damaged, bytes,
          absl::StrFormat("the driver wrote past the end of a %u-byte block (found when it was "
                          "freed: byte %d after the end was changed)",
                          h.bytes, static_cast<long>(damaged - address - bytes) + 1));
  }
}

bool Environment::Lookup(const void* p, BlockInfo* info) const {
  const uintptr_t address = reinterpret_cast<uintptr_t>(p);
  Shard& shard = impl_->shards[ShardOf(address)];
  MutexLock lock(&shard.mu);
  if (shard.live.contains(address)) {
    if (info != nullptr) *info = ToInfo(address, *HeaderOf(p));
    return true;
  }
  auto it = shard.special.find(address);
  if (it == shard.special.end()) return false;
  if (info != nullptr) *info = ToInfo(address, it->second);
  return true;
}

// KeRaiseIrql / KeLowerIrql misuse: the checked HAL's 0x9 / 0xA, or the
// verifier's 0xC4/0x30 / 0x31. Raises nothing and returns true if the change
// is legal.
bool Environment::CheckIrqlChange(bool raise, Irql current, Irql new_irql, int skip_frames) {
  const bool legal = raise ? new_irql >= current && new_irql <= kHighLevel : new_irql <= current;
  if (legal) return true;
  BugCheck b;
  b.description = absl::StrFormat("%s from %s to %s: a %s may not %s the IRQL",
                                  raise ? "KeRaiseIrql" : "KeLowerIrql", IrqlName(current),
                                  IrqlName(new_irql), raise ? "raise" : "lower",
                                  raise ? "lower" : "raise");
  if (impl_->verifier()) {
    b.code = bugcheck::kDriverVerifierDetectedViolation;
    b.parameters = {raise ? 0x30u : 0x31u, current, new_irql, 0};
  } else {
    b.code = raise ? bugcheck::kIrqlNotGreaterOrEqual : bugcheck::kIrqlNotLessOrEqual;
    b.parameters = {current, new_irql, 0, 0};
  }
  RaiseBugCheck(std::move(b), skip_frames + 1);
  return false;
}

Irql Environment::RaiseIrql(Irql new_irql, int skip_frames) {
  const Irql current = CurrentIrql();
  if (!CheckIrqlChange(true, current, new_irql, skip_frames + 1)) return current;
  impl_->raise_irqls.fetch_add(1, std::memory_order_relaxed);
  SetCurrentIrql(new_irql);
  return current;
}

void Environment::LowerIrql(Irql new_irql, int skip_frames) {
  if (!CheckIrqlChange(false, CurrentIrql(), new_irql, skip_frames + 1)) return;
  SetCurrentIrql(new_irql);
}

bool Environment::ShouldInjectFault(const char* api, PoolTag tag, StackId stack,
                                    int skip_frames) {
  Impl& s = *impl_;
  const FaultInjectionOptions& f = s.options.faults;
  if (!s.faults_enabled()) return false;
  if (!f.tags.empty() &&
      std::none_of(f.tags.begin(), f.tags.end(),
                   [&](const std::string& pattern) { return tag.Matches(pattern); })) {
    return false;
  }
  const bool systematic = f.mode == FaultMode::kSystematic ||
                          f.mode == FaultMode::kSystematicRecordOnly ||
                          f.mode == FaultMode::kListedStacks;
  if (stack == kNoStack && systematic) stack = CaptureStack(skip_frames + 1, s.options.stack_depth);
  // Exclusions need names: look them up once per new stack, outside the lock.
  bool new_stack = false;
  if (systematic) {
    MutexLock lock(&s.faults_mu);
    new_stack = !s.systematic.contains(stack);
  }
  bool excluded = false;
  if (new_stack && !f.excluded_functions.empty()) {
    for (const SymbolizedFrame& frame : Symbolize(stack)) {
      for (const std::string& pattern : f.excluded_functions) {
        if (!frame.function.empty() && PoolTag::GlobMatch(pattern, frame.function)) excluded = true;
      }
    }
  }

  MutexLock lock(&s.faults_mu);
  const uint64_t call = ++s.injectable_calls;
  bool fail = false;
  if (f.fail_nth != 0) {
    fail = call == f.fail_nth;
  } else if (call > f.warmup) {
    switch (f.mode) {
      case FaultMode::kOff:
        break;
      case FaultMode::kRandom: {
        // splitmix64 of (seed, call): reproducible for a given call order.
        uint64_t z = f.seed + call * 0x9E3779B97F4A7C15ull;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        z ^= z >> 31;
        fail = z % 10000 < f.probability;
        break;
      }
      case FaultMode::kSystematic:
      case FaultMode::kSystematicRecordOnly: {
        auto [it, inserted] = s.systematic.try_emplace(stack, excluded);
        if (inserted) s.systematic_order.push_back(stack);
        fail = inserted && !it->second && f.mode == FaultMode::kSystematic;
        break;
      }
      case FaultMode::kListedStacks: {
        auto [it, inserted] = s.systematic.try_emplace(stack, excluded);
        if (inserted) s.systematic_order.push_back(stack);
        fail = inserted && std::find(f.fail_stacks.begin(), f.fail_stacks.end(), stack) !=
                               f.fail_stacks.end();
        break;
      }
    }
  }
  if (!fail) return false;
  ++s.faults_injected;
  s.recent_faults.push_back(FaultStatistics::Fault{api, tag, stack, call});
  if (s.recent_faults.size() > 16) s.recent_faults.pop_front();
  return true;
}

FaultStatistics Environment::Faults() const {
  MutexLock lock(&impl_->faults_mu);
  FaultStatistics out;
  out.injectable_calls = impl_->injectable_calls;
  out.faults_injected = impl_->faults_injected;
  out.recent.assign(impl_->recent_faults.begin(), impl_->recent_faults.end());
  out.systematic_stacks = impl_->systematic_order;
  return out;
}

void Environment::CountRefusedAllocation() {
  impl_->attempted.fetch_add(1, std::memory_order_relaxed);
  impl_->failed.fetch_add(1, std::memory_order_relaxed);
}

void Environment::CountSpinLockAcquire() {
  impl_->acquire_spin_locks.fetch_add(1, std::memory_order_relaxed);
}

std::vector<BlockInfo> Environment::LiveBlocksSince(uint64_t after) const {
  std::vector<BlockInfo> out;
  for (Shard& shard : impl_->shards) {
    MutexLock lock(&shard.mu);
    for (uintptr_t address : shard.live) {
      const Header& h = *HeaderOf(reinterpret_cast<void*>(address));
      if (h.sequence > after) out.push_back(ToInfo(address, h));
    }
    for (const auto& [address, h] : shard.special) {
      if (h.sequence > after) out.push_back(ToInfo(address, h));
    }
  }
  std::sort(out.begin(), out.end(),
            [](const BlockInfo& a, const BlockInfo& b) { return a.sequence < b.sequence; });
  return out;
}

std::vector<BlockInfo> Environment::LiveBlocks() const { return LiveBlocksSince(0); }

uint64_t Environment::LastSequence() const {
  return impl_->sequence.load(std::memory_order_relaxed);
}

PoolCounters Environment::Counters() const {
  const Impl& s = *impl_;
  auto get = [](const std::atomic<uint64_t>& a) { return a.load(std::memory_order_relaxed); };
  PoolCounters c;
  c.allocations_attempted = get(s.attempted);
  c.allocations_succeeded = get(s.succeeded);
  c.allocations_failed = get(s.failed);
  c.allocations_with_no_tag = get(s.no_tag);
  c.allocations_special_pool = get(s.special);
  c.frees = get(s.frees);
  c.current_nonpaged_allocations = get(s.current_allocations[0]);
  c.current_nonpaged_bytes = get(s.current_bytes[0]);
  c.current_paged_allocations = get(s.current_allocations[1]);
  c.current_paged_bytes = get(s.current_bytes[1]);
  c.peak_nonpaged_allocations = get(s.peak_allocations[0]);
  c.peak_nonpaged_bytes = get(s.peak_bytes[0]);
  c.peak_paged_allocations = get(s.peak_allocations[1]);
  c.peak_paged_bytes = get(s.peak_bytes[1]);
  c.raise_irqls = get(s.raise_irqls);
  c.acquire_spin_locks = get(s.acquire_spin_locks);
  c.bug_checks = get(s.bug_check_count);
  return c;
}

std::vector<TagUsage> Environment::TagUsages() const {
  std::vector<TagUsage> out;
  {
    MutexLock lock(&impl_->tags_mu);
    for (const auto& [tag, c] : impl_->tags) {
      TagUsage u;
      u.tag = PoolTag(tag);
      u.nonpaged_allocations = c->allocations[0].load(std::memory_order_relaxed);
      u.nonpaged_bytes = c->bytes[0].load(std::memory_order_relaxed);
      u.nonpaged_frees = c->frees[0].load(std::memory_order_relaxed);
      u.nonpaged_peak_bytes = c->peak_bytes[0].load(std::memory_order_relaxed);
      u.paged_allocations = c->allocations[1].load(std::memory_order_relaxed);
      u.paged_bytes = c->bytes[1].load(std::memory_order_relaxed);
      u.paged_frees = c->frees[1].load(std::memory_order_relaxed);
      u.paged_peak_bytes = c->peak_bytes[1].load(std::memory_order_relaxed);
      out.push_back(u);
    }
  }
  std::sort(out.begin(), out.end(), [](const TagUsage& a, const TagUsage& b) {
    return a.tag.ToString() < b.tag.ToString();
  });
  return out;
}

int Environment::AddObjectReporter(ObjectReporter reporter) {
  MutexLock lock(&impl_->mu);
  const int handle = impl_->next_reporter++;
  impl_->reporters.emplace_back(handle, std::move(reporter));
  return handle;
}

void Environment::RemoveObjectReporter(int handle) {
  MutexLock lock(&impl_->mu);
  auto& r = impl_->reporters;
  r.erase(std::remove_if(r.begin(), r.end(), [&](const auto& e) { return e.first == handle; }),
          r.end());
}

std::vector<LeakedObject> Environment::LeakedObjects() const {
  std::vector<ObjectReporter> reporters;
  {
    MutexLock lock(&impl_->mu);
    for (const auto& e : impl_->reporters) reporters.push_back(e.second);
  }
  std::vector<LeakedObject> out;
  for (const ObjectReporter& r : reporters) r(&out);
  return out;
}

bool Environment::RegisterLiveObject(const void* address, const std::string& kind) {
  MutexLock lock(&impl_->objects_mu);
  const bool inserted =
      impl_->live_objects.emplace(reinterpret_cast<uintptr_t>(address), kind).second;
  impl_->live_object_count.store(impl_->live_objects.size(), std::memory_order_relaxed);
  return inserted;
}

bool Environment::UnregisterLiveObject(const void* address) {
  MutexLock lock(&impl_->objects_mu);
  const bool erased = impl_->live_objects.erase(reinterpret_cast<uintptr_t>(address)) != 0;
  impl_->live_object_count.store(impl_->live_objects.size(), std::memory_order_relaxed);
  return erased;
}

bool Environment::IsLiveObject(const void* address) const {
  MutexLock lock(&impl_->objects_mu);
  return impl_->live_objects.count(reinterpret_cast<uintptr_t>(address)) != 0;
}

std::vector<std::string> Environment::LiveObjectDescriptions() const {
  std::vector<std::string> out;
  MutexLock lock(&impl_->objects_mu);
  for (const auto& [address, kind] : impl_->live_objects) {
    out.push_back(absl::StrFormat("a %s at 0x%x", kind, address));
  }
  return out;
}

bool Environment::CheckUnload() {
  std::vector<std::pair<uintptr_t, std::string>> objects;
  {
    MutexLock lock(&impl_->objects_mu);
    objects.assign(impl_->live_objects.begin(), impl_->live_objects.end());
  }
  for (const auto& [address, kind] : objects) {
    BugCheck b;
    b.code = bugcheck::kDriverUnloadedWithoutCancellingPendingOperations;
    b.parameters = {address, 0, 0, 0};
    b.description = absl::StrFormat("%s is unloading with a %s at 0x%x never deleted",
                                    impl_->options.driver_name, kind, address);
    RaiseBugCheck(std::move(b), 1);
  }
  const PoolCounters c = Counters();
  const uint64_t count = c.current_paged_allocations + c.current_nonpaged_allocations;
  if (count == 0) return objects.empty();
  BugCheck b;
  b.code = bugcheck::kDriverVerifierDetectedViolation;
  b.parameters = {0x62, 0, 0, count};
  b.description = absl::StrFormat(
      "%s is unloading with %u allocation(s) not freed (%u paged, %u nonpaged byte(s)); "
      "the leak report lists them",
      impl_->options.driver_name, count, c.current_paged_bytes, c.current_nonpaged_bytes);
  RaiseBugCheck(std::move(b), 1);
  return false;
}

void Environment::Reset() {
  Impl& s = *impl_;
  for (Shard& shard : s.shards) {
    std::vector<uintptr_t> live;
    std::vector<void*> parked;
    std::vector<std::pair<uintptr_t, Header>> special;
    {
      MutexLock lock(&shard.mu);
      special.assign(shard.special.begin(), shard.special.end());
      shard.special.clear();
      live.assign(shard.live.begin(), shard.live.end());
      shard.live.clear();
      shard.freed = {};
      shard.freed_next = 0;
      parked.swap(shard.parked);
    }
    for (void* block : parked) poolsim_internal::BackendFree(s.backend, block, 16, sizeof(Header));
    for (const auto& [address, h] : special) {
      const int kind = (h.flags & kFlagPaged) ? 1 : 0;
      s.current_allocations[kind].fetch_sub(1, std::memory_order_relaxed);
      s.current_bytes[kind].fetch_sub(h.bytes, std::memory_order_relaxed);
      TagCounters& tc = s.CountersFor(h.tag);
      tc.allocations[kind].fetch_sub(1, std::memory_order_relaxed);
      tc.bytes[kind].fetch_sub(h.bytes, std::memory_order_relaxed);
      poolsim_internal::SpecialUnmap(reinterpret_cast<void*>(address));
    }
    for (uintptr_t address : live) {
      void* p = reinterpret_cast<void*>(address);
      const Header& h = *HeaderOf(p);
      const int kind = (h.flags & kFlagPaged) ? 1 : 0;
      s.current_allocations[kind].fetch_sub(1, std::memory_order_relaxed);
      s.current_bytes[kind].fetch_sub(h.bytes, std::memory_order_relaxed);
      TagCounters& tc = s.CountersFor(h.tag);
      tc.allocations[kind].fetch_sub(1, std::memory_order_relaxed);
      tc.bytes[kind].fetch_sub(h.bytes, std::memory_order_relaxed);
      poolsim_internal::BackendFree(s.backend, HeaderOf(p), AlignmentOf(h), sizeof(Header));
    }
  }
  MutexLock lock(&s.mu);
  s.bug_checks.clear();
}

Environment& Ambient() {
  Environment* env = ambient.load(std::memory_order_acquire);
  if (env != nullptr) return *env;
  static Environment* fallback = new Environment();
  return *fallback;
}

ScopedEnvironment::ScopedEnvironment(Environment* env)
    : previous_(ambient.exchange(env, std::memory_order_acq_rel)) {}

ScopedEnvironment::~ScopedEnvironment() {
  ambient.store(previous_, std::memory_order_release);
}

}  // namespace poolsim
