// Tests for loading /etc/services and /etc/hosts from a path.
#include "resolve/system_files.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>

namespace sockscope {
namespace {

TEST(LoadServices, ReadsTheFile) {
  auto t = load_services(SOCKSCOPE_FIXTURES "/resolve/services");
  ASSERT_TRUE(t.has_value()) << t.error().message;
  ASSERT_NE(t->find(53, Proto::Udp), nullptr);
  EXPECT_EQ(*t->find(53, Proto::Udp), "domain");
  EXPECT_EQ(t->tcp.size(), 3u);  // ssh, domain, http; the broken line is skipped
}

TEST(LoadServices, MissingFileIsEmptyNotAnError) {
  auto t = load_services("/nonexistent-dir/services");
  ASSERT_TRUE(t.has_value());
  EXPECT_TRUE(t->empty());
}

TEST(LoadServices, DirectoryIsAnError) {
  auto t = load_services(SOCKSCOPE_FIXTURES);
  ASSERT_FALSE(t.has_value());
  EXPECT_EQ(t.error().code, EISDIR);
  EXPECT_NE(t.error().message.find(SOCKSCOPE_FIXTURES), std::string::npos);
}

TEST(LoadHosts, ReadsTheFile) {
  auto t = load_hosts(SOCKSCOPE_FIXTURES "/resolve/hosts");
  ASSERT_TRUE(t.has_value()) << t.error().message;
  std::uint32_t a = 0;
  ASSERT_EQ(inet_pton(AF_INET, "192.0.2.50", &a), 1);
  ASSERT_NE(t->find(IpAddress::v4(a)), nullptr);
  EXPECT_EQ(*t->find(IpAddress::v4(a)), "fixture-host");
  EXPECT_EQ(t->names.size(), 4u);  // 127.0.0.1, ::1, 192.0.2.50, 2001:db8::50
}

TEST(LoadHosts, MissingFileIsEmptyNotAnError) {
  auto t = load_hosts("/nonexistent-dir/hosts");
  ASSERT_TRUE(t.has_value());
  EXPECT_TRUE(t->empty());
}

}  // namespace
}  // namespace sockscope
