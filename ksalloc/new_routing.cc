// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: ksalloc/new_routing.cc
// -----------------------------------------------------------------------------
//
// Where a C++ driver's global operator new sends an allocation (ksalloc
// core): caller classification with libdw, the host-block registry.
//
// Nothing here may allocate with operator new (the driver's operator new is
// the process's): the state lives in malloc'd memory, the registry uses a
// malloc allocator, and libdw allocates with malloc.

#include "ksalloc/new_routing.h"

#include <dwarf.h>
#include <elfutils/libdw.h>
#include <elfutils/libdwfl.h>
#include <execinfo.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <mutex>
#include <new>

#include "absl/container/flat_hash_set.h"
#include "absl/hash/hash.h"

namespace ksalloc {
namespace {

// ---- malloc-backed storage ------------------------------------------------------

template <typename T>
struct MallocAllocator {
  using value_type = T;
  MallocAllocator() = default;
  template <typename U>
  MallocAllocator(const MallocAllocator<U>&) {}  // NOLINT: rebinding
  T* allocate(size_t n) {
    void* p = std::malloc(n * sizeof(T));
    if (p == nullptr) std::abort();
    return static_cast<T*>(p);
  }
  void deallocate(T* p, size_t) { std::free(p); }
  template <typename U>
  bool operator==(const MallocAllocator<U>&) const {
    return true;
  }
  template <typename U>
  bool operator!=(const MallocAllocator<U>&) const {
    return false;
  }
};

// Constructs a T in malloc'd memory once; never destroyed (the registry must
// outlive every static destructor that frees host memory).
template <typename T>
T* Immortal() {
  static T* object = new (std::malloc(sizeof(T))) T();
  return object;
}

thread_local int g_nested = 0;

std::atomic<uint64_t> g_to_pool{0};
std::atomic<uint64_t> g_to_host{0};
std::atomic<uint64_t> g_host_frees{0};
std::atomic<uint64_t> g_sites{0};

// ---- the host-block registry ------------------------------------------------------

struct Registry {
  std::mutex mu;
  absl::flat_hash_set<uintptr_t, absl::Hash<uintptr_t>, std::equal_to<uintptr_t>,
                      MallocAllocator<uintptr_t>>
      blocks;
};

// ---- caller classification -----------------------------------------------------------

// kSkip: the routing code; kOperator: an operator new / delete function.
enum class Verdict : uint8_t { kUnknown = 0, kDriver, kFramework, kSkip, kOperator };

bool StartsWith(const char* s, const char* prefix) {
  return std::strncmp(s, prefix, std::strlen(prefix)) == 0;
}

bool EndsWith(const char* s, const char* suffix) {
  const size_t n = std::strlen(s);
  const size_t m = std::strlen(suffix);
  return n >= m && std::strcmp(s + n - m, suffix) == 0;
}

// The routing functions: not callers.
bool IsRoutingFrame(const char* name) {
  return StartsWith(name, "KsSimNew") || StartsWith(name, "_ZN7ksalloc17ClassifyNewCaller");
}

// The replaceable operator functions (the driver's, or the standard
// library's forwarding forms): not callers either.
bool IsOperatorFrame(const char* name) {
  return StartsWith(name, "_Znw") || StartsWith(name, "_Zna") || StartsWith(name, "_Zdl") ||
         StartsWith(name, "_Zda");
}

// The routing code's own files (its frames are not callers).
bool IsRoutingFile(const char* file) {
  return EndsWith(file, "ksalloc/wdk/ksnew.cc") || EndsWith(file, "ksalloc/new_routing.cc");
}

// Callers that are never the driver's, whatever file they were compiled in.
bool IsFrameworkName(const char* name) {
  static const char* const kPrefixes[] = {
      "_ZNSt", "_ZNKSt", "_ZSt", "_ZN9__gnu_cxx", "_ZNK9__gnu_cxx",  // standard library
      "_GLOBAL__sub_I", "_Z41__static_initialization_and_destruction",  // static init
      "_ZN7testing", "_ZNK7testing", "_ZN4absl", "_ZNK4absl",          // GoogleTest, Abseil
      "_ZN7poolsim", "_ZNK7poolsim", "_ZN7ksalloc", "_ZNK7ksalloc",    // the framework
      "_ZN6fltctx", "_ZNK6fltctx"};
  for (const char* p : kPrefixes) {
    if (StartsWith(name, p)) return true;
  }
  return false;
}

// Headers of the system (the standard library, GoogleTest, Abseil).
bool IsSystemFile(const char* file) { return StartsWith(file, "/usr/"); }

// Source files of the framework (library code, not its tests or samples).
bool IsFrameworkFile(const char* file) {
  if (StartsWith(file, "./")) file += 2;
  if (StartsWith(file, "external/")) {
    const char* slash = std::strchr(file + std::strlen("external/"), '/');
    if (slash == nullptr) return true;
    file = slash + 1;
  }
  if (std::strstr(file, "gtest") != nullptr || std::strstr(file, "gmock") != nullptr) return true;
  static const char* const kDirs[] = {"poolsim/", "ksalloc/", "fltctx/", "sync/",
                                      "dbg/",     "rtl/",     "wdkhost/", "third_party/"};
  bool in_framework_dir = false;
  for (const char* d : kDirs) {
    if (StartsWith(file, d)) in_framework_dir = true;
  }
  if (!in_framework_dir) return false;
  static const char* const kUserSuffixes[] = {"_test.cc",      "_test.c",    "_program.cc",
                                              "_benchmark.cc", "_fuzzer.cc", "_driver.c"};
  for (const char* s : kUserSuffixes) {
    if (EndsWith(file, s)) return false;
  }
  return std::strstr(file, "/testdata/") == nullptr;
}

struct Classifier {
  std::mutex mu;
  bool initialized = false;
  Dwfl* dwfl = nullptr;
  char* debuginfo_path = nullptr;
  Dwfl_Callbacks callbacks;
  // Verdict per return address (open addressing; a full table recomputes).
  static constexpr size_t kSlots = 1 << 13;
  uintptr_t keys[kSlots];
  Verdict values[kSlots];
  const char* files[kSlots];  // the frame's compile unit (stable libdw strings)

