// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: poolsim/symbolizer.h
// -----------------------------------------------------------------------------
//
// Private to poolsim (a srcs header of //poolsim:environment): what the debug
// information of one loaded module says about an address in it, read
// in-process with elfutils' libdw. No subprocess, no shell, no binutils; a
// module path may hold any character. Layer: poolsim core, below
// stack_trace.cc, which turns return addresses into SymbolizedFrames.

#ifndef POOLSIM_SYMBOLIZER_H_
#define POOLSIM_SYMBOLIZER_H_

#include <cstdint>
#include <string>
#include <vector>

namespace poolsim {
namespace poolsim_internal {

// SourceLocation
//
// One function of an address's inline chain: its demangled name ("" when
// unknown) and the source position inside it (file "" and line 0 without
// line tables).
struct SourceLocation {
  std::string function;
  std::string file;
  int line = 0;
};

// LookUpAddress()
//
// Returns the inline chain at `offset` in the ELF file `module` (an offset
// from the load address for position-independent objects, the address
// itself for others), innermost first: the function the code belongs to
// with the position of `offset`, then each function the compiler inlined it
// into with the position of that call. Without debug information it is the
// symbol table's name alone; empty when the module cannot be read or the
// offset is in no function. Results are cached per (module, offset).
// Thread-safe.
std::vector<SourceLocation> LookUpAddress(const std::string& module, uintptr_t offset);

// Demangle()
//
// Returns the demangled form of a C++ symbol name, or `name` unchanged when
// it is not a mangled name.
std::string Demangle(const char* name);

}  // namespace poolsim_internal
}  // namespace poolsim

#endif  // POOLSIM_SYMBOLIZER_H_
