// Reads the commands' CLI::App option tables (and netstat's switch table) into CommandSpecs, and
// knows which values each kind of option takes: protocols, states and columns from their tables.
#include "cli/completion_spec.hpp"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <optional>

#include "cli/app_inspector.hpp"
#include "cli/exit_codes.hpp"
#include "history/history_columns.hpp"
#include "cli/netstat_options.hpp"
#include "logic/filter.hpp"
#include "model/endpoint.hpp"
#include "present/columns.hpp"
#include "present/sanitize.hpp"

namespace sockscope::cli {

namespace {

using Kind = ValueSpec::Kind;

// Every name add_proto takes that a user would type (aliases such as tcpv6 left out).
constexpr std::string_view kProtoNames[] = {"tcp", "tcp4", "tcp6", "udp", "udp4", "udp6", "raw", "raw4",
                                            "raw6", "unix", "inet", "inet6"};

std::vector<std::string> state_names() {
  std::vector<std::string> out;
  for (int i = 1; i <= kMaxTcpState; ++i) {
    std::string name(tcp_state_name(static_cast<TcpState>(i)));
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
    if (parse_state_name(name) && std::find(out.begin(), out.end(), name) == out.end()) out.push_back(name);
  }
  return out;
}

ValueSpec words(std::vector<std::string> w, std::string label, bool comma_list = false) {
  return ValueSpec{Kind::Words, std::move(w), comma_list, std::move(label)};
}

// The values an option of `command` takes, by the name its help gives them (type_name).
ValueSpec value_for(std::string_view command, const std::string& type_name, bool positional) {
  if (type_name == "PROTO") {
    std::vector<std::string> names;
    for (auto n : kProtoNames) {
      if (command == "close" && !n.starts_with("tcp")) continue;
      if (command == "watch" && n.starts_with("raw")) continue;
      names.emplace_back(n);
    }
    return words(std::move(names), type_name, true);
  }
  if (type_name == "STATE") return words(state_names(), type_name, true);
  if (type_name.starts_with("COLUMN")) {
    std::vector<std::string> names;
    if (command == "history") {
      for (const auto* c : all_history_columns()) names.emplace_back(c->key);
    } else {
      for (const auto& c : all_columns()) names.emplace_back(c.key);
    }
    return words(std::move(names), type_name, true);
  }
  if (type_name == "WHEN") return words({"auto", "always", "never"}, type_name);
  if (type_name == "METHOD") return words({"auto", "ebpf", "proc"}, type_name);
  if (type_name == "SOURCE") return words({"auto", "netlink", "proc"}, type_name);
  if (type_name == "MODE") return words({"auto", "ebpf", "diag"}, type_name);
  if (type_name == "CAPTURE") return words({"auto", "ebpf", "diag", "none"}, type_name);
  if (type_name == "FAMILY") return words({"inet", "inet6", "unix"}, type_name, true);
  if (type_name.starts_with("all|current") || type_name == "NETNS") return {Kind::Netns, {}, false, "NETNS"};
  if (type_name == "PID") return {Kind::Pids, {}, false, type_name};
  if (type_name == "NAME") return {Kind::Processes, {}, false, type_name};
  if (type_name == "PATH") return {Kind::Files, {}, false, type_name};
  if (type_name == "IFACE") return {Kind::Interfaces, {}, false, type_name};
  if (positional && type_name.find("PROCESS") != std::string::npos) return {Kind::ProcessesOrPids, {}, false, type_name};
  return {Kind::Any, {}, false, type_name.empty() ? "VALUE" : type_name};
}

CommandSpec read_app(const CLI::App& top, const CommandRef& ref) {
  // list and close hang their options on a subcommand of a nameless top app.
  const CLI::App* app = &top;
  if (auto subs = top.get_subcommands([](const CLI::App*) { return true; }); !subs.empty()) app = subs.front();
  CommandSpec spec{std::string(ref.name), std::string(ref.summary), {}, {}};
  for (const CLI::Option* o : app->get_options()) {
    if (o->get_positional() && !o->nonpositional()) {
      spec.positional = value_for(ref.name, o->get_type_name(), true);
      if (o->get_type_name().empty() || o->get_name() == "filter" || o->get_name() == "pattern") spec.positional = {Kind::Any, {}, false, "ARG"};
      continue;
    }
    OptionSpec opt;
    for (const auto& s : o->get_snames()) opt.names.push_back("-" + s);
    for (const auto& l : o->get_lnames()) opt.names.push_back("--" + l);
    opt.description = o->get_description();
    if (o->get_expected_max() > 0 && o->get_type_size_max() > 0) opt.value = value_for(ref.name, o->get_type_name(), false);
    opt.repeatable = o->get_multi_option_policy() == CLI::MultiOptionPolicy::TakeAll;
    spec.options.push_back(std::move(opt));
  }
  return spec;
}

CommandSpec netstat_spec(const CommandRef& ref) {
  CommandSpec spec{std::string(ref.name), std::string(ref.summary), {}, {Kind::Any, {}, false, "INTERVAL"}};
  for (const NetstatSwitch& s : netstat_switches()) {
    OptionSpec opt;
    if (s.letter) opt.names.push_back(std::string("-") + s.letter);
    opt.names.emplace_back(s.long_name);
    opt.description = std::string(s.summary);
    if (s.value == "PROTO") {
      std::vector<std::string> protos(std::begin(kStatisticsProtocols), std::end(kStatisticsProtocols));
      opt.value = words(std::move(protos), "PROTO");
    } else if (!s.value.empty()) {
      opt.value = value_for(ref.name, std::string(s.value), false);
    }
    opt.repeatable = s.value == "NETNS";
    spec.options.push_back(std::move(opt));
  }
  return spec;
}

}  // namespace

std::vector<CommandSpec> completion_spec(std::span<const CommandRef> commands) {
  std::vector<CommandSpec> out;
  for (const CommandRef& c : commands) {
    if (c.name == "netstat") {
      out.push_back(netstat_spec(c));
      continue;
    }
    std::optional<CommandSpec> spec;
    if (c.inspectable) {
      ScopedAppInspector inspector([&](const CLI::App& app) { spec = read_app(app, c); });
      c.run({});
    }
    // A command that does not hand its app over still completes by name.
    out.push_back(spec ? std::move(*spec) : CommandSpec{std::string(c.name), std::string(c.summary), {}, {}});
  }
  return out;
}

int run_completion(const std::vector<std::string>& args, std::span<const CommandRef> commands) {
  const std::string shell = args.size() == 1 ? args[0] : "";
  std::string script;
  if (shell == "bash") script = bash_completion_script(completion_spec(commands));
  else if (shell == "zsh") script = zsh_completion_script(completion_spec(commands));
  else if (shell == "fish") script = fish_completion_script(completion_spec(commands));
  else {
    std::fprintf(stderr, "sockscope completion: give one shell: bash, zsh or fish%s\n",
                 args.empty() ? "" : (" (not '" + terminal_safe(args[0]) + "')").c_str());
    return kExitUsage;
  }
  std::fputs(script.c_str(), stdout);
  return kExitOk;
}

}  // namespace sockscope::cli
