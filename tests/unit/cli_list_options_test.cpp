// parse_list_options: the command line becomes typed values once; list consumes them as they are.
#include <gtest/gtest.h>

#include "cli/app.hpp"
#include "cli/list_options.hpp"
#include "logic/query_parser.hpp"

namespace sockscope::cli {
namespace {

ListOptions parsed(std::vector<std::string> args) {
  ListOptions o;
  EXPECT_EQ(parse_list_options(std::move(args), o, false), -1) << "not a run";
  return o;
}

TEST(ListOptionsParse, ProtocolsStatesAndProcessBecomeAFilter) {
  const ListOptions o = parsed({"-p", "tcp4,unix", "-s", "listen", "-s", "syn_recv", "nginx"});
  EXPECT_TRUE(o.filter.protos.tcp4);
  EXPECT_TRUE(o.filter.protos.unix_);
  EXPECT_FALSE(o.filter.protos.tcp6);
  EXPECT_FALSE(o.filter.protos.udp4);
  ASSERT_TRUE(o.filter.states);
  EXPECT_EQ(*o.filter.states, state_bit(TcpState::Listen) | state_bit(TcpState::SynRecv) | state_bit(TcpState::NewSynRecv));
  ASSERT_TRUE(o.filter.process);
  EXPECT_EQ(o.filter.process->name, "nginx");
  EXPECT_EQ(o.process_text, "nginx");
}

TEST(ListOptionsParse, AllWidensWhatWasNotNamed) {
  const ListOptions plain = parsed({});
  EXPECT_TRUE(plain.filter.protos.tcp4 && plain.filter.protos.tcp6);
  EXPECT_FALSE(plain.filter.protos.udp4);
  EXPECT_FALSE(plain.filter.states);
  const ListOptions all = parsed({"-a"});
  EXPECT_TRUE(all.filter.protos.udp6 && all.filter.protos.raw4 && all.filter.protos.unix_);
  EXPECT_EQ(all.filter.states, kAllStates);
  const ListOptions all_udp = parsed({"-a", "-p", "udp"});
  EXPECT_TRUE(all_udp.filter.protos.udp4 && !all_udp.filter.protos.tcp4);
  EXPECT_EQ(all_udp.filter.states, kAllStates);
  EXPECT_EQ(parsed({"1234"}).filter.process->pid, 1234);
}

TEST(ListOptionsParse, WordsAreAnExpressionOrOneProcess) {
  const ListOptions words = parsed({"-a", "dport", "=", ":443", "and", "src", "[::1]"});
  ASSERT_TRUE(words.query);
  EXPECT_FALSE(words.filter.process);
  EXPECT_EQ(print_query(*words.query), print_query(*parse_query("dport = :443 and src [::1]")))
      << "words joined as ss joins them; brackets kept";
  EXPECT_EQ(words.filter.states, kAllStates);
  const ListOptions option = parsed({"-f", "sport = :22"});
  ASSERT_TRUE(option.query);
  EXPECT_FALSE(option.query->has_states);
  EXPECT_FALSE(option.filter.states) << "no state words: the default connected set stays";
  const ListOptions states = parsed({"state", "listening"});
  ASSERT_TRUE(states.query);
  EXPECT_EQ(states.filter.states, kAllStates) << "a state run replaces the default set";
  const ListOptions named = parsed({"-f", "process ~ ^ssh", "sshd"});
  EXPECT_TRUE(named.query);
  EXPECT_EQ(named.filter.process->name, "sshd") << "a process word beside --filter";
  EXPECT_FALSE(parsed({"nginx"}).query);
  ListOptions o;
  EXPECT_EQ(parse_list_options({"proto"}, o, false), 2) << "the language's own word alone is an expression";
  EXPECT_EQ(parse_list_options({"dport = :nosuch"}, o, false), 2) << "a quoted expression is never a process";
  EXPECT_EQ(parse_list_options({"-f", "sport = :22", "dport", "=", ":22"}, o, false), 2);
}

TEST(ListOptionsParse, ColumnsAndSortKeysAreColumns) {
  const ListOptions o = parsed({"-o", "pid,remote_address", "--sort", "remote_port:desc,pid", "-j"});
  ASSERT_EQ(o.columns.size(), 2u);
  EXPECT_EQ(o.columns[0]->id, ColumnId::Pid);
  EXPECT_EQ(o.columns[1]->id, ColumnId::RemoteAddress);
  ASSERT_EQ(o.sort.size(), 2u);
  EXPECT_EQ(o.sort[0].column->id, ColumnId::RemotePort);
  EXPECT_TRUE(o.sort[0].descending);
  EXPECT_EQ(o.sort[1].column->id, ColumnId::Pid);
  EXPECT_FALSE(o.sort[1].descending);
  EXPECT_EQ(o.format, OutputFormat::Json);
}

TEST(ListOptionsParse, ModesDurationsAndServers) {
  const ListOptions o = parsed({"--color", "never", "--dns-timeout", "0.25", "--dns-server", "192.0.2.1",
                                "--dns-server", "[2001:db8::1]:53", "--source", "proc"});
  EXPECT_EQ(o.color, ColorMode::Never);
  EXPECT_EQ(o.dns_timeout, std::chrono::milliseconds(250));
  EXPECT_EQ(o.dns_servers, "192.0.2.1,[2001:db8::1]:53");
  EXPECT_EQ(o.source, SourceChoice::Proc);
}

}  // namespace
}  // namespace sockscope::cli
