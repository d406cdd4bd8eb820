// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: tests/misuse/exported_names.cc
// -----------------------------------------------------------------------------
//
// A small declaration scanner: comments, literals and preprocessor lines are
// dropped, the text is split into file-scope statements (extern "C" and
// namespace braces are transparent), and a statement that is not a type
// declaration and has a parenthesis yields the identifier just before its
// first parenthesis outside SAL annotations and attributes.

#include "tests/misuse/exported_names.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace misuse {
namespace {

// Comments, string and character literals become spaces; preprocessor
// directives (with their continuation lines) are dropped.
std::string Clean(const std::string& in) {
  std::string out;
  out.reserve(in.size());
  bool line_start = true;
  for (size_t i = 0; i < in.size();) {
    const char c = in[i];
    if (c == '/' && i + 1 < in.size() && in[i + 1] == '/') {
      while (i < in.size() && in[i] != '\n') ++i;
      continue;
    }
    if (c == '/' && i + 1 < in.size() && in[i + 1] == '*') {
      i += 2;
      while (i + 1 < in.size() && !(in[i] == '*' && in[i + 1] == '/')) ++i;
      i += 2;
      out += ' ';
      continue;
    }
    if (c == '"' || c == '\'') {
      ++i;
      while (i < in.size() && in[i] != c) i += (in[i] == '\\') ? 2 : 1;
      ++i;
      out += "\"\"";
      continue;
    }
    if (line_start && c == '#') {
      while (i < in.size() && !(in[i] == '\n' && in[i - 1] != '\\')) ++i;
      continue;
    }
    if (c == '\n') {
      line_start = true;
    } else if (!isspace(static_cast<unsigned char>(c))) {
      line_start = false;
    }
    out += c;
    ++i;
  }
  return out;
}

bool IsIdentChar(char c) {
  return isalnum(static_cast<unsigned char>(c)) || c == '_';
}

std::vector<std::string> Tokens(const std::string& text) {
  std::vector<std::string> tokens;
  for (size_t i = 0; i < text.size();) {
    if (isspace(static_cast<unsigned char>(text[i]))) {
      ++i;
    } else if (IsIdentChar(text[i])) {
      size_t j = i;
      while (j < text.size() && IsIdentChar(text[j])) ++j;
      tokens.push_back(text.substr(i, j - i));
      i = j;
    } else {
      tokens.push_back(std::string(1, text[i]));
      ++i;
    }
  }
  return tokens;
}

// Annotations and attributes whose parenthesized arguments are not the
// declarator's parameter list.
bool IsAnnotation(const std::string& token) {
  return (token.size() > 1 && token[0] == '_' &&
          (isupper(static_cast<unsigned char>(token[1])) || token[1] == '_')) ||
         absl::StartsWith(token, "DECLSPEC_") || token == "alignas" ||
         token == "decltype" || token == "noexcept" || token == "static_assert";
}

bool IsWdkName(const std::string& token) {
  if (token.size() < 3 || !isupper(static_cast<unsigned char>(token[0])))
    return false;
  bool lower = false;
  for (char c : token) {
    if (!isalnum(static_cast<unsigned char>(c))) return false;
    if (islower(static_cast<unsigned char>(c))) lower = true;
  }
  return lower;  // all-caps tokens are types and macros (VOID, NTSTATUS)
}

void ScanStatement(const std::vector<std::string>& statement, std::set<std::string>* names,
                   std::set<std::string>* absent) {
  if (statement.empty()) return;
  for (auto it = statement.begin(); it != statement.end(); ++it) {
    // Declared so that drivers compile, deliberately absent at link
    // (wdkhost/wdk/flt_functions.h): not an exported function.
    if (*it == "WDKHOST_NOT_PROVIDED") {
      if (absent != nullptr) {
        ScanStatement(std::vector<std::string>(statement.begin(), it), absent, nullptr);
      }
      return;
    }
  }
  for (const std::string& t : statement) {
    if (t == "(") break;
    if (t == "typedef" || t == "struct" || t == "union" || t == "enum" ||
        t == "using" || t == "class" || t == "static_assert") {
      return;
    }
  }
  std::string previous;
  size_t start = 0;
  if (statement[0] == "template" && statement.size() > 1 && statement[1] == "<") {
    // Skip the template parameter list (its default arguments have '=').
    int depth = 0;
    for (start = 1; start < statement.size(); ++start) {
      if (statement[start] == "<") ++depth;
      if (statement[start] == ">" && --depth == 0) break;
    }
    ++start;
  }
  for (size_t i = start; i < statement.size(); ++i) {
    const std::string& t = statement[i];
    if (t == "(") {
      if (IsAnnotation(previous)) {
        int depth = 0;
        for (; i < statement.size(); ++i) {
          if (statement[i] == "(") ++depth;
          if (statement[i] == ")" && --depth == 0) break;
        }
        previous.clear();
        continue;
      }
      if (IsWdkName(previous)) names->insert(previous);
      return;
    }
    if (t == "=" || t == "{") return;  // a variable or a type body
    previous = t;
  }
}

// Headers of the library's own test-side and conversion APIs, not WDK names.
bool IsTestSideHeader(const std::string& file) {
  return file == "simulation.h" || file == "kssim.h" ||
         file == "ntstatus_map.h";
}

}  // namespace

