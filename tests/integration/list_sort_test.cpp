// `list --sort` orders by the column's one comparator: addresses as numbers, not as text.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "netns_harness.hpp"

using nlohmann::json;
using namespace sockscope::testing;

namespace {

// A UDP socket connected (no packet sent) to `address`:5000.
int udp_to(const char* address) {
  int s = socket(AF_INET, SOCK_DGRAM, 0);
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_port = htons(5000);
  inet_pton(AF_INET, address, &sa.sin_addr);
  if (connect(s, reinterpret_cast<sockaddr*>(&sa), sizeof sa) != 0) {
    close(s);
    return -1;
  }
  return s;
}

TEST(ListSort, RemoteAddressesSortAsNumbers) {
  ENTER_NETNS();
  // Loopback addresses (all of 127/8 is local) need no address added: the test runs as nobody too.
  // Made in text order ("127.0.0.10" < "127.0.0.9"), so the sort has work to do.
  const int ten = udp_to("127.0.0.10");
  const int nine = udp_to("127.0.0.9");
  ASSERT_GE(ten, 0);
  ASSERT_GE(nine, 0);
  auto r = run_sockscope({"list", "-a", "-n", "-j", "-p", "udp", "--sort", "remote_address", "-o", "remote_address"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json rows = json::parse(r.out);
  ASSERT_EQ(rows.size(), 2u) << r.out;
  EXPECT_EQ(rows[0]["remote_address"], "127.0.0.9");
  EXPECT_EQ(rows[1]["remote_address"], "127.0.0.10");
  auto desc = run_sockscope({"list", "-a", "-n", "-j", "-p", "udp", "--sort", "remote_address:desc", "-o", "remote_address"});
  ASSERT_EQ(desc.exit_code, 0) << desc.err;
  EXPECT_EQ(json::parse(desc.out)[0]["remote_address"], "127.0.0.10");
  close(ten);
  close(nine);
}

}  // namespace
