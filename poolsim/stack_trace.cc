// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: poolsim/stack_trace.cc
// -----------------------------------------------------------------------------
//
// Stack capture (a frame-pointer walk with the thread's cached stack top),
// the stack depot with a per-thread cache in front of it, and Symbolize():
// names from Abseil's symbolizer, file:line and inline chains from the
// modules' DWARF (poolsim/symbolizer.h).
//
// Lock order: StackDepot shard mutex, then nothing; NoteRegistry mutex, then
// nothing.

#include "poolsim/stack_trace.h"

#include <dlfcn.h>
#include <elf.h>
#include <link.h>
#include <unistd.h>

#include <pthread.h>

#include <algorithm>
#include <array>
#include <deque>
#include <string>
#include <tuple>

#include "absl/container/flat_hash_map.h"
#include "absl/debugging/stacktrace.h"
#include "absl/debugging/symbolize.h"
#include "poolsim/internal/lock.h"
#include "poolsim/symbolizer.h"

namespace poolsim {
namespace {

using poolsim_internal::Mutex;
using poolsim_internal::MutexLock;

struct StoredStack {
  std::vector<uintptr_t> frames;
};

// A fast hash of return addresses (rotate and xor per frame, one multiply
// and fold at the end); the depot compares the frames themselves, so a
// collision costs a comparison, never a wrong id.
uint64_t HashFrames(const uintptr_t* frames, int n) {
  uint64_t h = 0x9E3779B97F4A7C15ull ^ static_cast<uint64_t>(n);
  for (int i = 0; i < n; ++i) h = ((h << 13) | (h >> 51)) ^ frames[i];
  h *= 0xBF58476D1CE4E5B9ull;
  return h ^ (h >> 31);
}

// Interns stacks. Ids encode (shard, index + 1) so lookups need one shard.
// Never destroyed: ids, and the stored frames, stay valid (and unchanged)
// for the life of the process.
//
// Thread-safe.
class StackDepot {
 public:
  static constexpr int kShardBits = 4;
  static constexpr int kShards = 1 << kShardBits;

