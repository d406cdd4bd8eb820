// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// File: poolreport/reader.cc: poolsim's JSON reports into poolreport's data
// (nlohmann/json for the documents, libzip for Bazel's zipped outputs).

#include "poolreport/reader.h"

#include <zip.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <system_error>
#include <tuple>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "nlohmann/json.hpp"
#include "poolsim/leak_report.h"

namespace poolreport {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

// Reads typed fields of one document; the first problem is kept, with the
// path of the field ("groups[2].stack[0].line"), and later reads return
// zero values.
class Fields {
 public:
  explicit Fields(const std::string& source) : source_(source) {}

  bool ok() const { return error_.empty(); }
  absl::Status status() const {
    return ok() ? absl::OkStatus()
                : absl::InvalidArgumentError(absl::StrCat(source_, ": ", error_));
  }

  // The member `key` of `object`, or null (and an error) if absent.
  const Json* Member(const Json& object, const std::string& where, const char* key) {
    if (!ok()) return nullptr;
    if (!object.is_object()) {
      Fail(where, "is not an object");
      return nullptr;
    }
    auto it = object.find(key);
    if (it == object.end()) {
      Fail(Join(where, key), "is missing");
      return nullptr;
    }
    return &*it;
  }
  bool Has(const Json& object, const char* key) const {
    return object.is_object() && object.contains(key);
  }

  std::string String(const Json& o, const std::string& where, const char* key) {
    const Json* v = Member(o, where, key);
    if (v == nullptr) return "";
    if (!v->is_string()) return Fail(Join(where, key), "is not a string"), "";
    return v->get<std::string>();
  }
  uint64_t Unsigned(const Json& o, const std::string& where, const char* key) {
    const Json* v = Member(o, where, key);
    if (v == nullptr) return 0;
    if (!v->is_number_unsigned()) return Fail(Join(where, key), "is not an unsigned number"), 0;
    return v->get<uint64_t>();
  }
  uint32_t Unsigned32(const Json& o, const std::string& where, const char* key) {
    const uint64_t n = Unsigned(o, where, key);
    if (n > UINT32_MAX) return Fail(Join(where, key), "is out of range"), 0;
    return static_cast<uint32_t>(n);
  }
  int64_t Signed(const Json& o, const std::string& where, const char* key) {
    const Json* v = Member(o, where, key);
    if (v == nullptr) return 0;
    if (!v->is_number_integer()) return Fail(Join(where, key), "is not an integer"), 0;
    if (v->is_number_unsigned() && v->get<uint64_t>() > INT64_MAX) {
      return Fail(Join(where, key), "is out of range"), 0;
    }
    return v->get<int64_t>();
  }
  bool Bool(const Json& o, const std::string& where, const char* key) {
    const Json* v = Member(o, where, key);
    if (v == nullptr) return false;
    if (!v->is_boolean()) return Fail(Join(where, key), "is not a boolean"), false;
    return v->get<bool>();
  }
  // A "0x..." string, as the writer renders addresses and parameters.
  uint64_t HexValue(const Json& v, const std::string& where) {
    if (!ok()) return 0;
    uint64_t n = 0;
    if (!v.is_string() || !absl::StartsWith(v.get<std::string>(), "0x") ||
        !absl::SimpleHexAtoi(v.get<std::string>().substr(2), &n)) {
      return Fail(where, "is not a \"0x...\" hexadecimal string"), 0;
    }
    return n;
  }
  uint64_t Hex(const Json& o, const std::string& where, const char* key) {
    const Json* v = Member(o, where, key);
    return v == nullptr ? 0 : HexValue(*v, Join(where, key));
  }
  const Json* Array(const Json& o, const std::string& where, const char* key) {
    const Json* v = Member(o, where, key);
    if (v == nullptr) return nullptr;
    if (!v->is_array()) return Fail(Join(where, key), "is not an array"), nullptr;
    return v;
  }
  const Json* Object(const Json& o, const std::string& where, const char* key) {
    const Json* v = Member(o, where, key);
    if (v == nullptr) return nullptr;
    if (!v->is_object()) return Fail(Join(where, key), "is not an object"), nullptr;
    return v;
  }

  void Fail(const std::string& where, const char* what) {
    if (ok()) error_ = absl::StrCat(where.empty() ? "the document" : where, " ", what);
  }

