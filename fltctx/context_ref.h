// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/context_ref.h
// -----------------------------------------------------------------------------
//
// ContextRef, the owner of one context reference (core layer, C++): the
// result structs of fltctx/outcomes.h hand references out in it.
//
// IWYU pragma: private, include "fltctx/filter_manager.h"

#ifndef FLTCTX_CONTEXT_REF_H_
#define FLTCTX_CONTEXT_REF_H_

namespace fltctx {

class FilterManager;

// ContextRef
//
// Owns one reference to a context and releases it on destruction (as
// FltReleaseContext). Move-only.
//
// Thread-compatible.
class ContextRef {
 public:
  ContextRef() = default;
  ContextRef(ContextRef&& other) noexcept : manager_(other.manager_), context_(other.context_) {
    other.context_ = nullptr;
  }
  ContextRef& operator=(ContextRef&& other) noexcept {
    if (this != &other) {
      reset();
      manager_ = other.manager_;
      context_ = other.context_;
      other.context_ = nullptr;
    }
    return *this;
  }
  ContextRef(const ContextRef&) = delete;
  ContextRef& operator=(const ContextRef&) = delete;
  ~ContextRef() { reset(); }

  // Returns a ContextRef that owns one reference the caller already holds.
  static ContextRef Adopt(FilterManager* manager, void* context) {
    ContextRef r;
    r.manager_ = manager;
    r.context_ = context;
    return r;
  }

  void* get() const { return context_; }
  template <typename T>
  T* as() const {
    return static_cast<T*>(context_);
  }
  explicit operator bool() const { return context_ != nullptr; }

  // Releases the reference (if any) and becomes empty.
  void reset();

  // Gives the reference to the caller, who must release it later; returns the
  // context (null if empty) and becomes empty.
  void* TransferToCaller() {
    void* c = context_;
    context_ = nullptr;
    return c;
  }

 private:
  FilterManager* manager_ = nullptr;
  void* context_ = nullptr;
};

}  // namespace fltctx

#endif  // FLTCTX_CONTEXT_REF_H_
