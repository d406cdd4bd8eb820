// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: tests/misuse/wdk_calls.cc
// -----------------------------------------------------------------------------
//
// The WDK-call interpreter: one operation per leading byte, its arguments
// from the bytes that follow (0 past the end). The interpreter keeps its own
// books of what it holds (blocks, list entries, context references, name
// references, spin locks, IRQL raises) so that it can release all of it at
// the end and compare with the pool's.

#include "tests/misuse/wdk_calls.h"

#include <fltKernel.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <vector>

#include "absl/strings/str_cat.h"
#include "fltctx/filter_manager.h"
#include "fltctx/wdk/file_names.h"
#include "fltctx/wdk/simulation.h"
#include "poolsim/environment.h"

namespace misuse {
namespace {

constexpr ULONG kTag = 0x7A46574D;  // "MWFz"
constexpr int kLists = 2;
constexpr int kLocks = 2;

const FLT_CONTEXT_REGISTRATION kContexts[] = {
    {FLT_STREAM_CONTEXT, 0, nullptr, 24, kTag, nullptr, nullptr, nullptr},
    {FLT_INSTANCE_CONTEXT, 0, nullptr, 24, kTag, nullptr, nullptr, nullptr},
    {FLT_STREAMHANDLE_CONTEXT, FLTFL_CONTEXT_REGISTRATION_NO_EXACT_SIZE_MATCH, nullptr, 16,
     kTag, nullptr, nullptr, nullptr},
    {FLT_CONTEXT_END, 0, nullptr, 0, 0, nullptr, nullptr, nullptr}};

class Interpreter {
 public:
  Interpreter(const uint8_t* data, size_t size, const size_t* bug_checks)
      : data_(data), size_(size), bug_checks_(bug_checks) {}

  void Run(fltctx::FilterManager& manager) {
    manager_ = &manager;
    FLT_REGISTRATION registration = {};
    registration.Size = sizeof(registration);
    registration.Version = FLT_REGISTRATION_VERSION;
    registration.ContextRegistration = kContexts;
    if (FltRegisterFilter(nullptr, &registration, &filter_) != STATUS_SUCCESS ||
        FltStartFiltering(filter_) != STATUS_SUCCESS) {
      broken_ = "the interpreter's filter did not register";
      return;
    }
    volume_ = fltctx::wdk::CreateVolume(manager);
    instance_ = fltctx::wdk::AttachInstance(filter_, volume_);
    for (KSPIN_LOCK& lock : locks_) KeInitializeSpinLock(&lock);
    while (pos_ < size_ && calls_ < 4096) Step();
    Cleanup();
  }

  size_t calls() const { return calls_; }
  const std::string& broken() const { return broken_; }

 private:
  struct List {
    NPAGED_LOOKASIDE_LIST storage;
    bool initialized = false;
    std::vector<void*> entries;  // handed out, not given back
  };

  // Runs one call; returns true if it raised a bug check. The library's rule
  // (docs/contributing.md): a call that reports a violation changes nothing,
  // so the interpreter's books do not change either.
  template <typename Call>
  bool Refused(Call&& call) {
    const size_t before = *bug_checks_;
    call();
    return *bug_checks_ != before;
  }

  uint8_t Byte() { return pos_ < size_ ? data_[pos_++] : 0; }
  uint16_t Word() { return static_cast<uint16_t>(Byte() | (Byte() << 8)); }
  template <typename T>
  size_t Pick(const std::vector<T>& v) {
    return v.empty() ? 0 : Byte() % v.size();
  }

  void Step() {
    ++calls_;
    const uint8_t op = Byte();
    if (trace_) std::fprintf(stderr, "wdk_calls: op %d at byte %zu\n", op % 16, pos_ - 1);
    switch (op % 16) {
      case 0: return Allocate();
      case 1: return Free();
      case 2: return Raise();
      case 3: return Lower();
      case 4: return AcquireLock();
      case 5: return ReleaseLock();
      case 6: return ListInitialize();
      case 7: return ListAllocate();
      case 8: return ListFree();
      case 9: return ListDelete();
      case 10: return ContextAllocate();
      case 11: return ContextSet();
      case 12: return ContextGet();
      case 13: return ContextRelease();
      case 14: return FileOpenOrClose();
      default: return NameQuery();
    }
  }

