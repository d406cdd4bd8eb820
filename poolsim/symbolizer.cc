// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: poolsim/symbolizer.cc
// -----------------------------------------------------------------------------
//
// Reads names, file:line and inline chains from a module's DWARF with libdw
// (elfutils). Each module gets its own Dwfl session, reported with bias 0 so
// that module addresses are the offsets stack_trace.cc computes.
//
// Lock order: SymbolCache::mu_, then nothing (libdw calls no user code).

#include "poolsim/symbolizer.h"

#include <cxxabi.h>
#include <dwarf.h>
#include <elfutils/libdw.h>
#include <elfutils/libdwfl.h>

#include <cstdlib>
#include <memory>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "poolsim/internal/lock.h"

namespace poolsim {
namespace poolsim_internal {
namespace {

const Dwfl_Callbacks* OfflineCallbacks() {
  static const Dwfl_Callbacks* callbacks = [] {
    auto* c = new Dwfl_Callbacks();
    c->find_elf = dwfl_build_id_find_elf;
    c->find_debuginfo = dwfl_standard_find_debuginfo;
    c->section_address = dwfl_offline_section_address;
    c->debuginfo_path = nullptr;
    return c;
  }();
  return callbacks;
}

// Joins a line-table path to the compilation directory, as addr2line does.
std::string WithCompDir(const char* path, const char* comp_dir) {
  if (path == nullptr) return "";
  if (path[0] == '/' || comp_dir == nullptr || comp_dir[0] == '\0') return path;
  return absl::StrCat(comp_dir, "/", path);
}

const char* CompDir(Dwarf_Die* cu) {
  Dwarf_Attribute attr;
  return dwarf_formstring(dwarf_attr(cu, DW_AT_comp_dir, &attr));
}

// The demangled linkage name of a function DIE, following abstract origins
// and specifications; "" when it has none (line-tables-only debug info
// leaves it out for members and functions with internal linkage).
std::string LinkageName(Dwarf_Die* die) {
  Dwarf_Attribute attr;
  for (int name : {DW_AT_linkage_name, DW_AT_MIPS_linkage_name}) {
    const char* linkage = dwarf_formstring(dwarf_attr_integrate(die, name, &attr));
    if (linkage != nullptr) return Demangle(linkage);
  }
  return "";
}

// The DIE's own, unqualified name.
std::string PlainName(Dwarf_Die* die) {
  Dwarf_Attribute attr;
  const char* plain = dwarf_formstring(dwarf_attr_integrate(die, DW_AT_name, &attr));
  return plain != nullptr ? plain : "";
}

// One module's Dwfl session and its answers so far.
class ModuleInfo {
 public:
  explicit ModuleInfo(const std::string& path) : dwfl_(dwfl_begin(OfflineCallbacks())) {
    if (dwfl_ == nullptr) return;
    dwfl_report_begin(dwfl_);
    // Base 0 added to the segments' own addresses: bias 0.
    module_ = dwfl_report_elf(dwfl_, "module", path.c_str(), -1, 0, /*add_p_vaddr=*/true);
    dwfl_report_end(dwfl_, nullptr, nullptr);
  }
  ~ModuleInfo() {
    if (dwfl_ != nullptr) dwfl_end(dwfl_);
  }
  ModuleInfo(const ModuleInfo&) = delete;
  ModuleInfo& operator=(const ModuleInfo&) = delete;

  const std::vector<SourceLocation>& Find(uintptr_t offset) {
    auto it = cache_.find(offset);
    if (it == cache_.end()) it = cache_.emplace(offset, Compute(offset)).first;
    return it->second;
  }

