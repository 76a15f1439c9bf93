// Tests for the default row order: the fast keyed sort must agree with a plain stable sort.
#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <random>
#include <tuple>

#include "logic/endpoint_order.hpp"

namespace sockscope {
namespace {

// The order as documented, written the slow and obvious way.
bool reference_less(const Endpoint& a, const Endpoint& b) {
  auto key = [](const Endpoint& e) {
    return std::tie(e.proto, e.family, e.local, e.local_port, e.unix_path, e.remote, e.remote_port, e.inode);
  };
  return key(a) < key(b);
}

std::vector<Endpoint> random_endpoints(std::size_t n, std::uint32_t seed) {
  std::mt19937 rng(seed);
  auto pick = [&](int k) { return static_cast<int>(rng() % static_cast<unsigned>(k)); };
  std::vector<Endpoint> eps(n);
  for (Endpoint& e : eps) {
    const int kind = pick(10);
    e.proto = kind < 6 ? Proto::Tcp : kind < 8 ? Proto::Udp : kind < 9 ? Proto::Raw : Proto::Unix;
    // Few distinct values, so that ties on every field happen often.
    if (e.proto == Proto::Unix) {
      e.family = Family::Unix;
      e.local.family = e.remote.family = Family::Unix;
      if (pick(2)) e.unix_path = pick(2) ? "/run/a.sock" : "@abstract";
    } else if (pick(4) == 0) {
      e.family = Family::Inet6;
      std::uint8_t a[16] = {0xfe, 0x80};
      a[15] = static_cast<std::uint8_t>(pick(3));
      e.local = IpAddress::v6(a, static_cast<std::uint32_t>(pick(2)));
      e.remote = IpAddress::v6(a);
    } else {
      e.family = Family::Inet4;
      e.local = IpAddress::v4(0x0100007fu + (static_cast<std::uint32_t>(pick(3)) << 8));
      e.remote = IpAddress::v4(pick(3) == 0 ? 0u : 0x0100007fu + (static_cast<std::uint32_t>(pick(200)) << 24));
      if (pick(50) == 0) e.local.scope_id = 1;  // not a plain address: takes the slow path
    }
    e.local_port = static_cast<std::uint16_t>(pick(4) * 1000 + 65000 * (pick(8) == 0));
    e.remote_port = static_cast<std::uint16_t>(pick(300));
    e.inode = static_cast<std::uint64_t>(pick(3));
  }
  return eps;
}

TEST(EndpointOrder, DefaultLessMatchesTheTupleOrder) {
  const auto eps = random_endpoints(400, 1);
  for (const Endpoint& a : eps)
    for (const Endpoint& b : eps) ASSERT_EQ(default_less(a, b), reference_less(a, b));
}

TEST(EndpointOrder, SortAgreesWithStableSortIncludingTies) {
  for (std::uint32_t seed = 1; seed <= 20; ++seed) {
    const auto eps = random_endpoints(3000, seed);
    std::vector<std::size_t> rows(eps.size());
    std::iota(rows.begin(), rows.end(), std::size_t{0});
    // Every other row, as a filter would leave them: ascending but with gaps.
    std::erase_if(rows, [](std::size_t r) { return r % 3 == 1; });
    auto expected = rows;
    std::stable_sort(expected.begin(), expected.end(),
                     [&](std::size_t x, std::size_t y) { return reference_less(eps[x], eps[y]); });
    sort_default(rows, eps);
    ASSERT_EQ(rows, expected) << "seed " << seed;
  }
}

TEST(EndpointOrder, UnorderedInputIsStillStable) {
  const auto eps = random_endpoints(2000, 99);
  std::vector<std::size_t> rows(eps.size());
  std::iota(rows.rbegin(), rows.rend(), std::size_t{0});  // descending: not as select_endpoints gives
  auto expected = rows;
  std::stable_sort(expected.begin(), expected.end(),
                   [&](std::size_t x, std::size_t y) { return reference_less(eps[x], eps[y]); });
  sort_default(rows, eps);
  EXPECT_EQ(rows, expected);
}

TEST(EndpointOrder, EmptyAndSingle) {
  std::vector<Endpoint> eps(1);
  std::vector<std::size_t> none;
  sort_default(none, eps);
  EXPECT_TRUE(none.empty());
  std::vector<std::size_t> one = {0};
  sort_default(one, eps);
  EXPECT_EQ(one, std::vector<std::size_t>{0});
}

}  // namespace
}  // namespace sockscope
