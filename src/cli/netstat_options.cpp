// Hand-written parsing of `sockscope netstat` switches: clusters (-ano), slashes (/a), -p lists, intervals.
#include "cli/netstat_options.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <span>

#include "cli/query_option.hpp"
#include "present/sanitize.hpp"

namespace sockscope::cli {

namespace {

// Longest interval accepted: the sleep is done in milliseconds held in an int.
constexpr long kMaxSeconds = 2147483;

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

bool in(std::span<const std::string_view> names, std::string_view s) {
  return std::any_of(names.begin(), names.end(), [&](std::string_view n) { return iequals(n, s); });
}

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Quotes a user's text for an error line through the one terminal sanitizer: one line, and no
// C0/C1 control, bidi override or invalid UTF-8 byte reaches the terminal raw.
std::string quoted(std::string_view s) { return "'" + terminal_safe(s) + "'"; }

std::expected<int, std::string> positive_seconds(std::string_view text, std::string_view what) {
  long v = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec == std::errc() && ptr == text.data() + text.size() && v > 0 && v <= kMaxSeconds) return static_cast<int>(v);
  return std::unexpected("bad " + std::string(what) + " " + quoted(text) + ": give a whole number of seconds from 1 to " +
                         std::to_string(kMaxSeconds));
}

bool is_switch(std::string_view s) { return s.size() > 1 && (s[0] == '-' || s[0] == '/'); }

class Parser {
 public:
  explicit Parser(const std::vector<std::string>& args) : args_(args) {}

  std::expected<NetstatOptions, std::string> run() {
    while (i_ < args_.size()) {
      const std::string& a = args_[i_++];
      std::optional<std::string> err;
      if (a.starts_with("--") && a.size() > 2) err = long_option(a);
      else if (is_switch(a) && a[0] == '-' && all_digits(std::string_view(a).substr(1)))
        err = "bad interval " + quoted(a) + ": give a whole number of seconds from 1 to " + std::to_string(kMaxSeconds);
      else if (is_switch(a)) err = cluster(a);
      else if (!a.empty() && (std::isdigit(static_cast<unsigned char>(a[0])) || a[0] == '+')) err = set_interval(a, "interval");
      else err = "unknown argument " + quoted(a) + " (not a switch or an interval)";
      if (err) return std::unexpected(*err);
      if (o_.help) return o_;
    }
    if (auto err = finish()) return std::unexpected(*err);
    return o_;
  }

 private:
  std::optional<std::string> set_interval(std::string_view text, std::string_view what) {
    auto secs = positive_seconds(text, what);
    if (!secs) return secs.error();
    if (o_.interval && *o_.interval != *secs) return "two intervals given: " + std::to_string(*o_.interval) + " and " + std::string(text);
    o_.interval = *secs;
    return std::nullopt;
  }

  // -p takes one protocol and any more that follow (`-s -p tcp udp`); the first must be there.
  std::optional<std::string> protocols(std::string_view attached, std::string_view sw) {
    auto add = [&](std::string_view name) -> std::optional<std::string> {
      if (!in(kStatisticsProtocols, name))
        return "unknown protocol " + quoted(name) + " for " + std::string(sw) +
               " (TCP, UDP, TCPv6, UDPv6; with -s also IP, IPv6, ICMP, ICMPv6)";
      o_.protocols.emplace_back(name);
      return std::nullopt;
    };
    if (!attached.empty()) {
      if (auto err = add(attached)) return err;
    } else {
      if (i_ >= args_.size() || is_switch(args_[i_]))
        return std::string(sw) + " needs a protocol (TCP, UDP, TCPv6, UDPv6; with -s also IP, IPv6, ICMP, ICMPv6)";
      if (auto err = add(args_[i_++])) return err;
    }
    // Further words are protocols too, until a switch or an interval.
    while (i_ < args_.size() && !is_switch(args_[i_]) && !all_digits(args_[i_])) {
      if (auto err = add(args_[i_++])) return err;
    }
    return std::nullopt;
  }

  std::optional<std::string> value(std::string_view attached, std::string_view sw, std::string& out) {
    if (!attached.empty()) {
      out = attached;
      return std::nullopt;
    }
    if (i_ >= args_.size()) return std::string(sw) + " needs a value";
    out = args_[i_++];
    return std::nullopt;
  }

  std::optional<std::string> families(std::string_view list) {
    o_.family_inet = o_.family_inet6 = o_.family_unix = false;
    std::size_t start = 0;
    bool any = false;
    while (start <= list.size()) {
      std::size_t comma = list.find(',', start);
      if (comma == std::string_view::npos) comma = list.size();
      const std::string_view f = list.substr(start, comma - start);
      start = comma + 1;
      if (f.empty()) continue;
      if (iequals(f, "inet")) o_.family_inet = true;
      else if (iequals(f, "inet6")) o_.family_inet6 = true;
      else if (iequals(f, "unix") || iequals(f, "local")) o_.family_unix = true;
      else return "unknown address family " + quoted(f) + " for --family (inet, inet6, unix)";
      any = true;
    }
    if (!any) return std::string("--family needs an address family (inet, inet6, unix)");
    return std::nullopt;
  }

