// The command-line application: parses arguments with CLI11, dispatches to subcommands, maps errors to exit codes.
#include "cli/app.hpp"

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <charconv>
#include <cstdio>
#include <string>
#include <string_view>

#include "cli/app_inspector.hpp"
#include "cli/arg_util.hpp"
#include "cli/close_command.hpp"
#include "cli/completion_spec.hpp"
#include "cli/exit_codes.hpp"
#include "cli/help_text.hpp"
#include "cli/history_command.hpp"
#include "cli/list_options.hpp"
#include "collect/netns_plan.hpp"
#include "cli/query_option.hpp"
#include "cli/netstat_command.hpp"
#include "cli/record_command.hpp"
#include "cli/gui_command.hpp"
#include "cli/version_text.hpp"
#include "cli/serve_command.hpp"
#include "cli/watch_command.hpp"
#include "logic/column_order.hpp"
#include "logic/filter.hpp"
#include "parse/hosts.hpp"
#include "present/columns.hpp"
#include "present/sanitize.hpp"

namespace sockscope::cli {

namespace {

std::string_view program_name(const char* argv0) {
  std::string_view n = argv0 ? argv0 : "sockscope";
  auto slash = n.rfind('/');
  return slash == std::string_view::npos ? n : n.substr(slash + 1);
}

// ADDR, IPv4:PORT or [IPv6]:PORT, as c-ares takes them.
bool valid_dns_server(std::string_view s) {
  auto valid_port = [](std::string_view p) {
    int port = 0;
    auto [ptr, ec] = std::from_chars(p.data(), p.data() + p.size(), port);
    return ec == std::errc() && ptr == p.data() + p.size() && port > 0 && port <= 65535;
  };
  if (s.starts_with('[')) {
    auto close = s.find(']');
    if (close == std::string_view::npos || !parse_ip_address(s.substr(1, close - 1))) return false;
    auto rest = s.substr(close + 1);
    return rest.empty() || (rest.starts_with(':') && valid_port(rest.substr(1)));
  }
  if (parse_ip_address(s)) return true;
  auto colon = s.rfind(':');
  return colon != std::string_view::npos && s.find(':') == colon && parse_ip_address(s.substr(0, colon)) &&
         valid_port(s.substr(colon + 1));
}

struct UsageError {
  std::string message;
};

// A filter expression that does not parse: one line with the position, no usage hint.
struct FilterError {
  std::string message;
};


// What CLI11 fills in, as typed; only finish_list_options reads it, into typed ListOptions.
struct ListArgs {
  bool all = false, csv = false, json = false, jsonl = false;
  std::vector<std::string> protos, states, sort, columns, dns_servers, netns;
  std::string color = "auto", source = "auto", owners_from = "auto";
  std::vector<std::string> expression;  // the words after the options
  std::optional<std::string> filter;    // -f/--filter
  double dns_timeout = 2.0;
  double sample = 1.0;
};

void add_list_options(CLI::App& cmd, ListOptions& o, ListArgs& a) {
  cmd.add_flag("-a,--all", a.all, "Show every endpoint: listening, bound, TIME_WAIT, UDP, raw and UNIX sockets (default: connected TCP endpoints only)");
  cmd.add_flag("-n,--numeric", o.numeric, "Show numeric addresses and ports: no DNS, /etc/hosts or /etc/services lookups");
  cmd.add_flag("-c,--csv", a.csv, ("Write CSV (RFC 4180, header row, CRLF line ends) instead of a table"));
  cmd.add_flag("-j,--json", a.json, ("Write one JSON array of objects, keys as in --list-columns"));
  cmd.add_flag("--jsonl", a.jsonl, ("Write JSON Lines: one object per endpoint per line"));
  cmd.add_option("-p,--proto", a.protos, "Only these protocols: tcp, tcp4, tcp6, udp, udp4, udp6, raw, raw6, unix, inet, inet6 (repeatable or comma-separated)")
      ->expected(1)->allow_extra_args(false)->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)->type_name("PROTO");
  cmd.add_option("-s,--state", a.states, "Only these states, e.g. established,listen,time_wait (repeatable or comma-separated; implies every state is eligible)")
      ->expected(1)->allow_extra_args(false)->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)->type_name("STATE");
  cmd.add_option("--sort", a.sort, "Sort by these columns; append :desc for descending (default: proto, local address, remote address)")
      ->expected(1)->allow_extra_args(false)->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)->type_name("COLUMN[:desc]");
  cmd.add_flag("-r,--reverse", o.reverse, "Reverse the sort order");
  cmd.add_option("-o,--columns", a.columns, "Show these columns, in this order (see --list-columns)")->expected(1)->allow_extra_args(false)->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)->type_name("COLUMN");
  cmd.add_flag("-W,--wide", o.wide, "Never truncate: let table rows be as wide as their content");
  cmd.add_option("--width", o.width, "Fit the table to this many columns (default: the terminal's width, 80 when not a terminal)")
      ->type_name("N")
      ->check(CLI::Range(20, 100000));
  cmd.add_flag("-H,--no-header", o.no_header, "Omit the header row of tables and CSV");
  cmd.add_option("--color", a.color, "Colour the table: auto (on a terminal, unless NO_COLOR is set), always, never")
      ->type_name("WHEN");
  cmd.add_option("--dns-timeout", a.dns_timeout, "Total time to wait for reverse DNS answers, in seconds (default 2); unresolved addresses stay numeric")
      ->type_name("SECONDS");
  cmd.add_option("--dns-server", a.dns_servers, "Ask this DNS server (ADDR or ADDR:PORT, IPv6 as [ADDR]:PORT) instead of /etc/resolv.conf's")
      ->expected(1)->allow_extra_args(false)->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)->type_name("SERVER");
  cmd.add_option("--source", a.source, "Where sockets are read from: auto (netlink, falling back to /proc), netlink, proc")
      ->type_name("SOURCE");
  cmd.add_option("--owners-from", a.owners_from, kOwnersFromHelp)->type_name("METHOD");
  cmd.add_option("--netns", a.netns, kNetnsHelp)
      ->expected(1)->allow_extra_args(false)->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)->type_name("all|current|NAME|PID|PATH");
  cmd.add_flag("-v,--verbose", o.verbose, "Say which sources were used (sockets, owners) and why on stderr");
  cmd.add_option("-f,--filter", a.filter, "Only endpoints this expression selects (ss's FILTER and more; see FILTER below)")
      ->type_name("EXPR");
  cmd.add_option("--sample", a.sample, "A filter on age, send_rate or recv_rate reads the sockets twice, this many seconds apart (default 1): rates over that time, age since the first reading")
      ->type_name("SECONDS");
  cmd.add_option("expression", a.expression, "A filter expression (its words joined, as ss takes them), or one PID or process name: only endpoints of that process")
      ->type_name("EXPRESSION|PROCESS|PID");
}

