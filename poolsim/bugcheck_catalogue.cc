// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: poolsim/bugcheck_catalogue.cc
// -----------------------------------------------------------------------------
//
// The catalogue's storage, lookups and the building of bug checks from rows.
// Lock order: Catalogue::mu is a leaf.

#include "poolsim/bugcheck_catalogue.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_format.h"
#include "poolsim/internal/lock.h"

namespace poolsim {
namespace poolsim_internal {
// poolsim's own table (poolsim/bugcheck_rules.cc).
const std::vector<const StopCode*>& PoolsimStopCodes();
const std::vector<const BugCheckRule*>& PoolsimBugCheckRules();
}  // namespace poolsim_internal

namespace {

using poolsim_internal::Mutex;
using poolsim_internal::MutexLock;

class Catalogue {
 public:
  Catalogue() {
    MutexLock lock(&mu_);
    AddLocked("poolsim", poolsim_internal::PoolsimStopCodes(),
              poolsim_internal::PoolsimBugCheckRules());
  }

  void Add(const char* layer, const std::vector<const StopCode*>& codes,
           const std::vector<const BugCheckRule*>& rules) {
    MutexLock lock(&mu_);
    AddLocked(layer, codes, rules);
  }

  std::vector<CataloguedRule> Rules() const {
    MutexLock lock(&mu_);
    return rules_;
  }

  std::vector<const StopCode*> StopCodes() const {
    MutexLock lock(&mu_);
    return codes_;
  }

  const StopCode* FindStopCode(uint32_t code) const {
    MutexLock lock(&mu_);
    for (const StopCode* s : codes_) {
      if (s->code == code) return s;
    }
    return nullptr;
  }

  const BugCheckRule* Find(uint32_t code, uint64_t subcode) const {
    MutexLock lock(&mu_);
    const BugCheckRule* fallback = nullptr;
    for (const CataloguedRule& e : rules_) {
      const BugCheckRule& r = *e.rule;
      if (r.code() != code) continue;
      if (r.has_subcode() && r.subcode == subcode) return &r;
      if (!r.has_subcode() && fallback == nullptr) fallback = &r;
    }
    return fallback;
  }

  const BugCheckRule* FindFor(const BugCheck& b) const {
    MutexLock lock(&mu_);
    const BugCheckRule* fallback = nullptr;
    for (const CataloguedRule& e : rules_) {
      const BugCheckRule& r = *e.rule;
      if (r.code() != b.code) continue;
      if (r.has_subcode() && r.subcode == b.parameters[r.subcode_parameter]) return &r;
      if (!r.has_subcode() && fallback == nullptr) fallback = &r;
    }
    return fallback;
  }

  bool Contains(const BugCheckRule* rule) const {
    MutexLock lock(&mu_);
    return std::any_of(rules_.begin(), rules_.end(),
                       [&](const CataloguedRule& e) { return e.rule == rule; });
  }

 private:
  void AddLocked(const char* layer, const std::vector<const StopCode*>& codes,
                 const std::vector<const BugCheckRule*>& rules)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    if (std::find(layers_.begin(), layers_.end(), std::string(layer)) != layers_.end()) return;
    layers_.emplace_back(layer);
    for (const StopCode* code : codes) {
      const bool known = std::any_of(codes_.begin(), codes_.end(),
                                     [&](const StopCode* s) { return s->code == code->code; });
      if (!known) codes_.push_back(code);
    }
    std::sort(codes_.begin(), codes_.end(),
              [](const StopCode* a, const StopCode* b) { return a->code < b->code; });
    for (const BugCheckRule* rule : rules) rules_.push_back(CataloguedRule{layer, rule});
  }

  mutable Mutex mu_;
  std::vector<std::string> layers_ ABSL_GUARDED_BY(mu_);
  std::vector<const StopCode*> codes_ ABSL_GUARDED_BY(mu_);  // by code
  std::vector<CataloguedRule> rules_ ABSL_GUARDED_BY(mu_);
};

Catalogue& Get() {
  static Catalogue* catalogue = new Catalogue();
  return *catalogue;
}

[[noreturn]] void Fail(const std::string& message) {
  std::fprintf(stderr, "poolsim: bug-check catalogue: %s\n", message.c_str());
  std::fflush(stderr);
  std::abort();
}

}  // namespace

void RegisterBugCheckTable(const char* layer, std::initializer_list<const StopCode*> stop_codes,
                           std::initializer_list<const BugCheckRule*> rules) {
  Get().Add(layer, std::vector<const StopCode*>(stop_codes),
            std::vector<const BugCheckRule*>(rules));
}

std::vector<CataloguedRule> AllBugCheckRules() { return Get().Rules(); }

std::vector<const StopCode*> AllStopCodes() { return Get().StopCodes(); }

const StopCode* FindStopCode(uint32_t code) { return Get().FindStopCode(code); }

const BugCheckRule* FindBugCheckRule(uint32_t code, uint64_t subcode) {
  return Get().Find(code, subcode);
}

const BugCheckRule* FindBugCheckRuleFor(const BugCheck& bug_check) {
  if (bug_check.rule != nullptr) return bug_check.rule;
  return Get().FindFor(bug_check);
}

bool IsCatalogued(const BugCheckRule& rule) { return Get().Contains(&rule); }

const char* BugCheckName(uint32_t code) {
  const StopCode* stop = FindStopCode(code);
  return stop != nullptr ? stop->name : "UNKNOWN_BUGCHECK";
}

BugCheck MakeBugCheck(const BugCheckRule& rule, std::initializer_list<uint64_t> others,
                      std::string description) {
  BugCheck b;
  b.code = rule.code();
  b.rule = &rule;
  b.description = std::move(description);
  const size_t room = rule.has_subcode() ? 3 : 4;
  if (others.size() > room) {
    Fail(absl::StrFormat("row %s takes %u parameter(s) besides its sub-code, not %u", rule.id,
                         room, others.size()));
  }
  auto next = others.begin();
  for (int i = 0; i < 4; ++i) {
    if (i == rule.subcode_parameter) {
      b.parameters[i] = rule.subcode;
    } else if (next != others.end()) {
      b.parameters[i] = *next++;
    }
  }
  return b;
}

BugCheck MakeDriverBugCheck(uint32_t code, const std::array<uint64_t, 4>& parameters,
                            std::string description) {
  BugCheck b;
  b.code = code;
  b.parameters = parameters;
  b.description = std::move(description);
  return b;
}

namespace poolsim_internal {

void CheckCatalogued(const BugCheck& b) {
  if (b.rule == nullptr) return;  // by value: a driver-requested stop
  const BugCheckRule& r = *b.rule;
  if (!IsCatalogued(r)) {
    Fail(absl::StrFormat("row %s (0x%X) was raised but its layer never registered its table "
                         "(RegisterBugCheckTable / BugCheckTableRegistrar)",
                         r.id, r.code()));
  }
  if (b.code != r.code() ||
      (r.has_subcode() && b.parameters[r.subcode_parameter] != r.subcode)) {
    Fail(absl::StrFormat("bug check 0x%X (0x%X, ...) does not match its row %s", b.code,
                         b.parameters[0], r.id));
  }
}

}  // namespace poolsim_internal
}  // namespace poolsim
