// Windows netstat's -s and -e layouts filled from Linux counters.
#include "present/netstat_stats_text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <iterator>
#include <span>

namespace sockscope {
namespace {

struct Row {
  std::string_view label;
  std::string_view group;
  std::string_view key;
};

// Windows' IP rows: the IPv4 key (/proc/net/snmp Ip) and the IPv6 one (/proc/net/snmp6 Ip6), which
// differ only for forwarding. "Routing Discards" (routing entries discarded) has no Linux counter.
struct IpRow {
  std::string_view label;
  std::string_view key4;
  std::string_view key6;
};

constexpr IpRow kIpRows[] = {
    {"Packets Received", "InReceives", "InReceives"},
    {"Received Header Errors", "InHdrErrors", "InHdrErrors"},
    {"Received Address Errors", "InAddrErrors", "InAddrErrors"},
    {"Datagrams Forwarded", "ForwDatagrams", "OutForwDatagrams"},
    {"Unknown Protocols Received", "InUnknownProtos", "InUnknownProtos"},
    {"Received Packets Discarded", "InDiscards", "InDiscards"},
    {"Received Packets Delivered", "InDelivers", "InDelivers"},
    {"Output Requests", "OutRequests", "OutRequests"},
    {"Discarded Output Packets", "OutDiscards", "OutDiscards"},
    {"Output Packet No Route", "OutNoRoutes", "OutNoRoutes"},
    {"Reassembly Required", "ReasmReqds", "ReasmReqds"},
    {"Reassembly Successful", "ReasmOKs", "ReasmOKs"},
    {"Reassembly Failures", "ReasmFails", "ReasmFails"},
    {"Datagrams Successfully Fragmented", "FragOKs", "FragOKs"},
    {"Datagrams Failing Fragmentation", "FragFails", "FragFails"},
    {"Fragments Created", "FragCreates", "FragCreates"},
};

constexpr Row kTcpRows[] = {
    {"Active Opens", "Tcp", "ActiveOpens"},
    {"Passive Opens", "Tcp", "PassiveOpens"},
    {"Failed Connection Attempts", "Tcp", "AttemptFails"},
    {"Reset Connections", "Tcp", "EstabResets"},
    {"Current Connections", "Tcp", "CurrEstab"},
    {"Segments Received", "Tcp", "InSegs"},
    {"Segments Sent", "Tcp", "OutSegs"},
    {"Segments Retransmitted", "Tcp", "RetransSegs"},
};

constexpr Row kUdpRows[] = {
    {"Datagrams Received", "", "InDatagrams"},
    {"No Ports", "", "NoPorts"},
    {"Receive Errors", "", "InErrors"},
    {"Datagrams Sent", "", "OutDatagrams"},
};

// An ICMP row: named In/Out counters, or counts of one message type. The kernel prints the
// per-type counters (IcmpMsg InTypeN, Icmp6 InTypeN) only when nonzero (no IcmpMsg line at all
// before the first ICMP message), so an absent one is a true 0 whenever the ICMP group is there.
struct IcmpRow {
  std::string_view label;
  std::string_view in_key;   // e.g. "InMsgs"; "" when counted by type
  std::string_view out_key;
  int type = -1;        // ICMP type counted when there are no named counters
  int second_type = -1;  // another type added to it
};

const IcmpRow kIcmp4Rows[] = {
    {"Messages", "InMsgs", "OutMsgs"},
    {"Errors", "InErrors", "OutErrors"},
    {"Destination Unreachable", "InDestUnreachs", "OutDestUnreachs"},
    {"Time Exceeded", "InTimeExcds", "OutTimeExcds"},
    {"Parameter Problems", "InParmProbs", "OutParmProbs"},
    {"Source Quenches", "InSrcQuenchs", "OutSrcQuenchs"},
    {"Redirects", "InRedirects", "OutRedirects"},
    {"Echo Replies", "InEchoReps", "OutEchoReps"},
    {"Echos", "InEchos", "OutEchos"},
    {"Timestamps", "InTimestamps", "OutTimestamps"},
    {"Timestamp Replies", "InTimestampReps", "OutTimestampReps"},
    {"Address Masks", "InAddrMasks", "OutAddrMasks"},
    {"Address Mask Replies", "InAddrMaskReps", "OutAddrMaskReps"},
    {"Router Solicitations", "", "", 10},
    {"Router Advertisements", "", "", 9},
};

// Windows' ICMPv6 rows. MLD Reports counts MLDv1 (131) and MLDv2 (143) reports.
const IcmpRow kIcmp6Rows[] = {
    {"Messages", "InMsgs", "OutMsgs"},
    {"Errors", "InErrors", "OutErrors"},
    {"Destination Unreachable", "InDestUnreachs", "OutDestUnreachs"},
    {"Packet Too Big", "InPktTooBigs", "OutPktTooBigs"},
    {"Time Exceeded", "InTimeExcds", "OutTimeExcds"},
    {"Parameter Problems", "InParmProblems", "OutParmProblems"},
    {"Echos", "InEchos", "OutEchos"},
    {"Echo Replies", "InEchoReplies", "OutEchoReplies"},
    {"MLD Queries", "InGroupMembQueries", "OutGroupMembQueries"},
    {"MLD Reports", "", "", 131, 143},
    {"MLD Dones", "InGroupMembReductions", "OutGroupMembReductions"},
    {"Router Solicitations", "InRouterSolicits", "OutRouterSolicits"},
    {"Router Advertisements", "InRouterAdvertisements", "OutRouterAdvertisements"},
    {"Neighbor Solicitations", "InNeighborSolicits", "OutNeighborSolicits"},
    {"Neighbor Advertisements", "InNeighborAdvertisements", "OutNeighborAdvertisements"},
    {"Redirects", "InRedirects", "OutRedirects"},
    {"Router Renumberings", "", "", 138},
};

constexpr std::string_view kNoIpv6 = "  IPv6 is not available: this kernel has no /proc/net/snmp6\n";

void title(std::string& out, std::string_view text) {
  out += '\n';
  out += text;
  out += "\n\n";
}

// "  Label<pad>= value" with the label padded to `width`, as Windows aligns each section.
void equals_rows(std::string& out, const ProtocolCounters& c, std::string_view group, std::span<const Row> rows,
                 std::size_t width) {
  for (const auto& r : rows) {
    const auto v = c.get(r.group.empty() ? group : r.group, r.key);
    if (!v) continue;
    fmt::format_to(std::back_inserter(out), "  {:<{}}= {}\n", r.label, width, *v);
  }
}

std::optional<std::uint64_t> by_type(const ProtocolCounters& c, std::string_view group, std::string_view type_group,
                                     std::string_view dir, const IcmpRow& r) {
  if (!c.has_group(group)) return std::nullopt;
  std::uint64_t sum = 0;
  for (int t : {r.type, r.second_type}) {
    if (t >= 0) sum += c.get(type_group, fmt::format("{}Type{}", dir, t)).value_or(0);
  }
  return sum;
}

void icmp_rows(std::string& out, const ProtocolCounters& c, std::string_view group, std::string_view type_group,
               std::span<const IcmpRow> rows) {
  out += "                            Received    Sent\n";
  for (const auto& r : rows) {
    std::optional<std::uint64_t> in, sent;
    if (r.type < 0) {
      in = c.get(group, r.in_key);
      sent = c.get(group, r.out_key);
    } else {
      in = by_type(c, group, type_group, "In", r);
      sent = by_type(c, group, type_group, "Out", r);
    }
    if (!in && !sent) continue;
    const std::string rs = in ? std::to_string(*in) : "-";
    const std::string ss = sent ? std::to_string(*sent) : "-";
    fmt::format_to(std::back_inserter(out), "  {:<26}{:<10}  {}\n", r.label, rs, ss);
  }
}

void ip_rows(std::string& out, const ProtocolCounters& c, bool v6) {
  for (const auto& r : kIpRows) {
    const auto v = v6 ? c.get("Ip6", r.key6) : c.get("Ip", r.key4);
    if (!v) continue;
    fmt::format_to(std::back_inserter(out), "  {:<35}= {}\n", r.label, *v);
  }
}

// `with_tcp4`: the TCP Statistics for IPv4 section is shown too, so the shared counters are not repeated.
void section(std::string& out, const ProtocolCounters& c, StatSection s, bool with_tcp4) {
  switch (s) {
    case StatSection::Ipv4:
      title(out, "IPv4 Statistics");
      ip_rows(out, c, false);
      break;
    case StatSection::Ipv6:
      title(out, "IPv6 Statistics");
      if (!c.has_ipv6) {
        out += kNoIpv6;
        break;
      }
      ip_rows(out, c, true);
      break;
    case StatSection::Icmpv4:
      title(out, "ICMPv4 Statistics");
      icmp_rows(out, c, "Icmp", "IcmpMsg", kIcmp4Rows);
      break;
    case StatSection::Icmpv6:
      title(out, "ICMPv6 Statistics");
      if (!c.has_ipv6) {
        out += kNoIpv6;
        break;
      }
      icmp_rows(out, c, "Icmp6", "Icmp6", kIcmp6Rows);
      break;
    case StatSection::Tcpv4:
      title(out, "TCP Statistics for IPv4");
      equals_rows(out, c, "Tcp", kTcpRows, 36);
      break;
    case StatSection::Tcpv6:
      title(out, "TCP Statistics for IPv6");
      if (!c.has_ipv6) {
        out += kNoIpv6;
        break;
      }
      if (with_tcp4) {
        out += "  Linux counts TCP over IPv4 and IPv6 together; see TCP Statistics for IPv4\n";
        break;
      }
      out += "  Linux counts TCP over IPv4 and IPv6 together: these counters are for both\n";
      equals_rows(out, c, "Tcp", kTcpRows, 36);
      break;
    case StatSection::Udpv4:
      title(out, "UDP Statistics for IPv4");
      equals_rows(out, c, "Udp", kUdpRows, 22);
      break;
    case StatSection::Udpv6:
      title(out, "UDP Statistics for IPv6");
      if (!c.has_ipv6) {
        out += kNoIpv6;
        break;
      }
      equals_rows(out, c, "Udp6", kUdpRows, 22);
      break;
  }
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

}  // namespace

std::optional<StatSection> stat_section_named(std::string_view name) {
  static constexpr std::pair<std::string_view, StatSection> kNames[] = {
      {"IP", StatSection::Ipv4},     {"IPv6", StatSection::Ipv6},   {"ICMP", StatSection::Icmpv4},
      {"ICMPv6", StatSection::Icmpv6}, {"TCP", StatSection::Tcpv4}, {"TCPv6", StatSection::Tcpv6},
      {"UDP", StatSection::Udpv4},   {"UDPv6", StatSection::Udpv6},
  };
  for (const auto& [n, s] : kNames) {
    if (iequals(n, name)) return s;
  }
  return std::nullopt;
}

std::string format_protocol_statistics(const ProtocolCounters& counters, const std::vector<StatSection>& sections) {
  std::string out;
  auto wanted = [&](StatSection s) { return std::find(sections.begin(), sections.end(), s) != sections.end(); };
  for (const auto s : kAllStatSections) {
    if (wanted(s)) section(out, counters, s, wanted(StatSection::Tcpv4));
  }
  return out;
}

std::string format_interface_statistics(const std::vector<InterfaceInfo>& links) {
  LinkCounters sum;
  std::optional<std::uint64_t> nohandler;
  for (const auto& l : links) {
    if (!l.stats) continue;
    const auto& s = *l.stats;
    sum.rx_bytes += s.rx_bytes;
    sum.tx_bytes += s.tx_bytes;
    sum.rx_packets += s.rx_packets;
    sum.tx_packets += s.tx_packets;
    // Drivers count multicast inside rx_packets; a driver claiming more is not believed past it.
    sum.multicast += std::min(s.multicast, s.rx_packets);
    sum.rx_dropped += s.rx_dropped;
    sum.tx_dropped += s.tx_dropped;
    sum.rx_errors += s.rx_errors;
    sum.tx_errors += s.tx_errors;
    if (s.rx_nohandler) nohandler = nohandler.value_or(0) + *s.rx_nohandler;
  }
  std::string out = "Interface Statistics\n\n                           Received            Sent\n\n";
  auto row = [&](std::string_view label, std::uint64_t rx, std::optional<std::uint64_t> tx) {
    if (tx) {
      fmt::format_to(std::back_inserter(out), "{:<21}{:>14}  {:>14}\n", label, rx, *tx);
    } else {
      fmt::format_to(std::back_inserter(out), "{:<21}{:>14}\n", label, rx);
    }
  };
  row("Bytes", sum.rx_bytes, sum.tx_bytes);
  row("Unicast packets", sum.rx_packets - sum.multicast, sum.tx_packets);
  row("Non-unicast packets", sum.multicast, std::nullopt);
  row("Discards", sum.rx_dropped, sum.tx_dropped);
  row("Errors", sum.rx_errors, sum.tx_errors);
  if (nohandler) {
    row("Unknown protocols", *nohandler, std::nullopt);
  } else {
    fmt::format_to(std::back_inserter(out), "{:<21}{:>14}\n", "Unknown protocols", "-");
  }
  out += "\nTotals of every interface, loopback (lo) included.\n"
         "Sent unicast packets include multicast and broadcast: Linux does not count those per interface.\n";
  return out;
}

}  // namespace sockscope
