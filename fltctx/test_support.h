// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/test_support.h
// -----------------------------------------------------------------------------
//
// Shared fixture for fltctx's own core tests: an Environment whose bug checks
// are recorded instead of ending the process, a FilterManager on it, and
// helpers to register a filter and build objects. Test-only.

#ifndef FLTCTX_TEST_SUPPORT_H_
#define FLTCTX_TEST_SUPPORT_H_

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "fltctx/filter_manager.h"
#include "absl/base/thread_annotations.h"
#include "gtest/gtest.h"
#include "poolsim/bugcheck.h"
#include "poolsim/environment.h"
#include "poolsim/internal/lock.h"

namespace fltctx {
namespace testing {

inline constexpr uint32_t kTag = poolsim::PoolTag::FromChars("Ctx1").value();

// Returns a registration entry with a pool tag.
inline ContextRegistrationEntry Entry(ContextType type, size_t size, uint16_t flags = 0,
                                      uint32_t tag = kTag) {
  ContextRegistrationEntry e;
  e.type_bits = ContextTypeBit(type);
  e.size = size;
  e.flags = flags;
  e.pool_tag = tag;
  return e;
}

inline poolsim::Options QuietEnvironmentOptions() {
  poolsim::Options o;
  o.backend = poolsim::Backend::kSystem;
  return o;
}

class FilterManagerTest : public ::testing::Test {
 public:
  FilterManagerTest() : env_(QuietEnvironmentOptions()) {
    env_.SetBugCheckHandler([this](const poolsim::BugCheck& b) {
      poolsim::poolsim_internal::MutexLock l(&mu_);
      checks_.push_back(b);
    });
  }

  ~FilterManagerTest() override { fm_.reset(); }

  // (Re)creates the FilterManager with `options`.
  FilterManager& Make(Options options = {}) {
    fm_.reset();
    fm_ = std::make_unique<FilterManager>(env_, std::move(options));
    return *fm_;
  }

  FilterManager& fm() {
    if (!fm_) Make();
    return *fm_;
  }

  // Registers and starts a filter; fails the test on error.
  Filter* Register(std::vector<ContextRegistrationEntry> entries, FilterCallbacks callbacks = {},
                   std::string name = "filter.sys") {
    FilterRegistration r;
    r.name = std::move(name);
    r.contexts = std::move(entries);
    r.callbacks = std::move(callbacks);
    Filter* f = nullptr;
    EXPECT_EQ(fm().RegisterFilter(std::move(r), &f), RegisterOutcome::kRegistered);
    if (f != nullptr) {
      EXPECT_EQ(fm().StartFiltering(f), StartOutcome::kStarted);
    }
    return f;
  }

  // A filter with one fixed 64-byte definition for every type.
  Filter* RegisterAllTypes(uint32_t tag = kTag, FilterCallbacks callbacks = {},
                           std::function<void(void*, ContextType)> cleanup = nullptr,
                           std::string name = "filter.sys") {
    std::vector<ContextRegistrationEntry> entries;
    for (int t = 0; t < kContextTypeCount; ++t) {
      ContextRegistrationEntry e = Entry(static_cast<ContextType>(t), 64, 0, tag);
      e.cleanup = cleanup;
      entries.push_back(std::move(e));
    }
    return Register(std::move(entries), std::move(callbacks), std::move(name));
  }

  ContextRef Alloc(Filter* f, ContextType type, size_t size = 64,
                   poolsim::PoolKind pool = poolsim::PoolKind::kNonPaged) {
    AllocateResult r = fm().Allocate(f, type, size, pool,
                                     pool == poolsim::PoolKind::kPaged ? 1u : 512u);
    EXPECT_EQ(r.outcome, AllocateOutcome::kAllocated);
    return std::move(r.context);
  }

  int64_t Refs(const ContextRef& c) { return fm().Inspect(c.get()).reference_count; }
  int64_t Refs(const void* c) { return fm().Inspect(c).reference_count; }

  std::vector<poolsim::BugCheck> Checks() {
    poolsim::poolsim_internal::MutexLock l(&mu_);
    return checks_;
  }
  void ClearChecks() {
    poolsim::poolsim_internal::MutexLock l(&mu_);
    checks_.clear();
  }

  poolsim::Environment env_;
  std::unique_ptr<FilterManager> fm_;

 private:
  poolsim::poolsim_internal::Mutex mu_;
  std::vector<poolsim::BugCheck> checks_ ABSL_GUARDED_BY(mu_);
};

// ObjectsTest
//
// A FilterManagerTest with one filter registered for every context type, a
// volume, an instance, a stream and an open file object on it.
class ObjectsTest : public FilterManagerTest {
 protected:
  void SetUpObjects(FilterCallbacks callbacks = {},
                    std::function<void(void*, ContextType)> cleanup = nullptr,
                    VolumeOptions vo = {}) {
    filter_ = RegisterAllTypes(kTag, std::move(callbacks), std::move(cleanup));
    volume_ = fm().CreateVolume(vo);
    instance_ = fm().AttachInstance(filter_, volume_);
    ASSERT_NE(instance_, nullptr);
    stream_ = fm().CreateStream(volume_, StreamOptions{});
    fo_ = fm().OpenFileObject(stream_);
  }

  ContextTarget Target(ContextType t) {
    switch (t) {
      case ContextType::kVolume:
        return ContextTarget::VolumeOf(filter_, volume_);
      case ContextType::kInstance:
        return ContextTarget::InstanceOf(instance_);
      case ContextType::kTransaction:
        if (tx_ == nullptr) tx_ = fm().CreateTransaction();
        return ContextTarget::TransactionOf(instance_, tx_);
      default:
        return ContextTarget::OnFileObject(t, instance_, fo_);
    }
  }

  Filter* filter_ = nullptr;
  Volume* volume_ = nullptr;
  Instance* instance_ = nullptr;
  Stream* stream_ = nullptr;
  FileObject* fo_ = nullptr;
  Transaction* tx_ = nullptr;
};

}  // namespace testing
}  // namespace fltctx

#endif  // FLTCTX_TEST_SUPPORT_H_
