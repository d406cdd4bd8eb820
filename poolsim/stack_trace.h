// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: poolsim/stack_trace.h
// -----------------------------------------------------------------------------
//
// Call stacks of allocations, references and bug checks. A stack is captured
// as raw return addresses and interned in a process-wide depot, so equal
// stacks are stored once and a record carries only a 32-bit StackId. Names
// (and file:line where debug info exists) are looked up only when a report is
// rendered.

#ifndef POOLSIM_STACK_TRACE_H_
#define POOLSIM_STACK_TRACE_H_

#include <cstdint>
#include <string>
#include <vector>

namespace poolsim {

// Identifies an interned stack. 0 means "no stack captured".
using StackId = uint32_t;
inline constexpr StackId kNoStack = 0;

// The deepest stack kept.
inline constexpr int kMaxStackDepth = 32;

// CaptureStack()
//
// Captures the caller's stack, leaving out the `skip` innermost frames above
// the caller, keeps at most `depth` frames, interns it and returns its id.
// Cost: a frame-pointer walk (bounded by the thread's stack, whose top is
// looked up once per thread; code built without frame pointers ends the
// walk early) and a look-up in a per-thread cache of recent stacks, which
// takes no lock and allocates nothing when the stack was seen before; a new
// stack takes one depot shard lock. Thread-safe.
StackId CaptureStack(int skip, int depth = kMaxStackDepth);

// InternStack()
//
// Interns the given return addresses (innermost first) and returns their id;
// kNoStack for an empty list. Thread-safe.
StackId InternStack(const std::vector<uintptr_t>& frames);

// StackFrames()
//
// Returns the return addresses of an interned stack, innermost first; empty
// for kNoStack or an unknown id. Thread-safe.
std::vector<uintptr_t> StackFrames(StackId id);

// SymbolizedFrame
//
// One frame of a rendered stack.
struct SymbolizedFrame {
  uintptr_t pc = 0;
  std::string function;  // demangled name, or "" when unknown
  std::string file;      // source file, or "" without debug info
  int line = 0;          // 0 without debug info
  std::string module;    // executable or shared object
};

// Symbolize()
//
// Returns the frames of `id` with function names and, with `with_file_line`,
// where the module has debug info, file and line, with calls the compiler
// inlined shown as frames of their own (so optimized builds still name the
// driver's function). The debug info is read in-process (elfutils' libdw)
// and cached per module and address. Frames of every library are kept;
// renderers decide what to show (poolsim/frame_filter.h).
// Thread-safe; the first look-up in a module reads its debug info: call it
// only when rendering.
std::vector<SymbolizedFrame> Symbolize(StackId id, bool with_file_line = true);

// ScopedStackNote
//
// Names a step of a script that drives the code under test (a scenario
// file's line): while the note lives, every stack captured on this thread
// from a function the note's creator calls carries one synthetic frame,
// placed where the creator's frame is, that symbolizes as
// {function = `text`, file = `file`, line = `line`}. A report then shows the
// script line below the driver's frames, as it shows a test's line.
//
//   poolsim::ScopedStackNote note("basic.scn", 12, "write h1 hello");
//   handle.Write("hello");   // stacks captured inside: ..., the note, ...
//
// Create it as a local variable of the function that runs the step (the
// placement follows frame pointers). Notes nest; each one is interned once
// (a lock and a hash look-up) and kept for the life of the process, up to
// 65536 distinct notes; past that a new note adds no frame. Not copyable;
// destroy it on the thread that created it, in reverse order of creation.
// Thread-safe (each thread has its own notes).
class ScopedStackNote {
 public:
  __attribute__((noinline)) ScopedStackNote(const std::string& file, int line,
                                            const std::string& text);
  ~ScopedStackNote();
  ScopedStackNote(const ScopedStackNote&) = delete;
  ScopedStackNote& operator=(const ScopedStackNote&) = delete;

 private:
  bool active_ = false;
};

// IsNoteFrame()
//
// Returns true if and only if `pc` is the synthetic frame of a
// ScopedStackNote.
bool IsNoteFrame(uintptr_t pc);

}  // namespace poolsim

#endif  // POOLSIM_STACK_TRACE_H_
