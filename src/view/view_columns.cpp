// The view's column catalog and the text of each cell (names when resolving, local times, rates).
#include "view/view_columns.hpp"

#include <algorithm>
#include <charconv>
#include <ctime>

#include "present/local_lookups.hpp"
#include "resolve/names.hpp"

namespace sockscope::view {

namespace {

struct Preset {
  std::string_view key;
  std::string_view title;
  std::string_view short_title;
  ViewField field;
  int min_width;
  int max_width;
  Elide elide;  // which columns give up room on a narrow screen
};

// TCPView 4's columns in its order, then what sockscope adds by default.
constexpr Preset kDefaults[] = {
    {"process", "Process Name", "Process", ViewField::Data, 7, 24, Elide::End},
    {"pid", "PID", "PID", ViewField::Data, 3, 7, Elide::None},
    {"proto", "Protocol", "Proto", ViewField::Data, 4, 8, Elide::None},
    {"state", "State", "State", ViewField::Data, 5, 11, Elide::None},
    {"local_address", "Local Address", "Local Addr", ViewField::Data, 7, 40, Elide::Middle},
    {"local_port", "Local Port", "LPort", ViewField::Data, 4, 10, Elide::None},
    {"remote_address", "Remote Address", "Remote Addr", ViewField::Data, 7, 40, Elide::Middle},
    {"remote_port", "Remote Port", "RPort", ViewField::Data, 4, 11, Elide::None},
    {"first_seen", "First Seen", "Seen", ViewField::FirstSeen, 9, 10, Elide::None},
    {"segs_out", "Sent Packets", "Sent Pkts", ViewField::Data, 4, 12, Elide::None},
    {"segs_in", "Rcvd Packets", "Rcvd Pkts", ViewField::Data, 4, 12, Elide::None},
    {"bytes_sent", "Sent Bytes", "Sent Bytes", ViewField::Data, 4, 14, Elide::None},
    {"bytes_received", "Rcvd Bytes", "Rcvd Bytes", ViewField::Data, 4, 14, Elide::None},
    {"send_rate", "Send Rate", "Send Rate", ViewField::SendRate, 5, 11, Elide::None},
    {"receive_rate", "Recv Rate", "Recv Rate", ViewField::ReceiveRate, 5, 11, Elide::None},
    {"user", "User", "User", ViewField::Data, 4, 16, Elide::End},
    {"unit", "Module", "Module", ViewField::Data, 6, 32, Elide::End},
    // From first sight to last (open to close for a short-lived row): not a TCPView column, last.
    {"lifetime", "Lifetime", "Life", ViewField::Lifetime, 4, 10, Elide::None},
};

ViewColumn from_registry(const Column& c, std::string_view title, std::string_view short_title, int min_width,
                         int max_width) {
  ViewColumn v;
  v.key = c.key;
  v.title = title;
  v.short_title = short_title;
  v.field = ViewField::Data;
  v.data = &c;
  v.align = c.align;
  v.elide = c.elide == Elide::None && c.kind == ValueKind::Text ? Elide::End : c.elide;
  v.min_width = min_width;
  v.max_width = max_width;
  return v;
}

template <class T>
void append_number(std::string& out, T v) {
  char buf[32];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, static_cast<std::size_t>(r.ptr - buf));
}

void append_clock_time(std::string& out, std::chrono::system_clock::time_point t) {
  const std::time_t secs = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  localtime_r(&secs, &tm);
  char buf[16];
  const std::size_t n = std::strftime(buf, sizeof buf, "%H:%M:%S", &tm);
  out.append(buf, n);
}

bool is_inet(const Endpoint& e) { return e.proto != Proto::Unix && e.family != Family::Unix; }
bool has_ports(const Endpoint& e) { return e.proto == Proto::Tcp || e.proto == Proto::Udp; }

}  // namespace

std::vector<ViewColumn> view_column_catalog() {
  std::vector<ViewColumn> out;
  std::vector<bool> taken(all_columns().size(), false);
  for (const Preset& p : kDefaults) {
    if (p.field == ViewField::Data) {
      const Column* c = find_column(p.key);
      if (!c) continue;  // "unit" until the registry has it
      out.push_back(from_registry(*c, p.title, p.short_title, p.min_width, p.max_width));
      out.back().elide = p.elide;
      taken[static_cast<std::size_t>(c->id)] = true;
    } else {
      ViewColumn v;
      v.key = p.key;
      v.title = p.title;
      v.short_title = p.short_title;
      v.field = p.field;
      v.align = p.field == ViewField::FirstSeen ? Align::Left : Align::Right;
      v.min_width = p.min_width;
      v.max_width = p.max_width;
      out.push_back(v);
    }
  }
  for (const Column& c : all_columns()) {
    if (taken[static_cast<std::size_t>(c.id)]) continue;
    out.push_back(from_registry(c, c.title, c.title, 4, c.kind == ValueKind::Text ? 40 : 20));
  }
  return out;
}

