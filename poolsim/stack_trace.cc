// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// Lock order: StackDepot shard mutex, then nothing.

#include "poolsim/stack_trace.h"

#include <dlfcn.h>
#include <elf.h>
#include <link.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstring>
#include <deque>
#include <memory>

#include "absl/container/flat_hash_map.h"
#include "absl/debugging/stacktrace.h"
#include "absl/debugging/symbolize.h"
#include "absl/hash/hash.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "poolsim/internal/lock.h"

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

// What addr2line says about one address: the chain of (function, file,
// line), innermost first, when calls were inlined into the frame.
struct Location {
  std::string function;
  std::string file;
  int line = 0;
};

// Runs addr2line once for a batch of offsets in one module. Returns one chain
// per offset (empty where addr2line knows nothing).
std::vector<std::vector<Location>> FileLines(const std::string& module,
                                             const std::vector<uintptr_t>& offsets) {
  std::vector<std::vector<Location>> out(offsets.size());
  if (module.empty() || offsets.empty()) return out;
  // -a marks the start of each address's record; -i adds inlined callers.
  std::string cmd = absl::StrCat("addr2line -a -f -i -C -e '", module, "'");
  for (uintptr_t off : offsets) absl::StrAppend(&cmd, " 0x", absl::Hex(off));
  absl::StrAppend(&cmd, " 2>/dev/null");
  FILE* pipe = popen(cmd.c_str(), "r");
  if (pipe == nullptr) return out;
  std::vector<std::string> lines;
  char buffer[4096];
  while (fgets(buffer, sizeof(buffer), pipe) != nullptr) {
    std::string text(buffer);
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
    lines.push_back(std::move(text));
  }
  pclose(pipe);
  int index = -1;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (absl::StartsWith(lines[i], "0x")) {
      if (++index >= static_cast<int>(out.size())) break;
      continue;
    }
    if (index < 0 || i + 1 >= lines.size()) continue;
    Location loc;
    loc.function = lines[i] == "??" ? "" : lines[i];
    std::string where = lines[++i];
    const size_t space = where.find(' ');  // "file:line (discriminator N)"
    if (space != std::string::npos) where.resize(space);
    const size_t colon = where.rfind(':');
    int number = 0;
    if (colon != std::string::npos && !absl::StartsWith(where, "??") &&
        absl::SimpleAtoi(where.substr(colon + 1), &number) && number > 0) {
      loc.file = where.substr(0, colon);
      loc.line = number;
    }
    out[static_cast<size_t>(index)].push_back(std::move(loc));
  }
  return out;
}

// The path of the running executable (not "/proc/self/exe", which a
// subprocess would read as its own).
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
  // module -> (frame index, offset) for one addr2line call per module.
  absl::flat_hash_map<std::string, std::vector<std::pair<size_t, uintptr_t>>> by_module;
  for (uintptr_t pc : StackFrames(id)) {
    SymbolizedFrame frame;
    frame.pc = pc;
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
      by_module[frame.module].push_back({out.size(), pc - 1 - base});
    }
    out.push_back(std::move(frame));
  }
  if (!with_file_line) return out;
  // Expand each frame into its inlined chain, with file:line.
  std::vector<std::vector<Location>> chains(out.size());
  for (const auto& [module, entries] : by_module) {
    std::vector<uintptr_t> offsets;
    for (const auto& e : entries) offsets.push_back(e.second);
    std::vector<std::vector<Location>> found = FileLines(module, offsets);
    for (size_t i = 0; i < entries.size(); ++i) chains[entries[i].first] = std::move(found[i]);
  }
  std::vector<SymbolizedFrame> expanded;
  for (size_t i = 0; i < out.size(); ++i) {
    if (chains[i].empty()) {
      expanded.push_back(out[i]);
      continue;
    }
    for (const Location& loc : chains[i]) {
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