// The positional words and --filter: an expression, or a lone process selector.
void finish_selection(ListOptions& o, const ListArgs& a) {
  EndpointFilter& f = o.filter;
  auto words = read_expression_words(unguarded(a.expression));
  if (!words) throw FilterError{words.error()};
  std::optional<Query> query = std::move(words->query);
  if (a.filter) {
    if (query) throw UsageError{"give the filter either with --filter or as words after the options, not both"};
    auto q = parse_cli_query(unguarded({*a.filter}).front());
    if (!q) throw FilterError{q.error()};
    query = std::move(*q);
  }
  if (words->process) {
    f.process = ProcessSelector::parse(*words->process);
    o.process_text = *words->process;
  }
  if (!query) return;
  // A state or exclude run replaces the default connected-only set, as ss's state options do.
  if (query->has_states && a.states.empty()) f.states = kAllStates;
  o.query = std::move(*query);
}

// Checks and converts what CLI11 could not: names of protocols, states, columns, modes. The only
// place they are read as text.
void finish_list_options(ListOptions& o, const ListArgs& a) {
  int formats = 0;
  if (a.csv) o.format = OutputFormat::Csv, ++formats;
  if (a.json) o.format = OutputFormat::Json, ++formats;
  if (a.jsonl) o.format = OutputFormat::JsonLines, ++formats;
  if (formats > 1) throw UsageError{"--csv, --json and --jsonl cannot be combined"};

  EndpointFilter& f = o.filter;
  if (a.all) f.protos = ProtoSet::all();
  if (const auto protos = split_list(a.protos); !protos.empty()) {
    f.protos = ProtoSet{};
    for (const auto& p : protos) {
      if (!add_proto(f.protos, p)) throw UsageError{"unknown protocol '" + p + "' for --proto (tcp, tcp4, tcp6, udp, udp4, udp6, raw, raw6, unix, inet, inet6)"};
    }
  }
  if (a.all) f.states = kAllStates;
  if (const auto states = split_list(a.states); !states.empty()) {
    std::uint32_t mask = 0;
    for (const auto& s : states) {
      const auto st = parse_state_name(s);
      if (!st) throw UsageError{"unknown state '" + s + "' for --state (see sockscope list --help)"};
      mask |= state_bit(*st);
      if (*st == TcpState::SynRecv) mask |= state_bit(TcpState::NewSynRecv);
    }
    f.states = mask;
  }
  for (const auto& c : split_list(a.columns)) {
    const Column* column = find_column(c);
    if (!column) throw UsageError{"unknown column '" + c + "' for --columns (see sockscope list --list-columns)"};
    o.columns.push_back(column);
  }
  for (const auto& s : split_list(a.sort)) {
    const SortWord word = parse_sort_word(s);
    if (!word.valid)
      throw UsageError{"unknown sort direction '" + std::string(word.direction) + "' in --sort " + s + " (asc or desc)"};
    const std::string name(word.column);
    SortKey key;
    key.descending = word.descending;
    key.column = find_column(name);
    if (!key.column) throw UsageError{"unknown column '" + name + "' for --sort (see sockscope list --list-columns)"};
    o.sort.push_back(key);
  }
  if (auto mode = parse_color_mode(a.color)) o.color = *mode;
  else throw UsageError{"unknown value '" + a.color + "' for --color (auto, always, never)"};
  if (a.source == "auto") o.source = SourceChoice::Auto;
  else if (a.source == "netlink") o.source = SourceChoice::Netlink;
  else if (a.source == "proc") o.source = SourceChoice::Proc;
  else throw UsageError{"unknown value '" + a.source + "' for --source (auto, netlink, proc)"};
  if (auto method = parse_owner_method(a.owners_from)) o.owner_method = *method;
  else throw UsageError{"unknown value '" + a.owners_from + "' for --owners-from (auto, ebpf, proc)"};
  if (!(a.dns_timeout >= 0 && a.dns_timeout <= 3600)) throw UsageError{"--dns-timeout must be between 0 and 3600 seconds"};
  o.dns_timeout = std::chrono::milliseconds(static_cast<long long>(a.dns_timeout * 1000));
  if (!(a.sample >= 0.01 && a.sample <= 3600)) throw UsageError{"--sample must be between 0.01 and 3600 seconds"};
  o.sample = std::chrono::milliseconds(static_cast<long long>(a.sample * 1000));
  if (a.expression.size() == 1 && a.expression[0].empty()) throw UsageError{"empty process name"};
  finish_selection(o, a);
  if (auto netns = parse_netns_option(a.netns)) o.netns = std::move(*netns);
  else throw UsageError{netns.error().message};
  for (const auto& server : a.dns_servers) {
    if (!valid_dns_server(server)) throw UsageError{"bad DNS server '" + server + "' for --dns-server (ADDR, ADDR:PORT or [ADDR6]:PORT)"};
    o.dns_servers += (o.dns_servers.empty() ? "" : ",") + server;
  }
}

}  // namespace