  static std::string Join(const std::string& where, const char* key) {
    return where.empty() ? key : absl::StrCat(where, ".", key);
  }
  static std::string Index(const std::string& where, const char* key, size_t i) {
    return absl::StrCat(Join(where, key), "[", i, "]");
  }

 private:
  const std::string& source_;
  std::string error_;
};

Stack ReadStack(Fields& f, const Json& o, const std::string& where, const char* key) {
  Stack stack;
  const Json* frames = f.Array(o, where, key);
  if (frames == nullptr) return stack;
  for (size_t i = 0; i < frames->size() && f.ok(); ++i) {
    const Json& j = (*frames)[i];
    const std::string at = Fields::Index(where, key, i);
    Frame frame;
    frame.has_pc = f.Has(j, "pc");
    if (frame.has_pc) frame.pc = f.Hex(j, at, "pc");
    frame.function = f.String(j, at, "function");
    frame.file = f.String(j, at, "file");
    frame.line = static_cast<int>(f.Unsigned32(j, at, "line"));
    stack.push_back(std::move(frame));
  }
  return stack;
}

Block ReadBlock(Fields& f, const Json& j, const std::string& at) {
  Block b;
  b.has_address = f.Has(j, "address");
  if (b.has_address) b.address = f.Hex(j, at, "address");
  b.bytes = f.Unsigned(j, at, "bytes");
  b.pool = f.String(j, at, "pool");
  b.pool_type = f.Unsigned32(j, at, "pool_type");
  b.tag = f.String(j, at, "tag");
  b.tag_value = f.Unsigned32(j, at, "tag_value");
  b.irql = f.Unsigned32(j, at, "irql");
  b.thread = f.Unsigned32(j, at, "thread");
  b.sequence = f.Unsigned(j, at, "sequence");
  return b;
}

void ReadBugChecks(Fields& f, const Json& doc, TestReport& r) {
  const Json* list = f.Array(doc, "", "bug_checks");
  for (size_t i = 0; list != nullptr && i < list->size() && f.ok(); ++i) {
    const Json& j = (*list)[i];
    const std::string at = Fields::Index("", "bug_checks", i);
    BugCheckEntry b;
    b.code = f.Unsigned32(j, at, "code");
    b.name = f.String(j, at, "name");
    if (const Json* params = f.Array(j, at, "parameters")) {
      if (params->size() != 4) f.Fail(Fields::Join(at, "parameters"), "does not hold 4 values");
      for (size_t p = 0; p < params->size() && f.ok(); ++p) {
        b.parameters.push_back(f.HexValue((*params)[p], Fields::Index(at, "parameters", p)));
      }
    }
    b.description = f.String(j, at, "description");
    b.irql = f.Unsigned32(j, at, "irql");
    b.thread = f.Unsigned32(j, at, "thread");
    b.stack = ReadStack(f, j, at, "stack");
    b.has_block = f.Has(j, "block");
    if (b.has_block) {
      if (const Json* block = f.Object(j, at, "block")) {
        b.block = ReadBlock(f, *block, Fields::Join(at, "block"));
      }
      b.block_stack = ReadStack(f, j, at, "block_stack");
      b.free_stack = ReadStack(f, j, at, "free_stack");
    }
    r.bug_checks.push_back(std::move(b));
  }
}

void ReadObjects(Fields& f, const Json& doc, TestReport& r) {
  const Json* list = f.Array(doc, "", "objects");
  for (size_t i = 0; list != nullptr && i < list->size() && f.ok(); ++i) {
    const Json& j = (*list)[i];
    const std::string at = Fields::Index("", "objects", i);
    Object o;
    o.kind = f.String(j, at, "kind");
    o.type = f.String(j, at, "type");
    o.owner = f.String(j, at, "owner");
    o.attached_to = f.String(j, at, "attached_to");
    o.reference_count = f.Signed(j, at, "reference_count");
    o.has_address = f.Has(j, "address");
    if (o.has_address) o.address = f.Hex(j, at, "address");
    o.bytes = f.Unsigned(j, at, "bytes");
    o.pool = f.String(j, at, "pool");
    o.tag = f.String(j, at, "tag");
    o.stack = ReadStack(f, j, at, "stack");
    const Json* refs = f.Array(j, at, "references");
    for (size_t k = 0; refs != nullptr && k < refs->size() && f.ok(); ++k) {
      const std::string rat = Fields::Index(at, "references", k);
      Reference ref;
      ref.operation = f.String((*refs)[k], rat, "operation");
      ref.sequence = f.Unsigned((*refs)[k], rat, "sequence");
      ref.stack = ReadStack(f, (*refs)[k], rat, "stack");
      o.references.push_back(std::move(ref));
    }
    r.objects.push_back(std::move(o));
  }
}

void ReadGroups(Fields& f, const Json& doc, TestReport& r) {
  const Json* list = f.Array(doc, "", "groups");
  for (size_t i = 0; list != nullptr && i < list->size() && f.ok(); ++i) {
    const Json& j = (*list)[i];
    const std::string at = Fields::Index("", "groups", i);
    Group g;
    g.kind = f.String(j, at, "kind");
    if (f.ok() && g.kind != "direct" && g.kind != "indirect") {
      f.Fail(Fields::Join(at, "kind"), "is neither \"direct\" nor \"indirect\"");
    }
    g.pool = f.String(j, at, "pool");
    g.pool_type = f.Unsigned32(j, at, "pool_type");
    g.tag = f.String(j, at, "tag");
    g.tag_value = f.Unsigned32(j, at, "tag_value");
    g.bytes = f.Unsigned(j, at, "bytes");
    g.count = f.Unsigned(j, at, "count");
    g.first_sequence = f.Unsigned(j, at, "first_sequence");
    g.suppressed = f.Bool(j, at, "suppressed");
    g.suppressed_by = f.String(j, at, "suppressed_by");
    g.stack = ReadStack(f, j, at, "stack");
    const Json* blocks = f.Array(j, at, "blocks");
    for (size_t k = 0; blocks != nullptr && k < blocks->size() && f.ok(); ++k) {
      g.blocks.push_back(ReadBlock(f, (*blocks)[k], Fields::Index(at, "blocks", k)));
    }
    r.groups.push_back(std::move(g));
  }
}

void ReadSuppressions(Fields& f, const Json& doc, TestReport& r) {
  const Json* list = f.Array(doc, "", "suppressions");
  for (size_t i = 0; list != nullptr && i < list->size() && f.ok(); ++i) {
    const std::string at = Fields::Index("", "suppressions", i);
    SuppressionUse s;
    s.rule = f.String((*list)[i], at, "rule");
    s.groups = f.Unsigned((*list)[i], at, "groups");
    s.allocations = f.Unsigned((*list)[i], at, "allocations");
    s.bytes = f.Unsigned((*list)[i], at, "bytes");
    r.suppressions.push_back(std::move(s));
  }
}

// "Suite.Test" from ".../Suite.Test.json".
std::string TestFromPath(absl::string_view path) {
  std::string stem = fs::path(std::string(path)).filename().string();
  if (absl::EndsWith(stem, ".json")) stem.resize(stem.size() - 5);
  return stem;
}

// Where poolsim/testing/leak_check.cc writes inside the undeclared outputs:
// poolsim/<Suite>.<Test>.json. Other files a test leaves there are not ours.
bool IsPoolsimReportName(absl::string_view name) {
  return absl::EndsWith(name, ".json") &&
         (absl::StartsWith(name, "poolsim/") || absl::StrContains(name, "/poolsim/"));
}

// A file of a test's unzipped outputs (bazel test --nozip_undeclared_test_outputs).
bool InTestOutputs(absl::string_view path) { return absl::StrContains(path, "/test.outputs/"); }

// "<word>_<n>_of_<m>" at parts[at...at+3].
bool IsCounted(const std::vector<absl::string_view>& parts, size_t at, absl::string_view word) {
  int n = 0;
  return parts.size() >= at + 4 && parts[at] == word && parts[at + 2] == "of" &&
         absl::SimpleAtoi(parts[at + 1], &n) && absl::SimpleAtoi(parts[at + 3], &n);
}

// The folder Bazel puts between a target's and test.outputs for a sharded
// test or --runs_per_test: shard_<n>_of_<m>, run_<k>_of_<l>, or
// shard_<n>_of_<m>_run_<k>_of_<l>.
bool IsShardFolder(absl::string_view name) {
  const std::vector<absl::string_view> parts = absl::StrSplit(name, '_');
  if (parts.size() == 4) return IsCounted(parts, 0, "shard") || IsCounted(parts, 0, "run");
  return parts.size() == 8 && IsCounted(parts, 0, "shard") && IsCounted(parts, 4, "run");
}

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat(path, ": cannot read"));
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

