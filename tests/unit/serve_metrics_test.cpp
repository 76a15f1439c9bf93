// The exposition presenter: label escaping of hostile names, both formats (checked by promtool when
// installed), the series cap and its `other` bucket, byte counters monotonic across churn.
#include <gtest/gtest.h>

#include <map>
#include <sstream>
#include <string>

#include "serve/metrics.hpp"
#include "serve_test_fixture.hpp"

namespace sockscope::serve {
namespace {

using namespace fixture;

Snapshot hostile_snapshot() {
  Snapshot s;
  s.processes.push_back(process(10, "ev\"il\\\nname\x1b[31m\xff", "/x", {"x"}));
  s.processes[0].unit = "unit\twith\ttabs.service";
  s.processes[0].container = "docker \"web\"";
  s.processes.push_back(process(11, "sshd", "/usr/sbin/sshd", {"sshd"}));
  s.endpoints.push_back(tcp_conn(1, 40000, 0, 100, 200));
  s.endpoints.push_back(tcp_listener(22, 1));
  s.endpoints.push_back(tcp_listener(8080, 1));
  return s;
}

TEST(ServeMetrics, HostileLabelValuesAreEscapedAndValidUtf8) {
  MetricsOptions o;
  o.listen_ports = {22};
  Metrics m(o);
  m.observe(hostile_snapshot());
  const std::string text = m.render(ExpositionFormat::Text004, {});
  // '"', '\' and LF escaped; ESC, TAB and the invalid byte replaced by U+FFFD; no raw control byte anywhere.
  EXPECT_NE(text.find("process=\"ev\\\"il\\\\\\nname\xef\xbf\xbd[31m\xef\xbf\xbd\""), std::string::npos) << text;
  EXPECT_NE(text.find("unit=\"unit\xef\xbf\xbdwith\xef\xbf\xbdtabs.service\""), std::string::npos);
  EXPECT_NE(text.find("container=\"docker \\\"web\\\"\""), std::string::npos);
  for (char c : text) EXPECT_TRUE(c == '\n' || static_cast<unsigned char>(c) >= 0x20) << int(c);
  // Only the allowlisted listening port has an info series.
  EXPECT_TRUE(value_of(text, "sockscope_listening_port_info{proto=\"tcp\",port=\"22\",process=\"sshd\",unit=\"\",container=\"\"}"));
  EXPECT_EQ(text.find("port=\"8080\""), std::string::npos);
  // No PID or address as a label.
  EXPECT_EQ(text.find("10.0.0."), std::string::npos);
  EXPECT_EQ(text.find("pid="), std::string::npos);
  if (auto verdict = promtool_check(text)) {
    EXPECT_EQ(verdict->first, 0) << verdict->second << text;
  }
}

// The checks above ask promtool when it is installed; this says so when it is not.
TEST(ServeMetrics, PromtoolIsThere) {
  if (!promtool_check("")) GTEST_SKIP() << "promtool not installed (Debian: prometheus); exposition not checked by it";
  auto verdict = promtool_check("# HELP x y\n# TYPE x gauge\nx{a=\"\\\"\"} 1\n");
  ASSERT_TRUE(verdict);
  EXPECT_EQ(verdict->first, 0) << verdict->second;
  auto broken = promtool_check("x{a=\"unterminated} 1\n");
  EXPECT_NE(broken->first, 0) << "promtool accepts anything?";
}

TEST(ServeMetrics, OpenMetricsNamesFamiliesAndEndsWithEof) {
  MetricsOptions o;
  o.all_ports = true;
  Metrics m(o);
  m.observe(hostile_snapshot());
  const std::string om = m.render(ExpositionFormat::OpenMetrics, {});
  EXPECT_TRUE(om.ends_with("# EOF\n"));
  EXPECT_NE(om.find("# TYPE sockscope_process_sent_bytes counter\n"), std::string::npos);
  EXPECT_NE(om.find("# TYPE sockscope_listening_port info\n"), std::string::npos);
  EXPECT_NE(om.find("sockscope_listening_port_info{proto=\"tcp\",port=\"8080\""), std::string::npos);
  const std::string text = m.render(ExpositionFormat::Text004, {});
  EXPECT_NE(text.find("# TYPE sockscope_process_sent_bytes_total counter\n"), std::string::npos);
  EXPECT_NE(text.find("# TYPE sockscope_listening_port_info gauge\n"), std::string::npos);
  EXPECT_EQ(text.find("# EOF"), std::string::npos);
}

TEST(ServeMetrics, ContentNegotiation) {
  EXPECT_EQ(negotiate_format(""), ExpositionFormat::Text004);
  EXPECT_EQ(negotiate_format("text/plain;version=0.0.4"), ExpositionFormat::Text004);
  EXPECT_EQ(negotiate_format("application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;"
                             "q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1"),
            ExpositionFormat::OpenMetrics);
  EXPECT_EQ(negotiate_format("text/plain, application/openmetrics-text; q=0"), ExpositionFormat::Text004);
  EXPECT_EQ(content_type(ExpositionFormat::Text004), "text/plain; version=0.0.4; charset=utf-8");
  EXPECT_TRUE(content_type(ExpositionFormat::OpenMetrics).starts_with("application/openmetrics-text; version=1.0.0"));
}

TEST(ServeMetrics, PortList) {
  MetricsOptions o;
  EXPECT_FALSE(parse_port_list("22,80,443", o));
  EXPECT_EQ(o.listen_ports, (std::set<std::uint16_t>{22, 80, 443}));
  EXPECT_FALSE(parse_port_list("all", o));
  EXPECT_TRUE(o.all_ports);
  EXPECT_FALSE(parse_port_list("", o));
  EXPECT_TRUE(o.listen_ports.empty());
  EXPECT_FALSE(o.all_ports);
  for (const char* bad : {"80x", "0", "65536", "22,,80", "-1"}) {
    auto e = parse_port_list(bad, o);
    ASSERT_TRUE(e) << bad;
    EXPECT_TRUE(e->starts_with("--listen-port-labels: '")) << *e;
  }
}

TEST(ServeMetrics, SeriesCapFoldsIntoOther) {
  MetricsOptions o;
  o.max_series = Metrics::kMinSeries;
  o.all_ports = true;
  Metrics m(o);
  Snapshot s;
  std::uint64_t total_connections = 0;
  for (int i = 0; i < 400; ++i) {
    s.processes.push_back(process(100 + i, "p" + std::to_string(i), "/p", {"p"}));
    for (int j = 0; j < 3; ++j) {
      s.endpoints.push_back(tcp_conn(static_cast<std::uint64_t>(i * 10 + j + 1), static_cast<std::uint16_t>(10000 + i * 10 + j),
                                     static_cast<std::uint32_t>(i), 1, 1, j == 2 ? TcpState::CloseWait : TcpState::Established));
      ++total_connections;
    }
    s.endpoints.push_back(tcp_listener(static_cast<std::uint16_t>(2000 + i), static_cast<std::uint32_t>(i)));
    ++total_connections;
  }
  m.observe(s);
  const std::string text = m.render(ExpositionFormat::Text004, {});
  EXPECT_LE(sample_lines(text), o.max_series);
  EXPECT_GT(m.folded(), 0u);
  // Nothing is lost: the `other` bucket holds what did not fit.
  ASSERT_TRUE(value_of(text, "sockscope_process_sent_bytes_total{process=\"other\",unit=\"\",container=\"\"}"));
  double sent = 0, connections = 0;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.starts_with("sockscope_process_sent_bytes_total{")) sent += std::stod(line.substr(line.rfind(' ') + 1));
    if (line.starts_with("sockscope_process_connections{")) connections += std::stod(line.substr(line.rfind(' ') + 1));
  }
  EXPECT_EQ(sent, 3 * 400);
  EXPECT_EQ(connections, static_cast<double>(total_connections));
  EXPECT_TRUE(value_of(text, "sockscope_process_connections{process=\"other\",unit=\"\",container=\"\",state=\"established\"}"));
  if (auto verdict = promtool_check(text)) {
    EXPECT_EQ(verdict->first, 0) << verdict->second;
  }
  // A folded process stays folded: the next scrape keeps the same label sets for counters.
  m.observe(s);
  EXPECT_EQ(m.render(ExpositionFormat::Text004, {}).find("process=\"p399\""), std::string::npos);
}