  // Pool.
  void Allocate() {
    const uint8_t how = Byte();
    SIZE_T bytes = Word();
    if (how & 0x80) bytes = ~SIZE_T{0} >> (how & 0x7);  // huge
    ULONG tag = (how & 0x40) ? 0 : kTag;
    PVOID p = nullptr;
    switch (how % 4) {
      case 0: p = ExAllocatePool2((how & 0x20) ? POOL_FLAG_PAGED : POOL_FLAG_NON_PAGED, bytes, tag);
        break;
      case 1: p = ExAllocatePoolWithTag(static_cast<POOL_TYPE>(Byte() % 12), bytes, tag); break;
      case 2: p = ExAllocatePoolZero(NonPagedPoolNx, bytes, tag); break;
      default: p = ExAllocatePoolWithTagPriority(PagedPool, bytes, tag, NormalPoolPriority);
    }
    if (p != nullptr) blocks_.push_back(p);
  }

  void Free() {
    const uint8_t how = Byte();
    if (blocks_.empty() || how % 6 == 5) {
      int on_stack = 0;
      ExFreePoolWithTag((how & 1) ? nullptr : static_cast<PVOID>(&on_stack), kTag);
      return;
    }
    const size_t i = Pick(blocks_);
    PVOID p = blocks_[i];
    bool refused = false;
    switch (how % 6) {
      case 0:
      case 1: refused = Refused([&] { ExFreePoolWithTag(p, kTag); }); break;
      case 2: refused = Refused([&] { ExFreePool(p); }); break;
      case 3: ExFreePoolWithTag(p, kTag ^ 1); return;                   // refused
      case 4: ExFreePoolWithTag(static_cast<char*>(p) + 8, kTag); return;  // refused
    }
    if (refused) return;
    blocks_.erase(blocks_.begin() + static_cast<std::ptrdiff_t>(i));
    freed_.push_back(p);
    if (how & 0x80) ExFreePoolWithTag(p, kTag);  // and again: refused
  }

  // IRQL.
  void Raise() {
    const KIRQL before = KeGetCurrentIrql();
    const uint8_t level = Byte();
    KIRQL old = PASSIVE_LEVEL;
    KeRaiseIrql(level % 40, (level & 0x80) ? nullptr : &old);
    if (KeGetCurrentIrql() != before) raised_.push_back(before);
  }

  void Lower() {
    const uint8_t how = Byte();
    if (raised_.empty() || (how & 1)) {
      KeLowerIrql(static_cast<KIRQL>(how));  // garbage: refused unless a lowering
    } else {
      KeLowerIrql(raised_.back());
      raised_.pop_back();
    }
    TrimRaised();
  }

  // Drops recorded raises the thread is no longer above.
  void TrimRaised() {
    const KIRQL now = KeGetCurrentIrql();
    while (!raised_.empty() && raised_.back() >= now) raised_.pop_back();
  }

  // Spin locks.
  void AcquireLock() {
    const uint8_t how = Byte();
    KSPIN_LOCK* lock = (how & 0x40) ? nullptr : &locks_[how % kLocks];
    const KIRQL before = KeGetCurrentIrql();
    KIRQL old = PASSIVE_LEVEL;
    if (how & 0x20) {
      KeAcquireSpinLockAtDpcLevel(lock);
    } else {
      KeAcquireSpinLock(lock, &old);
    }
    if (KeGetCurrentIrql() != before) raised_.push_back(before);
  }

  void ReleaseLock() {
    const uint8_t how = Byte();
    KSPIN_LOCK* lock = (how & 0x40) ? nullptr : &locks_[how % kLocks];
    if (how & 0x20) {
      KeReleaseSpinLockFromDpcLevel(lock);
    } else {
      const KIRQL to = (how & 0x80) ? static_cast<KIRQL>(Byte())
                                    : (raised_.empty() ? PASSIVE_LEVEL : raised_.back());
      KeReleaseSpinLock(lock, to);
    }
    TrimRaised();
  }

  // Lookaside lists.
  void ListInitialize() {
    const uint8_t how = Byte();
    List& l = lists_[how % kLists];
    if (l.initialized && !(how & 0x80)) return;
    const bool refused = Refused([&] {
      ExInitializeNPagedLookasideList(&l.storage, nullptr, nullptr, 0,
                                      (how & 0x40) ? 1 : 32 + how, kTag, 0);
    });
    if (!refused) l.initialized = true;
  }

  void ListAllocate() {
    List& l = lists_[Byte() % kLists];
    if (!l.initialized) std::memset(static_cast<void*>(&l.storage), 0x5A, sizeof(l.storage));
    PVOID entry = ExAllocateFromNPagedLookasideList(&l.storage);
    if (entry != nullptr) l.entries.push_back(entry);
  }