struct ZipCloser {
  void operator()(zip_t* z) const { zip_discard(z); }
};
using ZipPtr = std::unique_ptr<zip_t, ZipCloser>;

absl::StatusOr<ZipPtr> OpenZip(const std::string& path) {
  int error = 0;
  zip_t* z = zip_open(path.c_str(), ZIP_RDONLY, &error);
  if (z == nullptr) {
    zip_error_t e;
    zip_error_init_with_code(&e, error);
    std::string message = zip_error_strerror(&e);
    zip_error_fini(&e);
    return absl::InvalidArgumentError(absl::StrCat(path, ": not a readable zip archive (", message, ")"));
  }
  return ZipPtr(z);
}

absl::Status ListZip(const std::string& path, std::vector<ReportSource>& out) {
  absl::StatusOr<ZipPtr> z = OpenZip(path);
  if (!z.ok()) return z.status();
  std::string target = TargetFromPath(path);
  const zip_int64_t n = zip_get_num_entries(z->get(), 0);
  std::vector<std::string> names;
  for (zip_int64_t i = 0; i < n; ++i) {
    const char* name = zip_get_name(z->get(), static_cast<zip_uint64_t>(i), 0);
    if (name != nullptr && IsPoolsimReportName(name)) names.emplace_back(name);
  }
  std::sort(names.begin(), names.end());
  for (std::string& name : names) {
    out.push_back({path, name, target, TestFromPath(name)});
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> ReadZipEntry(zip_t* z, const std::string& path,
                                         const std::string& entry) {
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_stat(z, entry.c_str(), 0, &st) != 0 || (st.valid & ZIP_STAT_SIZE) == 0) {
    return absl::NotFoundError(absl::StrCat(path, "!", entry, ": no such entry"));
  }
  zip_file_t* file = zip_fopen(z, entry.c_str(), 0);
  if (file == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, "!", entry, ": cannot open (", zip_strerror(z), ")"));
  }
  std::string text(static_cast<size_t>(st.size), '\0');
  const zip_int64_t got = zip_fread(file, text.data(), st.size);
  zip_fclose(file);
  if (got < 0 || static_cast<zip_uint64_t>(got) != st.size) {
    return absl::InvalidArgumentError(absl::StrCat(path, "!", entry, ": truncated entry"));
  }
  return text;
}

