// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: ksalloc/new_routing.h
// -----------------------------------------------------------------------------
//
// Where a C++ driver's global operator new sends an allocation (ksalloc core).
// A driver that replaces operator new / delete with pool calls replaces them
// for the whole test binary: GoogleTest, Abseil, the standard library and the
// simulated kernel itself then call the driver's operator new too. The pool
// calls inside the driver's operator functions are routed here (through
// ksalloc/wdk/ksnew.h); an allocation goes to the pool only when the code
// that asked for it is the driver's (or the test's): the nearest caller
// outside the operator functions is in a source file of the binary that is
// not part of the framework. Everything else gets host memory, which the
// framework frees through the same operator delete without a bug check.
//
//   caller of operator new                        memory
//   -------------------------------------------   ----------------------------
//   driver or test source (new Widget)            pool, the driver's tag and
//                                                 flags; leak-reported,
//                                                 fault-injectable
//   poolsim, ksalloc, fltctx, sync, dbg, rtl,     host
//   wdkhost sources; GoogleTest; code without
//   debug information (libstdc++, Abseil); a
//   standard-library template or header
//   (std::, /usr/include); a static
//   initializer; anything unknown
//
// The decision is made from the caller's return address with the binary's
// symbol table, line table and compile units (elfutils' libdw), once per
// call site (cached): the source line of the call decides first, so the
// standard library's allocation inlined into a test body (std::vector) is
// still the framework's, at any optimization level. Host blocks are registered, so a free tells them apart from pool
// blocks without reading memory around the pointer.
//
// Thread-safe. No function here allocates with operator new.

#ifndef KSALLOC_NEW_ROUTING_H_
#define KSALLOC_NEW_ROUTING_H_

#include <cstddef>
#include <cstdint>

namespace ksalloc {

enum class NewOwner {
  kDriver,     // the driver's or the test's code: pool
  kFramework,  // everything else: host memory
};

// Returns the owner of the allocation being made by the driver's operator
// new on this thread: the first frame, above the `skip` innermost ones, that
// is neither a routing function nor an operator new / delete, classified as
// the header says. kFramework while this thread is already inside the
// routing machinery (a nested allocation).
NewOwner ClassifyNewCaller(int skip);

// Host memory for the framework: `bytes` (0 counts as 1) aligned to
// `alignment` (a power of two, at least 16), zeroed when `zero`; registered
// as a host block. Never NULL (aborts the process if the host is out of
// memory, as operator new would throw).
void* HostAllocate(size_t bytes, size_t alignment, bool zero);

// If `p` is a registered host block, frees it and returns true; otherwise
// returns false and touches nothing.
bool HostFreeIfOwned(void* p);

// Returns true if `p` is a registered host block.
bool IsHostBlock(const void* p);

// Counters since the process started (for tests and the documentation).
struct NewRoutingCounters {
  uint64_t to_pool = 0;
  uint64_t to_host = 0;
  uint64_t host_frees = 0;
  uint64_t call_sites_classified = 0;
};
NewRoutingCounters GetNewRoutingCounters();
void CountRoutedToPool();

// NestedRouting: marks this thread as inside the routing machinery for its
// lifetime (classification, the pool call of a driver allocation), so
// allocations made meanwhile on this thread go to the host. Any IRQL.
// Thread-safe: the mark is per thread.
class NestedRouting {
 public:
  NestedRouting();
  ~NestedRouting();
  NestedRouting(const NestedRouting&) = delete;
  NestedRouting& operator=(const NestedRouting&) = delete;
  // True if this thread is inside any NestedRouting.
  static bool Active();
};

}  // namespace ksalloc

#endif  // KSALLOC_NEW_ROUTING_H_