int parse_list_options(std::vector<std::string> args, ListOptions& list, bool as_tcpvcon) {
  CLI::App app{std::string(kAppDescription), "sockscope"};
  app.set_version_flag("-V,--version", std::string("sockscope ") + SOCKSCOPE_VERSION);
  app.require_subcommand(1, 1);

  ListArgs typed;
  bool list_columns = false;

  CLI::App* list_cmd = app.add_subcommand("list", std::string(kListDescription));
  list_cmd->footer(std::string(kListFooter));
  add_list_options(*list_cmd, list, typed);
  list_cmd->add_flag("--list-columns", list_columns, "Print every column's name and meaning, then exit");
  // On the command too, so `sockscope list --version` and `tcpvcon --version` answer.
  list_cmd->set_version_flag("-V,--version", std::string("sockscope ") + SOCKSCOPE_VERSION);

  guard_brackets(args);
  // CLI11 takes the arguments last-first; the command name goes in front.
  std::reverse(args.begin(), args.end());
  args.emplace_back("list");

  const std::string usage_hint = as_tcpvcon ? "tcpvcon --help" : "sockscope list --help";
  if (inspect_app(app)) return kExitOk;
  try {
    app.parse(args);
    finish_list_options(list, typed);
  } catch (const CLI::CallForHelp&) {
    std::fputs(list_cmd->help().c_str(), stdout);
    return kExitOk;
  } catch (const CLI::CallForAllHelp&) {
    std::fputs(app.help("", CLI::AppFormatMode::All).c_str(), stdout);
    return kExitOk;
  } catch (const CLI::CallForVersion&) {
    std::fputs(version_text().c_str(), stdout);
    return kExitOk;
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "%s: %s; see '%s'\n", as_tcpvcon ? "tcpvcon" : "sockscope", terminal_safe(e.what()).c_str(), usage_hint.c_str());
    return kExitUsage;
  } catch (const UsageError& e) {
    std::fprintf(stderr, "%s: %s; see '%s'\n", as_tcpvcon ? "tcpvcon" : "sockscope", terminal_safe(e.message).c_str(), usage_hint.c_str());
    return kExitUsage;
  } catch (const FilterError& e) {
    std::fprintf(stderr, "%s: %s\n", as_tcpvcon ? "tcpvcon" : "sockscope", terminal_safe(e.message).c_str());
    return kExitUsage;
  }
  if (list_columns) return print_column_list();
  return -1;
}