absl::Status AddFile(const fs::path& file, std::vector<ReportSource>& out) {
  const std::string path = file.string();
  if (absl::EndsWith(path, ".zip")) return ListZip(path, out);
  if (absl::EndsWith(path, ".json")) {
    out.push_back({path, "", TargetFromPath(path), TestFromPath(path)});
    return absl::OkStatus();
  }
  return absl::InvalidArgumentError(
      absl::StrCat(path, ": not a report (*.json) or an archive of reports (*.zip)"));
}

}  // namespace

absl::StatusOr<TestReport> ParseReport(absl::string_view json, const std::string& source,
                                       const std::string& target, const std::string& test) {
  Json doc = Json::parse(json.begin(), json.end(), /*cb=*/nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) {
    return absl::InvalidArgumentError(absl::StrCat(source, ": not valid JSON"));
  }
  TestReport r;
  r.source = source;
  r.target = target;
  r.test = test;
  Fields f(source);
  if (!doc.is_object()) {
    f.Fail("", "is not a JSON object");
    return f.status();
  }
  const uint64_t version = f.Unsigned(doc, "", "format_version");
  if (!f.ok()) return f.status();
  if (version != static_cast<uint64_t>(poolsim::kLeakReportFormatVersion)) {
    return absl::FailedPreconditionError(
        absl::StrCat(source, ": format_version ", version, ", this poolreport reads version ",
                     poolsim::kLeakReportFormatVersion));
  }
  r.format_version = static_cast<int>(version);
  r.clean = f.Bool(doc, "", "clean");
  if (const Json* s = f.Object(doc, "", "summary")) {
    r.leaked_bytes = f.Unsigned(*s, "summary", "leaked_bytes");
    r.leaked_allocations = f.Unsigned(*s, "summary", "leaked_allocations");
    r.leaked_objects = f.Unsigned(*s, "summary", "leaked_objects");
    r.bug_check_count = f.Unsigned(*s, "summary", "bug_checks");
  }
  ReadBugChecks(f, doc, r);
  ReadObjects(f, doc, r);
  ReadGroups(f, doc, r);
  ReadSuppressions(f, doc, r);
  if (!f.ok()) return f.status();
  return r;
}