  void ListFree() {
    const uint8_t how = Byte();
    List& l = lists_[how % kLists];
    if (l.entries.empty() || (how & 0x40)) {
      ExFreeToNPagedLookasideList(&l.storage, (how & 0x20) ? nullptr : &l);  // foreign
      return;
    }
    const size_t i = Pick(l.entries);
    PVOID entry = l.entries[i];
    if (how & 0x10) {
      if (Refused([&] { ExFreePoolWithTag(entry, kTag); })) return;  // behind the list's back...
      ExFreeToNPagedLookasideList(&l.storage, entry);                 // ...then to it: refused
    } else if (Refused([&] { ExFreeToNPagedLookasideList(&l.storage, entry); })) {
      return;
    }
    l.entries.erase(l.entries.begin() + static_cast<std::ptrdiff_t>(i));
  }

  void ListDelete() {
    List& l = lists_[Byte() % kLists];
    const bool refused = Refused([&] { ExDeleteNPagedLookasideList(&l.storage); });
    if (l.initialized && !refused) {
      l.initialized = false;
      // Entries still out are the driver's pool blocks now.
      for (void* e : l.entries) blocks_.push_back(e);
      l.entries.clear();
    }
  }

  // Contexts.
  void ContextAllocate() {
    const uint8_t how = Byte();
    static const FLT_CONTEXT_TYPE kTypes[] = {FLT_STREAM_CONTEXT, FLT_INSTANCE_CONTEXT,
                                              FLT_STREAMHANDLE_CONTEXT, FLT_FILE_CONTEXT,
                                              static_cast<FLT_CONTEXT_TYPE>(0x3)};
    const FLT_CONTEXT_TYPE type = kTypes[how % 5];
    const SIZE_T bytes = (how & 0x80) ? Word() : (type == FLT_STREAMHANDLE_CONTEXT ? 8 : 24);
    const POOL_TYPE pool = (how & 0x40) ? static_cast<POOL_TYPE>(Byte()) : NonPagedPoolNx;
    PFLT_CONTEXT context = nullptr;
    if (FltAllocateContext(filter_, type, bytes, pool, (how & 0x20) ? nullptr : &context) ==
            STATUS_SUCCESS &&
        context != nullptr) {
      contexts_.push_back(context);
    }
  }

  void ContextSet() {
    const uint8_t how = Byte();
    PFLT_CONTEXT context = contexts_.empty() ? nullptr : contexts_[Pick(contexts_)];
    const FLT_SET_CONTEXT_OPERATION op =
        (how & 0x40) ? static_cast<FLT_SET_CONTEXT_OPERATION>(how) : FLT_SET_CONTEXT_KEEP_IF_EXISTS;
    PFLT_CONTEXT old = nullptr;
    NTSTATUS status;
    if ((how & 1) || files_.empty()) {
      status = FltSetInstanceContext(instance_, op, context, (how & 2) ? &old : nullptr);
    } else {
      status = FltSetStreamContext(instance_, files_[Pick(files_)], op, context,
                                   (how & 2) ? &old : nullptr);
    }
    (void)status;
    if (old != nullptr) contexts_.push_back(old);  // a reference given to the caller
  }

  void ContextGet() {
    const uint8_t how = Byte();
    PFLT_CONTEXT context = nullptr;
    PFLT_CONTEXT* out = (how & 0x80) ? nullptr : &context;
    // Now and then a forged instance or file object: looked up, reported.
    uint64_t forged[16] = {};
    PFLT_INSTANCE instance = (how & 0x40) ? reinterpret_cast<PFLT_INSTANCE>(forged) : instance_;
    if ((how & 1) || files_.empty()) {
      FltGetInstanceContext(instance, out);
    } else {
      PFILE_OBJECT file_object =
          (how & 0x20) ? reinterpret_cast<PFILE_OBJECT>(forged) : files_[Pick(files_)];
      FltGetStreamContext(instance, file_object, out);
    }
    if (context != nullptr) contexts_.push_back(context);
  }

  void ContextRelease() {
    const uint8_t how = Byte();
    if (contexts_.empty() || (how & 0x40)) {
      FltReleaseContext(released_.empty() || (how & 0x20) ? nullptr : released_[Pick(released_)]);
      return;
    }
    const size_t i = Pick(contexts_);
    PFLT_CONTEXT context = contexts_[i];
    if (how & 0x10) FltDeleteContext(context);
    if (Refused([&] { FltReleaseContext(context); })) return;
    contexts_.erase(contexts_.begin() + static_cast<std::ptrdiff_t>(i));
    released_.push_back(context);
  }

  // Files and names.
  void FileOpenOrClose() {
    const uint8_t how = Byte();
    if ((how & 1) || files_.empty()) {
      if (files_.size() < 8) files_.push_back(fltctx::wdk::OpenFile(volume_));
      return;
    }
    const size_t i = Pick(files_);
    fltctx::wdk::CloseFileObject(files_[i]);
    files_.erase(files_.begin() + static_cast<std::ptrdiff_t>(i));
  }