std::vector<std::size_t> default_visible_columns(const std::vector<ViewColumn>& catalog) {
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < catalog.size(); ++i) {
    for (const Preset& p : kDefaults) {
      if (p.key == catalog[i].key) out.push_back(i);
    }
  }
  return out;
}

std::size_t find_view_column(const std::vector<ViewColumn>& catalog, std::string_view key) {
  for (std::size_t i = 0; i < catalog.size(); ++i) {
    if (catalog[i].key == key) return i;
  }
  return catalog.size();
}

void append_rate(std::string& out, double bps) {
  static constexpr const char* kUnits[] = {"B/s", "kB/s", "MB/s", "GB/s", "TB/s"};
  if (bps < 1000) {
    append_number(out, static_cast<std::uint64_t>(bps + 0.5));
    out += " B/s";
    return;
  }
  std::size_t unit = 0;
  while (bps >= 1000 && unit + 1 < std::size(kUnits)) bps /= 1000, ++unit;
  char buf[32];
  auto r = std::to_chars(buf, buf + sizeof buf, bps, std::chars_format::fixed, 1);
  out.append(buf, static_cast<std::size_t>(r.ptr - buf));
  out += ' ';
  out += kUnits[unit];
}

void append_duration(std::string& out, std::chrono::nanoseconds d) {
  using namespace std::chrono;
  const auto ns = std::max<std::int64_t>(d.count(), 0);
  char buf[32];
  auto fixed1 = [&](double v, const char* unit) {
    auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, 1);
    out.append(buf, static_cast<std::size_t>(r.ptr - buf));
    out += unit;
  };
  if (ns < 10'000'000) return fixed1(static_cast<double>(ns) / 1e6, " ms");
  if (ns < 1'000'000'000) {
    append_number(out, ns / 1'000'000);
    out += " ms";
    return;
  }
  if (ns < 60'000'000'000) return fixed1(static_cast<double>(ns) / 1e9, " s");
  const std::int64_t secs = ns / 1'000'000'000;
  const std::int64_t big = secs < 3600 ? secs / 60 : secs / 3600;
  const std::int64_t small = secs < 3600 ? secs % 60 : secs / 60 % 60;
  append_number(out, big);
  out += secs < 3600 ? 'm' : 'h';
  if (small < 10) out += '0';
  append_number(out, small);
  out += secs < 3600 ? 's' : 'm';
}

void append_cell_text(std::string& out, const ViewColumn& c, const LiveRow& row, const CellContext& ctx) {
  const Endpoint& e = row.endpoint();
  switch (c.field) {
    case ViewField::Lifetime:
      // A short-lived row without an open time (the destroy groups) has no lifetime to tell.
      if (row.short_lived && row.existed_before) return;
      if (row.existed_before) out += ctx.utf8 ? "\u2265" : ">=";
      append_duration(out, row.snapshot->taken_at - row.first_seen);
      return;
    case ViewField::FirstSeen:
      if (row.existed_before) out += ctx.utf8 ? "\u2264" : "<=";
      append_clock_time(out, row.first_seen);
      return;
    case ViewField::SendRate:
      if (row.rates.send) append_rate(out, *row.rates.send);
      return;
    case ViewField::ReceiveRate:
      if (row.rates.receive) append_rate(out, *row.rates.receive);
      return;
    case ViewField::Data: break;
  }
  if (!c.data) return;
  if (row.short_lived && c.data->id == ColumnId::State) {
    out += kShortLivedState;
    return;
  }
  // Names replace numbers as they arrive, address by address (TCPView's Resolve Addresses).
  if (ctx.names && is_inet(e)) {
    const ColumnId id = c.data->id;
    if (id == ColumnId::LocalAddress || id == ColumnId::RemoteAddress) {
      const IpAddress& a = id == ColumnId::LocalAddress ? e.local : e.remote;
      if (!a.is_unspecified()) {
        if (auto name = ctx.names->host_name(a)) {
          append_terminal_safe(out, *name);
          return;
        }
      }
    } else if ((id == ColumnId::LocalPort || id == ColumnId::RemotePort) && has_ports(e)) {
      const std::uint16_t port = id == ColumnId::LocalPort ? e.local_port : e.remote_port;
      if (port != 0) {
        if (auto name = ctx.names->service_name(port, e.proto)) {
          append_terminal_safe(out, *name);
          return;
        }
      }
    }
  }
  std::string scratch;
  std::string plain;
  ValueContext vc{*row.snapshot, ctx.names, ctx.local};
  Value v = c.data->get(e, vc, scratch);
  append_plain_text(plain, *c.data, v, ctx.local, FloatStyle::Fixed3);
  append_terminal_safe(out, plain);
}

}  // namespace sockscope::view
