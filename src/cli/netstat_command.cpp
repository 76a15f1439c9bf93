// `sockscope netstat`: parses the switches, then shows connections or the sections, once or every N seconds.
#include "cli/netstat_command.hpp"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <map>
#include <optional>
#include <thread>

#include "cli/exit_codes.hpp"
#include "collect/netns_plan.hpp"
#include "cli/netstat_options.hpp"
#include "cli/query_option.hpp"
#include "cli/netstat_sections.hpp"
#include "cli/netstat_state_clock.hpp"
#include "collect/collector.hpp"
#include "collect/process_ancestry.hpp"
#include "logic/query_eval.hpp"
#include "model/process_selector.hpp"
#include "present/local_lookups.hpp"
#include "present/netstat_connections_text.hpp"
#include "present/query_columns.hpp"
#include "present/sanitize.hpp"
#include "resolve/system_names.hpp"

namespace sockscope::cli {

namespace {

std::string this_host_name() {
  char buf[256] = {};
  if (::gethostname(buf, sizeof buf - 1) != 0 || buf[0] == '\0') return "localhost";
  return buf;
}

ConnectionView make_view(const NetstatOptions& o) {
  ConnectionView v;
  v.all = o.all;
  v.bound = o.bound;
  v.numeric = o.numeric;
  v.fqdn = o.fqdn;
  v.pid = o.pid;
  v.owners = o.owners;
  v.verbose = o.verbose;
  v.offload = o.offload;
  v.templates = o.templates;
  v.time_in_state = o.time_in_state;
  v.pcb = o.pcb;
  if (!o.protocols.empty()) {
    v.protos.tcp4 = v.protos.tcp6 = v.protos.udp4 = v.protos.udp6 = false;
    for (const std::string& p : o.protocols) {
      if (ascii_iequals(p, "TCP")) v.protos.tcp4 = true;
      else if (ascii_iequals(p, "TCPv6")) v.protos.tcp6 = true;
      else if (ascii_iequals(p, "UDP")) v.protos.udp4 = true;
      else if (ascii_iequals(p, "UDPv6")) v.protos.udp6 = true;
    }
  }
  if (!o.family_inet) v.protos.tcp4 = v.protos.udp4 = false;
  if (!o.family_inet6) v.protos.tcp6 = v.protos.udp6 = false;
  if (!o.numeric) v.host_name = this_host_name();
  return v;
}

CollectOptions make_collect(const ConnectionView& v, bool unix_sockets) {
  CollectOptions c;
  SocketQuery& q = c.query;
  const bool all = v.all || v.bound;
  q.tcp = v.protos.tcp4 || v.protos.tcp6;
  q.udp = all && (v.protos.udp4 || v.protos.udp6);
  q.raw = false;
  q.unix_sockets = unix_sockets;
  q.inet4 = v.protos.tcp4 || (q.udp && v.protos.udp4);
  q.inet6 = v.protos.tcp6 || (q.udp && v.protos.udp6);
  q.tcp_states = kAllStates & ~(state_bit(TcpState::Listen) | state_bit(TcpState::Close) | state_bit(TcpState::BoundInactive));
  if (all) q.tcp_states |= state_bit(TcpState::Listen) | state_bit(TcpState::Close);
  if (v.bound) q.tcp_states |= state_bit(TcpState::BoundInactive);
  q.tcp_info = false;
  c.owners = v.pid || v.owners;
  return c;
}

// Writes and flushes; false when stdout is gone (a closed pipe ends the display quietly).
bool emit(const std::string& text) {
  std::fwrite(text.data(), 1, text.size(), stdout);
  return std::fflush(stdout) == 0 && !std::ferror(stdout);
}

class ConnectionDisplay {
 public:
  explicit ConnectionDisplay(const NetstatOptions& o) : o_(o), view_(make_view(o)) {
    if (!o.numeric) {
      auto created = Names::create(Names::Options{});
      if (!created) {
        // DNS could not start (e.g. an unusable resolv.conf): names from the files still help.
        Names::Options files_only;
        files_only.dns = false;
        created = Names::create(files_only);
      }
      if (created) names_.emplace(std::move(*created));
    }
  }