  // Returns the id of the stack, and in `*stored` its frames as kept by the
  // depot (immutable, valid forever).
  StackId Intern(const uintptr_t* frames, int n, uint64_t hash,
                 const std::vector<uintptr_t>** stored) {
    const int shard_index = static_cast<int>(hash & (kShards - 1));
    Shard& shard = shards_[shard_index];
    Key key{hash, std::vector<uintptr_t>(frames, frames + n)};
    MutexLock lock(&shard.mu);
    auto it = shard.ids.find(key);
    if (it != shard.ids.end()) {
      *stored = &shard.stacks[(it->second >> kShardBits) - 1].frames;
      return it->second;
    }
    shard.stacks.push_back(StoredStack{key.frames});
    const StackId id = static_cast<StackId>((shard.stacks.size() << kShardBits) |
                                            static_cast<size_t>(shard_index));
    *stored = &shard.stacks.back().frames;
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
    uint64_t hash;
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
    // A deque: elements never move, so the frames handed out stay valid.
    std::deque<StoredStack> stacks ABSL_GUARDED_BY(mu);
  };
  std::array<Shard, kShards> shards_;
};

StackDepot& Depot() {
  static StackDepot* depot = new StackDepot();
  return *depot;
}

// The per-thread cache in front of the depot: a hit (same hash, same
// frames) returns the id with no lock and no allocation.
struct CacheEntry {
  uint64_t hash = 0;
  const std::vector<uintptr_t>* frames = nullptr;  // the depot's copy
  StackId id = kNoStack;
};
constexpr size_t kCacheEntries = 256;
thread_local CacheEntry stack_cache[kCacheEntries];

// One-frame stacks (a free's call site) have their own per-thread cache,
// keyed by the return address itself: no hash over frames, no comparison of
// a stored copy.
struct SingleFrameEntry {
  uintptr_t pc = 0;
  StackId id = kNoStack;
};
constexpr size_t kSingleFrameEntries = 256;
thread_local SingleFrameEntry single_frame_cache[kSingleFrameEntries];

StackId InternCached(const uintptr_t* frames, int n) {
  SingleFrameEntry* single = nullptr;
  if (n == 1) {
    single = &single_frame_cache[(frames[0] >> 2) & (kSingleFrameEntries - 1)];
    if (single->pc == frames[0] && single->id != kNoStack) return single->id;
  }
  const uint64_t hash = HashFrames(frames, n);
  CacheEntry& e = stack_cache[(hash >> 20) & (kCacheEntries - 1)];
  if (e.hash == hash && e.frames != nullptr && e.frames->size() == static_cast<size_t>(n)) {
    const uintptr_t* stored = e.frames->data();
    int i = 0;
    while (i < n && stored[i] == frames[i]) ++i;
    if (i == n) {
      if (single != nullptr) *single = SingleFrameEntry{frames[0], e.id};
      return e.id;
    }
  }
  const std::vector<uintptr_t>* stored = nullptr;
  const StackId id = Depot().Intern(frames, n, hash, &stored);
  e = CacheEntry{hash, stored, id};
  if (single != nullptr) *single = SingleFrameEntry{frames[0], id};
  return id;
}

// The calling thread's stack top (highest address), found once per thread.
uintptr_t StackTop() {
  thread_local uintptr_t top = [] {
    pthread_attr_t attr;
    uintptr_t t = 0;
    if (pthread_getattr_np(pthread_self(), &attr) == 0) {
      void* base = nullptr;
      size_t size = 0;
      if (pthread_attr_getstack(&attr, &base, &size) == 0) {
        t = reinterpret_cast<uintptr_t>(base) + size;
      }
      pthread_attr_destroy(&attr);
    }
    return t;
  }();
  return top;
}

// The path of the running executable, as the module name of its frames.
std::string SelfPath() {
  char path[4096];
  const ssize_t n = readlink("/proc/self/exe", path, sizeof(path) - 1);
  return n > 0 ? std::string(path, static_cast<size_t>(n)) : std::string();
}

// The synthetic frames of ScopedStackNote: pc = kNoteBase + index. The range
// is in the upper half of the address space, where no user-space return
// address lies on x86-64 Linux, so a note never collides with code.
constexpr uintptr_t kNoteBase = uintptr_t{0xFFFF'F000'0000'0000};
constexpr size_t kMaxNotes = 65536;

struct Note {
  std::string file;
  int line = 0;
  std::string text;
};

// Interns notes. Never destroyed, like the depot: a stack may be rendered
// during static destruction.
//
// Thread-safe.
class NoteRegistry {
 public:
  // Returns the note's pc, or 0 when the registry is full.
  uintptr_t Intern(const std::string& file, int line, const std::string& text) {
    MutexLock lock(&mu_);
    auto key = std::make_tuple(file, line, text);
    auto it = ids_.find(key);
    if (it != ids_.end()) return kNoteBase + it->second;
    if (notes_.size() >= kMaxNotes) return 0;
    notes_.push_back(Note{file, line, text});
    const size_t index = notes_.size() - 1;
    ids_.emplace(std::move(key), index);
    return kNoteBase + index;
  }

  // Returns the note of `pc`, false if it is none.
  bool Get(uintptr_t pc, Note* note) {
    if (pc < kNoteBase) return false;
    MutexLock lock(&mu_);
    const uintptr_t index = pc - kNoteBase;
    if (index >= notes_.size()) return false;
    *note = notes_[index];
    return true;
  }

 private:
  Mutex mu_;
  absl::flat_hash_map<std::tuple<std::string, int, std::string>, size_t> ids_ ABSL_GUARDED_BY(mu_);
  std::deque<Note> notes_ ABSL_GUARDED_BY(mu_);
};

NoteRegistry& Notes() {
  static NoteRegistry* registry = new NoteRegistry();
  return *registry;
}

// The notes alive on this thread, innermost last: the frame pointer of the
// function that created each, and its synthetic pc.
struct ActiveNote {
  uintptr_t frame = 0;
  uintptr_t pc = 0;
};
constexpr int kMaxActiveNotes = 8;
thread_local ActiveNote active_notes[kMaxActiveNotes];
thread_local int active_note_count = 0;

}  // namespace

ScopedStackNote::ScopedStackNote(const std::string& file, int line, const std::string& text) {
  if (active_note_count >= kMaxActiveNotes) return;
  const uintptr_t pc = Notes().Intern(file, line, text);
  if (pc == 0) return;
  // This constructor is never inlined: its frame record holds the frame
  // pointer of the function that created the note.
  const auto* own = reinterpret_cast<const uintptr_t*>(__builtin_frame_address(0));
  active_notes[active_note_count++] = ActiveNote{own[0], pc};
  active_ = true;
}

ScopedStackNote::~ScopedStackNote() {
  if (active_ && active_note_count > 0) --active_note_count;
}

bool IsNoteFrame(uintptr_t pc) {
  Note note;
  return Notes().Get(pc, &note);
}

// Walks the frame-pointer chain from this function's own frame: frame 0 is
// the return address into the caller. Every frame pointer followed lies
// above the previous one and below the thread's stack top, so the walk reads
// only the live part of this thread's stack; it stops at the first frame
// that breaks the chain (code built without frame pointers above it). When
// the chain yields nothing (an alternate signal stack, unknown bounds), it
// falls back to Abseil's unwinder.
__attribute__((noinline)) StackId CaptureStack(int skip, int depth) {
  if (depth > kMaxStackDepth) depth = kMaxStackDepth;
  if (depth <= 0) return kNoStack;
  if (skip < 0) skip = 0;
  uintptr_t pcs[kMaxStackDepth];
  int n = 0;
  const uintptr_t top = StackTop();
  auto fp = reinterpret_cast<const uintptr_t*>(__builtin_frame_address(0));
  // The next note to place, from the innermost: its synthetic frame goes
  // just before the first return address into the function that created it.
  int note = active_note_count - 1;
  if (top != 0 && reinterpret_cast<uintptr_t>(fp) + 2 * sizeof(uintptr_t) <= top && note < 0) {
    // No note to place (the common case): skip, then keep, with one bounds
    // test per frame. The next record must lie above this one, 8-aligned,
    // with its two words below the stack's top: with d = next - here - 1
    // (unsigned, so a record at or below this one wraps to a huge d), that
    // is d < top - 16 - here and (next & 7) == 0.
    uintptr_t here = reinterpret_cast<uintptr_t>(fp);
    const uintptr_t limit = top - 2 * sizeof(uintptr_t);
    bool broken = false;
    for (int seen = 0; seen < skip; ++seen) {
      const uintptr_t* record = reinterpret_cast<const uintptr_t*>(here);
      const uintptr_t next = record[0];
      if (record[1] == 0 || ((next - here - 1) >= (limit - here)) || (next & 7) != 0) {
        broken = true;
        break;
      }
      here = next;
    }
    while (!broken) {
      const uintptr_t* record = reinterpret_cast<const uintptr_t*>(here);
      const uintptr_t pc = record[1];
      if (pc == 0) break;
      pcs[n++] = pc;
      if (n == depth) break;
      const uintptr_t next = record[0];
      if ((next - here - 1) >= (limit - here) || (next & 7) != 0) break;
      here = next;
    }
  } else if (top != 0 && reinterpret_cast<uintptr_t>(fp) < top) {
    int seen = 0;
    while (n < depth) {
      const uintptr_t pc = fp[1];
      if (pc == 0) break;
      const bool kept = seen++ >= skip;
      while (note >= 0 && fp[0] >= active_notes[note].frame) {
        if (kept && n < depth) pcs[n++] = active_notes[note].pc;
        --note;
      }
      if (kept && n < depth) pcs[n++] = pc;
      const auto* next = reinterpret_cast<const uintptr_t*>(fp[0]);
      if (next <= fp || (reinterpret_cast<uintptr_t>(next) & 7) != 0 ||
          reinterpret_cast<uintptr_t>(next) + 2 * sizeof(uintptr_t) > top) {
        break;
      }
      fp = next;
    }
  }
  if (n == 0) {
    void* frames[kMaxStackDepth];
    // absl leaves out its own frames and this one.
    n = absl::GetStackTrace(frames, depth, skip);
    if (n <= 0) return kNoStack;
    for (int i = 0; i < n; ++i) pcs[i] = reinterpret_cast<uintptr_t>(frames[i]);
  }
  return InternCached(pcs, n);
}

std::vector<uintptr_t> StackFrames(StackId id) { return Depot().Get(id); }

StackId InternStack(const std::vector<uintptr_t>& frames) {
  if (frames.empty()) return kNoStack;
  const int n = static_cast<int>(std::min<size_t>(frames.size(), 1 << 20));
  const std::vector<uintptr_t>* stored = nullptr;
  return Depot().Intern(frames.data(), n, HashFrames(frames.data(), n), &stored);
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
    Note note;
    if (Notes().Get(pc, &note)) {
      frame.function = note.text;
      frame.file = note.file;
      frame.line = note.line;
      frame.module = "(script)";
      out.push_back(std::move(frame));
      offsets.push_back(0);
      continue;
    }
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
    if (out[i].module == "(script)") continue;  // a note: already named
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