  void NameQuery() {
    const uint8_t how = Byte();
    PFILE_OBJECT file_object = files_.empty() ? nullptr : files_[Pick(files_)];
    PFLT_FILE_NAME_INFORMATION info = nullptr;
    FltGetFileNameInformationUnsafe(file_object, instance_,
                                    static_cast<FLT_FILE_NAME_OPTIONS>(
                                        (how & 0x80) ? how : FLT_FILE_NAME_NORMALIZED),
                                    (how & 0x40) ? nullptr : &info);
    if (info == nullptr) return;
    if (how & 1) FltParseFileNameInformation(info);
    if (Refused([&] { FltReleaseFileNameInformation(info); })) {
      names_.push_back(info);
      return;
    }
    if (how & 2) FltReleaseFileNameInformation(info);  // refused
  }

  void Cleanup() {
    if (KeGetCurrentIrql() > DISPATCH_LEVEL) KeLowerIrql(DISPATCH_LEVEL);
    for (KSPIN_LOCK& lock : locks_) {
      if (!KeTestSpinLock(&lock)) {
        if (KeGetCurrentIrql() < DISPATCH_LEVEL) {
          KIRQL old;
          KeRaiseIrql(DISPATCH_LEVEL, &old);
        }
        KeReleaseSpinLockFromDpcLevel(&lock);
      }
    }
    if (KeGetCurrentIrql() != PASSIVE_LEVEL) KeLowerIrql(PASSIVE_LEVEL);
    for (PFLT_CONTEXT c : contexts_) FltReleaseContext(c);
    for (PFLT_FILE_NAME_INFORMATION n : names_) FltReleaseFileNameInformation(n);
    for (PFILE_OBJECT f : files_) fltctx::wdk::CloseFileObject(f);
    for (List& l : lists_) {
      if (!l.initialized) continue;
      for (void* e : l.entries) ExFreeToNPagedLookasideList(&l.storage, e);
      ExDeleteNPagedLookasideList(&l.storage);
    }
    for (PVOID p : blocks_) ExFreePoolWithTag(p, kTag);
    FltUnregisterFilter(filter_);
  }

  const uint8_t* data_;
  size_t size_;
  // WDK_CALLS_TRACE=1 prints each operation (to debug a broken invariant).
  const bool trace_ = std::getenv("WDK_CALLS_TRACE") != nullptr;
  size_t pos_ = 0;
  size_t calls_ = 0;
  std::string broken_;
  fltctx::FilterManager* manager_ = nullptr;
  PFLT_FILTER filter_ = nullptr;
  PFLT_VOLUME volume_ = nullptr;
  PFLT_INSTANCE instance_ = nullptr;
  std::vector<PVOID> blocks_, freed_;
  std::vector<KIRQL> raised_;
  KSPIN_LOCK locks_[kLocks] = {};
  List lists_[kLists];
  std::vector<PFLT_CONTEXT> contexts_, released_;
  std::vector<PFILE_OBJECT> files_;
  std::vector<PFLT_FILE_NAME_INFORMATION> names_;
  const size_t* bug_checks_;
};

}  // namespace

WdkCallsResult RunWdkCalls(const uint8_t* data, size_t size) {
  poolsim::Options options;
  options.backend = poolsim::Backend::kSystem;  // every block visible to ASan
  options.spin_timeout_ms = 5;
  options.wait_timeout_ms = 5;
  poolsim::Environment env(options);
  WdkCallsResult result;
  const bool trace = std::getenv("WDK_CALLS_TRACE") != nullptr;
  env.SetBugCheckHandler([&](const poolsim::BugCheck& b) {
    ++result.bug_checks;
    if (trace) std::fprintf(stderr, "wdk_calls:   0x%X %s\n", b.code, b.description.c_str());
  });
  poolsim::ScopedEnvironment install_env(&env);
  {
    fltctx::FilterManager manager(env);
    fltctx::ScopedFilterManager install_manager(&manager);
    Interpreter interpreter(data, size, &result.bug_checks);
    interpreter.Run(manager);
    result.calls = interpreter.calls();
    result.broken = interpreter.broken();
  }
  if (result.broken.empty() && KeGetCurrentIrql() != PASSIVE_LEVEL) {
    result.broken = "the thread was left above PASSIVE_LEVEL";
  }
  if (result.broken.empty()) {
    const std::vector<poolsim::BlockInfo> live = env.LiveBlocks();
    if (!live.empty()) {
      result.broken = absl::StrCat(live.size(), " pool block(s) left after every holder released "
                                                "(first: ",
                                   live[0].tag.ToString(), ", ", live[0].bytes, " bytes)");
    }
  }
  return result;
}

}  // namespace misuse
