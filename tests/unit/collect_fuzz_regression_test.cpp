// Inputs the fuzz targets (fuzz/) crashed on, kept as regression tests; the inputs are in tests/fixtures/fuzz/.
#include <linux/netlink.h>

#include <gtest/gtest.h>

#include <cerrno>
#include <climits>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "collect/netlink_reply.hpp"

namespace sockscope {
namespace {

std::vector<std::uint32_t> aligned_copy(const std::string& bytes) {
  std::vector<std::uint32_t> words((bytes.size() + 3) / 4);
  std::memcpy(words.data(), bytes.data(), bytes.size());
  return words;
}

std::string fixture(const std::string& name) {
  std::ifstream in(std::string(SOCKSCOPE_FIXTURES) + "/fuzz/" + name, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// fuzz/collect_netlink_reply: a message length above INT_MAX passed libmnl's mnl_nlmsg_ok (it
// compares as int) and the walk read far outside the buffer.
TEST(FuzzRegression, NetlinkReplyLengthAboveIntMaxIsMalformed) {
  const std::string input = fixture("netlink_reply_huge_length");
  ASSERT_GE(input.size(), sizeof(nlmsghdr));
  const auto words = aligned_copy(input);
  int calls = 0;
  const auto r = walk_netlink_replies(std::span(reinterpret_cast<const std::byte*>(words.data()), input.size()), 1, 0,
                                      [&](std::uint16_t, std::span<const std::byte>) { ++calls; });
  EXPECT_EQ(calls, 0);
  EXPECT_TRUE(r.malformed);
  EXPECT_FALSE(r.done);
}

TEST(FuzzRegression, NetlinkReplyLengthPastTheBufferIsMalformed) {
  for (std::uint32_t len : {0xFFFFFFF0u, 0x80000000u, 0x7FFFFFFFu, 33u}) {
    nlmsghdr h{};
    h.nlmsg_len = len;
    h.nlmsg_type = 20;
    h.nlmsg_seq = 1;
    std::vector<std::uint32_t> words(8);  // 32 bytes: the header and a little payload
    std::memcpy(words.data(), &h, sizeof h);
    int calls = 0;
    const auto r = walk_netlink_replies(std::span(reinterpret_cast<const std::byte*>(words.data()), 32), 1, 0,
                                        [&](std::uint16_t, std::span<const std::byte>) { ++calls; });
    EXPECT_EQ(calls, 0) << len;
    EXPECT_TRUE(r.malformed) << len;
  }
}

}  // namespace
// fuzz/collect_netlink_reply: a status word of INT_MIN in NLMSG_ERROR or NLMSG_DONE was negated
// (undefined behaviour); it is a corrupt reply, reported as EBADMSG.
TEST(FuzzRegression, NetlinkStatusIntMinIsBadMessage) {
  const std::string input = fixture("netlink_reply_int_min_status");
  ASSERT_GE(input.size(), sizeof(nlmsghdr));
  const auto words = aligned_copy(input);
  const auto r = walk_netlink_replies(std::span(reinterpret_cast<const std::byte*>(words.data()), input.size()), 1, 0,
                                      [&](std::uint16_t, std::span<const std::byte>) {});
  EXPECT_TRUE(r.done);
  EXPECT_EQ(r.error, EBADMSG);
  for (const std::uint16_t type : {std::uint16_t{NLMSG_ERROR}, std::uint16_t{NLMSG_DONE}}) {
    std::vector<std::uint32_t> msg(5);  // header, then the status word
    nlmsghdr h{};
    h.nlmsg_len = 20;
    h.nlmsg_type = type;
    h.nlmsg_seq = 1;
    std::memcpy(msg.data(), &h, sizeof h);
    const int status = INT_MIN;
    std::memcpy(&msg[4], &status, sizeof status);
    const auto m = walk_netlink_replies(std::span(reinterpret_cast<const std::byte*>(msg.data()), 20), 1, 0,
                                        [&](std::uint16_t, std::span<const std::byte>) {});
    EXPECT_TRUE(m.done) << type;
    EXPECT_EQ(m.error, EBADMSG) << type;
  }
}

}  // namespace sockscope
