// `sockscope close`: parse the selection, collect TCP sockets, confirm, SOCK_DESTROY each, report.
#include "cli/close_command.hpp"

#include <net/if.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cctype>
#include <cerrno>
#include <string>
#include <string_view>

#include "cli/app_inspector.hpp"
#include "cli/arg_util.hpp"
#include "cli/close_help_text.hpp"
#include "cli/exit_codes.hpp"
#include "collect/netns_plan.hpp"
#include "cli/query_option.hpp"
#include "collect/collector.hpp"
#include "collect/sock_destroy.hpp"
#include "logic/endpoint_order.hpp"
#include "logic/query_eval.hpp"
#include "present/columns.hpp"
#include "present/local_lookups.hpp"
#include "present/query_columns.hpp"
#include "present/sanitize.hpp"

namespace sockscope::cli {

namespace {

constexpr const char* kUsageHint = "sockscope close --help";

// A filter expression that does not parse: one line with the position, no usage hint.
struct FilterError {
  std::string message;
};

struct UsageError {
  std::string message;
};

// Raw values as typed; checked and combined by make_close_options.
struct CloseArgs {
  std::vector<std::string> positional;
  std::string local, remote, local_port, remote_port, pid, process;
  std::vector<std::string> protos, states, netns;
  bool dry_run = false, yes = false;
};

// CLI11 would write "Usage: close [OPTIONS] [pattern...]"; the two real forms say more.
class CloseFormatter : public CLI::Formatter {
 public:
  std::string make_usage(const CLI::App*, std::string) const override { return "\n" + std::string(kCloseUsage); }
};

std::optional<std::uint32_t> interface_index(std::string_view name) {
  const unsigned index = if_nametoindex(std::string(name).c_str());
  if (index == 0) return std::nullopt;
  return index;
}

template <class T>
T checked(Result<T> r, std::string_view what, std::string_view text) {
  if (!r) throw UsageError{"bad value '" + std::string(text) + "' for " + std::string(what) + ": " + r.error().message};
  return std::move(*r);
}

void set_port(SidePattern& side, const std::string& port_text, std::string_view option, std::string_view side_option) {
  if (port_text.empty()) return;
  if (side.port) {
    throw UsageError{std::string(option) + " conflicts with the port given in " + std::string(side_option)};
  }
  side.port = checked(parse_port_pattern(port_text), option, port_text);
}

CloseOptions make_close_options(const CloseArgs& a) {
  CloseOptions o;
  o.dry_run = a.dry_run;
  o.yes = a.yes;
  CloseCriteria& c = o.criteria;
  const ScopeLookup scopes = interface_index;

  // Words starting with one of the language's own (dport, state, process, '(' ...) are an
  // expression; anything else (addresses, ports, '*') is the CurrPorts pattern.
  const auto words = unguarded(a.positional);
  if (!words.empty() && starts_expression(words)) {
    auto q = parse_cli_query(join_query_words(words));
    if (!q) throw FilterError{q.error()};
    if (q->has_states && a.states.empty()) c.states = kAllStates;
    o.query = std::move(*q);
  }
  const std::size_t n = o.query ? 0 : words.size();
  if (n > 5) throw UsageError{"unexpected argument '" + words[5] + "' (at most LOCAL_ADDR LOCAL_PORT REMOTE_ADDR REMOTE_PORT PROCESS)"};
  if (n > 0 && n < 4) {
    throw UsageError{"incomplete pattern: " + std::to_string(n) + " of LOCAL_ADDR LOCAL_PORT REMOTE_ADDR REMOTE_PORT given (write '*' for any)"};
  }
  const bool side_options = !a.local.empty() || !a.remote.empty() || !a.local_port.empty() || !a.remote_port.empty();
  if (n > 0 && side_options) {
    throw UsageError{"the positional LOCAL_ADDR LOCAL_PORT REMOTE_ADDR REMOTE_PORT form cannot be mixed with --local, --remote, --local-port or --remote-port"};
  }
  if (!a.pid.empty() && !a.process.empty()) throw UsageError{"--pid and --process cannot be combined"};
  if (n == 5 && words[4] != "*" && (!a.pid.empty() || !a.process.empty())) {
    throw UsageError{"PROCESS '" + words[4] + "' cannot be combined with --pid or --process"};
  }

  if (n >= 4) {
    c.local.address = checked(parse_address_pattern(words[0], scopes), "LOCAL_ADDR", words[0]);
    c.local.port = checked(parse_port_pattern(words[1]), "LOCAL_PORT", words[1]);
    c.remote.address = checked(parse_address_pattern(words[2], scopes), "REMOTE_ADDR", words[2]);
    c.remote.port = checked(parse_port_pattern(words[3]), "REMOTE_PORT", words[3]);
    if (n == 5 && words[4] != "*") {
      if (words[4].empty()) throw UsageError{"empty PROCESS (write '*' for any)"};
      c.process = ProcessSelector::parse(words[4]);
    }
  }
  if (!a.local.empty()) c.local = checked(parse_side_pattern(a.local, scopes), "--local", a.local);
  if (!a.remote.empty()) c.remote = checked(parse_side_pattern(a.remote, scopes), "--remote", a.remote);
  set_port(c.local, a.local_port, "--local-port", "--local");
  set_port(c.remote, a.remote_port, "--remote-port", "--remote");
  if (!a.pid.empty()) {
    ProcessSelector sel = ProcessSelector::parse(a.pid);
    if (!sel.pid) throw UsageError{"bad value '" + a.pid + "' for --pid: not a process id (a positive number)"};
    c.process = sel;
  }
  if (!a.process.empty()) {
    // --process is always a name, even one made of digits.
    ProcessSelector sel;
    sel.name = a.process;
    c.process = sel;
  }

  if (const auto protos = split_list(a.protos); !protos.empty()) {
    c.tcp4 = c.tcp6 = false;
    for (const auto& p : protos) {
      std::string lower;
      for (char ch : p) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      if (lower == "tcp") c.tcp4 = c.tcp6 = true;
      else if (lower == "tcp4") c.tcp4 = true;
      else if (lower == "tcp6") c.tcp6 = true;
      else throw UsageError{"bad value '" + p + "' for --proto: only TCP connections can be closed (tcp, tcp4, tcp6)"};
    }
  }
  if (const auto states = split_list(a.states); !states.empty()) {
    c.states = 0;
    for (const auto& s : states) c.states |= checked(parse_close_state(s), "--state", s);
  }

  const bool selected = n > 0 || o.query || side_options || c.process.has_value();
  if (!selected) {
    throw UsageError{"nothing selected: name the connections to close (LOCAL_ADDR LOCAL_PORT REMOTE_ADDR REMOTE_PORT, --local, --remote, --pid, --process ...; '* * * *' selects every connection)"};
  }
  return o;
}

std::string plural(std::size_t n, std::string_view one, std::string_view many) {
  return std::to_string(n) + " " + std::string(n == 1 ? one : many);
}

// The reason a failure is reported with, and whether every further attempt would fail alike.
struct FailureReason {
  std::string text;
  bool stops_all = false;
};

FailureReason failure_reason(const Error& e) {
  switch (e.code) {
    case EPERM:
    case EACCES:
      return {"not permitted: closing connections needs CAP_NET_ADMIN (run as root)", true};
    case EOPNOTSUPP:
      return {"the kernel lacks SOCK_DESTROY (CONFIG_INET_DIAG_DESTROY)", true};
    default:
      return {e.message, false};
  }
}

bool said_yes(std::string answer) {
  std::erase_if(answer, [](unsigned char ch) { return std::isspace(ch); });
  std::transform(answer.begin(), answer.end(), answer.begin(),
                 [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
  return answer == "y" || answer == "yes";
}

std::optional<std::string> read_terminal_line() {
  std::string line;
  for (int ch; (ch = std::getchar()) != EOF;) {
    if (ch == '\n') return line;
    line += static_cast<char>(ch);
  }
  if (line.empty()) return std::nullopt;
  return line;
}

}  // namespace

std::string describe_connection(const Snapshot& snap, const Endpoint& e, LocalLookups* local) {
  const ValueContext ctx{snap, nullptr, local};
  std::string scratch;
  auto cell = [&](ColumnId id) {
    Value v = column(id).get(e, ctx, scratch);
    const auto* text = std::get_if<std::string_view>(&v);
    return text ? terminal_safe(*text) : std::string("?");
  };
  std::string out(proto_name(e));
  out += ' ';
  out += cell(ColumnId::Local);
  out += " -> ";
  out += cell(ColumnId::Remote);
  if (e.state != TcpState::Established) {
    out += ' ';
    out += tcp_state_name(e.state);
  }
  out += " (";
  if (e.owners.empty()) {
    out += e.inode != 0 && snap.notes.owners_incomplete ? "owner unknown" : "no process";
  } else {
    constexpr std::size_t kShown = 3;
    for (std::size_t i = 0; i < e.owners.size() && i < kShown; ++i) {
      if (e.owners[i].process >= snap.processes.size()) continue;
      const Process& p = snap.processes[e.owners[i].process];
      if (i > 0) out += ", ";
      out += "pid " + std::to_string(p.pid) + " " + terminal_safe(p.name);
    }
    if (e.owners.size() > kShown) out += ", +" + std::to_string(e.owners.size() - kShown) + " more";
  }
  out += ')';
  // Where several namespaces were looked at, the same addresses may be in more than one.
  if (snap.namespaces.size() > 1) {
    const std::uint64_t inode = snap.netns_inode_of(e);
    const std::string_view label = netns_label(snap.netns_of(e), inode, snap.init_netns);
    out += " in netns " + (label.empty() ? std::to_string(inode) : terminal_safe(label));
  }
  return out;
}

int close_connections(const Snapshot& snap, const std::vector<std::size_t>& rows, const CloseOptions& o,
                      CloseIo& io) {
  if (rows.empty()) {
    std::string why;
    if (o.criteria.process && snap.notes.owners_incomplete) {
      why = " (" + plural(static_cast<std::size_t>(snap.notes.processes_denied), "process", "processes") +
            " could not be inspected: " + terminal_safe(snap.notes.owners_reason) + ")";
    }
    std::fprintf(io.err, "sockscope: no matching connection%s\n", why.c_str());
    return kExitNoMatch;
  }
  LocalLookups local;
  std::vector<std::string> described;
  described.reserve(rows.size());
  for (std::size_t r : rows) described.push_back(describe_connection(snap, snap.endpoints[r], &local));

  if (o.dry_run) {
    for (const auto& d : described) std::fprintf(io.out, "would close %s\n", d.c_str());
    return kExitOk;
  }
  if (rows.size() > 1 && !o.yes) {
    if (!io.interactive || !io.read_answer) {
      std::fprintf(io.err,
                   "sockscope: %zu connections match; not closing them without confirmation, and stdin is not "
                   "a terminal (add --yes, or --dry-run to list them)\n",
                   rows.size());
      return kExitUsage;
    }
    for (const auto& d : described) std::fprintf(io.err, "  %s\n", d.c_str());
    std::fprintf(io.err, "Close %zu connections? [y/N] ", rows.size());
    std::fflush(io.err);
    const std::optional<std::string> answer = io.read_answer();
    if (!answer) std::fputc('\n', io.err);
    if (!answer || !said_yes(*answer)) {
      std::fputs("sockscope: nothing closed\n", io.err);
      return kExitOk;
    }
  }

  std::size_t closed = 0, failed = 0;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const Result<void> done = io.destroy(snap.endpoints[rows[i]]);
    if (done) {
      std::fprintf(io.out, "closed %s\n", described[i].c_str());
      ++closed;
      continue;
    }
    if (done.error().code == ENOENT) {
      std::fprintf(io.out, "already gone: %s\n", described[i].c_str());
      ++closed;
      continue;
    }
    const FailureReason reason = failure_reason(done.error());
    std::fprintf(io.err, "sockscope: cannot close %s: %s\n", described[i].c_str(), terminal_safe(reason.text).c_str());
    ++failed;
    if (reason.stops_all && i + 1 < rows.size()) {
      const std::size_t rest = rows.size() - i - 1;
      std::fprintf(io.err, "sockscope: %s not tried for the same reason\n",
                   plural(rest, "more connection", "more connections").c_str());
      failed += rest;
      break;
    }
  }
  std::fflush(io.out);
  if (failed == 0) return kExitOk;
  if (closed > 0) std::fprintf(io.err, "sockscope: closed %zu of %zu connections\n", closed, rows.size());
  return kExitCloseFailed;
}

int run_close(std::vector<std::string> args) {
  CLI::App app{"sockscope", "sockscope"};
  app.require_subcommand(1, 1);
  CLI::App* cmd = app.add_subcommand("close", std::string(kCloseDescription));
  cmd->footer(std::string(kCloseFooter));
  cmd->formatter(std::make_shared<CloseFormatter>());

  CloseArgs a;
  cmd->add_option("--local", a.local, "Local side: ADDR, ADDR:PORT, [ADDR6]:PORT, *:PORT (PORT may be a range)")
      ->type_name("ADDR[:PORT]");
  cmd->add_option("--remote", a.remote, "Remote side, written as for --local")->type_name("ADDR[:PORT]");
  cmd->add_option("--local-port", a.local_port, "Local port: a number, a range such as 8000-8100, or *")
      ->type_name("PORT");
  cmd->add_option("--remote-port", a.remote_port, "Remote port, written as for --local-port")->type_name("PORT");
  cmd->add_option("--pid", a.pid, "Only connections held by this process id")->type_name("PID");
  cmd->add_option("--process", a.process,
                  "Only connections held by a process of this name (process name, executable or argv[0]; ignoring case)")
      ->type_name("NAME");
  cmd->add_option("-p,--proto", a.protos, "Only tcp4 or tcp6 sockets (tcp: both, the default); repeatable or comma-separated")
      ->expected(1)->allow_extra_args(false)->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)->type_name("PROTO");
  cmd->add_option("-s,--state", a.states,
                  "Only sockets in these states (default: every connection state; add listen to close listeners); repeatable or comma-separated")
      ->expected(1)->allow_extra_args(false)->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)->type_name("STATE");
  cmd->add_option("--netns", a.netns, kNetnsHelp)
      ->expected(1)->allow_extra_args(false)->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)->type_name("all|current|NAME|PID|PATH");
  cmd->add_flag("--dry-run", a.dry_run, "List what would be closed ('would close ...' lines) and close nothing");
  cmd->add_flag("-y,--yes", a.yes, "Close several connections without asking");
  cmd->add_option("pattern", a.positional,
                  "LOCAL_ADDR LOCAL_PORT REMOTE_ADDR REMOTE_PORT [PROCESS] as CurrPorts /close ('*' means any); "
                  "or a filter expression, told apart by its first word being the language's own "
                  "(dport, src, state, process, not, '(' ...; see sockscope list --help)")
      ->type_name("");

  guard_brackets(args);
  // CLI11 takes the arguments last-first; the command name goes in front.
  std::reverse(args.begin(), args.end());
  args.emplace_back("close");
  CloseOptions options;
  if (inspect_app(app)) return kExitOk;
  try {
    app.parse(args);
    options = make_close_options(a);
    if (auto netns = parse_netns_option(a.netns)) options.netns = std::move(*netns);
    else throw UsageError{netns.error().message};
  } catch (const CLI::CallForHelp&) {
    std::fputs(cmd->help().c_str(), stdout);
    return kExitOk;
  } catch (const CLI::CallForAllHelp&) {
    std::fputs(cmd->help().c_str(), stdout);
    return kExitOk;
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "sockscope: %s; see '%s'\n", terminal_safe(e.what()).c_str(), kUsageHint);
    return kExitUsage;
  } catch (const UsageError& e) {
    std::fprintf(stderr, "sockscope: %s; see '%s'\n", terminal_safe(e.message).c_str(), kUsageHint);
    return kExitUsage;
  } catch (const FilterError& e) {
    std::fprintf(stderr, "sockscope: %s\n", terminal_safe(e.message).c_str());
    return kExitUsage;
  }

  const CloseCriteria& c = options.criteria;
  CollectOptions co;
  co.query.tcp = true;
  co.query.udp = co.query.raw = co.query.unix_sockets = false;
  co.query.inet4 = c.tcp4;
  co.query.inet6 = c.tcp6;
  co.query.tcp_states = c.states;
  co.query.tcp_info = false;
  co.owners = true;  // for the "(pid 123 nginx)" every line names, not only for PROCESS
  auto plan = plan_netns(options.netns);
  if (!plan) {
    std::fprintf(stderr, "sockscope: %s; see '%s'\n", terminal_safe(plan.error().message).c_str(), kUsageHint);
    return kExitUsage;
  }
  if (!plan->note.empty()) std::fprintf(stderr, "sockscope: %s\n", plan->note.c_str());
  co.netns = std::move(plan->netns);
  // Kept past the collection: its sock_diag sockets, one per namespace, carry SOCK_DESTROY there.
  CollectorState state;
  co.state = &state;
  if (options.query) push_query_down(co.query, *options.query);
  auto collected = collect_snapshot(co);
  if (!collected) {
    std::fprintf(stderr, "sockscope: cannot read sockets: %s\n", terminal_safe(collected.error().message).c_str());
    return kExitFailure;
  }
  const Snapshot& snap = *collected;
  std::vector<std::size_t> rows = select_to_close(snap, c);
  if (options.query) {
    LocalLookups local;
    const ColumnFields fields(ValueContext{snap, nullptr, &local});
    std::erase_if(rows, [&](std::size_t r) { return !evaluate(*options.query, snap.endpoints[r], fields); });
  }
  sort_default(rows, snap.endpoints);

  CloseIo io;
  // Each connection is destroyed in its own namespace, over the socket collected from there.
  io.destroy = [&](const Endpoint& e) -> Result<void> {
    if (snap.netns_rows.empty()) return destroy_tcp_socket(e);
    const std::uint64_t netns = snap.netns_inode_of(e);
    if (netns == snap.current_netns) return destroy_tcp_socket(e);
    return state.netns_sockets().destroy_tcp(netns, e);
  };
  io.interactive = isatty(STDIN_FILENO) == 1;
  io.read_answer = read_terminal_line;
  return close_connections(snap, rows, options, io);
}

}  // namespace sockscope::cli
