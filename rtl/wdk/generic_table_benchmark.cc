// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: rtl/wdk/generic_table_benchmark.cc
// -----------------------------------------------------------------------------
//
// What a generic-table operation costs on the simulated kernel, for N
// elements with keys in random order (each element a pool block from the
// driver's allocate routine, ExAllocatePoolWithTag with stack capture):
//
//   fill/<form>/N     insert N elements, then delete them (Time per element)
//   lookup/<form>/N   one lookup in a table of N elements
//     form: splay  RTL_GENERIC_TABLE;  avl  RTL_AVL_TABLE
//
//   ./bazelw run --config=opt //rtl/wdk:generic_table_benchmark

#include <algorithm>
#include <numeric>
#include <random>
#include <vector>

#include "benchmark/benchmark.h"
#include "poolsim/environment.h"
#include "rtl/wdk/rtl.h"
#include "rtl/wdk/rtl_c_sample.h"

namespace {

std::vector<ULONG> Shuffled(ULONG n) {
  std::vector<ULONG> keys(n);
  std::iota(keys.begin(), keys.end(), 0u);
  std::shuffle(keys.begin(), keys.end(), std::mt19937(7));
  return keys;
}

template <typename T>
void Init(T* t);
template <>
void Init(RTL_GENERIC_TABLE* t) {
  RtlInitializeGenericTable(t, SampleCompare, SampleAllocate, SampleFree, nullptr);
}
template <>
void Init(RTL_AVL_TABLE* t) {
  RtlInitializeGenericTableAvl(t, SampleCompareAvl, SampleAllocateAvl, SampleFreeAvl, nullptr);
}
PVOID Insert(RTL_GENERIC_TABLE* t, SAMPLE_ENTRY* e) {
  return RtlInsertElementGenericTable(t, e, sizeof(*e), nullptr);
}
PVOID Insert(RTL_AVL_TABLE* t, SAMPLE_ENTRY* e) {
  return RtlInsertElementGenericTableAvl(t, e, sizeof(*e), nullptr);
}
PVOID Lookup(RTL_GENERIC_TABLE* t, SAMPLE_ENTRY* e) { return RtlLookupElementGenericTable(t, e); }
PVOID Lookup(RTL_AVL_TABLE* t, SAMPLE_ENTRY* e) { return RtlLookupElementGenericTableAvl(t, e); }
BOOLEAN Delete(RTL_GENERIC_TABLE* t, SAMPLE_ENTRY* e) {
  return RtlDeleteElementGenericTable(t, e);
}
BOOLEAN Delete(RTL_AVL_TABLE* t, SAMPLE_ENTRY* e) { return RtlDeleteElementGenericTableAvl(t, e); }

template <typename T>
void BM_Fill(benchmark::State& state) {
  poolsim::Environment env;
  poolsim::ScopedEnvironment scope(&env);
  const std::vector<ULONG> keys = Shuffled(static_cast<ULONG>(state.range(0)));
  for (auto _ : state) {
    T t;
    Init(&t);
    for (ULONG k : keys) {
      SAMPLE_ENTRY e{k, k};
      benchmark::DoNotOptimize(Insert(&t, &e));
    }
    for (ULONG k : keys) {
      SAMPLE_ENTRY e{k, k};
      benchmark::DoNotOptimize(Delete(&t, &e));
    }
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(keys.size()));
}

template <typename T>
void BM_Lookup(benchmark::State& state) {
  poolsim::Environment env;
  poolsim::ScopedEnvironment scope(&env);
  const std::vector<ULONG> keys = Shuffled(static_cast<ULONG>(state.range(0)));
  T t;
  Init(&t);
  for (ULONG k : keys) {
    SAMPLE_ENTRY e{k, k};
    Insert(&t, &e);
  }
  std::mt19937 random(11);
  for (auto _ : state) {
    SAMPLE_ENTRY e{static_cast<ULONG>(random() % keys.size()), 0};
    benchmark::DoNotOptimize(Lookup(&t, &e));
  }
  for (ULONG k : keys) {
    SAMPLE_ENTRY e{k, k};
    Delete(&t, &e);
  }
}

BENCHMARK_TEMPLATE(BM_Fill, RTL_GENERIC_TABLE)->Name("fill/splay")->Arg(1000)->Arg(100000);
BENCHMARK_TEMPLATE(BM_Fill, RTL_AVL_TABLE)->Name("fill/avl")->Arg(1000)->Arg(100000);
BENCHMARK_TEMPLATE(BM_Lookup, RTL_GENERIC_TABLE)->Name("lookup/splay")->Arg(1000)->Arg(100000);
BENCHMARK_TEMPLATE(BM_Lookup, RTL_AVL_TABLE)->Name("lookup/avl")->Arg(1000)->Arg(100000);

}  // namespace
