// Save format by extension, OSC 52 encoding, home expansion, writing files, and rate text.
#include "tui/osc52.hpp"
#include "view/view_export.hpp"

#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "view/view_columns.hpp"

namespace sockscope::tui {
namespace {

using namespace view;

TEST(ViewExport, FormatByExtension) {
  EXPECT_EQ(save_format_for("a.csv"), SaveFormat::Csv);
  EXPECT_EQ(save_format_for("/tmp/A.CSV"), SaveFormat::Csv);
  EXPECT_EQ(save_format_for("x.json"), SaveFormat::Json);
  EXPECT_EQ(save_format_for("x.jsonl"), SaveFormat::Json);
  EXPECT_EQ(save_format_for("x.txt"), SaveFormat::Text);
  EXPECT_EQ(save_format_for("csv"), SaveFormat::Text);
  EXPECT_EQ(save_format_for(""), SaveFormat::Text);
}

TEST(ViewExport, Osc52IsBase64BetweenTheMarkers) {
  EXPECT_EQ(osc52_sequence(""), "\x1b]52;c;\a");
  EXPECT_EQ(osc52_sequence("f"), "\x1b]52;c;Zg==\a");
  EXPECT_EQ(osc52_sequence("fo"), "\x1b]52;c;Zm8=\a");
  EXPECT_EQ(osc52_sequence("foo"), "\x1b]52;c;Zm9v\a");
  EXPECT_EQ(osc52_sequence("foobar"), "\x1b]52;c;Zm9vYmFy\a");
  // Hostile bytes are encoded, never sent raw.
  const std::string seq = osc52_sequence("\x1b]0;x\a\xff");
  EXPECT_EQ(seq.find('\a'), seq.size() - 1);
  EXPECT_EQ(seq.find('\x1b', 1), std::string::npos);
}

TEST(ViewExport, HomeExpansion) {
  const char* home = std::getenv("HOME");
  setenv("HOME", "/home/alice", 1);
  EXPECT_EQ(expand_home("~/x.csv"), "/home/alice/x.csv");
  EXPECT_EQ(expand_home("~bob/x"), "~bob/x");
  EXPECT_EQ(expand_home("rel/x"), "rel/x");
  if (home) setenv("HOME", home, 1);
  else unsetenv("HOME");
}

TEST(ViewExport, WriteTextFileWritesAndReportsErrors) {
  char path[] = "/tmp/sockscope-export-XXXXXX";
  const int fd = mkstemp(path);
  ASSERT_GE(fd, 0);
  close(fd);
  ASSERT_TRUE(write_text_file(path, "a,b\r\n1,2\r\n"));
  std::ifstream in(path);
  std::stringstream got;
  got << in.rdbuf();
  EXPECT_EQ(got.str(), "a,b\r\n1,2\r\n");
  std::remove(path);
  auto r = write_text_file("/nonexistent-dir/x.csv", "x");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ENOENT);
  EXPECT_NE(r.error().message.find("/nonexistent-dir/x.csv"), std::string::npos);
}

TEST(ViewExport, RatesReadShort) {
  auto rate = [](double bps) {
    std::string s;
    append_rate(s, bps);
    return s;
  };
  EXPECT_EQ(rate(0), "0 B/s");
  EXPECT_EQ(rate(999.4), "999 B/s");
  EXPECT_EQ(rate(1500), "1.5 kB/s");
  EXPECT_EQ(rate(12'345'678), "12.3 MB/s");
  EXPECT_EQ(rate(3e9), "3.0 GB/s");
}

TEST(ViewColumns, CatalogStartsWithTcpViewsColumns) {
  const auto catalog = view_column_catalog();
  const auto shown = default_visible_columns(catalog);
  std::vector<std::string_view> titles;
  for (std::size_t i : shown) titles.push_back(catalog[i].title);
  std::vector<std::string_view> want{"Process Name", "PID", "Protocol", "State", "Local Address", "Local Port",
                                     "Remote Address", "Remote Port", "First Seen", "Sent Packets", "Rcvd Packets",
                                     "Sent Bytes", "Rcvd Bytes", "Send Rate", "Recv Rate", "User"};
  if (find_column("unit")) want.push_back("Module");
  want.push_back("Lifetime");  // first sight to last; open to close for a short-lived row
  EXPECT_EQ(titles, want);
  // Every registry column can be chosen too.
  for (const Column& c : all_columns()) EXPECT_LT(find_view_column(catalog, c.key), catalog.size()) << c.key;
}

}  // namespace
}  // namespace sockscope::tui