 private:
  std::vector<SourceLocation> Compute(uintptr_t offset) {
    std::vector<SourceLocation> chain;
    if (module_ == nullptr) return chain;
    const Dwarf_Addr addr = offset;
    SourceLocation here;
    Dwarf_Addr bias = 0;
    Dwarf_Die* cu = dwfl_module_addrdie(module_, addr, &bias);
    if (Dwfl_Line* line = dwfl_module_getsrc(module_, addr)) {
      int number = 0;
      const char* file = dwfl_lineinfo(line, nullptr, &number, nullptr, nullptr, nullptr);
      if (file != nullptr && number > 0) {
        here.file = WithCompDir(file, cu != nullptr ? CompDir(cu) : nullptr);
        here.line = number;
      }
    }
    Dwarf_Die* scopes = nullptr;
    int n = cu != nullptr ? dwarf_getscopes(cu, addr - bias, &scopes) : -1;
    Dwarf_Files* files = nullptr;
    size_t file_count = 0;
    for (int i = 0; i < n; ++i) {
      Dwarf_Die scope = scopes[i];
      const int tag = dwarf_tag(&scope);
      if (tag != DW_TAG_subprogram && tag != DW_TAG_inlined_subroutine &&
          tag != DW_TAG_entry_point) {
        continue;
      }
      here.function = LinkageName(&scope);
      // A function that was not inlined is a symbol of its own, whose
      // mangled name says what line-tables-only DWARF leaves out.
      if (here.function.empty() && tag != DW_TAG_inlined_subroutine) here.function = SymbolName(addr);
      if (here.function.empty()) here.function = PlainName(&scope);
      chain.push_back(std::move(here));
      here = SourceLocation();
      if (tag != DW_TAG_inlined_subroutine) break;
      // The next function out is where this one was inlined: the call site.
      Dwarf_Attribute attr;
      Dwarf_Word call_file = 0, call_line = 0;
      if (files == nullptr) dwarf_getsrcfiles(cu, &files, &file_count);
      if (dwarf_formudata(dwarf_attr(&scope, DW_AT_call_file, &attr), &call_file) == 0 &&
          dwarf_formudata(dwarf_attr(&scope, DW_AT_call_line, &attr), &call_line) == 0 &&
          files != nullptr && call_file < file_count && call_line > 0) {
        here.file = WithCompDir(dwarf_filesrc(files, call_file, nullptr, nullptr), CompDir(cu));
        here.line = static_cast<int>(call_line);
      }
      // dwarf_getscopes continues with the inlined function's own
      // definition; the caller is among the scopes holding this instance.
      free(scopes);
      scopes = nullptr;
      n = dwarf_getscopes_die(&scope, &scopes);
      i = 0;  // scopes[0] is the instance itself
    }
    free(scopes);
    if (chain.empty()) {
      // No DWARF for this function: the symbol table's name, if any.
      here.function = SymbolName(addr);
      if (!here.function.empty() || !here.file.empty()) chain.push_back(std::move(here));
    }
    return chain;
  }

  // The demangled name of the symbol-table entry holding `addr`, or "".
  std::string SymbolName(Dwarf_Addr addr) {
    const char* symbol = dwfl_module_addrname(module_, addr);
    return symbol != nullptr ? Demangle(symbol) : "";
  }

  Dwfl* dwfl_;
  Dwfl_Module* module_ = nullptr;
  absl::flat_hash_map<uintptr_t, std::vector<SourceLocation>> cache_;
};

// Every module looked up so far. Never destroyed: reports may be rendered
// from static destructors.
//
// Thread-safe.
class SymbolCache {
 public:
  std::vector<SourceLocation> Find(const std::string& module, uintptr_t offset) {
    MutexLock lock(&mu_);
    std::unique_ptr<ModuleInfo>& info = modules_[module];
    if (info == nullptr) info = std::make_unique<ModuleInfo>(module);
    return info->Find(offset);
  }

 private:
  Mutex mu_;
  absl::flat_hash_map<std::string, std::unique_ptr<ModuleInfo>> modules_ ABSL_GUARDED_BY(mu_);
};

}  // namespace

std::string Demangle(const char* name) {
  int status = 0;
  char* demangled = abi::__cxa_demangle(name, nullptr, nullptr, &status);
  if (status != 0 || demangled == nullptr) return name;
  std::string out(demangled);
  free(demangled);
  return out;
}

std::vector<SourceLocation> LookUpAddress(const std::string& module, uintptr_t offset) {
  if (module.empty()) return {};
  static SymbolCache* cache = new SymbolCache();
  return cache->Find(module, offset);
}

}  // namespace poolsim_internal
}  // namespace poolsim
