// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// File: poolreport/html_test.cc: the page's structure, parsed with libxml2's
// HTML parser and queried with XPath: the ids, tables, data attributes,
// stacks, chart and diff marks docs and scripts rely on (poolreport/html.h).

#include "poolreport/html.h"

#include <libxml/HTMLparser.h>
#include <libxml/xpath.h>

#include <memory>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "poolreport/reader.h"

namespace poolreport {
namespace {

ReportRun Read(const std::string& input) {
  absl::StatusOr<ReportRun> run = ReadRun({input});
  EXPECT_TRUE(run.ok()) << run.status();
  return run.ok() ? *std::move(run) : ReportRun{};
}

// A parsed page and XPath queries on it.
class ParsedPage {
 public:
  explicit ParsedPage(const std::string& html)
      : doc_(htmlReadMemory(html.data(), static_cast<int>(html.size()), "page.html", "utf-8",
                            HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET),
             xmlFreeDoc) {}

  bool ok() const { return doc_ != nullptr; }

  // The nodes `xpath` selects.
  std::vector<xmlNodePtr> All(const std::string& xpath) const {
    std::vector<xmlNodePtr> out;
    std::unique_ptr<xmlXPathContext, decltype(&xmlXPathFreeContext)> ctx(
        xmlXPathNewContext(doc_.get()), xmlXPathFreeContext);
    std::unique_ptr<xmlXPathObject, decltype(&xmlXPathFreeObject)> result(
        xmlXPathEvalExpression(reinterpret_cast<const xmlChar*>(xpath.c_str()), ctx.get()),
        xmlXPathFreeObject);
    EXPECT_NE(result, nullptr) << "bad XPath " << xpath;
    if (result == nullptr || result->nodesetval == nullptr) return out;
    for (int i = 0; i < result->nodesetval->nodeNr; ++i) out.push_back(result->nodesetval->nodeTab[i]);
    return out;
  }
  size_t Count(const std::string& xpath) const { return All(xpath).size(); }

  static std::string Attribute(xmlNodePtr node, const char* name) {
    xmlChar* v = xmlGetProp(node, reinterpret_cast<const xmlChar*>(name));
    if (v == nullptr) return "";
    std::string s(reinterpret_cast<const char*>(v));
    xmlFree(v);
    return s;
  }
  static std::string Text(xmlNodePtr node) {
    xmlChar* v = xmlNodeGetContent(node);
    std::string s(v ? reinterpret_cast<const char*>(v) : "");
    xmlFree(v);
    return s;
  }

