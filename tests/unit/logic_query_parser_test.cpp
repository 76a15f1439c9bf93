// Query parser: ss's grammar and precedence, every operator and synonym, units, regexes, errors.
#include "logic/query_parser.hpp"

#include <gtest/gtest.h>

#include "logic/query_lexer.hpp"

namespace sockscope {
namespace {

QueryLookups lookups() {
  QueryLookups l;
  l.service_port = [](std::string_view s) -> std::optional<std::uint16_t> {
    if (s == "ssh") return 22;
    if (s == "https") return 443;
    return std::nullopt;
  };
  l.interface_index = [](std::string_view s) -> std::optional<std::uint32_t> {
    if (s == "lo") return 1;
    return std::nullopt;
  };
  return l;
}

std::string canon(std::string_view text) {
  auto q = parse_query(text, lookups());
  if (!q) return "ERROR " + q.error().format();
  return print_query(*q);
}

std::string error(std::string_view text) {
  auto q = parse_query(text, lookups());
  return q ? "parsed: " + print_query(*q) : q.error().format();
}

TEST(QueryParser, EmptySelectsEverything) {
  auto q = parse_query("");
  ASSERT_TRUE(q);
  EXPECT_EQ(q->root.kind, QueryNode::Kind::True);
  EXPECT_FALSE(q->has_states);
  EXPECT_EQ(canon("   \n "), "");
}

TEST(QueryParser, AndOrBindEquallyFromTheLeftAsSs) {
  EXPECT_EQ(canon("sport = :1 or sport = :2 and sport = :3"), "((src *:1 or src *:2) and src *:3)");
  EXPECT_EQ(canon("sport = :1 and sport = :2 or sport = :3"), "((src *:1 and src *:2) or src *:3)");
  EXPECT_EQ(canon("sport = :1 or ( sport = :2 and sport = :3 )"), "(src *:1 or (src *:2 and src *:3))");
}

TEST(QueryParser, NotBindsToOneTermAndJuxtapositionIsAnd) {
  EXPECT_EQ(canon("! sport = :1 sport = :2"), "(not src *:1 and src *:2)");
  EXPECT_EQ(canon("not ( sport = :1 or sport = :2 )"), "not (src *:1 or src *:2)");
  EXPECT_EQ(canon("not not dport = :1"), "not not dst *:1");
  EXPECT_EQ(canon("dst 10.0.0.1 dport = :22"), "(dst 10.0.0.1/32 and dst *:22)");
}

TEST(QueryParser, EveryConnectiveSynonym) {
  for (const char* a : {"and", "&&", "&", "AND"})
    EXPECT_EQ(canon(std::string("sport = :1 ") + a + " dport = :2"), "(src *:1 and dst *:2)") << a;
  for (const char* o : {"or", "||", "|", "Or"})
    EXPECT_EQ(canon(std::string("sport = :1 ") + o + " dport = :2"), "(src *:1 or dst *:2)") << o;
  for (const char* n : {"not", "!", "NOT"}) EXPECT_EQ(canon(std::string(n) + " sport = :1"), "not src *:1") << n;
}

TEST(QueryParser, PortOperatorsAndSynonymsAsSs) {
  const std::pair<const char*, const char*> cases[] = {
      {"=", "dst *:22"}, {"==", "dst *:22"}, {"eq", "dst *:22"}, {"", "dst *:22"},
      {"!=", "not dst *:22"}, {"ne", "not dst *:22"}, {"neq", "not dst *:22"},
      {"<", "dport < :22"}, {"lt", "dport < :22"}, {"<=", "dport <= :22"}, {"le", "dport <= :22"},
      {"leq", "dport <= :22"}, {">", "dport > :22"}, {"gt", "dport > :22"}, {">=", "dport >= :22"},
      {"ge", "dport >= :22"}, {"geq", "dport >= :22"},
  };
  for (const auto& [op, want] : cases) EXPECT_EQ(canon(std::string("dport ") + op + " :22"), want) << op;
  EXPECT_EQ(canon("sport = 22"), "src *:22");
  EXPECT_EQ(canon("sport = :ssh"), "src *:22");
  EXPECT_EQ(canon("dport = :*"), "dst *");
  EXPECT_EQ(canon("dport>=:1024"), "dport >= :1024");
}

TEST(QueryParser, HostForms) {
  EXPECT_EQ(canon("dst 10.0.0.0/8"), "dst 10.0.0.0/8");
  EXPECT_EQ(canon("dst 193.233.7/24"), "dst 193.233.7.0/24");  // ss(8)'s own example
  EXPECT_EQ(canon("dst 10"), "dst 10.0.0.0/32");
  EXPECT_EQ(canon("src = 127.0.0.1:22"), "src 127.0.0.1/32:22");
  EXPECT_EQ(canon("src [::1]"), "src [::1/128]");
  EXPECT_EQ(canon("src [::1]:https"), "src [::1/128]:443");
  EXPECT_EQ(canon("src [fd00::/64]:80"), "src [fd00::/64]:80");
  EXPECT_EQ(canon("src fd00::/16"), "src [fd00::/16]");
  EXPECT_EQ(canon("dst *"), "dst *");
  EXPECT_EQ(canon("dst *:80"), "dst *:80");
  EXPECT_EQ(canon("dst *:*"), "dst *");
  EXPECT_EQ(canon("src inet:*:22"), "src inet:*:22");
  EXPECT_EQ(canon("src inet6:*"), "src inet6:*");
  EXPECT_EQ(canon("src 0.0.0.0/0"), "src 0.0.0.0/0");
  EXPECT_EQ(canon("src ::/0"), "src [::/0]");
  EXPECT_EQ(canon("src inet:10.1.2.3"), "src inet:10.1.2.3/32");
  EXPECT_EQ(canon("src inet6:[::1]:22"), "src inet6:[::1/128]:22");
  EXPECT_EQ(canon("src unix:/run/*.sock"), "src unix:/run/*.sock");
  EXPECT_EQ(canon("dst != 10.0.0.0/8"), "not dst 10.0.0.0/8");
}

TEST(QueryParser, AFamilyPrefixScopesTheWholeQueryAsSs) {
  EXPECT_FALSE(parse_query("src 10.0.0.1")->family_scope);
  EXPECT_EQ(parse_query("src inet:*")->family_scope, Family::Inet4);
  EXPECT_EQ(parse_query("not src inet6:* or sport = :1")->family_scope, Family::Inet6);
  EXPECT_EQ(parse_query("src inet6:* or dst inet:*")->family_scope, Family::Inet4);  // the last wins
  EXPECT_EQ(parse_query("src unix:/x")->family_scope, Family::Unix);
  EXPECT_EQ(parse_query("sport = inet6::22")->family_scope, Family::Inet6);  // ss(8): [FAMILY:]:PORT
  EXPECT_EQ(canon("sport = inet6::22"), "src inet6:*:22");
  EXPECT_EQ(canon("dport > inet::1024"), "(dport > :1024 and dst inet:*)");
}

TEST(QueryParser, HostNamesThroughTheResolver) {
  QueryLookups l;
  l.resolve_host = [](std::string_view name) {
    std::vector<IpAddress> out;
    if (name == "example") {
      out.push_back(IpAddress::v4(0x0100007f));
      std::uint8_t six[16] = {};
      six[15] = 1;
      out.push_back(IpAddress::v6(six));
    }
    return out;
  };
  auto q = parse_query("dst example:80", l);
  ASSERT_TRUE(q) << q.error().format();
  EXPECT_EQ(print_query(*q), "(dst 127.0.0.1/32:80 or dst [::1/128]:80)");
  EXPECT_EQ(parse_query("dst nowhere", l).error().format(), "filter: 'nowhere' is not a known host at 1:5");
}

TEST(QueryParser, LeadingStatesAsSsOptions) {
  auto q = parse_query("state established '( dport = :ssh or sport = :ssh )'", lookups());
  ASSERT_FALSE(q);  // a quoted word is one value, not an expression
  q = parse_query("state established ( dport = :ssh or sport = :ssh )", lookups());
  ASSERT_TRUE(q);
  EXPECT_TRUE(q->has_states);
  EXPECT_EQ(print_query(*q), "state established (dst *:22 or src *:22)");
  EXPECT_EQ(canon("state established state listening"), "state established state listening");
  EXPECT_EQ(canon("exclude listening exclude time-wait"), "exclude time-wait exclude listening");
  EXPECT_EQ(canon("state connected"), "exclude closed exclude listening");
  EXPECT_EQ(canon("state all"), "state all");
  EXPECT_EQ(canon("state bucket"), "state syn-recv state time-wait");
  EXPECT_EQ(canon("state big"), "exclude syn-recv exclude time-wait");
  EXPECT_EQ(canon("state synchronized"), "exclude syn-sent exclude closed exclude listening");
  EXPECT_EQ(canon("state established exclude established"), "exclude all");
  EXPECT_EQ(canon("excl listening state listening"), "state all");
  EXPECT_EQ(canon("state SYN_RECV state syn-rcv"), "state syn-recv");
  EXPECT_FALSE(parse_query("sport = :1")->has_states);
}

TEST(QueryParser, StateInsideAnExpressionIsAPredicate) {
  EXPECT_EQ(canon("dport = :22 state established"), "(dst *:22 and state established)");
  EXPECT_EQ(canon("dport = :22 or state listening"), "(dst *:22 or state listening)");
  EXPECT_EQ(canon("sport = :1 exclude listening"), "(src *:1 and not state listening)");
  EXPECT_EQ(canon("sport = :1 and state != closed"), "(src *:1 and not state closed)");
  EXPECT_EQ(canon("sport = :1 and state connected"), "(src *:1 and not (state closed or state listening))");
  EXPECT_EQ(canon("state established ( state listening )"), "state established (state listening)");
  EXPECT_EQ(canon("sport = :1 and state bucket"), "(src *:1 and (state syn-recv or state time-wait))");
}

TEST(QueryParser, DevMarkCgroupAutobound) {
  EXPECT_EQ(canon("dev lo"), "dev 1");
  EXPECT_EQ(canon("dev = 7"), "dev 7");
  EXPECT_EQ(canon("dev != lo"), "not dev 1");
  EXPECT_EQ(canon("interface lo"), "dev 1");
  EXPECT_EQ(canon("fwmark = 0x1/0xff"), "fwmark 1/255");
  EXPECT_EQ(canon("mark 5"), "fwmark 5/4294967295");
  EXPECT_EQ(canon("cgroup /system.slice/ssh.service"), "cgroup /system.slice/ssh.service");
  EXPECT_EQ(canon("cgroup != /a"), "not cgroup /a");
  EXPECT_EQ(canon("autobound"), "autobound");
}

TEST(QueryParser, FieldsWithUnits) {
  EXPECT_EQ(canon("bytes_received > 10M"), "bytes_received > 10000000");
  EXPECT_EQ(canon("bytes_received >= 10MiB"), "bytes_received >= 10485760");
  EXPECT_EQ(canon("bytes_sent<1.5k"), "bytes_sent < 1500");
  EXPECT_EQ(canon("bytes_sent le 2KB"), "bytes_sent <= 2000");
  EXPECT_EQ(canon("bytes_acked = 3GiB"), "bytes_acked = 3221225472");
  EXPECT_EQ(canon("queue > 0"), "queue > 0");
  EXPECT_EQ(canon("send_rate > 1MB/s"), "send_rate > 1000000/s");
  EXPECT_EQ(canon("recv_rate < 10KiB/s"), "recv_rate < 10240/s");
  EXPECT_EQ(canon("rtt > 100ms"), "rtt > 100000us");
  EXPECT_EQ(canon("rtt > 100"), "rtt > 100000us");
  EXPECT_EQ(canon("rtt_ms >= 2s"), "rtt >= 2000000us");
  EXPECT_EQ(canon("rtt < 250us"), "rtt < 250us");
  EXPECT_EQ(canon("age > 10m"), "age > 600000000us");
  EXPECT_EQ(canon("age > 2h"), "age > 7200000000us");
  EXPECT_EQ(canon("age > 1d"), "age > 86400000000us");
  EXPECT_EQ(canon("age > 30"), "age > 30000000us");
  EXPECT_EQ(canon("inode = 0x10"), "inode = 16");
  EXPECT_EQ(canon("pid = 1"), "pid = 1");
  EXPECT_EQ(canon("packets_sent > 5"), "segs_out > 5");
  EXPECT_EQ(canon("Local-Port = 22"), "local_port = 22");
  EXPECT_EQ(canon("local_address = 10.0.0.0/8"), "local_address = 10.0.0.0/8");
  EXPECT_EQ(canon("remote_address != [::1]"), "remote_address != ::1/128");
}

TEST(QueryParser, TextFieldsAndRegexes) {
  EXPECT_EQ(canon("proto = TCP"), "proto = tcp");
  EXPECT_EQ(canon("family = ipv6"), "family = inet6");
  EXPECT_EQ(canon("process = sshd"), "process = sshd");
  EXPECT_EQ(canon("process ~ ^ssh"), "process ~ ^ssh");
  EXPECT_EQ(canon("cmdline ~ 'python.*( -m)?'"), "cmdline ~ 'python.*( -m)?'");
  EXPECT_EQ(canon("exe !~ \"/usr/s?bin/\""), "exe !~ /usr/s?bin/");
  EXPECT_EQ(canon("user = 'a b'"), "user = 'a b'");
  EXPECT_EQ(canon("unit = ssh.service or container ~ web"), "(unit = ssh.service or container ~ web)");
  auto q = parse_query("process ~ ^ss[hd]+$");
  ASSERT_TRUE(q);
  const auto& p = std::get<FieldPred>(q->root.pred);
  ASSERT_TRUE(p.regex);
  EXPECT_TRUE(std::regex_search("sshd", *p.regex));
  EXPECT_FALSE(std::regex_search("xsshd", *p.regex));
}

TEST(QueryParser, ErrorsPointAtTheToken) {
  EXPECT_EQ(error("prot = tcp"), "filter: unknown field 'prot' at 1:1; did you mean 'proto'?");
  EXPECT_EQ(error("sport = :1 and\n  procss ~ x"), "filter: unknown field 'procss' at 2:3; did you mean 'process'?");
  EXPECT_EQ(error("zzzzzz = 1"), "filter: unknown field 'zzzzzz' at 1:1");
  EXPECT_EQ(error("state establshed"), "filter: unknown state 'establshed' at 1:7; did you mean 'established'?");
  EXPECT_EQ(error("( sport = :1"), "filter: '(' is not closed at 1:1");
  EXPECT_EQ(error("sport = :1 )"), "filter: unexpected ')' at 1:12");
  EXPECT_EQ(error("sport = :1 and"), "filter: expected a condition at the end at 1:15");
  EXPECT_EQ(error("or sport = :1"), "filter: 'or' needs a condition before it at 1:1");
  EXPECT_EQ(error("sport = :nosuch"), "filter: 'nosuch' is not a port at 1:9");
  EXPECT_EQ(error("sport = :70000"), "filter: '70000' is not a port at 1:9");
  EXPECT_EQ(error("sport > *"), "filter: '*' (any port) cannot be ordered at 1:9");
  EXPECT_EQ(error("sport ~ 1"), "filter: operator '~' does not apply to 'sport' at 1:7");
  EXPECT_EQ(error("dst 10.0.0.300"), "filter: '10.0.0.300' is not an address or prefix at 1:5");
  EXPECT_EQ(error("dst 10.0.0.0/33"), "filter: '10.0.0.0/33' is not an address or prefix at 1:5");
  EXPECT_EQ(error("dst [::1"), "filter: '[::1': '[' without ']' at 1:5");
  EXPECT_EQ(error("dst inet6:10.0.0.1"), "filter: 'inet6:10.0.0.1': the address is not of that family at 1:5");
  EXPECT_EQ(error("dst link:eth0"), "filter: 'link:eth0': only inet, inet6 and unix addresses can be selected at 1:5");
  EXPECT_EQ(error("dst < 10.0.0.1"), "filter: operator '<' does not apply to 'dst'; use = or != at 1:5");
  EXPECT_EQ(error("dst"), "filter: expected an address at the end at 1:4");
  EXPECT_EQ(error("dev nosuch"), "filter: 'nosuch' is not an interface at 1:5");
  EXPECT_EQ(error("mark 1/x"), "filter: '1/x' is not a mark (VALUE or VALUE/MASK) at 1:6");
  EXPECT_EQ(error("bytes_sent > 10Q"), "filter: '10Q' is not a size (e.g. 10M, 4KiB) for 'bytes_sent' at 1:14");
  EXPECT_EQ(error("rtt > 5y"), "filter: '5y' is not a duration (e.g. 100ms, 10m) for 'rtt' at 1:7");
  EXPECT_EQ(error("send_rate > fast"), "filter: 'fast' is not a rate (e.g. 1MB/s) for 'send_rate' at 1:13");
  EXPECT_EQ(error("pid = -1"), "filter: '-1' is not a number for 'pid' at 1:7");
  EXPECT_EQ(error("pid ~ 1"), "filter: '~' needs a text field; 'pid' is a number at 1:5");
  EXPECT_EQ(error("local_address > 1.2.3.4"), "filter: '>' does not apply to addresses; use = or != at 1:15");
  EXPECT_EQ(error("process ~ '('"), error("process ~ '('"));
  EXPECT_TRUE(error("process ~ '('").starts_with("filter: bad regular expression '(': "));
  EXPECT_TRUE(error("process ~ '('").ends_with(" at 1:11"));
  EXPECT_EQ(error("pid 1"), "filter: expected an operator after 'pid', found '1' at 1:5");
  EXPECT_EQ(error("proto = tpc"), "filter: unknown proto 'tpc' at 1:9; did you mean 'tcp'?");
  EXPECT_EQ(error("proto > tcp"), "filter: 'proto' takes = or != only at 1:9");
  EXPECT_EQ(error("process = 'abc"), "filter: unterminated quote at 1:11");
  EXPECT_EQ(error("sport = :1 sport"), "filter: expected a port at the end at 1:17");
  EXPECT_EQ(error("'sport' = :1"), "filter: expected a field name, found the quoted value 'sport' at 1:1");
}

TEST(QueryLexer, SplitsParenthesesAndAttachedOperators) {
  auto r = lex_query("(dport>=:22)\n!x");
  ASSERT_FALSE(r.error);
  std::vector<std::string> words;
  for (const auto& t : r.tokens) words.push_back(t.text + "@" + std::to_string(t.pos.line) + ":" + std::to_string(t.pos.column));
  EXPECT_EQ(words, (std::vector<std::string>{"(@1:1", "dport@1:2", ">=@1:7", ":22@1:9", ")@1:12", "!@2:1", "x@2:2", "@2:3"}));
  EXPECT_EQ(quote_query_word("a b"), "'a b'");
  EXPECT_EQ(quote_query_word("it's"), "'it\\'s'");
  EXPECT_EQ(quote_query_word("plain"), "plain");
  r = lex_query(R"('\d+ \[x\] \\ \'' "a\"b")");
  ASSERT_EQ(r.tokens.size(), 3u);
  EXPECT_EQ(r.tokens[0].text, R"(\d+ \[x\] \ ')");
  EXPECT_EQ(r.tokens[1].text, R"(a"b)");
  EXPECT_EQ(quote_query_word(R"(\d 'x')"), R"('\\d \'x\'')");
}

TEST(QueryParser, PrintedFormParsesBackToItself) {
  for (const char* text : {"state established ( dport = :ssh or sport = :ssh )", "not dst 10.0.0.0/8 or sport > :1024",
                           "exclude listening process ~ 'a b' age > 1h", "dst [::1]:443 dev lo fwmark 1/3",
                           "sport = :1 state connected", "src unix:'/a b/*'"}) {
    const std::string once = canon(text);
    EXPECT_EQ(canon(once), once) << text;
  }
}

}  // namespace
}  // namespace sockscope
