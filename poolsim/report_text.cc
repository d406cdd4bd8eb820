// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: poolsim/report_text.cc
// -----------------------------------------------------------------------------
//
// The text renderer, and the frame trimming both renderers share
// (RenderedFrames). Layer: poolsim core.

#include "poolsim/report_text.h"

#include <algorithm>
#include <iterator>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/string_view.h"

namespace poolsim {
namespace {

// The frames a rendering trims: the options' own lists plus, when asked,
// every registered layer's.
struct FrameLists {
  std::vector<std::string> library_functions;
  std::vector<std::string> library_files;
  std::vector<std::string> harness_functions;
  std::vector<std::string> dispatch_functions;
};

FrameLists ListsFor(const TextOptions& o) {
  FrameLists lists{o.library_prefixes, o.library_files, o.harness_namespaces,
                   o.dispatch_namespaces};
  if (!o.use_registered_layers) return lists;
  for (const LayerFrames& layer : RegisteredLayerFrames()) {
    auto append = [](std::vector<std::string>* to, const std::vector<std::string>& from) {
      to->insert(to->end(), from.begin(), from.end());
    };
    append(&lists.library_functions, layer.library_functions);
    append(&lists.library_files, layer.library_files);
    append(&lists.harness_functions, layer.harness_functions);
    append(&lists.dispatch_functions, layer.dispatch_functions);
  }
  return lists;
}

// Returns true if and only if `f` belongs to whatever called the driver:
// GoogleTest, the C runtime, or a layer's harness (such as a simulated I/O
// manager that dispatches to a filter's callbacks).
bool IsHarnessFrame(const SymbolizedFrame& f, const FrameLists& lists) {
  if (absl::StartsWith(f.function, "__libc_start") || f.function == "main" ||
      f.function == "_start") {
    return true;
  }
  return std::any_of(lists.harness_functions.begin(), lists.harness_functions.end(),
                     [&](const std::string& ns) { return FunctionInNamespace(f.function, ns); });
}

// Returns true if and only if `f` is a layer calling the driver on behalf of
// the test (a simulated I/O manager): left out, the stack goes on below it.
bool IsDispatchFrame(const SymbolizedFrame& f, const FrameLists& lists) {
  return std::any_of(lists.dispatch_functions.begin(), lists.dispatch_functions.end(),
                     [&](const std::string& ns) { return FunctionInNamespace(f.function, ns); });
}

bool IsLibraryFrame(const SymbolizedFrame& f, const FrameLists& lists) {
  return std::any_of(lists.library_functions.begin(), lists.library_functions.end(),
                     [&](const std::string& p) { return absl::StartsWith(f.function, p); }) ||
         std::any_of(lists.library_files.begin(), lists.library_files.end(),
                     [&](const std::string& p) { return absl::EndsWith(f.file, p); });
}

// What an indirect group is the storage of: the kind of the leaked objects
// whose blocks it holds (by address when the report has the blocks, else by
// pool and tag), or "object" when that is not one kind.
std::string StorageOwnerKind(const LeakReport& r, const LeakGroup& g) {
  std::string kind;
  for (const LeakedObject& obj : r.objects) {
    if (obj.block == 0) continue;
    const bool held =
        g.blocks.empty()
            ? obj.pool == g.kind && obj.tag == g.tag
            : std::any_of(g.blocks.begin(), g.blocks.end(),
                          [&](const BlockInfo& b) { return b.address == obj.block; });
    if (!held) continue;
    if (!kind.empty() && kind != obj.kind) return "object";
    kind = obj.kind;
  }
  return kind.empty() ? "object" : kind;
}

std::string FileName(std::string path) {
  // Bazel compiles with -fdebug-prefix-map to /proc/self/cwd.
  constexpr absl::string_view kCwd = "/proc/self/cwd/";
  if (absl::StartsWith(path, kCwd)) path.erase(0, kCwd.size());
  // Bazel sandboxes make absolute paths long and machine-specific: keep the
  // workspace-relative part when there is one.
  for (const char* marker : {"/execroot/", "/sandbox/"}) {
    const size_t at = path.rfind(marker);
    if (at != std::string::npos) {
      // .../execroot/<workspace>/pkg/file.cc -> pkg/file.cc
      const size_t ws = path.find('/', at + std::string(marker).size());
      if (ws != std::string::npos) return path.substr(ws + 1);
    }
  }
  return path;
}

void AppendStack(std::string* out, StackId stack, const TextOptions& o) {
  const std::vector<SymbolizedFrame> frames = RenderedFrames(stack, o);
  if (frames.empty()) {
    absl::StrAppend(out, "    (no stack captured)\n");
    return;
  }
  int i = 0;
  for (const SymbolizedFrame& f : frames) {
    absl::StrAppendFormat(out, "    #%d ", i++);
    if (o.show_addresses) absl::StrAppendFormat(out, "0x%x ", f.pc);
    absl::StrAppend(out, f.function.empty() ? "<unknown>" : f.function);
    if (!f.file.empty()) absl::StrAppendFormat(out, " %s:%d", FileName(f.file), f.line);
    out->push_back('\n');
  }
}

std::string PoolTypeSuffix(PoolKind kind, uint32_t pool_type) {
  // Show the exact POOL_TYPE when it says more than the pool kind.
  switch (pool_type) {
    case 0:
    case 1:
      return "";
    case 512:
      return " (NonPagedPoolNx)";
    case 4:
      return " (NonPagedPoolCacheAligned)";
    case 5:
      return " (PagedPoolCacheAligned)";
    case 516:
      return " (NonPagedPoolNxCacheAligned)";
    default:
      return absl::StrFormat(" (POOL_TYPE %u)", pool_type);
  }
}

}  // namespace

std::vector<SymbolizedFrame> RenderedFrames(StackId stack, const TextOptions& o) {
  std::vector<SymbolizedFrame> frames =
      o.symbolizer ? o.symbolizer(stack) : Symbolize(stack, /*with_file_line=*/true);
  if (o.trim_library_frames) {
    const FrameLists lists = ListsFor(o);
    auto is_machinery = [&](const SymbolizedFrame& f) {
      return o.trim_call_machinery && IsCallMachineryFrame(f.function);
    };
    auto first = std::find_if_not(frames.begin(), frames.end(), [&](const SymbolizedFrame& f) {
      return IsLibraryFrame(f, lists) || is_machinery(f);
    });
    auto last = std::find_if(first, frames.end(),
                             [&](const SymbolizedFrame& f) { return IsHarnessFrame(f, lists); });
    // Dispatch frames, and library frames below the driver's (the library
    // code a dispatcher runs around a callback), are left out; the frames
    // of the driver and of the test that issued the request stay.
    std::vector<SymbolizedFrame> kept;
    std::copy_if(first, last, std::back_inserter(kept), [&](const SymbolizedFrame& f) {
      return !is_machinery(f) && !IsDispatchFrame(f, lists) && !IsLibraryFrame(f, lists);
    });
    // A stack with nothing but library, dispatch or harness frames is shown
    // whole.
    if (!kept.empty()) frames = std::move(kept);
  }
  if (o.max_frames > 0 && static_cast<int>(frames.size()) > o.max_frames) {
    frames.resize(static_cast<size_t>(o.max_frames));
  }
  return frames;
}

StackId BlameStack(const LeakedObject& object) {
  for (const ObjectReference& ref : object.references) {
    if (ref.stack != kNoStack) return ref.stack;
  }
  return object.stack;
}

std::string RenderBugCheckText(const BugCheck& b, const TextOptions& o) {
  std::string out = absl::StrFormat("*** BUG CHECK 0x%08X %s (0x%X, 0x%X, 0x%X, 0x%X)\n", b.code,
                                    BugCheckName(b.code), b.parameters[0], b.parameters[1],
                                    b.parameters[2], b.parameters[3]);
  absl::StrAppendFormat(&out, "  %s\n", b.description);
  absl::StrAppendFormat(&out, "  at %s on thread %u, from:\n", IrqlName(b.irql), b.thread);
  AppendStack(&out, b.stack, o);
  if (b.has_block) {
    absl::StrAppendFormat(&out, "  The allocation: %u byte(s) from %s%s, tag '%s'", b.block.bytes,
                          PoolKindName(b.block.kind),
                          PoolTypeSuffix(b.block.kind, b.block.pool_type), b.block.tag.ToString());
    if (o.show_addresses) absl::StrAppendFormat(&out, " at 0x%x", b.block.address);
    absl::StrAppendFormat(&out, ", allocation #%u at %s on thread %u, from:\n", b.block.sequence,
                          IrqlName(b.block.irql), b.block.thread);
    AppendStack(&out, b.block.stack, o);
    if (b.block_free_stack != kNoStack) {
      absl::StrAppend(&out, "  It was already freed, from:\n");
      AppendStack(&out, b.block_free_stack, o);
    }
  }
  return out;
}

std::string RenderTagUsage(const std::vector<TagUsage>& usage) {
  std::string out = absl::StrFormat(" %-6s %15s %15s %15s %15s %13s\n", "Tag", "NP Allocs",
                                    "NP Used", "P Allocs", "P Used", "Frees");
  for (const TagUsage& u : usage) {
    absl::StrAppendFormat(&out, " %-6s %15u %15u %15u %15u %13u\n", u.tag.ToString(),
                          u.nonpaged_allocations, u.nonpaged_bytes, u.paged_allocations,
                          u.paged_bytes, u.nonpaged_frees + u.paged_frees);
  }
  return out;
}

std::string RenderCounters(const PoolCounters& c) {
  std::string out;
  absl::StrAppendFormat(&out, "RaiseIrqls                             0x%x\n", c.raise_irqls);
  absl::StrAppendFormat(&out, "AcquireSpinLocks                       0x%x\n",
                        c.acquire_spin_locks);
  absl::StrAppendFormat(&out, "Pool Allocations Attempted             0x%x\n",
                        c.allocations_attempted);
  absl::StrAppendFormat(&out, "Pool Allocations Succeeded             0x%x\n",
                        c.allocations_succeeded);
  absl::StrAppendFormat(&out, "Pool Allocations With NO TAG           0x%x\n",
                        c.allocations_with_no_tag);
  absl::StrAppendFormat(&out, "Pool Allocations Failed                0x%x\n",
                        c.allocations_failed);
  absl::StrAppendFormat(&out, "Current paged pool allocations         0x%x for %08X bytes\n",
                        c.current_paged_allocations, c.current_paged_bytes);
  absl::StrAppendFormat(&out, "Peak paged pool allocations            0x%x for %08X bytes\n",
                        c.peak_paged_allocations, c.peak_paged_bytes);
  absl::StrAppendFormat(&out, "Current nonpaged pool allocations      0x%x for %08X bytes\n",
                        c.current_nonpaged_allocations, c.current_nonpaged_bytes);
  absl::StrAppendFormat(&out, "Peak nonpaged pool allocations         0x%x for %08X bytes\n",
                        c.peak_nonpaged_allocations, c.peak_nonpaged_bytes);
  return out;
}

std::string RenderText(const LeakReport& r, const TextOptions& o) {
  if (r.groups.empty() && r.objects.empty() && r.bug_checks.empty()) return "";
  std::string out = absl::StrFormat("==== poolsim report (format %d) ====\n", r.format_version);
  for (const BugCheck& b : r.bug_checks) {
    absl::StrAppend(&out, "\n", RenderBugCheckText(b, o));
  }
  for (const LeakedObject& obj : r.objects) {
    absl::StrAppendFormat(&out,
                          "\nLeaked %s: %s of %s, %u byte(s) from %s, tag '%s', %s, "
                          "reference count %d",
                          obj.kind, obj.type_name, obj.owner, obj.bytes, PoolKindName(obj.pool),
                          obj.tag.ToString(), obj.attached_to, obj.reference_count);
    if (o.show_addresses) absl::StrAppendFormat(&out, ", at 0x%x", obj.address);
    if (obj.references.empty()) {
      absl::StrAppend(&out, ", allocated at:\n");
      AppendStack(&out, obj.stack, o);
      continue;
    }
    // The blame first: what took a reference and never released it.
    absl::StrAppend(&out, "\n");
    int n = 1;
    for (const ObjectReference& ref : obj.references) {
      absl::StrAppendFormat(&out, "  Reference %d of %u, taken by %s and never released, at:\n",
                            n++, obj.references.size(), ref.operation);
      AppendStack(&out, ref.stack, o);
    }
    absl::StrAppend(&out, "  Allocated at:\n");
    AppendStack(&out, obj.stack, o);
  }
  for (const LeakGroup& g : r.groups) {
    if (g.suppressed) continue;
    absl::StrAppendFormat(&out, "\n%s leak of %u byte(s) in %u allocation(s) from %s%s, tag '%s'",
                          g.indirect ? "Indirect" : "Direct", g.total_bytes, g.count,
                          PoolKindName(g.kind), PoolTypeSuffix(g.kind, g.pool_type),
                          g.tag.ToString());
    if (g.indirect) {
      absl::StrAppend(&out, " (storage of a leaked ", StorageOwnerKind(r, g), " above)");
    }
    absl::StrAppend(&out, ", allocated at:\n");
    AppendStack(&out, g.stack, o);
    for (const BlockInfo& b : g.blocks) {
      absl::StrAppendFormat(&out, "    allocation #%u: %u byte(s)", b.sequence, b.bytes);
      if (o.show_addresses) absl::StrAppendFormat(&out, " at 0x%x", b.address);
      absl::StrAppendFormat(&out, ", %s, thread %u\n", IrqlName(b.irql), b.thread);
    }
  }
  if (!r.suppressions_used.empty()) {
    absl::StrAppend(&out, "\nSuppressions used:\n  count      bytes template\n");
    for (const SuppressionHit& h : r.suppressions_used) {
      absl::StrAppendFormat(&out, "  %5u %10u %s\n", h.blocks, h.bytes, h.rule);
    }
  }
  size_t direct = 0;
  for (const LeakGroup& g : r.groups) {
    if (!g.suppressed && !g.indirect) direct += g.total_bytes;
  }
  absl::StrAppendFormat(&out,
                        "\nSUMMARY: poolsim: %u byte(s) leaked in %u allocation(s) (%u direct), "
                        "%u object(s) still referenced, %u bug check(s).\n",
                        r.leaked_bytes(), r.leaked_blocks(), direct, r.objects.size(),
                        r.bug_checks.size());
  return out;
}

}  // namespace poolsim