TEST(ServeMetrics, ByteCountersStayMonotonicAcrossChurn) {
  MetricsOptions o;
  Metrics m(o);
  const std::string sent = "sockscope_process_sent_bytes_total{process=\"curl\",unit=\"\",container=\"\"}";
  const std::string received = "sockscope_process_received_bytes_total{process=\"curl\",unit=\"\",container=\"\"}";
  const std::string other_sent = "sockscope_process_sent_bytes_total{process=\"wget\",unit=\"\",container=\"\"}";
  auto snap = [](std::vector<Endpoint> endpoints) { return snapshot_of({"curl", "wget"}, std::move(endpoints)); };
  m.observe(snap({tcp_conn(1, 1001, 0, 100, 50), tcp_conn(2, 1002, 0, 10, 10)}));
  EXPECT_EQ(value_of(m.render(ExpositionFormat::Text004, {}), sent), 110);
  // Connection 2 closed (its last seen 10 bytes stay), 1 grew, 3 is new.
  m.observe(snap({tcp_conn(1, 1001, 0, 150, 60), tcp_conn(3, 1003, 0, 5, 5)}));
  std::string t = m.render(ExpositionFormat::Text004, {});
  EXPECT_EQ(value_of(t, sent), 165);
  EXPECT_EQ(value_of(t, received), 75);
  // Everything closed: nothing decreases.
  m.observe(snap({}));
  t = m.render(ExpositionFormat::Text004, {});
  EXPECT_EQ(value_of(t, sent), 165);
  EXPECT_EQ(value_of(t, received), 75);
  // A connection handed to another process: the first keeps what it saw, the second counts from it.
  m.observe(snap({tcp_conn(4, 1004, 0, 40, 0)}));
  m.observe(snap({tcp_conn(4, 1004, 1, 45, 0)}));
  t = m.render(ExpositionFormat::Text004, {});
  EXPECT_EQ(value_of(t, sent), 205);
  EXPECT_EQ(value_of(t, other_sent), 45);
  // A reused key whose counters went back starts again without taking anything away.
  m.observe(snap({tcp_conn(4, 1004, 1, 3, 0)}));
  t = m.render(ExpositionFormat::Text004, {});
  EXPECT_EQ(value_of(t, other_sent), 48);
  if (auto verdict = promtool_check(t)) {
    EXPECT_EQ(verdict->first, 0) << verdict->second;
  }
}

