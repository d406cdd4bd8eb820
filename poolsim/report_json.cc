// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0

#include "poolsim/report_json.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace poolsim {
namespace {

// A small writer for the one document shape we emit; it handles commas and
// string escaping.
class Json {
 public:
  std::string Take() { return std::move(out_); }

  void BeginObject() { Value("{"), first_ = true; }
  void EndObject() { out_ += "}", first_ = false; }
  void BeginArray() { Value("["), first_ = true; }
  void EndArray() { out_ += "]", first_ = false; }

  Json& Key(const char* key) {
    Comma();
    Quote(key);
    out_ += ":";
    after_key_ = true;
    return *this;
  }
  void String(const std::string& s) {
    Value("");
    Quote(s);
  }
  void Number(uint64_t n) { Value(absl::StrCat(n)); }
  void Signed(int64_t n) { Value(absl::StrCat(n)); }
  void Bool(bool b) { Value(b ? "true" : "false"); }
  void Hex(uint64_t n) { String(absl::StrFormat("0x%x", n)); }

 private:
  void Comma() {
    if (!first_) out_ += ",";
    first_ = false;
  }
  // Writes a value, with a comma unless it follows a key.
  Json& Value(const std::string& text) {
    if (after_key_) {
      after_key_ = false;
    } else {
      Comma();
    }
    out_ += text;
    return *this;
  }
  void Quote(const std::string& s) {
    out_ += '"';
    for (unsigned char c : s) {
      switch (c) {
        case '"': out_ += "\\\""; break;
        case '\\': out_ += "\\\\"; break;
        case '\n': out_ += "\\n"; break;
        case '\r': out_ += "\\r"; break;
        case '\t': out_ += "\\t"; break;
        default:
          if (c < 0x20) {
            absl::StrAppendFormat(&out_, "\\u%04x", c);
          } else {
            out_ += static_cast<char>(c);
          }
      }
    }
    out_ += '"';
  }

  std::string out_;
  bool first_ = true;
  bool after_key_ = false;
};

void Stack(Json& j, StackId stack, const JsonOptions& o) {
  j.BeginArray();
  for (const SymbolizedFrame& f : RenderedFrames(stack, o.frames)) {
    j.BeginObject();
    if (o.include_addresses) j.Key("pc").Hex(f.pc);
    j.Key("function").String(f.function);
    j.Key("file").String(f.file);
    j.Key("line").Number(static_cast<uint64_t>(f.line));
    j.EndObject();
  }
  j.EndArray();
}

void Block(Json& j, const BlockInfo& b, const JsonOptions& o) {
  j.BeginObject();
  if (o.include_addresses) j.Key("address").Hex(b.address);
  j.Key("bytes").Number(b.bytes);
  j.Key("pool").String(PoolKindName(b.kind));
  j.Key("pool_type").Number(b.pool_type);
  j.Key("tag").String(b.tag.ToString());
  j.Key("tag_value").Number(b.tag.value());
  j.Key("irql").Number(b.irql);
  j.Key("thread").Number(b.thread);
  j.Key("sequence").Number(b.sequence);
  j.EndObject();
}

}  // namespace

std::string RenderJson(const LeakReport& r, const JsonOptions& o) {
  Json j;
  j.BeginObject();
  j.Key("format_version").Number(static_cast<uint64_t>(r.format_version));
  j.Key("clean").Bool(r.clean());
  j.Key("summary").BeginObject();
  j.Key("leaked_bytes").Number(r.leaked_bytes());
  j.Key("leaked_allocations").Number(r.leaked_blocks());
  j.Key("leaked_objects").Number(r.objects.size());
  j.Key("bug_checks").Number(r.bug_checks.size());
  j.EndObject();

  j.Key("bug_checks").BeginArray();
  for (const BugCheck& b : r.bug_checks) {
    j.BeginObject();
    j.Key("code").Number(b.code);
    j.Key("name").String(BugCheckName(b.code));
    j.Key("parameters").BeginArray();
    for (uint64_t p : b.parameters) j.Hex(p);
    j.EndArray();
    j.Key("description").String(b.description);
    j.Key("irql").Number(b.irql);
    j.Key("thread").Number(b.thread);
    j.Key("stack");
    Stack(j, b.stack, o);
    if (b.has_block) {
      j.Key("block");
      Block(j, b.block, o);
      j.Key("block_stack");
      Stack(j, b.block.stack, o);
      j.Key("free_stack");
      Stack(j, b.block_free_stack, o);
    }
    j.EndObject();
  }
  j.EndArray();

  j.Key("objects").BeginArray();
  for (const LeakedObject& obj : r.objects) {
    j.BeginObject();
    j.Key("kind").String(obj.kind);
    j.Key("type").String(obj.type_name);
    j.Key("owner").String(obj.owner);
    j.Key("attached_to").String(obj.attached_to);
    j.Key("reference_count").Signed(obj.reference_count);
    if (o.include_addresses) j.Key("address").Hex(obj.address);
    j.Key("bytes").Number(obj.bytes);
    j.Key("pool").String(PoolKindName(obj.pool));
    j.Key("tag").String(obj.tag.ToString());
    // The blame first: the references never released (the first one with a
    // stack is what a failure is attributed to, BlameStack), then where the
    // object was allocated.
    j.Key("references").BeginArray();
    for (const ObjectReference& ref : obj.references) {
      j.BeginObject();
      j.Key("operation").String(ref.operation);
      j.Key("sequence").Number(ref.sequence);
      j.Key("stack");
      Stack(j, ref.stack, o);
      j.EndObject();
    }
    j.EndArray();
    j.Key("stack");
    Stack(j, obj.stack, o);
    j.EndObject();
  }
  j.EndArray();

  j.Key("groups").BeginArray();
  for (const LeakGroup& g : r.groups) {
    j.BeginObject();
    j.Key("kind").String(g.indirect ? "indirect" : "direct");
    j.Key("pool").String(PoolKindName(g.kind));
    j.Key("pool_type").Number(g.pool_type);
    j.Key("tag").String(g.tag.ToString());
    j.Key("tag_value").Number(g.tag.value());
    j.Key("bytes").Number(g.total_bytes);
    j.Key("count").Number(g.count);
    j.Key("first_sequence").Number(g.first_sequence);
    j.Key("suppressed").Bool(g.suppressed);
    j.Key("suppressed_by").String(g.suppressed_by);
    j.Key("stack");
    Stack(j, g.stack, o);
    j.Key("blocks").BeginArray();
    for (const BlockInfo& b : g.blocks) Block(j, b, o);
    j.EndArray();
    j.EndObject();
  }
  j.EndArray();

  j.Key("suppressions").BeginArray();
  for (const SuppressionHit& h : r.suppressions_used) {
    j.BeginObject();
    j.Key("rule").String(h.rule);
    j.Key("groups").Number(h.groups);
    j.Key("allocations").Number(h.blocks);
    j.Key("bytes").Number(h.bytes);
    j.EndObject();
  }
  j.EndArray();
  j.EndObject();
  return j.Take() + "\n";
}

}  // namespace poolsim
