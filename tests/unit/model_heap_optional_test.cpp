// Tests for HeapOptional: std::optional's behaviour with the value on the heap.
#include <gtest/gtest.h>

#include <optional>

#include "model/endpoint.hpp"

namespace sockscope {
namespace {

TEST(HeapOptional, EmptyCostsOnePointer) {
  EXPECT_EQ(sizeof(HeapOptional<TcpCounters>), sizeof(void*));
  EXPECT_LE(sizeof(Endpoint), 136u);  // what the 100k-socket memory budget assumes (128 + the socket mark)
}

TEST(HeapOptional, BehavesLikeOptional) {
  HeapOptional<TcpCounters> o;
  EXPECT_FALSE(o);
  EXPECT_FALSE(o.has_value());
  EXPECT_EQ(o, std::nullopt);
  EXPECT_THROW((void)o.value(), std::bad_optional_access);
  TcpCounters c;
  c.bytes_sent = 7;
  o = c;
  ASSERT_TRUE(o);
  EXPECT_EQ(o->bytes_sent, 7u);
  EXPECT_EQ(*o, c);
  EXPECT_EQ(o, c);
  o->bytes_sent = 9;  // writes through
  EXPECT_EQ(o.value().bytes_sent, 9u);
  o = std::nullopt;
  EXPECT_FALSE(o);
  o.emplace().rtt_us = 5;
  EXPECT_EQ(o->rtt_us, 5u);
  o.reset();
  EXPECT_EQ(o.value_or(c).bytes_sent, 7u);
}

TEST(HeapOptional, CopiesAreIndependent) {
  Endpoint a;
  a.tcp = TcpCounters{};
  a.tcp->bytes_sent = 1;
  Endpoint b = a;
  b.tcp->bytes_sent = 2;
  EXPECT_EQ(a.tcp->bytes_sent, 1u);
  EXPECT_NE(a.tcp, b.tcp);
  b = a;
  EXPECT_EQ(a.tcp, b.tcp);
  Endpoint none;
  b = none;
  EXPECT_FALSE(b.tcp);
  Endpoint moved = std::move(a);
  EXPECT_EQ(moved.tcp->bytes_sent, 1u);
}

}  // namespace
}  // namespace sockscope
