// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: ob/processes.h
// -----------------------------------------------------------------------------
//
// Simulated processes and threads (object-manager layer, C++), and the
// test-side API that names the process a host thread acts for:
//
//   ob::ScopedProcess scanner(1240, L"scanner.exe");
//   // I/O issued on this thread now comes from process 1240:
//   // PsGetCurrentProcessId() == (HANDLE)1240, FltGetRequestorProcessId(...)
//   // == 1240, and the thread's PETHREAD belongs to that process.
//
// A host thread that names no process acts for the System process (ID 4,
// image "System"), where DriverEntry and system worker threads run. Each
// host thread has one thread ID (a multiple of 4) for the life of the
// program. Process and thread objects are kernel objects (ob/objects.h) of
// ProcessType() and ThreadType(), made on first use in each Environment and
// freed with it; a reference a driver takes to one is reported if never
// released.
//
// Thread-safe.

#ifndef OB_PROCESSES_H_
#define OB_PROCESSES_H_

#include <cstdint>
#include <string>

#include "poolsim/environment.h"
#include "wdkhost/wdk/objects.h"

namespace ob {

// The System process's ID.
inline constexpr uint32_t kSystemProcessId = 4;

// ScopedProcess
//
// While alive, the calling host thread acts for process `id` named
// `image_name` (scopes nest; the previous process comes back on
// destruction). `id` must be a nonzero multiple of 4 other than 4, as Windows
// forms process IDs; other values abort with a message (a test bug).
// Not thread-safe: create and destroy on the same thread.
class ScopedProcess {
 public:
  ScopedProcess(uint32_t id, std::wstring image_name);
  ~ScopedProcess();
  ScopedProcess(const ScopedProcess&) = delete;
  ScopedProcess& operator=(const ScopedProcess&) = delete;

 private:
  uint32_t previous_id_;
  std::wstring previous_image_;
};

// Makes process `id` known to `env` (so ZwOpenProcess finds it) without a
// thread acting for it. Returns its object.
PEPROCESS AddProcess(poolsim::Environment& env, uint32_t id, const std::wstring& image_name);

// The process and thread the calling host thread acts for, and their IDs.
uint32_t CurrentProcessId();
uint32_t CurrentThreadId();
PEPROCESS CurrentProcess(poolsim::Environment& env);
PETHREAD CurrentThread(poolsim::Environment& env);

// The process object with ID `id`, or null if `env` does not know it.
PEPROCESS FindProcess(poolsim::Environment& env, uint32_t id);

// The ID and image name of `process` (a live process object of some
// Environment); 0 and "" if it is not one.
uint32_t ProcessIdOf(PEPROCESS process);
std::wstring ImageNameOf(PEPROCESS process);

// The ID of `thread` (a live thread object of some Environment), or 0.
uint32_t ThreadIdOf(PETHREAD thread);

// The process `thread` belongs to, or null if `thread` is not a live thread
// object of `env`.
PEPROCESS ProcessOfThread(poolsim::Environment& env, PETHREAD thread);

}  // namespace ob

#endif  // OB_PROCESSES_H_