int run_list_cli(std::vector<std::string> args, bool as_tcpvcon) {
  ListOptions list;
  if (const int done = parse_list_options(std::move(args), list, as_tcpvcon); done >= 0) return done;
  return run_list(list);
}

namespace {

// Every command: its name, a one-line summary for --help, and its entry point (given the
// arguments after the command name), and whether `sockscope completion` may run it to read its
// options (it calls inspect_app before parsing). The first is the default.
using CommandEntry = CommandRef;

int run_list_command(std::vector<std::string> args) { return run_list_cli(std::move(args), false); }

constexpr CommandEntry kCommands[] = {
    {"list", "list endpoints and their owning processes (TCPVCon); the default in pipes and scripts", run_list_command, true},
    {"netstat", "Windows netstat (-a -b -e -f -n -o -p -r -s ... interval), BSD netstat as long options", run_netstat},
    {"close", "close TCP connections (as CurrPorts /close)", run_close, true},
    {"watch", "the live view (TCPView): endpoints updated every second; the default on a terminal", run_watch, true},
    {"gui", "the desktop window (TCPView's): runs sockscope-gui when it is installed", run_gui},
    {"record", "record finished connections into a history database until stopped", run_record, true},
    {"history", "show recorded connections: who connected where, when, for how long", run_history, true},
    {"serve", "Prometheus metrics and a read-only HTTP API (/metrics, /api/v1/endpoints)", run_serve, true},
};

std::string top_help() {
  std::string out(kAppDescription);
  out += "\n\nUsage: sockscope [COMMAND] [OPTIONS]\n\nCOMMANDS\n";
  for (const auto& c : kCommands) {
    std::string name(c.name);
    name.resize(10, ' ');
    out += "  " + name + std::string(c.summary) + "\n";
  }
  out += "\nOPTIONS\n  -h, --help     this help; 'sockscope COMMAND --help' for a command's\n"
         "  -V, --version  the version\n\n";
  out += kAppFooter;
  out += "\n";
  return out;
}

}  // namespace

int run(int argc, char** argv) {
  const std::string_view invoked = program_name(argc > 0 ? argv[0] : nullptr);
  std::vector<std::string> args(argv + (argc > 0 ? 1 : 0), argv + argc);
  if (invoked == "tcpvcon") return run_list_cli(std::move(args), true);
  if (invoked == "tcpview") return run_tcpview(std::move(args));
  // Alone on a terminal, sockscope is TCPView; in a pipe or script, the list as before.
  if (args.empty() && terminal_can_watch()) return run_watch({});
  if (!args.empty()) {
    for (const auto& c : kCommands) {
      if (args.front() == c.name) return c.run(std::vector<std::string>(args.begin() + 1, args.end()));
    }
    // Hidden: the shell completion scripts, written by the build from these commands' own option tables.
    if (args.front() == "completion")
      return run_completion(std::vector<std::string>(args.begin() + 1, args.end()), kCommands);
    if (args.front() == "-h" || args.front() == "--help") {
      std::fputs(top_help().c_str(), stdout);
      return kExitOk;
    }
    if (args.front() == "-V" || args.front() == "--version") {
      std::fputs(version_text().c_str(), stdout);
      return kExitOk;
    }
  }
  return kCommands[0].run(std::move(args));
}

}  // namespace sockscope::cli