TEST(ServeMetrics, SocketsByProtocolStateAndNamespace) {
  Metrics m(MetricsOptions{});
  Snapshot s;
  s.endpoints.push_back(inet(Proto::Udp, ip4("0.0.0.0"), 53, ip4("0.0.0.0"), 0, TcpState::Close));
  s.endpoints.push_back(inet(Proto::Tcp, ip4("0.0.0.0"), 80, ip4("0.0.0.0"), 0, TcpState::Listen));
  s.endpoints.push_back(inet(Proto::Tcp, ip4("0.0.0.0"), 81, ip4("0.0.0.0"), 0, TcpState::Listen));
  m.observe(s);
  const std::string t = m.render(ExpositionFormat::Text004, {});
  EXPECT_EQ(value_of(t, "sockscope_sockets{proto=\"tcp\",state=\"listen\",netns=\"current\"}"), 2);
  EXPECT_EQ(value_of(t, "sockscope_sockets{proto=\"udp\",state=\"unconn\",netns=\"current\"}"), 1);
}

// With events: the scripted order of collections, events and snapshots the engine produces.
class ServeMetricsEvents : public ::testing::Test {
 protected:
  static constexpr std::int64_t kSecond = 1'000'000'000;
  static MetricsOptions with_events() {
    MetricsOptions o;
    o.events = true;
    return o;
  }
  // A snapshot of curl (PID 1) and wget (PID 2) in namespace 4026531840.
  static Snapshot snap(std::vector<Endpoint> endpoints) {
    Snapshot s = snapshot_of({"curl", "wget"}, std::move(endpoints));
    s.current_netns = kNetns;
    return s;
  }
  void observe(const Snapshot& s, std::int64_t at_s) { m_.observe(s, m_.begin_collection(), at_s * kSecond); }
  void closes(std::vector<ConnEvent> events, std::int64_t at_s = 0) { m_.observe_events(events, at_s * kSecond); }
  std::optional<double> get(const std::string& family, const std::string& process = "curl") {
    text_ = m_.render(ExpositionFormat::Text004, {});
    return value_of(text_, family + "{process=\"" + process + "\",unit=\"\",container=\"\"}");
  }
  static constexpr std::uint32_t kNetns = 4026531840u;
  static constexpr const char* kSent = "sockscope_process_sent_bytes_total";
  static constexpr const char* kReceived = "sockscope_process_received_bytes_total";
  static constexpr const char* kOpened = "sockscope_process_connections_opened_total";
  static constexpr const char* kClosed = "sockscope_process_connections_closed_total";
  Metrics m_{with_events()};
  std::string text_;
};

