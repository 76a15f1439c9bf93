// The completions' knowledge against the parsers: every value they offer is accepted, every option
// the commands' CLI11 apps have is offered, netstat's switch table matches its parser both ways.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "cli/app.hpp"
#include "cli/close_command.hpp"
#include "cli/completion_spec.hpp"
#include "history/history_columns.hpp"
#include "cli/history_command.hpp"
#include "cli/list_options.hpp"
#include "cli/netstat_command.hpp"
#include "cli/netstat_options.hpp"
#include "cli/record_command.hpp"
#include "cli/watch_command.hpp"
#include "logic/filter.hpp"
#include "model/endpoint.hpp"
#include "present/columns.hpp"

namespace sockscope::cli {
namespace {

constexpr CommandRef kRefs[] = {
    {"list", "list", [](std::vector<std::string> a) { return run_list_cli(std::move(a), false); }, true},
    {"netstat", "netstat", run_netstat},
    {"close", "close", run_close, true},
    {"watch", "watch", run_watch, true},
    {"record", "record", run_record, true},
    {"history", "history", run_history, true},
};

const CommandSpec& command(const std::vector<CommandSpec>& spec, std::string_view name) {
  auto it = std::find_if(spec.begin(), spec.end(), [&](const CommandSpec& c) { return c.name == name; });
  if (it == spec.end()) throw std::runtime_error("no command " + std::string(name));
  return *it;
}

const OptionSpec* option(const CommandSpec& c, std::string_view name) {
  for (const auto& o : c.options)
    if (std::find(o.names.begin(), o.names.end(), name) != o.names.end()) return &o;
  return nullptr;
}

TEST(CompletionSpec, ReadsEveryCommandsOptionsFromItsApp) {
  const auto spec = completion_spec(kRefs);
  ASSERT_EQ(spec.size(), std::size(kRefs));
  const auto& list = command(spec, "list");
  for (auto name : {"-a", "--all", "-p", "--proto", "--sort", "-o", "--columns", "--netns", "--list-columns", "-f"})
    EXPECT_NE(option(list, name), nullptr) << name;
  EXPECT_EQ(option(list, "-a")->value.kind, ValueSpec::Kind::None) << "a flag takes no value";
  EXPECT_EQ(list.positional.kind, ValueSpec::Kind::ProcessesOrPids);
  EXPECT_EQ(option(command(spec, "close"), "--process")->value.kind, ValueSpec::Kind::Processes);
  EXPECT_EQ(option(command(spec, "close"), "--pid")->value.kind, ValueSpec::Kind::Pids);
  EXPECT_EQ(option(command(spec, "watch"), "--netns")->value.kind, ValueSpec::Kind::Netns);
  EXPECT_EQ(option(command(spec, "record"), "--db")->value.kind, ValueSpec::Kind::Files);
  EXPECT_NE(option(command(spec, "history"), "--since"), nullptr);
  const OptionSpec* sort = option(list, "--sort");
  ASSERT_NE(sort, nullptr);
  EXPECT_EQ(sort->value.words.size(), all_columns().size());
  EXPECT_TRUE(sort->value.comma_list);
}

// Each value a list or watch option completes to is one the parser takes.
TEST(CompletionSpec, ListAndWatchAcceptEveryOfferedValue) {
  const auto spec = completion_spec(kRefs);
  int checked = 0;
  for (const auto& o : command(spec, "list").options) {
    for (const auto& w : o.value.words) {
      ListOptions lo;
      EXPECT_EQ(parse_list_options({o.names.back(), w}, lo, false), -1) << o.names.back() << " " << w;
      ++checked;
    }
  }
  for (const auto& o : command(spec, "watch").options) {
    for (const auto& w : o.value.words) {
      WatchOptions wo;
      EXPECT_EQ(parse_watch_options({o.names.back(), w}, wo, false), -1) << o.names.back() << " " << w;
      ++checked;
    }
  }
  EXPECT_GT(checked, 60);
}

TEST(CompletionSpec, CloseAndHistoryValuesAreTheirs) {
  const auto spec = completion_spec(kRefs);
  const auto& close = command(spec, "close");
  for (const auto& w : option(close, "--proto")->value.words) {
    ProtoSet s;
    EXPECT_TRUE(add_proto(s, w) && !s.udp4 && !s.unix_) << w;
  }
  for (const auto& w : option(close, "--state")->value.words) EXPECT_TRUE(parse_state_name(w)) << w;
  const auto& cols = option(command(spec, "history"), "--columns")->value.words;
  EXPECT_EQ(cols.size(), all_history_columns().size());
  for (const auto& w : cols) EXPECT_NE(find_history_column(w), nullptr) << w;
}

std::string sample_value(std::string_view kind) {
  if (kind == "PROTO") return "TCP";
  if (kind == "IFACE") return "lo";
  if (kind == "FAMILY") return "inet";
  if (kind == "NETNS") return "current";
  if (kind == "EXPR") return "dport = :80";
  return "1";
}

TEST(NetstatSwitches, EveryTableEntryParsesAndNoOtherLetterDoes) {
  std::string letters;
  for (const NetstatSwitch& s : netstat_switches()) {
    std::vector<std::string> as_long{std::string(s.long_name)};
    if (!s.value.empty()) as_long.push_back(sample_value(s.value));
    if (s.long_name == "--count") as_long.push_back("5");  // a count needs an interval
    EXPECT_TRUE(parse_netstat_args(as_long)) << s.long_name;
    if (!s.letter) continue;
    letters += s.letter;
    std::vector<std::string> as_letter{std::string("-") + s.letter};
    if (!s.value.empty()) as_letter.push_back(sample_value(s.value));
    EXPECT_TRUE(parse_netstat_args(as_letter)) << as_letter[0];
  }
  for (char c = 'A'; c <= 'z'; ++c) {
    if (!std::isalpha(static_cast<unsigned char>(c)) || letters.find(c) != std::string::npos) continue;
    EXPECT_FALSE(parse_netstat_args({std::string("-") + c})) << "-" << c << " parses but is not in netstat_switches()";
  }
}

TEST(CompletionScripts, NameEveryCommandAndOption) {
  const auto spec = completion_spec(kRefs);
  const std::string scripts[] = {bash_completion_script(spec), zsh_completion_script(spec), fish_completion_script(spec)};
  for (const auto& script : scripts) {
    for (const auto& c : spec) {
      EXPECT_NE(script.find(c.name), std::string::npos) << c.name;
      for (const auto& o : c.options)
        for (const auto& n : o.names) {
          // fish writes --dry-run as "-l dry-run", -y as "-s y".
          const std::string bare = n.substr(n.starts_with("--") ? 2 : 1);
          EXPECT_NE(script.find(bare), std::string::npos) << c.name << " " << n;
        }
    }
  }
}

// A command that does not say it hands its app over is never run (it would really run): name only.
TEST(CompletionSpec, ACommandNotInspectableIsNotRun) {
  static bool ran = false;
  const CommandRef refs[] = {{"list", "list", [](std::vector<std::string>) { return ran = true, 0; }}};
  const auto spec = completion_spec(refs);
  EXPECT_FALSE(ran);
  ASSERT_EQ(spec.size(), 1u);
  EXPECT_TRUE(spec[0].options.empty());
}

TEST(CompletionCommand, AnUnknownShellIsAUsageError) {
  EXPECT_EQ(run_completion({"tcsh"}, kRefs), 2);
  EXPECT_EQ(run_completion({}, kRefs), 2);
}

}  // namespace
}  // namespace sockscope::cli