std::set<std::string> DeclaredFunctions(const std::string& header_text,
                                        std::set<std::string>* absent) {
  const std::vector<std::string> tokens = Tokens(Clean(header_text));
  std::set<std::string> names;
  std::vector<std::string> statement;
  // Brace depth counted only inside a statement; extern "C" { and
  // namespace x { open no statement.
  int depth = 0;
  for (size_t i = 0; i < tokens.size(); ++i) {
    const std::string& t = tokens[i];
    if (depth == 0) {
      if (t == "{" && !statement.empty() && statement[0] == "extern" &&
          std::find(statement.begin(), statement.end(), "(") ==
              statement.end()) {
        statement.clear();  // extern "C" {
        continue;
      }
      if (t == "{" && !statement.empty() && statement[0] == "namespace") {
        // C++ helpers in a namespace are not WDK names: skip the body.
        int body = 1;
        while (body > 0 && ++i < tokens.size()) {
          if (tokens[i] == "{") ++body;
          if (tokens[i] == "}") --body;
        }
        statement.clear();
        continue;
      }
      if (t == "}" && statement.empty())
        continue;  // end of extern "C" / namespace
      if (t == ";") {
        ScanStatement(statement, &names, absent);
        statement.clear();
        continue;
      }
    }
    if (t == "{") ++depth;
    if (t == "}") {
      --depth;
      if (depth == 0) {
        // The end of a function body ends its statement; a type body does
        // not (its declarators and ';' follow).
        bool type_body = false;
        for (const std::string& s : statement) {
          if (s == "(") break;
          if (s == "typedef" || s == "struct" || s == "union" || s == "enum" ||
              s == "class") {
            type_body = true;
            break;
          }
        }
        if (!type_body) {
          statement.push_back(t);
          ScanStatement(statement, &names, absent);
          statement.clear();
          continue;
        }
      }
    }
    statement.push_back(t);
  }
  return names;
}

std::map<std::string, std::string> ExportedWdkNames(std::set<std::string>* absent) {
  namespace fs = std::filesystem;
  const char* srcdir = std::getenv("TEST_SRCDIR");
  const char* workspace = std::getenv("TEST_WORKSPACE");
  const fs::path root = fs::path(srcdir != nullptr ? srcdir : ".") /
                        (workspace != nullptr ? workspace : "");
  std::map<std::string, std::string> names;
  std::vector<fs::path> headers;
  for (const fs::directory_entry& entry :
       fs::recursive_directory_iterator(root)) {
    const fs::path rel = entry.path().lexically_relative(root);
    const std::string rel_text = rel.generic_string();
    if (entry.path().extension() != ".h") continue;
    const std::string parent = rel.parent_path().filename().string();
    // Public WDK surfaces only: <layer>/wdk/*.h, not their internal/ parts,
    // their C samples, or the test-side simulation headers.
    if (parent != "wdk" || absl::StrContains(rel_text, "/internal/") ||
        absl::StrContains(rel_text, "_sample") || absl::StrContains(rel_text, "_example") ||
        absl::StartsWith(rel_text, "tests/") ||
        IsTestSideHeader(rel.filename().string())) {
      continue;
    }
    headers.push_back(rel);
  }
  std::sort(headers.begin(), headers.end());
  for (const fs::path& rel : headers) {
    std::ifstream in(root / rel);
    std::stringstream text;
    text << in.rdbuf();
    for (const std::string& name : DeclaredFunctions(text.str(), absent)) {
      if (absl::StartsWith(name, "KsSim") || absl::StartsWith(name, "Fltctx") ||
          absl::StartsWith(name, "Poolsim")) {
        continue;  // the library's own controls and helpers
      }
      names.emplace(name, rel.generic_string());
    }
  }
  return names;
}

}  // namespace misuse
