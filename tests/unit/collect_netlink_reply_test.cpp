// Tests for walking received netlink buffers: seq/port checks, DONE, ERROR, DUMP_INTR, junk.
#include "collect/netlink_reply.hpp"

#include <linux/netlink.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include <gtest/gtest.h>

namespace sockscope {
namespace {

constexpr std::uint32_t kSeq = 77;
constexpr std::uint32_t kPort = 4242;

// A receive buffer under construction; uint32_t storage keeps it aligned like a real one.
struct Buffer {
  std::vector<std::uint32_t> words;
  std::size_t size = 0;

  void message(std::uint16_t type, std::uint16_t flags, const void* payload, std::size_t len,
               std::uint32_t seq = kSeq, std::uint32_t port = kPort) {
    nlmsghdr h{};
    h.nlmsg_len = static_cast<std::uint32_t>(NLMSG_HDRLEN + len);
    h.nlmsg_type = type;
    h.nlmsg_flags = flags;
    h.nlmsg_seq = seq;
    h.nlmsg_pid = port;
    append(&h, sizeof h);
    append(payload, len);
    size = NLMSG_ALIGN(size);
  }
  void append(const void* p, std::size_t len) {
    words.resize((size + len + 3) / 4 + 1);
    if (len) std::memcpy(reinterpret_cast<char*>(words.data()) + size, p, len);
    size += len;
  }
  std::span<const std::byte> span() const { return {reinterpret_cast<const std::byte*>(words.data()), size}; }
};

struct Collected {
  std::vector<std::uint32_t> values;
  ReplyHandler handler() {
    return [this](std::uint16_t type, std::span<const std::byte> p) {
      EXPECT_EQ(type, 20);
      std::uint32_t v = 0;
      ASSERT_EQ(p.size(), sizeof v);
      std::memcpy(&v, p.data(), sizeof v);
      values.push_back(v);
    };
  }
};

TEST(NetlinkReply, DataThenDone) {
  Buffer b;
  for (std::uint32_t v : {1u, 2u, 3u}) b.message(20, NLM_F_MULTI, &v, sizeof v);
  int status = 0;
  b.message(NLMSG_DONE, NLM_F_MULTI, &status, sizeof status);
  Collected c;
  auto r = walk_netlink_replies(b.span(), kSeq, kPort, c.handler());
  EXPECT_TRUE(r.done);
  EXPECT_FALSE(r.interrupted);
  EXPECT_EQ(r.error, 0);
  EXPECT_FALSE(r.malformed);
  EXPECT_EQ(c.values, (std::vector<std::uint32_t>{1, 2, 3}));
}

TEST(NetlinkReply, PartialBatchIsNotDone) {
  Buffer b;
  std::uint32_t v = 9;
  b.message(20, NLM_F_MULTI, &v, sizeof v);
  Collected c;
  auto r = walk_netlink_replies(b.span(), kSeq, kPort, c.handler());
  EXPECT_FALSE(r.done);
  EXPECT_EQ(c.values.size(), 1u);
}

TEST(NetlinkReply, DumpInterruptedFlagOnAnyMessage) {
  Buffer b;
  std::uint32_t v = 1;
  b.message(20, NLM_F_MULTI, &v, sizeof v);
  b.message(20, NLM_F_MULTI | NLM_F_DUMP_INTR, &v, sizeof v);
  b.message(20, NLM_F_MULTI, &v, sizeof v);
  Collected c;
  auto r = walk_netlink_replies(b.span(), kSeq, kPort, c.handler());
  EXPECT_TRUE(r.interrupted);
  EXPECT_EQ(c.values.size(), 3u);  // the walk goes on, so the dump is drained before retrying

  Buffer d;
  int status = 0;
  d.message(NLMSG_DONE, NLM_F_MULTI | NLM_F_DUMP_INTR, &status, sizeof status);
  EXPECT_TRUE(walk_netlink_replies(d.span(), kSeq, kPort, c.handler()).interrupted);
}

TEST(NetlinkReply, ErrorCarriesErrno) {
  Buffer b;
  nlmsgerr err{};
  err.error = -ENOENT;
  b.message(NLMSG_ERROR, 0, &err, sizeof err);
  Collected c;
  auto r = walk_netlink_replies(b.span(), kSeq, kPort, c.handler());
  EXPECT_TRUE(r.done);
  EXPECT_EQ(r.error, ENOENT);
}

TEST(NetlinkReply, ZeroErrorIsAnAck) {
  Buffer b;
  nlmsgerr err{};
  b.message(NLMSG_ERROR, 0, &err, sizeof err);
  Collected c;
  auto r = walk_netlink_replies(b.span(), kSeq, kPort, c.handler());
  EXPECT_TRUE(r.done);
  EXPECT_EQ(r.error, 0);
}

TEST(NetlinkReply, DoneWithNegativeStatus) {
  Buffer b;
  int status = -EINTR;
  b.message(NLMSG_DONE, NLM_F_MULTI, &status, sizeof status);
  Collected c;
  auto r = walk_netlink_replies(b.span(), kSeq, kPort, c.handler());
  EXPECT_TRUE(r.done);
  EXPECT_EQ(r.error, EINTR);
}

TEST(NetlinkReply, ForeignSequenceAndPortAreSkipped) {
  Buffer b;
  std::uint32_t v = 5;
  b.message(20, NLM_F_MULTI, &v, sizeof v, kSeq - 1);
  b.message(20, NLM_F_MULTI, &v, sizeof v, kSeq, kPort + 1);
  nlmsgerr err{};
  err.error = -EPERM;
  b.message(NLMSG_ERROR, 0, &err, sizeof err, kSeq + 1);  // an answer to some other request
  std::uint32_t w = 6;
  b.message(20, NLM_F_MULTI, &w, sizeof w);
  Collected c;
  auto r = walk_netlink_replies(b.span(), kSeq, kPort, c.handler());
  EXPECT_EQ(r.skipped, 3u);
  EXPECT_EQ(r.error, 0);
  EXPECT_FALSE(r.done);
  EXPECT_EQ(c.values, (std::vector<std::uint32_t>{6}));
}

TEST(NetlinkReply, TruncatedMessageIsMalformed) {
  Buffer b;
  std::uint32_t v = 1;
  b.message(20, NLM_F_MULTI, &v, sizeof v);
  b.message(20, NLM_F_MULTI, &v, sizeof v);
  Collected c;
  auto whole = b.span();
  for (std::size_t n = 1; n < whole.size(); ++n) {
    if (n == NLMSG_HDRLEN + sizeof v) continue;  // a whole first message
    auto r = walk_netlink_replies(whole.first(n), kSeq, kPort, c.handler());
    EXPECT_TRUE(r.malformed) << n;
  }
}

TEST(NetlinkReply, LengthSmallerThanHeaderIsMalformed) {
  Buffer b;
  nlmsghdr h{};
  h.nlmsg_len = 4;  // would loop forever if trusted
  h.nlmsg_type = 20;
  h.nlmsg_seq = kSeq;
  h.nlmsg_pid = kPort;
  b.append(&h, sizeof h);
  Collected c;
  auto r = walk_netlink_replies(b.span(), kSeq, kPort, c.handler());
  EXPECT_TRUE(r.malformed);
  EXPECT_TRUE(c.values.empty());
}

TEST(NetlinkReply, ShortErrorIsMalformed) {
  Buffer b;
  std::uint16_t half = 1;
  b.message(NLMSG_ERROR, 0, &half, sizeof half);
  Collected c;
  auto r = walk_netlink_replies(b.span(), kSeq, kPort, c.handler());
  EXPECT_TRUE(r.malformed);
  EXPECT_NE(r.error, 0);
}

TEST(NetlinkReply, EmptyBufferIsNothing) {
  Collected c;
  auto r = walk_netlink_replies({}, kSeq, kPort, c.handler());
  EXPECT_FALSE(r.done);
  EXPECT_FALSE(r.malformed);
}

}  // namespace
}  // namespace sockscope