TEST_F(ServeMetricsEvents, BornAndGoneBetweenScrapesCountsOnceWithItsFinalBytes) {
  observe(snap({tcp_conn(1, 1001, 0, 100, 50)}), 0);  // open before the exporter: not an open
  EXPECT_EQ(get(kOpened), 0);
  EXPECT_EQ(get(kClosed), 0);
  closes({close_event(7, 1, "curl", 30, 21, kNetns)});
  EXPECT_EQ(get(kOpened), 1);
  EXPECT_EQ(get(kClosed), 1);
  EXPECT_EQ(get(kSent), 130);
  EXPECT_EQ(get(kReceived), 71);
  // A collection that began before the close still holds it: it is not counted again.
  const std::uint64_t racing = m_.begin_collection();
  closes({close_event(8, 1, "curl", 5, 5, kNetns)});
  m_.observe(snap({tcp_conn(1, 1001, 0, 100, 50), tcp_conn(8, 1008, 0, 4, 4)}), racing, 1 * kSecond);
  EXPECT_EQ(get(kOpened), 2);
  EXPECT_EQ(get(kClosed), 2);
  EXPECT_EQ(get(kSent), 135);
  observe(snap({tcp_conn(1, 1001, 0, 100, 50)}), 2);
  EXPECT_EQ(get(kSent), 135);
  EXPECT_EQ(get(kOpened), 2);
  EXPECT_EQ(get(kClosed), 2);
  if (auto verdict = promtool_check(text_)) {
    EXPECT_EQ(verdict->first, 0) << verdict->second << text_;
  }
}

TEST_F(ServeMetricsEvents, SeenThenClosedIsNotCountedTwice) {
  observe(snap({tcp_conn(1, 1001, 0, 100, 50)}), 0);
  observe(snap({tcp_conn(1, 1001, 0, 100, 50), tcp_conn(2, 1002, 1, 10, 10)}), 1);
  EXPECT_EQ(get(kOpened, "wget"), 1);
  // Gone from the snapshot before its event came: its last seen bytes stay counted meanwhile.
  observe(snap({tcp_conn(2, 1002, 1, 10, 10)}), 2);
  EXPECT_EQ(get(kSent), 100);
  EXPECT_EQ(get(kClosed), 0);
  // The event brings the bytes sent after the last snapshot; nothing is added twice.
  closes({close_event(1, 1, "curl", 120, 61, kNetns)}, 3);
  EXPECT_EQ(get(kSent), 120);
  EXPECT_EQ(get(kReceived), 61);
  EXPECT_EQ(get(kClosed), 1);
  // The event first, the snapshot that misses it after.
  closes({close_event(2, 2, "wget", 15, 11, kNetns)}, 4);
  observe(snap({}), 30);
  EXPECT_EQ(get(kSent), 120);
  EXPECT_EQ(get(kSent, "wget"), 15);
  EXPECT_EQ(get(kReceived, "wget"), 11);
  EXPECT_EQ(get(kClosed, "wget"), 1);
  EXPECT_EQ(get(kOpened), 0);
}

TEST_F(ServeMetricsEvents, AMissedEventFallsBackToTheLastSeenBytesAfterTheGrace) {
  observe(snap({tcp_conn(1, 1001, 0, 100, 50)}), 0);
  observe(snap({}), 1);
  EXPECT_EQ(get(kClosed), 0);
  EXPECT_EQ(get(kSent), 100);
  observe(snap({}), 5);
  EXPECT_EQ(get(kClosed), 0);
  observe(snap({}), 11);  // the default grace is 10 s
  EXPECT_EQ(get(kClosed), 1);
  EXPECT_EQ(get(kSent), 100);
  observe(snap({}), 30);
  EXPECT_EQ(get(kClosed), 1);
}