  void InitLocked() {
    initialized = true;
    std::memset(&callbacks, 0, sizeof(callbacks));
    callbacks.find_elf = dwfl_linux_proc_find_elf;
    callbacks.find_debuginfo = dwfl_standard_find_debuginfo;
    callbacks.debuginfo_path = &debuginfo_path;
    dwfl = dwfl_begin(&callbacks);
    if (dwfl == nullptr) return;
    dwfl_report_begin(dwfl);
    const int rc = dwfl_linux_proc_report(dwfl, getpid());
    dwfl_report_end(dwfl, nullptr, nullptr);
    if (rc != 0) {
      dwfl_end(dwfl);
      dwfl = nullptr;
      return;
    }
  }

  // The compile unit holding `pc` when the module has no address index
  // (clang emits no .debug_aranges): every unit's ranges are asked.
  static Dwarf_Die* FindUnit(Dwfl_Module* module, uintptr_t pc, Dwarf_Die* out,
                             Dwarf_Addr* bias) {
    Dwarf* dwarf = dwfl_module_getdwarf(module, bias);
    if (dwarf == nullptr) return nullptr;
    Dwarf_CU* unit = nullptr;
    Dwarf_CU* next = nullptr;
    Dwarf_Half version = 0;
    uint8_t unit_type = 0;
    Dwarf_Die cudie;
    while (dwarf_get_units(dwarf, unit, &next, &version, &unit_type, &cudie, nullptr) == 0) {
      unit = next;
      if (dwarf_haspc(&cudie, pc - *bias) == 1) {
        *out = cudie;
        return out;
      }
    }
    return nullptr;
  }

  Verdict Compute(uintptr_t pc, const char** file_out) {
    *file_out = nullptr;
    if (dwfl == nullptr) return Verdict::kFramework;
    // Any module: tests link their libraries as shared objects. A module
    // without debug information (libstdc++, Abseil, GoogleTest from the
    // system) has no compile unit and is the framework's.
    Dwfl_Module* module = dwfl_addrmodule(dwfl, static_cast<Dwarf_Addr>(pc));
    if (module == nullptr) return Verdict::kFramework;
    const char* name = dwfl_module_addrname(module, static_cast<GElf_Addr>(pc));
    if (name != nullptr && IsRoutingFrame(name)) return Verdict::kSkip;
    Dwarf_Addr bias = 0;
    Dwarf_Die* cu = dwfl_module_addrdie(module, static_cast<Dwarf_Addr>(pc), &bias);
    Dwarf_Die found;
    if (cu == nullptr) cu = FindUnit(module, pc, &found, &bias);
    const char* file = cu != nullptr ? dwarf_diename(cu) : nullptr;
    *file_out = file;
    if (file != nullptr && IsRoutingFile(file)) return Verdict::kSkip;
    if (name != nullptr && IsOperatorFrame(name)) return Verdict::kOperator;
    if (name != nullptr && IsFrameworkName(name)) return Verdict::kFramework;
    // The source line of the call itself: standard-library or framework code
    // inlined into the caller (std::vector's allocation in a test body) is
    // still the framework's.
    Dwarf_Line* line = cu != nullptr ? dwarf_getsrc_die(cu, pc - bias) : nullptr;
    const char* source = line != nullptr ? dwarf_linesrc(line, nullptr, nullptr) : nullptr;
    if (source != nullptr && (IsSystemFile(source) || IsFrameworkFile(source))) {
      return Verdict::kFramework;
    }
    // No debug information (GoogleTest, system code): the framework's.
    if (file == nullptr) return Verdict::kFramework;
    return IsFrameworkFile(file) ? Verdict::kFramework : Verdict::kDriver;
  }

