// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: poolsim/stack_trace.cc
// -----------------------------------------------------------------------------
//
// The stack depot and Symbolize(): names from Abseil's symbolizer, file:line
// and inline chains from the modules' DWARF (poolsim/symbolizer.h).
//
// Lock order: StackDepot shard mutex, then nothing.

#include "poolsim/stack_trace.h"

#include <dlfcn.h>
#include <elf.h>
#include <link.h>
#include <unistd.h>

#include <array>
#include <deque>

#include "absl/container/flat_hash_map.h"
#include "absl/debugging/stacktrace.h"
#include "absl/debugging/symbolize.h"
#include "absl/hash/hash.h"
#include "poolsim/internal/lock.h"
#include "poolsim/symbolizer.h"

namespace poolsim {
namespace {

using poolsim_internal::Mutex;
using poolsim_internal::MutexLock;

struct StoredStack {
  std::vector<uintptr_t> frames;
};

// Interns stacks. Ids encode (shard, index + 1) so lookups need one shard.
// Never destroyed: ids stay valid for the life of the process.
//
// Thread-safe.
class StackDepot {
 public:
  static constexpr int kShardBits = 4;
  static constexpr int kShards = 1 << kShardBits;

  StackId Intern(void* const* frames, int n) {
    const size_t hash = absl::HashOf(absl::MakeConstSpan(frames, n));
    const int shard_index = static_cast<int>(hash & (kShards - 1));
    Shard& shard = shards_[shard_index];
    Key key{hash, std::vector<uintptr_t>(n)};
    for (int i = 0; i < n; ++i) key.frames[i] = reinterpret_cast<uintptr_t>(frames[i]);
    MutexLock lock(&shard.mu);
    auto it = shard.ids.find(key);
    if (it != shard.ids.end()) return it->second;
    shard.stacks.push_back(StoredStack{key.frames});
    const StackId id = static_cast<StackId>((shard.stacks.size() << kShardBits) |
                                            static_cast<size_t>(shard_index));
    shard.ids.emplace(std::move(key), id);
    return id;
  }

  std::vector<uintptr_t> Get(StackId id) {
    if (id == kNoStack) return {};
    Shard& shard = shards_[id & (kShards - 1)];
    const size_t index = (id >> kShardBits) - 1;
    MutexLock lock(&shard.mu);
    if (index >= shard.stacks.size()) return {};
    return shard.stacks[index].frames;
  }

 private:
  struct Key {
    size_t hash;
    std::vector<uintptr_t> frames;
    bool operator==(const Key& o) const { return frames == o.frames; }
    template <typename H>
    friend H AbslHashValue(H h, const Key& k) {
      return H::combine(std::move(h), k.hash);
    }
  };
  struct Shard {
    Mutex mu;
    absl::flat_hash_map<Key, StackId> ids ABSL_GUARDED_BY(mu);
    std::deque<StoredStack> stacks ABSL_GUARDED_BY(mu);
  };
  std::array<Shard, kShards> shards_;
};

StackDepot& Depot() {
  static StackDepot* depot = new StackDepot();
  return *depot;
}

// The path of the running executable, as the module name of its frames.
std::string SelfPath() {
  char path[4096];
  const ssize_t n = readlink("/proc/self/exe", path, sizeof(path) - 1);
  return n > 0 ? std::string(path, static_cast<size_t>(n)) : std::string();
}

}  // namespace

StackId CaptureStack(int skip, int depth) {
  void* frames[kMaxStackDepth];
  if (depth > kMaxStackDepth) depth = kMaxStackDepth;
  if (depth <= 0) return kNoStack;
  // absl leaves out its own frames and this one.
  const int n = absl::GetStackTrace(frames, depth, skip);
  if (n <= 0) return kNoStack;
  return Depot().Intern(frames, n);
}

std::vector<uintptr_t> StackFrames(StackId id) { return Depot().Get(id); }

StackId InternStack(const std::vector<uintptr_t>& frames) {
  if (frames.empty()) return kNoStack;
  std::vector<void*> pcs(frames.size());
  for (size_t i = 0; i < frames.size(); ++i) pcs[i] = reinterpret_cast<void*>(frames[i]);
  return Depot().Intern(pcs.data(), static_cast<int>(pcs.size()));
}

std::vector<SymbolizedFrame> Symbolize(StackId id, bool with_file_line) {
  static const bool initialized = [] {
    absl::InitializeSymbolizer("/proc/self/exe");
    return true;
  }();
  (void)initialized;
  std::vector<SymbolizedFrame> out;
  // Where each frame is in its module, for the debug-info look-up.
  std::vector<uintptr_t> offsets;
  for (uintptr_t pc : StackFrames(id)) {
    SymbolizedFrame frame;
    frame.pc = pc;
    uintptr_t offset = 0;
    char name[1024];
    // A return address points after the call; pc - 1 is inside it.
    if (absl::Symbolize(reinterpret_cast<void*>(pc - 1), name, sizeof(name))) {
      frame.function = name;
    }
    Dl_info info;
    if (dladdr(reinterpret_cast<void*>(pc - 1), &info) != 0 && info.dli_fname != nullptr) {
      frame.module = info.dli_fname;
      if (frame.module.empty() || frame.module.find('/') == std::string::npos) {
        frame.module = SelfPath();  // the main executable
      }
      // Position-independent objects are looked up by offset, others by address.
      const auto* header = static_cast<const ElfW(Ehdr)*>(info.dli_fbase);
      const uintptr_t base = header != nullptr && header->e_type == ET_DYN
                                 ? reinterpret_cast<uintptr_t>(info.dli_fbase)
                                 : 0;
      offset = pc - 1 - base;
    }
    out.push_back(std::move(frame));
    offsets.push_back(offset);
  }
  if (!with_file_line) return out;
  // Expand each frame into its inlined chain, with file:line.
  std::vector<std::vector<poolsim_internal::SourceLocation>> chains(out.size());
  for (size_t i = 0; i < out.size(); ++i) {
    chains[i] = poolsim_internal::LookUpAddress(out[i].module, offsets[i]);
  }
  std::vector<SymbolizedFrame> expanded;
  for (size_t i = 0; i < out.size(); ++i) {
    if (chains[i].empty()) {
      expanded.push_back(out[i]);
      continue;
    }
    for (const poolsim_internal::SourceLocation& loc : chains[i]) {
      SymbolizedFrame f = out[i];
      if (!loc.function.empty()) f.function = loc.function;
      f.file = loc.file;
      f.line = loc.line;
      expanded.push_back(std::move(f));
    }
  }
  return expanded;
}

}  // namespace poolsim
