// Our sprintf-free address text must match inet_ntop exactly, edge cases and random addresses alike.
#include <arpa/inet.h>
#include <gtest/gtest.h>

#include <cstring>
#include <random>
#include <string>

#include "present/address_text.hpp"
#include "present_test_snapshot.hpp"

namespace sockscope {
namespace {

std::string ours(const IpAddress& a) {
  std::string s;
  append_ip_text(s, a);
  return s;
}

TEST(AddressText, EdgeCasesMatchInetNtop) {
  for (const char* text : {"::", "::1", "1::", "fe80::1", "2001:db8::", "2001:db8:0:0:1:0:0:1",
                           "2001:0:0:1:0:0:0:1", "1:0:1:0:1:0:1:0", "0:1:0:1:0:1:0:1", "::ffff:1.2.3.4",
                           "::ffff:0.0.0.0", "::1.2.3.4", "::ffff:0:1.2.3.4", "64:ff9b::1.2.3.4",
                           "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7::",
                           "::2:3:4:5:6:7:8", "0:0:1::", "a:b::c:d:0:0"}) {
    const IpAddress a = testing::ip6(text);
    EXPECT_EQ(ours(a), a.to_string()) << text;
  }
  for (const char* text : {"0.0.0.0", "255.255.255.255", "10.0.0.1", "192.168.100.200", "1.20.3.40"}) {
    const IpAddress a = testing::ip4(text);
    EXPECT_EQ(ours(a), text);
  }
}

TEST(AddressText, RandomAddressesMatchInetNtop) {
  std::mt19937 rng(12345);
  for (int i = 0; i < 20000; ++i) {
    std::uint8_t b[16];
    for (auto& x : b) {
      // Mostly zero bytes, so zero runs of every length and position appear.
      x = (rng() % 3 == 0) ? static_cast<std::uint8_t>(rng()) : 0;
    }
    const IpAddress v6 = IpAddress::v6(b);
    ASSERT_EQ(ours(v6), v6.to_string());
    std::uint32_t v4;
    std::memcpy(&v4, b, 4);
    const IpAddress a4 = IpAddress::v4(v4 ^ static_cast<std::uint32_t>(rng()));
    ASSERT_EQ(ours(a4), a4.to_string());
  }
}

}  // namespace
}  // namespace sockscope
