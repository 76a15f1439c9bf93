// sockscope netstat -s, -e, -r and the interface display against the kernel, in a private network
// namespace: compared with /proc/net/snmp and ip(8) read in the same test.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "netns_harness.hpp"

using nlohmann::json;
using namespace sockscope::testing;

namespace {

// Tests that make their own links and routes need CAP_NET_ADMIN, which an unprivileged run lacks
// even inside a namespace made for it.
#define ENTER_NETNS_TO_MAKE_LINKS()                                                              \
  do {                                                                                           \
    ENTER_NETNS();                                                                               \
    if (geteuid() != 0) GTEST_SKIP() << "makes network links and routes: needs root (CAP_NET_ADMIN)"; \
  } while (0)

void ip(const std::vector<std::string>& args) {
  std::vector<std::string> argv{"ip"};
  argv.insert(argv.end(), args.begin(), args.end());
  const auto r = run_command(argv);
  ASSERT_EQ(r.exit_code, 0) << r.err;
}

json ip_json(const std::vector<std::string>& args) {
  std::vector<std::string> argv{"ip", "-j"};
  argv.insert(argv.end(), args.begin(), args.end());
  const auto r = run_command(argv);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return json::parse(r.out.empty() ? "[]" : r.out);
}

// d0 (with its peer d0peer, both up: veth, since the dummy driver may be missing) with an address
// and a route of the test's own.
void make_link() {
  ip({"link", "add", "d0", "type", "veth", "peer", "name", "d0peer"});
  ip({"link", "set", "d0", "address", "02:11:22:33:44:55", "mtu", "1400", "up"});
  ip({"link", "set", "d0peer", "up"});
  ip({"addr", "add", "10.9.0.1/24", "dev", "d0"});
  ip({"addr", "add", "2001:db8:9::1/64", "dev", "d0", "nodad"});
  ip({"route", "add", "10.77.0.0/16", "via", "10.9.0.2"});
  ip({"route", "add", "10.78.0.0/16", "via", "10.9.0.3", "metric", "30"});
  ip({"route", "add", "blackhole", "10.88.0.0/16"});
  ip({"-6", "route", "add", "2001:db8:77::/48", "via", "2001:db8:9::2", "metric", "300"});
}

std::map<std::string, std::uint64_t> proc_group(const char* group) {
  std::map<std::string, std::uint64_t> out;
  std::ifstream in("/proc/net/snmp");
  std::string names, values;
  while (std::getline(in, names) && std::getline(in, values)) {
    if (!names.starts_with(std::string(group) + ": ")) continue;
    std::istringstream n(names), v(values);
    std::string k, x;
    n >> k;
    v >> x;
    while (n >> k && v >> x) {
      if (!x.starts_with('-')) out[k] = std::stoull(x);
    }
  }
  return out;
}

std::uint64_t snmp6(const std::string& key) {
  std::ifstream in("/proc/net/snmp6");
  std::string k;
  std::uint64_t v;
  while (in >> k >> v) {
    if (k == key) return v;
  }
  ADD_FAILURE() << "no " << key << " in /proc/net/snmp6";
  return 0;
}

// The section of -s output that starts with `title` (up to the next section).
std::string section(const std::string& text, const std::string& title) {
  const auto at = text.find("\n" + title + "\n\n");
  if (at == std::string::npos) return "";
  const auto end = text.find("\n\n", at + title.size() + 3);
  return text.substr(at + 1, end == std::string::npos ? std::string::npos : end - at);
}

// "  Label    = 12" in a section; "" when absent.
std::string value_of(const std::string& sec, const std::string& label) {
  std::istringstream lines(sec);
  for (std::string line; std::getline(lines, line);) {
    if (!line.starts_with("  " + label + " ")) continue;
    const auto eq = line.find("= ");
    if (eq != std::string::npos) return line.substr(eq + 2);
  }
  return "";
}

void udp_exchange(int family, int count) {
  int rx = socket(family, SOCK_DGRAM, 0);
  int tx = socket(family, SOCK_DGRAM, 0);
  sockaddr_storage ss{};
  socklen_t len;
  if (family == AF_INET) {
    auto* sa = reinterpret_cast<sockaddr_in*>(&ss);
    sa->sin_family = AF_INET;
    sa->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    len = sizeof *sa;
  } else {
    auto* sa = reinterpret_cast<sockaddr_in6*>(&ss);
    sa->sin6_family = AF_INET6;
    sa->sin6_addr = in6addr_loopback;
    len = sizeof *sa;
  }
  ASSERT_EQ(bind(rx, reinterpret_cast<sockaddr*>(&ss), len), 0);
  getsockname(rx, reinterpret_cast<sockaddr*>(&ss), &len);
  char c = 'x';
  for (int i = 0; i < count; ++i) ASSERT_EQ(sendto(tx, &c, 1, 0, reinterpret_cast<sockaddr*>(&ss), len), 1);
  // Linux counts a datagram received when the application reads it.
  for (int i = 0; i < count; ++i) ASSERT_EQ(recv(rx, &c, 1, MSG_DONTWAIT), 1);
  close(tx);
  close(rx);
}

void tcp_connection_over_lo() {
  int l = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof sa;
  ASSERT_EQ(bind(l, reinterpret_cast<sockaddr*>(&sa), len), 0);
  ASSERT_EQ(listen(l, 1), 0);
  getsockname(l, reinterpret_cast<sockaddr*>(&sa), &len);
  int c = socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_EQ(connect(c, reinterpret_cast<sockaddr*>(&sa), len), 0);
  int a = accept(l, nullptr, nullptr);
  ASSERT_GE(a, 0);
  close(a);
  close(c);
  close(l);
}

TEST(NetstatTables, StatisticsMatchProcCounters) {
  ENTER_NETNS();
  udp_exchange(AF_INET, 6);
  udp_exchange(AF_INET6, 4);
  tcp_connection_over_lo();
  const auto udp = proc_group("Udp");
  const auto tcp = proc_group("Tcp");
  const auto ipv4 = proc_group("Ip");
  const auto udp6_out = snmp6("Udp6OutDatagrams");
  const auto r = run_sockscope({"netstat", "-s"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // sockscope itself sends nothing, so the counters read before stand still.
  EXPECT_EQ(proc_group("Udp"), udp);
  EXPECT_EQ(udp.at("OutDatagrams"), 6u);

  const auto u4 = section(r.out, "UDP Statistics for IPv4");
  EXPECT_EQ(value_of(u4, "Datagrams Sent"), std::to_string(udp.at("OutDatagrams"))) << u4;
  EXPECT_EQ(value_of(u4, "Datagrams Received"), std::to_string(udp.at("InDatagrams")));
  EXPECT_EQ(value_of(u4, "No Ports"), std::to_string(udp.at("NoPorts")));
  EXPECT_EQ(value_of(u4, "Receive Errors"), std::to_string(udp.at("InErrors")));
  const auto u6 = section(r.out, "UDP Statistics for IPv6");
  EXPECT_EQ(value_of(u6, "Datagrams Sent"), std::to_string(udp6_out));
  EXPECT_EQ(udp6_out, 4u);

  const auto t4 = section(r.out, "TCP Statistics for IPv4");
  EXPECT_EQ(value_of(t4, "Active Opens"), std::to_string(tcp.at("ActiveOpens"))) << t4;
  EXPECT_EQ(value_of(t4, "Passive Opens"), std::to_string(tcp.at("PassiveOpens")));
  EXPECT_EQ(value_of(t4, "Segments Sent"), std::to_string(tcp.at("OutSegs")));
  EXPECT_EQ(value_of(t4, "Segments Received"), std::to_string(tcp.at("InSegs")));
  EXPECT_EQ(tcp.at("ActiveOpens"), 1u);
  EXPECT_NE(section(r.out, "TCP Statistics for IPv6").find("Linux counts TCP over IPv4 and IPv6 together"),
            std::string::npos);

  const auto i4 = section(r.out, "IPv4 Statistics");
  EXPECT_EQ(value_of(i4, "Packets Received"), std::to_string(ipv4.at("InReceives")));
  EXPECT_EQ(value_of(i4, "Output Requests"), std::to_string(ipv4.at("OutRequests")));
  EXPECT_EQ(value_of(i4, "Routing Discards"), "");  // Linux has no such counter: left out

  for (const char* title : {"IPv4 Statistics", "IPv6 Statistics", "ICMPv4 Statistics", "ICMPv6 Statistics",
                            "TCP Statistics for IPv4", "TCP Statistics for IPv6", "UDP Statistics for IPv4",
                            "UDP Statistics for IPv6"}) {
    EXPECT_FALSE(section(r.out, title).empty()) << title;
  }
  EXPECT_NE(section(r.out, "ICMPv4 Statistics").find("                            Received    Sent\n"),
            std::string::npos);
}

TEST(NetstatTables, StatisticsNarrowedByProtocols) {
  ENTER_NETNS();
  const auto r = run_sockscope({"netstat", "-s", "-p", "tcp", "udp"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_FALSE(section(r.out, "TCP Statistics for IPv4").empty()) << r.out;
  EXPECT_FALSE(section(r.out, "UDP Statistics for IPv4").empty()) << r.out;
  for (const char* absent : {"IPv4 Statistics", "IPv6 Statistics", "ICMPv4", "ICMPv6", "TCP Statistics for IPv6",
                             "UDP Statistics for IPv6"}) {
    EXPECT_EQ(r.out.find(absent), std::string::npos) << absent;
  }
  const auto icmp6 = run_sockscope({"netstat", "-s", "-p", "ICMPv6"});
  ASSERT_EQ(icmp6.exit_code, 0) << icmp6.err;
  EXPECT_TRUE(icmp6.out.starts_with("\nICMPv6 Statistics\n\n                            Received    Sent\n"))
      << icmp6.out;
  EXPECT_NE(icmp6.out.find("  Neighbor Solicitations    "), std::string::npos);
}

// Sums of one ip -s -j link counter over every link.
std::uint64_t link_sum(const json& links, const char* dir, const char* key) {
  std::uint64_t n = 0;
  for (const auto& l : links) n += l.at("stats64").at(dir).at(key).get<std::uint64_t>();
  return n;
}

std::vector<std::uint64_t> numbers_after(const std::string& text, const std::string& label) {
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (!line.starts_with(label + " ")) continue;
    std::istringstream in(line.substr(label.size()));
    std::vector<std::uint64_t> v;
    for (std::uint64_t n; in >> n;) v.push_back(n);
    return v;
  }
  return {};
}

TEST(NetstatTables, EthernetMatchesIpLinkSums) {
  ENTER_NETNS_TO_MAKE_LINKS();
  make_link();
  udp_exchange(AF_INET, 5);
  // Links may count their own chatter (neighbour discovery) meanwhile: each sum must lie between
  // what ip(8) says just before and just after.
  const json before = ip_json({"-s", "link", "show"});
  const auto r = run_sockscope({"netstat", "-e"});
  const json after = ip_json({"-s", "link", "show"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_TRUE(r.out.starts_with("Interface Statistics\n\n                           Received            Sent\n\n"))
      << r.out;
  auto check = [&](const char* label, const char* key) {
    const auto v = numbers_after(r.out, label);
    ASSERT_EQ(v.size(), 2u) << label << "\n" << r.out;
    EXPECT_GE(v[0], link_sum(before, "rx", key)) << label;
    EXPECT_LE(v[0], link_sum(after, "rx", key)) << label;
    EXPECT_GE(v[1], link_sum(before, "tx", key)) << label;
    EXPECT_LE(v[1], link_sum(after, "tx", key)) << label;
  };
  check("Bytes", "bytes");
  check("Discards", "dropped");
  check("Errors", "errors");
  const auto unicast = numbers_after(r.out, "Unicast packets");
  ASSERT_EQ(unicast.size(), 2u);
  EXPECT_GE(unicast[1], link_sum(before, "tx", "packets"));
  EXPECT_LE(unicast[1], link_sum(after, "tx", "packets"));
  EXPECT_GE(unicast[0], 5u);
  EXPECT_EQ(numbers_after(r.out, "Unknown protocols").size(), 1u);

  // -e -s: Interface Statistics first, then the protocol sections.
  const auto both = run_sockscope({"netstat", "-e", "-s"});
  ASSERT_EQ(both.exit_code, 0) << both.err;
  const auto e = both.out.find("Interface Statistics");
  const auto s = both.out.find("IPv4 Statistics");
  ASSERT_NE(e, std::string::npos);
  ASSERT_NE(s, std::string::npos);
  EXPECT_LT(e, s);
}

std::vector<std::vector<std::string>> table_rows(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    std::istringstream in(line);
    std::vector<std::string> cells;
    for (std::string c; in >> c;) cells.push_back(c);
    rows.push_back(cells);
  }
  return rows;
}

TEST(NetstatTables, InterfacesMatchIpLink) {
  ENTER_NETNS_TO_MAKE_LINKS();
  make_link();
  udp_exchange(AF_INET, 3);
  const json before = ip_json({"-s", "link", "show"});
  const auto r = run_sockscope({"netstat", "--interfaces", "-n"});
  const json after = ip_json({"-s", "link", "show"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto rows = table_rows(r.out);
  ASSERT_FALSE(rows.empty());
  EXPECT_EQ(rows[0], (std::vector<std::string>{"Name", "Mtu", "Network", "Address", "Ipkts", "Ierrs", "Opkts",
                                              "Oerrs", "Coll"}));
  for (std::size_t n = 0; n < before.size(); ++n) {
    const auto& b = before[n];
    const auto& a = after[n];
    const std::string name = b.at("ifname").get<std::string>();
    const std::string link = "<Link#" + std::to_string(b.at("ifindex").get<int>()) + ">";
    const std::vector<std::string>* row = nullptr;
    for (const auto& cells : rows) {
      if (cells.size() >= 3 && cells[2] == link) row = &cells;
    }
    ASSERT_NE(row, nullptr) << name << "\n" << r.out;
    const auto& c = *row;
    // lo's all-zero hardware address is left out, so its row has one cell less.
    const std::size_t k = c.size() == 9 ? 4 : 3;
    EXPECT_EQ(c[0], name + (std::find(b["flags"].begin(), b["flags"].end(), "UP") != b["flags"].end() ? "" : "*"));
    EXPECT_EQ(c[1], std::to_string(b.at("mtu").get<int>()));
    if (k == 4) {
      EXPECT_EQ(c[3], b.at("address").get<std::string>());
    }
    auto between = [&](const std::string& cell, const char* dir, const char* key) {
      const auto v = std::stoull(cell);
      EXPECT_GE(v, b.at("stats64").at(dir).at(key).get<std::uint64_t>()) << name << " " << dir << " " << key;
      EXPECT_LE(v, a.at("stats64").at(dir).at(key).get<std::uint64_t>()) << name << " " << dir << " " << key;
    };
    between(c[k], "rx", "packets");
    between(c[k + 1], "rx", "errors");
    between(c[k + 2], "tx", "packets");
    between(c[k + 3], "tx", "errors");
    between(c[k + 4], "tx", "collisions");
  }
  // One address row per address ip(8) lists, with its network.
  std::multiset<std::string> ours, theirs;
  for (const auto& cells : rows) {
    if (cells.size() >= 4 && cells[1] == "-") ours.insert(cells[0] + " " + cells[3]);
  }
  for (const auto& l : ip_json({"addr", "show"})) {
    for (const auto& a : l.at("addr_info")) {
      std::string addr = a.at("local").get<std::string>();
      if (addr.starts_with("fe80:")) addr += "%" + l.at("ifname").get<std::string>();
      theirs.insert(l.at("ifname").get<std::string>() + " " + addr);
    }
  }
  EXPECT_EQ(ours, theirs) << r.out;
  EXPECT_NE(r.out.find(" 10.9.0.0/24 "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(" 2001:db8:9::/64 "), std::string::npos) << r.out;
}

TEST(NetstatTables, OneInterfaceWithDropsAndUnknownInterface) {
  ENTER_NETNS_TO_MAKE_LINKS();
  make_link();
  const auto r = run_sockscope({"netstat", "-I", "d0", "-d"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto rows = table_rows(r.out);
  ASSERT_GE(rows.size(), 2u);
  EXPECT_EQ(rows[0], (std::vector<std::string>{"Name", "Mtu", "Network", "Address", "Ipkts", "Ierrs", "Idrop", "Opkts",
                                              "Oerrs", "Coll", "Drop"}));
  for (std::size_t i = 1; i < rows.size(); ++i) EXPECT_EQ(rows[i][0], "d0") << r.out;

  const auto bad = run_sockscope({"netstat", "-I", "nope0"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("nope0"), std::string::npos) << bad.err;
  EXPECT_TRUE(bad.out.empty()) << bad.out;
}

TEST(NetstatTables, InterfaceIntervalCounts) {
  ENTER_NETNS_TO_MAKE_LINKS();
  make_link();
  const auto r = run_sockscope({"netstat", "-I", "lo", "1", "--count", "2"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto rows = table_rows(r.out);
  ASSERT_EQ(rows.size(), 4u) << r.out;
  EXPECT_NE(r.out.find("(lo)"), std::string::npos);
  EXPECT_NE(r.out.find("(Total)"), std::string::npos);
  EXPECT_EQ(rows[1], (std::vector<std::string>{"packets", "errs", "bytes", "packets", "errs", "bytes", "colls",
                                              "packets", "errs", "bytes", "packets", "errs", "bytes", "colls"}));
  ASSERT_EQ(rows[3].size(), 14u);
  EXPECT_EQ(rows[3][0], "0");  // nothing crossed lo during the interval
}

// A route as `ip -j route` shows it, in the Windows table's terms: destination, mask, gateway.
std::string netmask(int len) {
  const std::uint32_t m = len == 0 ? 0 : ~0u << (32 - len);
  return std::to_string(m >> 24) + "." + std::to_string((m >> 16) & 255) + "." + std::to_string((m >> 8) & 255) + "." +
         std::to_string(m & 255);
}

TEST(NetstatTables, RoutesMatchIpRoute) {
  ENTER_NETNS_TO_MAKE_LINKS();
  make_link();
  // The kernel adds IPv6 link-local addresses and their routes on its own time after a link comes
  // up (carrier via linkwatch, then DAD): wait until ip(8) sees the same table twice in a row.
  std::string routes_seen;
  ASSERT_TRUE(wait_until([&] {
    auto now = run_command({"ip", "-j", "route", "show", "table", "all"}).out +
               run_command({"ip", "-6", "-j", "route", "show", "table", "all"}).out;
    const bool settled = now == routes_seen && run_command({"ip", "-6", "addr", "show", "tentative"}).out.empty();
    routes_seen = now;
    if (!settled) usleep(200'000);
    return settled;
  }, 8000));
  const auto r = run_sockscope({"netstat", "-r"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto v4_at = r.out.find("IPv4 Route Table");
  const auto v6_at = r.out.find("IPv6 Route Table");
  ASSERT_NE(v4_at, std::string::npos);
  ASSERT_NE(v6_at, std::string::npos);
  ASSERT_TRUE(r.out.starts_with(std::string(75, '=') + "\nInterface List\n")) << r.out;
  EXPECT_NE(r.out.find("...02 11 22 33 44 55 ......d0\n"), std::string::npos) << r.out;

  std::multiset<std::string> ours, theirs;
  for (const auto& cells : table_rows(r.out.substr(v4_at, v6_at - v4_at))) {
    if (cells.size() == 5 && cells[0] != "Network") ours.insert(cells[0] + " " + cells[1] + " " + cells[2]);
  }
  for (const auto& j : ip_json({"-4", "route", "show", "table", "all"})) {
    std::string dst = j.at("dst").get<std::string>();
    int len = 32;
    if (dst == "default") {
      dst = "0.0.0.0";
      len = 0;
    } else if (auto slash = dst.find('/'); slash != std::string::npos) {
      len = std::stoi(dst.substr(slash + 1));
      dst = dst.substr(0, slash);
    }
    const std::string type = j.value("type", "unicast");
    std::string gw = j.value("gateway", "On-link");
    if (type == "blackhole") gw = "Blackhole";
    theirs.insert(dst + " " + netmask(len) + " " + gw);
  }
  EXPECT_EQ(ours, theirs) << r.out;
  EXPECT_NE(r.out.find("        10.77.0.0      255.255.0.0         10.9.0.2        10.9.0.1       0\n"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("        10.78.0.0      255.255.0.0         10.9.0.3        10.9.0.1      30\n"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("Persistent Routes:\n  None"), std::string::npos);

  // IPv6: one row per route, with the interface index and metric ip(8) shows.
  std::multiset<std::string> ours6, theirs6;
  std::string v6_text = r.out.substr(v6_at);
  const auto rows6 = table_rows(v6_text);
  for (std::size_t i = 0; i < rows6.size(); ++i) {
    auto cells = rows6[i];
    // As route print does, a destination too long for its column puts the gateway on the next line.
    if (cells.size() == 3 && std::isdigit(static_cast<unsigned char>(cells[0][0])) && i + 1 < rows6.size() &&
        rows6[i + 1].size() == 1) {
      cells.push_back(rows6[++i][0]);
    }
    if (cells.size() == 4 && cells[0] != "If") ours6.insert(cells[0] + " " + cells[1] + " " + cells[2] + " " + cells[3]);
  }
  const json links = ip_json({"link", "show"});
  auto index_of = [&](const std::string& dev) {
    for (const auto& l : links) {
      if (l.at("ifname") == dev) return std::to_string(l.at("ifindex").get<int>());
    }
    return std::string("?");
  };
  for (const auto& j : ip_json({"-6", "route", "show", "table", "all"})) {
    std::string dst = j.at("dst").get<std::string>();
    if (dst == "default") dst = "::/0";
    if (dst.find('/') == std::string::npos) dst += "/128";
    theirs6.insert(index_of(j.value("dev", "")) + " " + std::to_string(j.value("metric", 0)) + " " + dst + " " +
                   j.value("gateway", "On-link"));
  }
  EXPECT_EQ(ours6, theirs6) << v6_text;
  EXPECT_NE(theirs6.count(index_of("d0") + " 300 2001:db8:77::/48 2001:db8:9::2"), 0u);
}

TEST(NetstatTables, BsdRoutes) {
  ENTER_NETNS_TO_MAKE_LINKS();
  make_link();
  const auto r = run_sockscope({"netstat", "-r", "--bsd", "-n"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_TRUE(r.out.starts_with("Routing tables\n\nInternet:\n")) << r.out;
  EXPECT_NE(r.out.find("\nInternet6:\n"), std::string::npos);
  const auto rows = table_rows(r.out);
  auto find = [&](const std::string& dest) -> std::vector<std::string> {
    for (const auto& c : rows) {
      if (!c.empty() && c[0] == dest) return c;
    }
    return {};
  };
  EXPECT_EQ(find("10.77.0.0/16"), (std::vector<std::string>{"10.77.0.0/16", "10.9.0.2", "UGS", "-", "-", "d0"}))
      << r.out;
  EXPECT_EQ(find("10.9.0.0/24"), (std::vector<std::string>{"10.9.0.0/24", "link#" + std::to_string(
                                                                               ip_json({"link", "show", "d0"})[0]
                                                                                   .at("ifindex")
                                                                                   .get<int>()),
                                                          "U", "-", "-", "d0"}))
      << r.out;
  EXPECT_EQ(find("10.88.0.0/16"), (std::vector<std::string>{"10.88.0.0/16", "-", "UBS", "-", "-", "-"})) << r.out;
  EXPECT_EQ(find("10.9.0.1").at(2), "UHl");
  EXPECT_EQ(find("2001:db8:77::/48"),
            (std::vector<std::string>{"2001:db8:77::/48", "2001:db8:9::2", "UGS", "-", "-", "d0"}))
      << r.out;
  // Every route ip(8) knows has its row.
  const std::size_t routes =
      ip_json({"-4", "route", "show", "table", "all"}).size() + ip_json({"-6", "route", "show", "table", "all"}).size();
  std::size_t data_rows = 0;
  for (const auto& c : rows) {
    if (c.size() >= 6 && c[3] == "-" && c[4] == "-") ++data_rows;
  }
  EXPECT_EQ(data_rows, routes) << r.out;
}

}  // namespace
