// --netns selectors: parsing each kind, malformed ones, and picking from a discovery result.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "model/netns_select.hpp"

using namespace sockscope;
using Kind = NetnsSelector::Kind;

namespace {

std::vector<NetnsInfo> found() {
  return {
      {4026531840, "/proc/self/ns/net", {}, 1, true, "", ""},
      {4026532356, "/run/netns/blue", {"blue"}, 0, false, "", ""},
      {4026532432, "/run/netns/red", {"red", "scarlet"}, 812, false, "", ""},
      {4026532611, "/proc/900/ns/net", {}, 900, false, "", ""},
  };
}

// Stands in for the system: PID 900 is in 4026532611, PID 77 in a namespace discovery missed,
// /run/netns/blue is blue; every other PID or path fails.
Result<NetnsInfo> lookup(const NetnsSelector& s) {
  if (s.kind == Kind::Pid && s.pid == 900) return NetnsInfo{4026532611, "/proc/900/ns/net", {}, 900, false, "", ""};
  if (s.kind == Kind::Pid && s.pid == 77) return NetnsInfo{4026539999, "/proc/77/ns/net", {}, 77, false, "", ""};
  if (s.kind == Kind::Path && s.text == "/run/netns/blue") return NetnsInfo{4026532356, s.text, {}, 0, false, "", ""};
  return fail(s.kind == Kind::Pid ? "no such process" : "not a network namespace", ENOENT);
}

std::vector<std::uint64_t> inodes(const std::vector<NetnsInfo>& v) {
  std::vector<std::uint64_t> out;
  for (const auto& n : v) out.push_back(n.inode);
  return out;
}

Result<std::vector<std::uint64_t>> pick(const std::vector<std::string>& args) {
  std::vector<NetnsSelector> sels;
  for (const auto& a : args) {
    auto s = parse_netns_selector(a);
    if (!s) return std::unexpected(s.error());
    sels.push_back(*s);
  }
  const auto all = found();
  auto r = select_netns(all, sels, lookup);
  if (!r) return std::unexpected(r.error());
  return inodes(*r);
}

TEST(NetnsSelect, ParsesEachKind) {
  EXPECT_EQ(parse_netns_selector("all")->kind, Kind::All);
  EXPECT_EQ(parse_netns_selector("current")->kind, Kind::Current);
  EXPECT_EQ(*parse_netns_selector("1234"), (NetnsSelector{Kind::Pid, "1234", 1234}));
  EXPECT_EQ(*parse_netns_selector("/run/netns/x"), (NetnsSelector{Kind::Path, "/run/netns/x", 0}));
  EXPECT_EQ(*parse_netns_selector("./x"), (NetnsSelector{Kind::Path, "./x", 0})) << "a '/' makes a path";
  EXPECT_EQ(*parse_netns_selector("blue"), (NetnsSelector{Kind::Name, "blue", 0}));
  EXPECT_EQ(parse_netns_selector("12a")->kind, Kind::Name) << "not all digits: a name";
}

TEST(NetnsSelect, MalformedSelectorsNameTheirText) {
  for (const std::string bad : {"", "0", "00", "2147483648", "99999999999999999999", ".", ".."}) {
    const auto r = parse_netns_selector(bad);
    ASSERT_FALSE(r) << bad;
    EXPECT_NE(r.error().message.find("--netns"), std::string::npos);
    if (!bad.empty()) {
      EXPECT_NE(r.error().message.find(bad), std::string::npos) << r.error().message;
    }
  }
  EXPECT_EQ(parse_netns_selector("2147483647")->pid, 2147483647);
}

TEST(NetnsSelect, NoneOrAllPicksEverything) {
  const std::vector<std::uint64_t> every{4026531840, 4026532356, 4026532432, 4026532611};
  EXPECT_EQ(*pick({}), every);
  EXPECT_EQ(*pick({"all"}), every);
  EXPECT_EQ(*pick({"blue", "all"}), every) << "each once";
}

TEST(NetnsSelect, CurrentNamePidPath) {
  EXPECT_EQ(*pick({"current"}), std::vector<std::uint64_t>{4026531840});
  EXPECT_EQ(*pick({"scarlet"}), std::vector<std::uint64_t>{4026532432}) << "any of a namespace's names";
  EXPECT_EQ(*pick({"900"}), std::vector<std::uint64_t>{4026532611});
  EXPECT_EQ(*pick({"/run/netns/blue"}), std::vector<std::uint64_t>{4026532356});
  EXPECT_EQ(*pick({"900", "red", "current", "red"}), (std::vector<std::uint64_t>{4026531840, 4026532432, 4026532611}))
      << "discovery order, no repeats";
}

TEST(NetnsSelect, NamespacesDiscoveryMissedFollow) {
  const auto all = found();
  const std::vector<NetnsSelector> sels{*parse_netns_selector("77"), *parse_netns_selector("77"), *parse_netns_selector("blue")};
  const auto r = select_netns(all, sels, lookup);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ((*r)[0].inode, 4026532356u);
  EXPECT_EQ((*r)[1], (NetnsInfo{4026539999, "/proc/77/ns/net", {}, 77, false, "", ""}));
}

TEST(NetnsSelect, ErrorsNameTheBadSelector) {
  const auto name = pick({"blue", "green"});
  ASSERT_FALSE(name);
  EXPECT_EQ(name.error().message.rfind("--netns green: ", 0), 0u) << name.error().message;
  EXPECT_EQ(name.error().code, ENOENT);
  const auto pid = pick({"31337"});
  ASSERT_FALSE(pid);
  EXPECT_EQ(pid.error().message, "--netns 31337: no such process");
  const auto path = pick({"/etc/passwd"});
  ASSERT_FALSE(path);
  EXPECT_EQ(path.error().message, "--netns /etc/passwd: not a network namespace");
  std::vector<NetnsInfo> none;
  const std::vector<NetnsSelector> cur{*parse_netns_selector("current")};
  const auto no_current = select_netns(none, cur, lookup);
  ASSERT_FALSE(no_current);
  EXPECT_EQ(no_current.error().message.rfind("--netns current: ", 0), 0u);
}

}  // namespace