  // One display. Returns an exit status; sets `stop` when output is gone.
  int show(bool& stop) {
    const bool inet = view_.protos.tcp4 || view_.protos.tcp6 || view_.protos.udp4 || view_.protos.udp6;
    const auto now = StateClock::Clock::now();
    auto plan = plan_netns(o_.netns);
    if (!plan) {
      std::fprintf(stderr, "sockscope netstat: %s; see 'sockscope netstat /?'\n", terminal_safe(plan.error().message).c_str());
      return kExitUsage;
    }
    if (!plan->note.empty() && !told_netns_) {
      std::fprintf(stderr, "sockscope netstat: %s\n", plan->note.c_str());
      told_netns_ = true;
    }
    CollectOptions co = make_collect(view_, o_.family_unix);
    co.netns = std::move(plan->netns);
    if (o_.filter) {
      for (const Column* c : columns_read_by(*o_.filter)) co.owners = co.owners || (c->needs & kNeedOwners);
      push_query_down(co.query, *o_.filter);
    }
    auto snap = collect_snapshot(co);
    if (!snap) {
      std::fprintf(stderr, "sockscope netstat: cannot read sockets: %s\n", terminal_safe(snap.error().message).c_str());
      return kExitFailure;
    }
    clock_.observe(*snap, now);

    std::map<int, std::vector<Process>> ancestry;
    ConnectionHooks hooks;
    hooks.ms_in_state = [&](const Endpoint& e) { return clock_.ms_in_state(e, now); };
    hooks.ancestry = [&](int pid) -> std::vector<Process> {
      auto it = ancestry.find(pid);
      if (it == ancestry.end()) it = ancestry.emplace(pid, read_ancestry(pid)).first;
      return it->second;
    };

    std::string text;
    std::vector<std::size_t> rows;
    if (inet) {
      rows = select_connections(*snap, view_);
      if (o_.filter) {
        LocalLookups local;
        const ColumnFields fields(ValueContext{*snap, nullptr, &local});
        std::erase_if(rows, [&](std::size_t r) { return !evaluate(*o_.filter, snap->endpoints[r], fields); });
      }
      if (names_) names_->resolve_all(addresses_to_resolve(*snap, rows), o_.dns_timeout);
      text = format_connections(*snap, rows, view_, names_ ? &*names_ : nullptr, hooks);
    }
    if (o_.family_unix) {
      text += format_unix_sockets(*snap, view_, hooks);
      for (std::size_t i = 0; i < snap->endpoints.size(); ++i)
        if (snap->endpoints[i].proto == Proto::Unix) rows.push_back(i);
    }
    if (!told_elevation_ && (view_.owners || view_.pid) && owners_hidden(*snap, rows)) {
      // Said once, and the rows are shown regardless. Windows' words where they are true: only
      // root may inspect other users' processes; root can be refused too (a security module).
      if (::geteuid() != 0) {
        std::fputs("The requested operation requires elevation.\n", stderr);
      } else {
        std::fprintf(stderr, "sockscope netstat: some owners could not be inspected: %s\n",
                     terminal_safe(snap->notes.owners_reason).c_str());
      }
      told_elevation_ = true;
    }
    if (!emit(text)) stop = true;
    return kExitOk;
  }

 private:
  const NetstatOptions& o_;
  ConnectionView view_;
  std::optional<Names> names_;
  StateClock clock_;
  bool told_elevation_ = false;
  bool told_netns_ = false;
};

// -e, -s, -r, -x and --interfaces, in Windows' order (-e before -s), then BSD's -m, -g and routing statistics.
int show_sections(const NetstatOptions& o, bool& stop) {
  int rc = kExitOk;
  auto keep = [&](int r) {
    if (rc == kExitOk) rc = r;
  };
  if (o.ethernet) keep(print_ethernet_stats(stdout));
  if (o.statistics) keep(print_statistics(o.protocols, stdout));
  if (o.routes) keep(print_routes(o.bsd, o.numeric, stdout));
  if (o.network_direct) std::fputs(format_network_direct().c_str(), stdout);
  if (o.interfaces) {
    InterfaceView iv;
    iv.drops = o.drops;
    iv.iface = o.interface;
    iv.numeric = o.numeric;
    keep(print_interfaces(iv, stdout));
  }
  if (o.memory) keep(print_socket_memory(stdout));
  if (o.multicast || o.multicast_statistics) keep(print_multicast_routing(o.multicast_statistics, stdout));
  if (o.routing_statistics) keep(print_routing_statistics(stdout));
  if (std::fflush(stdout) != 0 || std::ferror(stdout)) stop = true;
  return rc;
}

}  // namespace

int run_netstat(std::vector<std::string> args) {
  auto parsed = parse_netstat_args(args);
  if (!parsed) {
    std::fprintf(stderr, "sockscope netstat: %s; see 'sockscope netstat /?'\n", parsed.error().c_str());
    return kExitUsage;
  }
  const NetstatOptions& o = *parsed;
  if (o.help) {
    std::fwrite(netstat_help().data(), 1, netstat_help().size(), stdout);
    return kExitOk;
  }

  // BSD's interface display with a wait interval counts per interval itself.
  if (o.interfaces && o.interval) {
    InterfaceView iv;
    iv.drops = o.drops;
    iv.iface = o.interface;
    iv.numeric = o.numeric;
    iv.interval = *o.interval;
    iv.iterations = o.count.value_or(0);
    return print_interfaces(iv, stdout);
  }

  std::optional<ConnectionDisplay> connections;
  if (shows_connections(o)) connections.emplace(o);
  for (int shown = 1;; ++shown) {
    bool stop = false;
    const int rc = connections ? connections->show(stop) : show_sections(o, stop);
    if (stop) return kExitOk;
    if (rc != kExitOk || !o.interval || (o.count && shown >= *o.count)) return rc;
    // Windows reprints everything after the pause; CTRL+C (SIGINT's default action) ends it.
    std::this_thread::sleep_for(std::chrono::seconds(*o.interval));
  }
}

}  // namespace sockscope::cli