 private:
  std::unique_ptr<xmlDoc, decltype(&xmlFreeDoc)> doc_;
};

// Class test in XPath 1.0.
std::string HasClass(const char* cls) {
  return std::string("contains(concat(' ', normalize-space(@class), ' '), ' ") + cls + " ')";
}

TEST(HtmlTest, APageOfOneRunHasEveryPart) {
  const std::string html = RenderHtml(Read("poolreport/testdata/old/testlogs"));
  ParsedPage page(html);
  ASSERT_TRUE(page.ok());
  for (const char* id : {"totals", "tag-chart", "by-tag", "by-test", "by-frame", "groups",
                         "bug-checks", "objects"}) {
    EXPECT_EQ(page.Count(std::string("//*[@id='") + id + "']"), 1u) << id;
  }
  EXPECT_EQ(page.Count("//*[@id='diff']"), 0u);
  // Self-contained: no external resource at all.
  EXPECT_EQ(page.Count("//script[@src] | //link[@rel='stylesheet'] | //img[@src]"), 0u);
  EXPECT_EQ(page.Count("//meta[@http-equiv='Content-Security-Policy']"), 1u);
  EXPECT_EQ(html.find("http://www.w3.org/2000/svg") , html.rfind("http://"));
  EXPECT_EQ(html.find("https://"), std::string::npos);

  // Every table sorts; every sortable header says how.
  EXPECT_EQ(page.Count("//table[not(" + HasClass("sortable") + ")]"), 0u);
  const size_t headers = page.Count("//table[@id='by-tag']//th[@data-sort]");
  EXPECT_EQ(headers, 5u);
  EXPECT_EQ(page.Count("//table[@id='by-tag']//th[@data-sort='number']"), 3u);

  // Totals.
  std::vector<xmlNodePtr> totals = page.All("//*[@id='totals']");
  ASSERT_EQ(totals.size(), 1u);
  EXPECT_EQ(ParsedPage::Attribute(totals[0], "data-bytes"), "240");
  EXPECT_EQ(ParsedPage::Attribute(totals[0], "data-bug-checks"), "1");

  // The chart: one bar per tag with its bytes.
  std::vector<xmlNodePtr> bars = page.All("//svg[@id='tag-chart']/g[" + HasClass("bar") + "]");
  ASSERT_EQ(bars.size(), 3u);
  EXPECT_EQ(ParsedPage::Attribute(bars[0], "data-tag"), "MfNm");
  EXPECT_EQ(ParsedPage::Attribute(bars[0], "data-bytes"), "128");
  EXPECT_EQ(page.Count("//svg[@id='tag-chart']/g/rect"), 3u);

  // Groups: one unit each, with data attributes and a hidden stack with file:line.
  std::vector<xmlNodePtr> groups = page.All("//table[@id='groups']/tbody[" + HasClass("group") + "]");
  ASSERT_EQ(groups.size(), 3u);
  for (xmlNodePtr g : groups) {
    EXPECT_NE(ParsedPage::Attribute(g, "data-test"), "");
    EXPECT_NE(ParsedPage::Attribute(g, "data-tag"), "");
    EXPECT_NE(ParsedPage::Attribute(g, "data-pool"), "");
    EXPECT_NE(ParsedPage::Attribute(g, "data-bytes"), "");
  }
  std::vector<xmlNodePtr> toggles = page.All("//table[@id='groups']//button[" + HasClass("toggle") + "]");
  ASSERT_EQ(toggles.size(), 3u);
  for (xmlNodePtr t : toggles) {
    const std::string target = ParsedPage::Attribute(t, "aria-controls");
    EXPECT_EQ(ParsedPage::Attribute(t, "aria-expanded"), "false");
    EXPECT_EQ(page.Count("//tr[" + HasClass("stack") + " and @id='" + target + "' and @hidden]"), 1u)
        << target;
  }
  std::vector<xmlNodePtr> locs = page.All("//table[@id='groups']/tbody[@data-tag='MfNm']//li[" + HasClass("frame") +
                                          "]/span[" + HasClass("loc") + "]");
  ASSERT_FALSE(locs.empty());
  EXPECT_EQ(ParsedPage::Text(locs[0]), "drivers/filter.c:42");

  // Bug checks: stop code, name, four parameters, the catalogue's meaning.
  std::vector<xmlNodePtr> bc = page.All("//table[@id='bug-checks']/tbody[" + HasClass("bug-check") + "]");
  ASSERT_EQ(bc.size(), 1u);
  EXPECT_EQ(ParsedPage::Attribute(bc[0], "data-code"), "0xC2");
  EXPECT_EQ(page.Count("//table[@id='bug-checks']//ol[" + HasClass("parameters") + "]/li"), 4u);
  std::vector<xmlNodePtr> meaning = page.All("//table[@id='bug-checks']//td[" + HasClass("meaning") + "]");
  ASSERT_EQ(meaning.size(), 1u);
  EXPECT_NE(ParsedPage::Text(meaning[0]).find("a double free: the block was already freed"),
            std::string::npos);
  EXPECT_NE(ParsedPage::Text(bc[0]).find("BAD_POOL_CALLER"), std::string::npos);

  // Objects: the reference never released, with its stack.
  std::vector<xmlNodePtr> objects = page.All("//table[@id='objects']/tbody[" + HasClass("object") + "]");
  ASSERT_EQ(objects.size(), 1u);
  EXPECT_NE(ParsedPage::Text(objects[0]).find("FltGetStreamContext (never released)"),
            std::string::npos);
  EXPECT_NE(ParsedPage::Text(objects[0]).find("drivers/filter.c:150"), std::string::npos);
}

TEST(HtmlTest, TheDiffViewMarksNewLeaks) {
  const ReportRun old_run = Read("poolreport/testdata/old/testlogs");
  const ReportRun new_run = Read("poolreport/testdata/new/testlogs");
  const RunDiff diff = DiffRuns(old_run, new_run);
  HtmlOptions options;
  options.diff = &diff;
  ParsedPage page(RenderHtml(new_run, options));
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page.Count("//*[@id='diff']//table[@id='diff-table']"), 1u);
  EXPECT_EQ(page.Count("//table[@id='diff-table']/tbody[@data-change]"), diff.entries.size());
  EXPECT_EQ(page.Count("//table[@id='diff-table']/tbody[@data-change='new']"), 1u);
  EXPECT_EQ(page.Count("//table[@id='diff-table']/tbody[@data-change='fixed']"), 2u);
  EXPECT_EQ(page.Count("//table[@id='diff-table']/tbody[@data-change='grew']"), 1u);
  // The group that is new in this run is marked in the groups table too.
  std::vector<xmlNodePtr> marked =
      page.All("//table[@id='groups']/tbody[@data-change='new' and " + HasClass("new") + "]");
  ASSERT_EQ(marked.size(), 1u);
  EXPECT_EQ(ParsedPage::Attribute(marked[0], "data-tag"), "MfRg");
  EXPECT_EQ(page.Count("//table[@id='groups']/tbody"), 3u);
  // The new run has no object still referenced: the table says so.
  EXPECT_EQ(page.Count("//table[@id='objects']/following-sibling::p[" + HasClass("none") + "]"), 1u);
  EXPECT_EQ(page.Count("//table[@id='groups']/following-sibling::p[" + HasClass("none") + "]"), 0u);
}

TEST(HtmlTest, NewObjectsAndBugChecksAreMarkedToo) {
  // Going back from the new run to the old one brings the context leak back.
  const ReportRun old_run = Read("poolreport/testdata/new/testlogs");
  const ReportRun new_run = Read("poolreport/testdata/old/testlogs");
  const RunDiff diff = DiffRuns(old_run, new_run);
  HtmlOptions options;
  options.diff = &diff;
  ParsedPage page(RenderHtml(new_run, options));
  EXPECT_EQ(page.Count("//table[@id='objects']/tbody[@data-change='new' and " + HasClass("new") + "]"), 1u);
  EXPECT_EQ(page.Count("//table[@id='bug-checks']/tbody[@data-change='new']"), 0u);
  EXPECT_EQ(page.Count("//table[@id='groups']/tbody[@data-change='new' and @data-tag='MfCx']"), 1u);

  ReportRun empty;
  const RunDiff all_new = DiffRuns(empty, new_run);
  options.diff = &all_new;
  ParsedPage second(RenderHtml(new_run, options));
  EXPECT_EQ(second.Count("//table[@id='bug-checks']/tbody[@data-change='new' and @data-code='0xC2']"), 1u);
}

TEST(HtmlTest, TextIsEscaped) {
  ReportRun run;
  TestReport r;
  r.test = "A.<script>alert(1)</script>";
  Group g;
  g.kind = "direct";
  g.pool = "PagedPool";
  g.tag = "<&\">";
  g.bytes = 1;
  g.count = 1;
  g.stack = {Frame{false, 0, "operator<<", "a&b.c", 1}};
  r.groups.push_back(g);
  run.reports.push_back(r);
  const std::string html = RenderHtml(run);
  EXPECT_EQ(html.find("<script>alert"), std::string::npos);
  ParsedPage page(html);
  EXPECT_EQ(page.Count("//script"), 1u);
  std::vector<xmlNodePtr> groups = page.All("//tbody[" + HasClass("group") + "]");
  ASSERT_EQ(groups.size(), 1u);
  EXPECT_EQ(ParsedPage::Attribute(groups[0], "data-tag"), "<&\">");
  EXPECT_EQ(HtmlEscape("a<b>&'\""), "a&lt;b&gt;&amp;&#39;&quot;");
}

}  // namespace
}  // namespace poolreport
