// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: poolsim/benchmark_support.h
// -----------------------------------------------------------------------------
//
// What every fltctx benchmark shares so its rows are honest (test-only,
// header-only, no dependency on poolsim itself so the AddressSanitizer
// comparison binary can use it too):
//
//   IdleThread      a second thread, started in main() before any row, so
//                   every row runs in a multi-threaded process
//   Descend<N>()    runs a loop N frames below its caller, in code built
//                   with frame pointers, so stack captures walk that deep
//   ResidentBytes() the process's resident memory (/proc/self/statm)

#ifndef POOLSIM_BENCHMARK_SUPPORT_H_
#define POOLSIM_BENCHMARK_SUPPORT_H_

#include <unistd.h>

#include <condition_variable>
#include <cstddef>
#include <cstdio>
#include <mutex>
#include <thread>

namespace poolsim_benchmark {

// IdleThread
//
// Starts a thread that waits, doing nothing, until the object is destroyed.
// glibc takes cheaper paths for locks and some atomics in a process that has
// never had a second thread; a benchmark that holds one of these for its
// whole run measures what a test binary with threads pays.
//
// Thread-compatible (create and destroy on one thread).
class IdleThread {
 public:
  IdleThread() : thread_([this] {
      std::unique_lock<std::mutex> lock(mu_);
      while (!stop_) cv_.wait(lock);
    }) {}
  ~IdleThread() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    thread_.join();
  }
  IdleThread(const IdleThread&) = delete;
  IdleThread& operator=(const IdleThread&) = delete;

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;  // guarded by mu_ (std::mutex: no annotation in this test helper)
  std::thread thread_;
};

// Descend<N>()
//
// Calls f(arg) N frames further down. Each level is a real frame (noinline,
// and the empty asm after the call keeps it from becoming a tail call).
template <int N, typename Arg>
__attribute__((noinline)) void Descend(Arg& arg, void (*f)(Arg&)) {
  if constexpr (N == 0) {
    f(arg);
  } else {
    Descend<N - 1, Arg>(arg, f);
  }
  asm volatile("" ::: "memory");
}

// ResidentBytes()
//
// Returns the process's resident memory in bytes, or 0 if /proc/self/statm
// cannot be read.
inline size_t ResidentBytes() {
  FILE* f = std::fopen("/proc/self/statm", "r");
  if (f == nullptr) return 0;
  unsigned long size = 0, resident = 0;
  const int fields = std::fscanf(f, "%lu %lu", &size, &resident);
  std::fclose(f);
  if (fields != 2) return 0;
  return resident * static_cast<size_t>(sysconf(_SC_PAGESIZE));
}

}  // namespace poolsim_benchmark

#endif  // POOLSIM_BENCHMARK_SUPPORT_H_