std::string TargetFromPath(absl::string_view path) {
  std::vector<std::string> parts = absl::StrSplit(path, '/', absl::SkipEmpty());
  auto outputs = std::find(parts.rbegin(), parts.rend(), "test.outputs");
  if (outputs == parts.rend()) return "";
  size_t end = static_cast<size_t>(parts.rend() - outputs) - 1;  // index of test.outputs
  if (end > 0 && IsShardFolder(parts[end - 1])) --end;
  size_t begin = end;
  while (begin > 0 && parts[begin - 1] != "testlogs" && parts[begin - 1] != "bazel-testlogs") {
    --begin;
  }
  if (begin == 0 || end - begin < 1) return "";
  const std::string name = parts[end - 1];
  std::vector<std::string> package(parts.begin() + begin, parts.begin() + end - 1);
  return absl::StrCat("//", absl::StrJoin(package, "/"), ":", name);
}

absl::StatusOr<std::vector<ReportSource>> ListSources(const std::vector<std::string>& inputs) {
  std::vector<ReportSource> out;
  for (const std::string& input : inputs) {
    std::error_code ec;
    const fs::file_status st = fs::status(input, ec);
    if (ec || !fs::exists(st)) return absl::NotFoundError(absl::StrCat(input, ": no such file or folder"));
    if (!fs::is_directory(st)) {
      if (absl::Status s = AddFile(input, out); !s.ok()) return s;
      continue;
    }
    std::vector<fs::path> files;
    fs::recursive_directory_iterator it(input, fs::directory_options::follow_directory_symlink, ec);
    for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      const std::string name = it->path().filename().string();
      const std::string path = it->path().string();
      const bool wanted = absl::EndsWith(name, ".zip") ||
                          (absl::EndsWith(name, ".json") &&
                           (!InTestOutputs(path) || IsPoolsimReportName(path)));
      if (wanted && it->is_regular_file(ec)) files.push_back(it->path());
    }
    if (ec) return absl::InvalidArgumentError(absl::StrCat(input, ": ", ec.message()));
    std::sort(files.begin(), files.end());
    for (const fs::path& file : files) {
      std::vector<ReportSource> found;
      if (absl::Status s = AddFile(file, found); !s.ok()) return s;
      // A folder that does not show its target (bazel-testlogs entered with
      // cd) may still resolve to one.
      for (ReportSource& source : found) {
        if (source.target.empty()) {
          source.target = TargetFromPath(fs::weakly_canonical(file, ec).string());
        }
        out.push_back(std::move(source));
      }
    }
  }
  return out;
}

absl::StatusOr<ReportRun> ReadRun(const std::vector<std::string>& inputs,
                            const ProgressCallback& progress) {
  absl::StatusOr<std::vector<ReportSource>> sources = ListSources(inputs);
  if (!sources.ok()) return sources.status();
  ReportRun run;
  ZipPtr archive;  // the last archive opened, kept for its next entries
  std::string archive_path;
  for (const ReportSource& s : *sources) {
    const bool in_archive = !s.entry.empty();
    if (in_archive && (archive == nullptr || archive_path != s.path)) {
      absl::StatusOr<ZipPtr> z = OpenZip(s.path);
      if (!z.ok()) return z.status();
      archive = *std::move(z);
      archive_path = s.path;
    }
    absl::StatusOr<std::string> text =
        in_archive ? ReadZipEntry(archive.get(), s.path, s.entry) : ReadFile(s.path);
    if (!text.ok()) return text.status();
    const std::string name = in_archive ? absl::StrCat(s.path, "!", s.entry) : s.path;
    absl::StatusOr<TestReport> report = ParseReport(*text, name, s.target, s.test);
    if (!report.ok()) return report.status();
    run.reports.push_back(*std::move(report));
    ++run.files_read;
    if (progress) progress(run.files_read, sources->size());
  }
  std::stable_sort(run.reports.begin(), run.reports.end(),
                   [](const TestReport& a, const TestReport& b) {
                     return std::tie(a.target, a.test, a.source) < std::tie(b.target, b.test, b.source);
                   });
  return run;
}

}  // namespace poolreport