  Verdict Classify(uintptr_t pc, const char** file) {
    std::lock_guard<std::mutex> lock(mu);
    if (!initialized) InitLocked();
    size_t slot = (pc * 0x9E3779B97F4A7C15ull) >> 51;  // 13 bits
    for (size_t probe = 0; probe < 16; ++probe, slot = (slot + 1) & (kSlots - 1)) {
      if (keys[slot] == pc) {
        *file = files[slot];
        return values[slot];
      }
      if (keys[slot] == 0) {
        const Verdict v = Compute(pc, file);
        keys[slot] = pc;
        values[slot] = v;
        files[slot] = *file;
        g_sites.fetch_add(1, std::memory_order_relaxed);
        return v;
      }
    }
    return Compute(pc, file);
  }
};

}  // namespace

NestedRouting::NestedRouting() { ++g_nested; }
NestedRouting::~NestedRouting() { --g_nested; }
bool NestedRouting::Active() { return g_nested > 0; }

NewOwner ClassifyNewCaller(int skip) {
  if (NestedRouting::Active()) return NewOwner::kFramework;
  NestedRouting nested;  // backtrace's first use and libdw allocate
  void* frames[24];
  const int n = backtrace(frames, 24);
  Classifier* c = Immortal<Classifier>();
  // The first frame past the routing code is in the file that defines the
  // driver's operators (the one ksnew.h is force-included into); every frame
  // of that file (the operators, their helpers, however inlined or
  // tail-called) is skipped, and the first frame after them is the caller.
  const char* operator_file = nullptr;
  bool past_routing = false;
  for (int i = skip + 1; i < n; ++i) {
    // The return address points after the call; classify the call itself.
    const uintptr_t pc = reinterpret_cast<uintptr_t>(frames[i]) - 1;
    const char* file = nullptr;
    const Verdict v = c->Classify(pc, &file);
    if (v == Verdict::kSkip) continue;
    if (!past_routing) {
      // The frame that made the routed pool call: the operators' file.
      past_routing = true;
      operator_file = file;
      continue;
    }
    if (v == Verdict::kOperator) continue;
    if (file != nullptr && operator_file != nullptr && std::strcmp(file, operator_file) == 0) {
      continue;
    }
    return v == Verdict::kDriver ? NewOwner::kDriver : NewOwner::kFramework;
  }
  return NewOwner::kFramework;
}

void* HostAllocate(size_t bytes, size_t alignment, bool zero) {
  if (alignment < 16) alignment = 16;
  if (bytes == 0) bytes = 1;
  void* p = nullptr;
  if (posix_memalign(&p, alignment, bytes) != 0 || p == nullptr) std::abort();
  if (zero) std::memset(p, 0, bytes);
  Registry* r = Immortal<Registry>();
  {
    std::lock_guard<std::mutex> lock(r->mu);
    r->blocks.insert(reinterpret_cast<uintptr_t>(p));
  }
  g_to_host.fetch_add(1, std::memory_order_relaxed);
  return p;
}

bool HostFreeIfOwned(void* p) {
  Registry* r = Immortal<Registry>();
  {
    std::lock_guard<std::mutex> lock(r->mu);
    if (r->blocks.erase(reinterpret_cast<uintptr_t>(p)) == 0) return false;
  }
  std::free(p);
  g_host_frees.fetch_add(1, std::memory_order_relaxed);
  return true;
}

bool IsHostBlock(const void* p) {
  Registry* r = Immortal<Registry>();
  std::lock_guard<std::mutex> lock(r->mu);
  return r->blocks.contains(reinterpret_cast<uintptr_t>(p));
}

void CountRoutedToPool() { g_to_pool.fetch_add(1, std::memory_order_relaxed); }

NewRoutingCounters GetNewRoutingCounters() {
  NewRoutingCounters c;
  c.to_pool = g_to_pool.load(std::memory_order_relaxed);
  c.to_host = g_to_host.load(std::memory_order_relaxed);
  c.host_frees = g_host_frees.load(std::memory_order_relaxed);
  c.call_sites_classified = g_sites.load(std::memory_order_relaxed);
  return c;
}

}  // namespace ksalloc