TEST_F(ServeMetricsEvents, OtherNamespacesProtocolsListenersAndUnknownOwnersAreLeftOut) {
  observe(snap({tcp_listener(80, 1)}), 0);
  ConnEvent udp = close_event(10, 1, "curl", 9, 9, kNetns);
  udp.proto = Proto::Udp;
  ConnEvent listener = close_event(11, 1, "curl", 0, 0, kNetns);
  listener.kind = ConnEventKind::ListenClosed;
  closes({close_event(12, 1, "curl", 9, 9, kNetns + 1), udp, listener, close_event(13, 0, "", 9, 9, kNetns)});
  EXPECT_FALSE(get(kOpened)) << text_;  // no series: nothing was counted for curl
  EXPECT_EQ(get(kOpened, "wget"), 0);
  EXPECT_EQ(get(kSent, "wget"), 0);
  EXPECT_EQ(text_.find(" 9\n"), std::string::npos) << text_;
  // A listener gone is no closed connection.
  observe(snap({}), 1);
  observe(snap({}), 20);
  EXPECT_EQ(get(kClosed, "wget"), 0);
  // An owner the snapshot knew by PID gets its labels; another name under that PID is another process.
  Snapshot s = snap({});
  s.processes[0].unit = "cron.service";
  observe(s, 21);
  closes({close_event(14, 1, "curl", 1, 1, kNetns), close_event(15, 1, "bash", 2, 2, kNetns)});
  text_ = m_.render(ExpositionFormat::Text004, {});
  EXPECT_EQ(value_of(text_, "sockscope_process_sent_bytes_total{process=\"curl\",unit=\"cron.service\",container=\"\"}"), 1);
  EXPECT_EQ(value_of(text_, "sockscope_process_sent_bytes_total{process=\"bash\",unit=\"\",container=\"\"}"), 2);
}

TEST_F(ServeMetricsEvents, SeriesCapHoldsWithTheNewCountersAndOwnMetrics) {
  MetricsOptions o = with_events();
  o.max_series = Metrics::kMinSeries;
  Metrics m(o);
  m.observe(snap({}), m.begin_collection(), 0);
  std::vector<ConnEvent> events;
  for (std::uint32_t i = 0; i < 300; ++i) events.push_back(close_event(100 + i, 1000 + i, "p" + std::to_string(i), 1, 1, kNetns));
  m.observe_events(events, 0);
  ExporterStats stats;
  stats.capture = "ebpf";
  stats.events_dropped = 3;
  const std::string text = m.render(ExpositionFormat::Text004, stats);
  EXPECT_LE(sample_lines(text), o.max_series);
  EXPECT_GT(m.folded(), 0u);
  double opened = 0, sent = 0;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.starts_with(std::string(kOpened) + "{")) opened += std::stod(line.substr(line.rfind(' ') + 1));
    if (line.starts_with(std::string(kSent) + "{")) sent += std::stod(line.substr(line.rfind(' ') + 1));
  }
  EXPECT_EQ(opened, 300);
  EXPECT_EQ(sent, 300);
  EXPECT_TRUE(value_of(text, std::string(kClosed) + "{process=\"other\",unit=\"\",container=\"\"}"));
  EXPECT_EQ(value_of(text, "sockscope_event_capture_info{mode=\"ebpf\"}"), 1);
  EXPECT_EQ(value_of(text, "sockscope_events_dropped_total"), 3);
  if (auto verdict = promtool_check(text)) {
    EXPECT_EQ(verdict->first, 0) << verdict->second;
  }
  const std::string om = m.render(ExpositionFormat::OpenMetrics, stats);
  EXPECT_NE(om.find("# TYPE sockscope_process_connections_opened counter\n"), std::string::npos);
  EXPECT_NE(om.find("# TYPE sockscope_event_capture info\n"), std::string::npos);
}

TEST(ServeMetricsNoEvents, NoOpenOrCloseSeriesWithoutCapture) {
  Metrics m(MetricsOptions{});
  m.observe(snapshot_of({"curl"}, {tcp_conn(1, 1001, 0, 1, 1)}));
  const std::string text = m.render(ExpositionFormat::Text004, {});
  EXPECT_EQ(text.find("connections_opened"), std::string::npos);
  EXPECT_EQ(value_of(text, "sockscope_event_capture_info{mode=\"none\"}"), 1);
  EXPECT_EQ(value_of(text, "sockscope_events_dropped_total"), 0);
}

}  // namespace
}  // namespace sockscope::serve
