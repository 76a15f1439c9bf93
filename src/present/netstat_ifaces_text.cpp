// BSD interface display and interval count, filled from rtnetlink links and addresses.
#include "present/netstat_ifaces_text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <iterator>

#include "present/netstat_text_util.hpp"
#include "present/sanitize.hpp"

namespace sockscope {
namespace {

using namespace netstat_text;

using Cells = std::vector<std::string>;

std::string address_text(const IpAddress& a, const InterfaceInfo& link, const HostNamer& names) {
  if (names) {
    if (auto n = names(a)) return terminal_safe(*n);
  }
  std::string s = ip(a);
  if (is_link_local(a)) s += "%" + safe_name(link);
  return s;
}

std::string network_text(const InterfaceAddress& a, const InterfaceInfo& link) {
  // A point-to-point address's network is its peer's.
  const IpAddress base = a.peer ? *a.peer : a.address;
  std::string s = ip(network_of(base, a.prefix_len));
  if (is_link_local(base)) s += "%" + safe_name(link);
  return fmt::format("{}/{}", s, a.prefix_len);
}

std::string count(std::uint64_t v) { return std::to_string(v); }

}  // namespace

std::string format_interface_table(const std::vector<InterfaceInfo>& links, const InterfaceTableOptions& options,
                                   const HostNamer& names) {
  // Columns: Name Mtu Network Address Ipkts Ierrs [Idrop] Opkts Oerrs Coll [Drop].
  std::vector<Cells> rows;
  Cells head{"Name", "Mtu", "Network", "Address", "Ipkts", "Ierrs"};
  if (options.drops) head.push_back("Idrop");
  for (const char* h : {"Opkts", "Oerrs", "Coll"}) head.push_back(h);
  if (options.drops) head.push_back("Drop");
  rows.push_back(head);

  for (const auto& l : links) {
    if (options.only && l.name != *options.only) continue;
    const std::string name = safe_name(l) + (l.up() ? "" : "*");
    Cells link_row{name, count(l.mtu), fmt::format("<Link#{}>", l.index), hw_text(l.hwaddr, ':', false)};
    auto stat = [&](auto field) { return l.stats ? count((*l.stats).*field) : std::string("-"); };
    link_row.push_back(stat(&LinkCounters::rx_packets));
    link_row.push_back(stat(&LinkCounters::rx_errors));
    if (options.drops) link_row.push_back(stat(&LinkCounters::rx_dropped));
    link_row.push_back(stat(&LinkCounters::tx_packets));
    link_row.push_back(stat(&LinkCounters::tx_errors));
    link_row.push_back(stat(&LinkCounters::collisions));
    if (options.drops) link_row.push_back(stat(&LinkCounters::tx_dropped));
    rows.push_back(std::move(link_row));
    for (const auto& a : l.addresses) {
      Cells r{name, "-", network_text(a, l), address_text(a.address, l, names)};
      while (r.size() < head.size()) r.push_back("-");
      rows.push_back(std::move(r));
    }
  }

  std::vector<std::size_t> width(head.size(), 0);
  for (const auto& r : rows) {
    for (std::size_t i = 0; i < r.size(); ++i) width[i] = std::max(width[i], r[i].size());
  }
  std::string out;
  for (const auto& r : rows) {
    for (std::size_t i = 0; i < r.size(); ++i) {
      // Name, Network and Address read left to right; the numbers (and Mtu) line up on the right.
      const bool left = i == 0 || i == 2 || i == 3;
      if (i > 0) out += ' ';
      if (left) {
        fmt::format_to(std::back_inserter(out), "{:<{}}", r[i], width[i]);
      } else {
        fmt::format_to(std::back_inserter(out), "{:>{}}", r[i], width[i]);
      }
    }
    out += '\n';
  }
  trim_line_ends(out);
  return out;
}

// Interval display ----------------------------------------------------------------------------

namespace {

struct Totals {
  std::uint64_t ipkts = 0, ierrs = 0, idrops = 0, ibytes = 0, opkts = 0, oerrs = 0, obytes = 0, colls = 0, odrops = 0;
  void add(const LinkCounters& c) {
    ipkts += c.rx_packets;
    ierrs += c.rx_errors;
    idrops += c.rx_dropped;
    ibytes += c.rx_bytes;
    opkts += c.tx_packets;
    oerrs += c.tx_errors;
    obytes += c.tx_bytes;
    colls += c.collisions;
    odrops += c.tx_dropped;
  }
};

// Counted since `before`; a counter that went backwards was reset and counts from zero.
LinkCounters since(const LinkCounters& now, const LinkCounters* before) {
  if (!before) return now;
  auto d = [](std::uint64_t n, std::uint64_t b) { return n >= b ? n - b : n; };
  LinkCounters c = now;
  c.rx_packets = d(now.rx_packets, before->rx_packets);
  c.rx_errors = d(now.rx_errors, before->rx_errors);
  c.rx_dropped = d(now.rx_dropped, before->rx_dropped);
  c.rx_bytes = d(now.rx_bytes, before->rx_bytes);
  c.tx_packets = d(now.tx_packets, before->tx_packets);
  c.tx_errors = d(now.tx_errors, before->tx_errors);
  c.tx_bytes = d(now.tx_bytes, before->tx_bytes);
  c.collisions = d(now.collisions, before->collisions);
  c.tx_dropped = d(now.tx_dropped, before->tx_dropped);
  return c;
}

// Column widths: input packets errs [idrops] bytes, output packets errs bytes colls [drops].
struct Layout {
  bool drops;
  std::vector<std::pair<const char*, std::size_t>> in_cols() const {
    std::vector<std::pair<const char*, std::size_t>> c{{"packets", 10}, {"errs", 6}};
    if (drops) c.push_back({"idrops", 7});
    c.push_back({"bytes", 11});
    return c;
  }
  std::vector<std::pair<const char*, std::size_t>> out_cols() const {
    std::vector<std::pair<const char*, std::size_t>> c{{"packets", 11}, {"errs", 6}, {"bytes", 11}, {"colls", 6}};
    if (drops) c.push_back({"drops", 6});
    return c;
  }
  static std::size_t sum(const std::vector<std::pair<const char*, std::size_t>>& c) {
    std::size_t n = 0;
    for (const auto& [_, w] : c) n += w;
    return n;
  }
};

std::string centered(std::string_view text, std::size_t width) {
  if (text.size() >= width) return std::string(text);
  const std::size_t left = (width - text.size()) / 2;
  return std::string(left, ' ') + std::string(text) + std::string(width - text.size() - left, ' ');
}

std::string group_title(const Layout& lay, std::string_view label) {
  const std::size_t in_w = Layout::sum(lay.in_cols()), out_w = Layout::sum(lay.out_cols());
  const std::string mid = "(" + std::string(label) + ")";
  const std::size_t m1 = mid.size() / 2, m2 = mid.size() - m1;
  if (in_w < m1 + 7 || out_w < m2 + 8) return "input " + mid + " output";
  return centered("input", in_w - m1) + mid + centered("output", out_w - m2);
}

void group_values(std::string& out, const Layout& lay, const std::optional<Totals>& t) {
  auto put = [&](std::size_t width, std::optional<std::uint64_t> v) {
    out += right(v ? std::to_string(*v) : "-", width);
  };
  auto f = [&](std::uint64_t Totals::*m) { return t ? std::optional<std::uint64_t>((*t).*m) : std::nullopt; };
  put(10, f(&Totals::ipkts));
  put(6, f(&Totals::ierrs));
  if (lay.drops) put(7, f(&Totals::idrops));
  put(11, f(&Totals::ibytes));
  put(11, f(&Totals::opkts));
  put(6, f(&Totals::oerrs));
  put(11, f(&Totals::obytes));
  put(6, f(&Totals::colls));
  if (lay.drops) put(6, f(&Totals::odrops));
}

}  // namespace

InterfaceWatch::InterfaceWatch(std::optional<std::string> watched, bool drops, int screen_lines)
    : watched_(std::move(watched)), chosen_(watched_.has_value()), drops_(drops),
      screen_lines_(screen_lines > 2 ? screen_lines : 21) {}

std::string InterfaceWatch::header() const {
  const Layout lay{drops_};
  std::string l1, l2;
  auto columns = [&] {
    for (const auto& [name, w] : lay.in_cols()) l2 += right(name, w);
    for (const auto& [name, w] : lay.out_cols()) l2 += right(name, w);
  };
  if (watched_) {
    l1 += group_title(lay, terminal_safe(*watched_));
    columns();
    l1 += "  ";
    l2 += "  ";
  }
  l1 += group_title(lay, "Total");
  columns();
  std::string out = l1 + "\n" + l2 + "\n";
  trim_line_ends(out);
  return out;
}

std::string InterfaceWatch::next(const std::vector<InterfaceInfo>& sample) {
  if (!chosen_) {
    chosen_ = true;
    for (const auto& l : sample) {
      if (l.up() && !l.loopback()) {
        watched_ = l.name;
        break;
      }
    }
  }
  std::string out;
  const bool new_screen = line_ % screen_lines_ == 0;
  if (new_screen) out += header();
  ++line_;

  // A new screen starts with the totals since boot.
  std::optional<Totals> watched_totals;
  Totals total;
  std::map<std::uint32_t, LinkCounters> now;
  for (const auto& l : sample) {
    if (!l.stats) continue;
    now[l.index] = *l.stats;
    const auto prev = previous_.find(l.index);
    const LinkCounters counted = new_screen ? *l.stats : since(*l.stats, prev == previous_.end() ? nullptr : &prev->second);
    total.add(counted);
    if (watched_ && l.name == *watched_) {
      watched_totals.emplace();
      watched_totals->add(counted);
    }
  }
  previous_ = std::move(now);

  const Layout lay{drops_};
  std::string line;
  if (watched_) {
    group_values(line, lay, watched_totals);
    line += "  ";
  }
  group_values(line, lay, total);
  out += line;
  out += '\n';
  return out;
}

}  // namespace sockscope