  // "-ano", "/a", "-anp tcp", "-Ieth0", "-w5": letters in a row; one taking a value ends the cluster.
  std::optional<std::string> cluster(std::string_view a) {
    const char prefix = a[0];
    for (std::size_t k = 1; k < a.size(); ++k) {
      const char c = a[k];
      const std::string sw = std::string(1, prefix) + c;
      const std::string_view rest = a.substr(k + 1);
      switch (c) {
        case 'a': o_.all = true; break;
        case 'b': o_.owners = true; break;
        case 'e': o_.ethernet = true; break;
        case 'f': o_.fqdn = true; break;
        case 'i': o_.time_in_state = true; break;
        case 'n': o_.numeric = true; break;
        case 'o': o_.pid = true; break;
        case 'q': o_.bound = true; break;
        case 'r': o_.routes = true; break;
        case 's': o_.statistics = true; break;
        case 't': o_.offload = true; break;
        case 'v': o_.verbose = true; break;
        case 'x': o_.network_direct = true; break;
        case 'y': o_.templates = true; break;
        case 'A': o_.pcb = true; break;
        case 'd': o_.drops = true; break;
        case 'm': o_.memory = true; break;
        case 'g': o_.multicast = true; break;
        case '?':
        case 'h': o_.help = true; return std::nullopt;
        case 'p': return protocols(rest, sw);
        case 'I': {
          std::string v;
          if (auto err = value(rest, sw, v)) return err;
          o_.interface = v;
          return std::nullopt;
        }
        case 'w': {
          std::string v;
          if (auto err = value(rest, sw, v)) return err;
          return set_interval(v, "wait interval for " + sw);
        }
        default: {
          std::string bad = quoted(sw);
          if (a.size() > 2) bad += " in " + quoted(a);
          return "unknown switch " + bad;
        }
      }
    }
    return std::nullopt;
  }

  std::optional<std::string> long_option(std::string_view a) {
    std::string_view name = a, attached;
    bool has_value = false;
    if (auto eq = a.find('='); eq != std::string_view::npos) {
      name = a.substr(0, eq);
      attached = a.substr(eq + 1);
      has_value = true;
    }
    struct Flag {
      std::string_view name;
      bool NetstatOptions::*field;
    };
    static constexpr Flag kFlags[] = {
        {"--all", &NetstatOptions::all},           {"--owners", &NetstatOptions::owners},
        {"--ethernet", &NetstatOptions::ethernet}, {"--fqdn", &NetstatOptions::fqdn},
        {"--time-in-state", &NetstatOptions::time_in_state}, {"--numeric", &NetstatOptions::numeric},
        {"--pid", &NetstatOptions::pid},           {"--bound", &NetstatOptions::bound},
        {"--route", &NetstatOptions::routes},      {"--statistics", &NetstatOptions::statistics},
        {"--offload", &NetstatOptions::offload},   {"--verbose", &NetstatOptions::verbose},
        {"--network-direct", &NetstatOptions::network_direct}, {"--template", &NetstatOptions::templates},
        {"--pcb", &NetstatOptions::pcb},           {"--interfaces", &NetstatOptions::interfaces},
        {"--drops", &NetstatOptions::drops},       {"--bsd", &NetstatOptions::bsd},
        {"--memory", &NetstatOptions::memory},     {"--multicast", &NetstatOptions::multicast},
        {"--routing-statistics", &NetstatOptions::routing_statistics},
        {"--help", &NetstatOptions::help},
    };
    for (const Flag& f : kFlags) {
      if (name != f.name) continue;
      if (has_value) return "switch " + std::string(name) + " takes no value";
      o_.*f.field = true;
      return std::nullopt;
    }
    if (name == "--protocol") return protocols(attached, name);
    const bool takes_value = name == "--interface" || name == "--family" || name == "--wait" ||
                             name == "--count" || name == "--dns-timeout" || name == "--netns" ||
                             name == "--filter";
    if (!takes_value) return "unknown switch " + quoted(name);
    std::string v;
    if (has_value) v = attached;
    else if (auto err = value({}, name, v)) return err;
    if (name == "--filter") {
      auto q = parse_cli_query(v);
      if (!q) return terminal_safe(q.error());
      o_.filter = std::move(*q);
    } else if (name == "--interface") {
      if (v.empty()) return std::string("--interface needs an interface name");
      o_.interface = v;
    } else if (name == "--family") {
      return families(v);
    } else if (name == "--wait") {
      return set_interval(v, "wait interval for --wait");
    } else if (name == "--netns") {
      auto selector = parse_netns_selector(v);
      if (!selector) return terminal_safe(selector.error().message);
      o_.netns.push_back(std::move(*selector));
    } else if (name == "--count") {
      auto n = positive_seconds(v, "--count");
      if (!n) return "bad count " + quoted(v) + " for --count: give a whole number from 1 to " + std::to_string(kMaxSeconds);
      o_.count = *n;
    } else {  // --dns-timeout
      double secs = -1;
      auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), secs);
      if (ec != std::errc() || ptr != v.data() + v.size() || !std::isfinite(secs) || secs < 0 || secs > 3600)
        return "bad value " + quoted(v) + " for --dns-timeout: give seconds from 0 to 3600";
      o_.dns_timeout = std::chrono::milliseconds(static_cast<long long>(secs * 1000));
    }
    return std::nullopt;
  }

  std::optional<std::string> finish() {
    if (o_.interface || o_.drops) o_.interfaces = true;
    if (!o_.statistics) {
      for (const std::string& p : o_.protocols) {
        if (!in(kConnectionProtocols, p))
          return "protocol " + quoted(p) + " has no connections to list; use it with -s (connections: TCP, UDP, TCPv6, UDPv6)";
      }
    }
    if (o_.count && !o_.interval) return std::string("--count needs an interval (a number of seconds, or -w N)");
    if (o_.interfaces && o_.interval &&
        (o_.ethernet || o_.statistics || o_.routes || o_.network_direct || o_.memory || o_.multicast || o_.routing_statistics))
      return std::string("--interfaces with an interval is BSD's running count; it cannot be combined with -e, -s, -r, -x, -m, -g or --routing-statistics");
    // BSD: -s with -g (or with -r) shows that display's statistics instead of its tables.
    if (o_.multicast && o_.statistics) {
      if (!o_.protocols.empty()) return std::string("-p names protocol statistics; -g -s shows multicast routing statistics, which take no -p");
      o_.multicast = o_.statistics = false;
      o_.multicast_statistics = true;
    }
    if (o_.bsd && o_.routes && o_.statistics) {
      if (!o_.protocols.empty()) return std::string("-p names protocol statistics; -r -s --bsd shows routing statistics, which take no -p");
      o_.routes = o_.statistics = false;
      o_.routing_statistics = true;
    }
    if (o_.routing_statistics && !o_.protocols.empty() && !o_.statistics)
      return std::string("--routing-statistics takes no -p (give -s -p for protocol statistics)");
    return std::nullopt;
  }

  const std::vector<std::string>& args_;
  std::size_t i_ = 0;
  NetstatOptions o_;
};

}  // namespace

