// `sockscope list`: collect a snapshot, select and order rows, resolve names, write table/CSV/JSON.
#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>

#include "cli/exit_codes.hpp"
#include "cli/list_options.hpp"
#include "collect/netns_plan.hpp"
#include "cli/query_option.hpp"
#include "cli/stop_on_signals.hpp"
#include "cli/terminal_policy.hpp"
#include "collect/collector.hpp"
#include "collect/process_lookup.hpp"
#include "logic/endpoint_diff.hpp"
#include "logic/filter.hpp"
#include "logic/query_eval.hpp"
#include "present/column_sort.hpp"
#include "present/columns.hpp"
#include "present/csv.hpp"
#include "present/json.hpp"
#include "present/local_lookups.hpp"
#include "present/output.hpp"
#include "present/query_columns.hpp"
#include "present/sanitize.hpp"
#include "present/table.hpp"
#include "resolve/system_names.hpp"
#include "view/row_fields.hpp"

namespace sockscope::cli {

namespace {

SocketQuery make_query(const EndpointFilter& f, bool tcp_info) {
  SocketQuery q;
  q.tcp = f.protos.any_tcp();
  q.udp = f.protos.any_udp();
  q.raw = f.protos.any_raw();
  q.unix_sockets = f.protos.unix_;
  q.inet4 = f.protos.any_inet4();
  q.inet6 = f.protos.any_inet6();
  q.tcp_states = f.states ? (*f.states | state_bit(TcpState::NewSynRecv)) : kAllStates;
  q.tcp_info = tcp_info;
  return q;
}

std::vector<const Column*> pick_columns(const ListOptions& o) {
  if (!o.columns.empty()) return o.columns;
  return o.format == OutputFormat::Table ? default_table_columns() : default_data_columns();
}

void sort_rows(std::vector<std::size_t>& rows, const Snapshot& snap, const ListOptions& o,
               const NameSource* names) {
  std::vector<ColumnSort> sorts;
  for (const auto& k : o.sort) sorts.push_back({k.column, k.descending});
  LocalLookups local;
  sort_snapshot_rows(rows, sorts, ValueContext{snap, names, &local});
  if (o.reverse) std::reverse(rows.begin(), rows.end());
}

// Whether anything shown or filtered on reads more of a process than /proc/PID/stat gives (pid,
// ppid, name, start time). Name selectors also match the executable and argv[0]. Owner columns
// not listed here (including any added later) get the full description.
bool needs_process_details(std::span<const Column* const> columns, const EndpointFilter& filter) {
  if (filter.process && !filter.process->name.empty()) return true;
  return std::any_of(columns.begin(), columns.end(), [](const Column* c) {
    if ((c->needs & kNeedOwners) == 0) return false;
    switch (c->id) {
      case ColumnId::Pid:
      case ColumnId::Process:
      case ColumnId::Pids:
      case ColumnId::ProcessStart:
        return false;
      default:
        return true;
    }
  });
}

bool stdout_is_terminal() { return isatty(STDOUT_FILENO) == 1; }

std::size_t table_width(const ListOptions& o) {
  if (o.wide) return kUnlimitedWidth;
  if (o.width) return static_cast<std::size_t>(*o.width);
  winsize ws{};
  if (stdout_is_terminal() && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) return ws.ws_col;
  return 80;
}

void say(const char* fmt, const std::string& text) { std::fprintf(stderr, fmt, terminal_safe(text).c_str()); }

}  // namespace

int run_list(const ListOptions& o) {
  const EndpointFilter& filter = o.filter;
  const std::vector<const Column*> columns = pick_columns(o);
  std::vector<const Column*> needed = columns;
  for (const auto& k : o.sort) needed.push_back(k.column);
  if (o.query)
    for (const Column* c : columns_read_by(*o.query)) needed.push_back(c);
  const std::uint8_t needs = columns_need(needed);

  // Age and rates are known only of rows followed over time: two readings o.sample apart.
  const bool sampled = o.query && reads_row_fields(*o.query);
  CollectOptions co;
  co.query = make_query(filter, (needs & kNeedTcpInfo) != 0 || sampled);
  if (o.query) push_query_down(co.query, *o.query);
  co.owners = (needs & kNeedOwners) != 0 || filter.process.has_value();
  co.process_details = needs_process_details(needed, filter);
  co.source = o.source;
  co.owner_method = o.owner_method;
  auto plan = plan_netns(o.netns, co.owners);
  if (!plan) {
    say("sockscope: %s; see 'sockscope list --help'\n", plan.error().message);
    return kExitUsage;
  }
  if (!plan->note.empty()) say("sockscope: %s\n", plan->note);
  co.netns = std::move(plan->netns);
  co.descriptor_netns = plan->all && co.owners;
  auto collected = collect_snapshot(co);
  const auto collect_failed = [&] {
    if (collected) return false;
    if (collected.error().code == kOwnersUnavailable) say("sockscope: cannot find socket owners: %s\n", collected.error().message);
    else say("sockscope: cannot read sockets: %s\n", collected.error().message);
    return true;
  };
  if (collect_failed()) return kExitFailure;
  // The second reading, diffed with the first as the live view diffs its refreshes: its rows carry
  // rates over the interval and first-seen times, in the second snapshot's order.
  LiveTable sampled_table;
  if (sampled) {
    const DiffOptions diff;
    sampled_table = advance(LiveTable{}, std::make_shared<const Snapshot>(std::move(*collected)), diff);
    std::this_thread::sleep_for(o.sample);
    collected = collect_snapshot(co);
    if (collect_failed()) return kExitFailure;
    sampled_table = advance(sampled_table, std::make_shared<const Snapshot>(std::move(*collected)), diff);
  }
  const Snapshot& snap = sampled ? *sampled_table.latest : *collected;
  if (o.verbose) {
    if (snap.notes.source == Source::Netlink) {
      std::fputs("sockscope: sockets read through netlink sock_diag\n", stderr);
    } else if (!snap.notes.fallback_reason.empty()) {
      say("sockscope: netlink sock_diag unavailable (%s); sockets read from /proc/net\n", snap.notes.fallback_reason);
    } else {
      std::fputs("sockscope: sockets read from /proc/net (--source proc)\n", stderr);
    }
    if (snap.notes.owners_from == OwnerMethodUsed::Ebpf) {
      std::fputs("sockscope: owners found by the eBPF task-file iterator\n", stderr);
    } else if (snap.notes.owners_from == OwnerMethodUsed::Proc) {
      if (!snap.notes.ebpf_fallback_reason.empty()) {
        say("sockscope: %s; owners found in /proc/PID/fd\n", snap.notes.ebpf_fallback_reason);
      } else {
        std::fputs("sockscope: owners found in /proc/PID/fd\n", stderr);
      }
    }
  }

  if (filter.process && !any_process_matches(snap, *filter.process) && !process_exists(*filter.process)) {
    say("sockscope: no matching process: %s\n", o.process_text);
    return kExitNoMatch;
  }

  std::vector<std::size_t> rows = select_endpoints(snap, filter);
  if (o.query) {
    // Fields read as the numeric table shows them: names are resolved later, for the kept rows.
    LocalLookups local;
    const ValueContext vc{snap, nullptr, &local};
    if (sampled) {
      std::erase_if(rows, [&](std::size_t r) {
        return !evaluate(*o.query, snap.endpoints[r], RowFields(sampled_table.rows[r], snap.taken_at, vc));
      });
    } else {
      const ColumnFields fields(vc);
      std::erase_if(rows, [&](std::size_t r) { return !evaluate(*o.query, snap.endpoints[r], fields); });
    }
  }

  std::optional<Names> names;
  if (!o.numeric && (needs & kNeedNames)) {
    Names::Options no;
    no.dns_options.servers = o.dns_servers;
    auto created = Names::create(no);
    if (!created) {
      say("sockscope: %s\n", created.error().message);
      return kExitUsage;
    }
    names.emplace(std::move(*created));
    std::vector<IpAddress> addrs;
    addrs.reserve(rows.size() * 2);
    for (std::size_t r : rows) {
      const Endpoint& e = snap.endpoints[r];
      if (e.family == Family::Unix) continue;
      addrs.push_back(e.local);
      addrs.push_back(e.remote);
    }
    std::sort(addrs.begin(), addrs.end());
    addrs.erase(std::unique(addrs.begin(), addrs.end()), addrs.end());
    names->resolve_all(addrs, o.dns_timeout);
    if (o.verbose) {
      for (const auto& w : names->warnings()) say("sockscope: %s\n", w);
    }
  }
  const NameSource* name_source = names ? &*names : nullptr;
  sort_rows(rows, snap, o, name_source);

  if (snap.notes.owners_incomplete && co.owners) {
    // Said once, and only when it explains rows on screen: sockets with an inode but no owner.
    const auto hidden = std::count_if(rows.begin(), rows.end(), [&](std::size_t r) {
      const Endpoint& e = snap.endpoints[r];
      return e.inode != 0 && e.owners.empty();
    });
    if (hidden > 0) {
      std::fprintf(stderr,
                   "sockscope: %zd listed socket%s without a known owner: %d process%s could not be inspected; %s\n",
                   static_cast<std::ptrdiff_t>(hidden), hidden == 1 ? "" : "s", snap.notes.processes_denied,
                   snap.notes.processes_denied == 1 ? "" : "es", terminal_safe(snap.notes.owners_reason).c_str());
    }
  }

  // Ctrl+C or SIGTERM while rows are written: the writer stops after a whole record (a pipe reader
  // never gets half a CSV line or JSON object), then the process dies of the signal as usual. The
  // token is this run's: a process serving many runs stops only the one signalled. (Output keeps
  // its own large buffer and writes in big blocks, so stdout needs no buffer of its own.)
  StopToken stop;
  StopOnSignals stop_on_signals(stop);
  Result<void> written;
  switch (o.format) {
    case OutputFormat::Table: {
      TableOptions t;
      t.width = table_width(o);
      const TerminalEnv env = TerminalEnv::current();
      t.color = use_color(o.color, stdout_is_terminal(), true, env);
      t.utf8 = locale_is_utf8(env);
      t.header = !o.no_header;
      t.stop = &stop;
      written = write_table(snap, rows, columns, name_source, t, stdout);
      break;
    }
    case OutputFormat::Csv: {
      CsvOptions c;
      c.header = !o.no_header;
      c.stop = &stop;
      written = write_csv(snap, rows, columns, name_source, c, stdout);
      break;
    }
    case OutputFormat::Json:
    case OutputFormat::JsonLines: {
      JsonOptions j;
      j.style = o.format == OutputFormat::Json ? JsonStyle::Array : JsonStyle::Lines;
      j.stop = &stop;
      written = write_json(snap, rows, columns, name_source, j, stdout);
      break;
    }
  }
  stop_on_signals.die_if_signalled();
  if (!written) {
    if (written.error().code == EPIPE) return kExitOk;
    say("sockscope: cannot write output: %s\n", written.error().message);
    return kExitFailure;
  }
  return kExitOk;
}

int print_column_list() {
  std::string out = "COLUMN           MEANING\n";
  for (const Column& c : all_columns()) {
    std::string id(c.key);
    id.resize(std::max<std::size_t>(id.size() + 1, 17), ' ');
    out += id;
    out += c.description;
    out += '\n';
  }
  std::fputs(out.c_str(), stdout);
  return kExitOk;
}

}  // namespace sockscope::cli