std::expected<NetstatOptions, std::string> parse_netstat_args(const std::vector<std::string>& args) {
  return Parser(args).run();
}

std::span<const NetstatSwitch> netstat_switches() {
  static constexpr NetstatSwitch kSwitches[] = {
      {'a', "--all", "", "all connections and listening ports"},
      {'b', "--owners", "", "the unit or container and [executable] owning each connection"},
      {'e', "--ethernet", "", "interface statistics"},
      {'f', "--fqdn", "", "fully qualified names of foreign addresses"},
      {'i', "--time-in-state", "", "time spent in the current state"},
      {'n', "--numeric", "", "addresses and ports as numbers"},
      {'o', "--pid", "", "the owning process ID"},
      {'p', "--protocol", "PROTO", "connections (or with -s statistics) of these protocols"},
      {'q', "--bound", "", "all connections, listening and bound non-listening ports"},
      {'r', "--route", "", "the routing table"},
      {'s', "--statistics", "", "per-protocol statistics"},
      {'t', "--offload", "", "the offload state of each connection"},
      {'v', "--verbose", "", "with -b, the chain of components"},
      {'x', "--network-direct", "", "NetworkDirect connections, listeners and endpoints"},
      {'y', "--template", "", "the TCP connection template of each connection"},
      {'h', "--help", "", "this help (also -? and /?)"},
      {'A', "--pcb", "", "socket identity columns (BSD -A)"},
      {'d', "--drops", "", "dropped packets per interface (BSD -d)"},
      {'m', "--memory", "", "socket memory (BSD -m)"},
      {'g', "--multicast", "", "multicast routing tables (BSD -g)"},
      {'I', "--interface", "IFACE", "this interface's statistics (BSD -I)"},
      {'w', "--wait", "SECONDS", "seconds between displays (BSD -w)"},
      {0, "--interfaces", "", "the interface display (BSD -i)"},
      {0, "--bsd", "", "BSD layout for -r"},
      {0, "--routing-statistics", "", "routing statistics (BSD -r -s)"},
      {0, "--family", "FAMILY", "address families: inet, inet6, unix (BSD -f)"},
      {0, "--count", "N", "stop after N displays"},
      {0, "--dns-timeout", "SECONDS", "total time to wait for reverse DNS answers"},
      {0, "--netns", "NETNS", "network namespaces: all, current, a name, PID or path"},
      {0, "--filter", "EXPR", "only connections this filter expression selects"},
  };
  return kSwitches;
}

bool shows_connections(const NetstatOptions& o) {
  return !(o.ethernet || o.statistics || o.routes || o.network_direct || o.interfaces || o.memory || o.multicast ||
           o.multicast_statistics || o.routing_statistics);
}

}  // namespace sockscope::cli
