// `sockscope serve` end to end in a private network namespace: /metrics, /healthz,
// /api/v1/endpoints and /api/v1/history with curl; basic auth and TLS from --web-config; refusal of
// an unprotected non-loopback listen; oversize, malformed and never-finished requests; connection
// events (opens, closes, final bytes of short connections between two scrapes); and the real
// Prometheus server scraping it, its query API checked against the sockets the test made.
#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "netns_harness.hpp"
#include "test_sockets.hpp"

namespace sockscope::testing {
namespace {

namespace fs = std::filesystem;

std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

bool have(const char* program) { return run_command({"sh", "-c", std::string("command -v ") + program}).exit_code == 0; }

// A scratch directory, removed at the end.
struct TempDir {
  fs::path path;
  TempDir() {
    char tmpl[] = "/tmp/sockscope-serve-XXXXXX";
    path = mkdtemp(tmpl);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

// A background program, stdout and stderr in a file; stopped with SIGTERM.
class Background {
 public:
  Background(std::vector<std::string> argv, const fs::path& log) : log_(log) {
    pid_ = fork();
    if (pid_ == 0) {
      int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
      dup2(fd, 1);
      dup2(fd, 2);
      std::vector<char*> args;
      for (auto& a : argv) args.push_back(a.data());
      args.push_back(nullptr);
      execvp(args[0], args.data());
      _exit(127);
    }
  }
  // Until `text` shows in its output; false when it exited first or the deadline passed.
  bool wait_for(const std::string& text, int timeout_ms = 20000) {
    return wait_until([&] { return log().find(text) != std::string::npos || exited(); }, timeout_ms) && !exited();
  }
  int stop() {
    if (status_ < 0) {
      kill(pid_, SIGTERM);
      int st = 0;
      waitpid(pid_, &st, 0);
      status_ = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
    }
    return status_;
  }
  std::string log() const { return slurp(log_); }
  ~Background() { stop(); }

 private:
  bool exited() {
    int st = 0;
    if (status_ < 0 && waitpid(pid_, &st, WNOHANG) == pid_) status_ = WIFEXITED(st) ? WEXITSTATUS(st) : 128;
    return status_ >= 0;
  }
  fs::path log_;
  pid_t pid_ = -1;
  int status_ = -1;
};

std::vector<std::string> serve_args(std::vector<std::string> extra) {
  std::vector<std::string> argv{SOCKSCOPE_BINARY, "serve", "--netns", "current"};
  argv.insert(argv.end(), extra.begin(), extra.end());
  return argv;
}

// curl's status code line and body: "-w %{http_code}" last.
struct Curl {
  int status = 0;  // 0: no HTTP answer
  std::string body;
  int exit_code = 0;
};
Curl curl(std::vector<std::string> args) {
  std::vector<std::string> argv{"curl", "-s", "-m", "20", "-w", "\n%{http_code}"};
  argv.insert(argv.end(), args.begin(), args.end());
  const auto r = run_command(argv);
  Curl c;
  c.exit_code = r.exit_code;
  const auto nl = r.out.rfind('\n');
  if (nl != std::string::npos) {
    c.body = r.out.substr(0, nl);
    c.status = std::atoi(r.out.c_str() + nl + 1);
  }
  return c;
}

// A raw request on a new connection; what came back (the connection is closed after `hold_ms`).
int connect_to(int port) { return tcp_connect("127.0.0.1", port); }

std::string raw_exchange(int port, const std::string& request) {
  const int fd = connect_to(port);
  if (fd < 0) return "";
  (void)!send(fd, request.data(), request.size(), MSG_NOSIGNAL);
  std::string out;
  char buf[4096];
  timeval tv{20, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  for (;;) {
    const ssize_t n = recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    out.append(buf, static_cast<std::size_t>(n));
  }
  close(fd);
  return out;
}

constexpr int kPort = 19099;
const std::string kBase = "http://127.0.0.1:" + std::to_string(kPort);

TEST(Serve, RefusesUnprotectedNonLoopbackAndBadOptions) {
  // Refused before anything listens; `timeout` keeps a broken refusal from hanging the suite.
  const std::vector<std::vector<std::string>> cases = {
      {"--listen", "0.0.0.0:19099"},
      {"--listen", "[::]:19099"},
      {"--listen", "localhost:19099"},
      {"--listen", "127.0.0.1:0"},
      {"--listen", "127.0.0.1"},
      {"--max-series", "5"},
      {"--min-interval", "soon"},
      {"--listen-port-labels", "22,http"},
      {"--web-config", SOCKSCOPE_FIXTURES "/web_config/misspelt_key.yml"},
      {"--web-config", "/nonexistent/web.yml"},
  };
  for (const auto& extra : cases) {
    std::vector<std::string> argv{"timeout", "10"};
    for (auto& a : serve_args(extra)) argv.push_back(a);
    const auto r = run_command(argv);
    EXPECT_EQ(r.exit_code, 2) << extra[0] << " " << extra[1] << ": " << r.err;
    EXPECT_EQ(split_lines(r.err).size(), 1u) << r.err;
    EXPECT_TRUE(r.err.starts_with("sockscope serve: ")) << r.err;
  }
  const auto r = run_command({"timeout", "10", SOCKSCOPE_BINARY, "serve", "--listen", "0.0.0.0:19099"});
  EXPECT_NE(r.err.find("--insecure-listen"), std::string::npos) << r.err;
}

TEST(Serve, EveryOptionIsInTheManPage) {
  const auto help = run_command({SOCKSCOPE_BINARY, "serve", "--help"});
  ASSERT_EQ(help.exit_code, 0) << help.err;
  const std::string man = slurp(SOCKSCOPE_MANPAGE);
  int options = 0;
  for (const auto& line : split_lines(help.out)) {
    for (const auto& word : split_words(line)) {
      if (!word.starts_with("--") || word == "--help") continue;
      const std::string option = word.substr(0, word.find_first_of(" ,=")) ;
      std::string roff;
      for (char c : option) roff += c == '-' ? std::string("\\-") : std::string(1, c);
      EXPECT_NE(man.find(roff), std::string::npos) << "man page lacks " << option;
      ++options;
      break;
    }
  }
  EXPECT_GE(options, 7) << help.out;
}

TEST(Serve, MetricsHealthzAndEndpoints) {
  ENTER_NETNS();
  if (!have("curl")) GTEST_SKIP() << "curl not installed";
  TempDir dir;
  const int listener = tcp_listen("127.0.0.1", 0);
  const int port = local_port(listener);
  spawn_holder("servedholder", {listener});
  Background serve(serve_args({"--listen", "127.0.0.1:" + std::to_string(kPort), "--listen-port-labels",
                               std::to_string(port)}),
                   dir.path / "serve.log");
  ASSERT_TRUE(serve.wait_for("listening on")) << serve.log();

  Curl h = curl({kBase + "/healthz"});
  EXPECT_EQ(h.status, 200);
  EXPECT_EQ(h.body, "ok\n");

  Curl m = curl({kBase + "/metrics"});
  ASSERT_EQ(m.status, 200);
  EXPECT_NE(m.body.find("sockscope_process_connections{process=\"servedholder\",unit=\"\",container=\"\",state=\"listen\"} 1\n"),
            std::string::npos) << m.body;
  EXPECT_NE(m.body.find("sockscope_listening_port_info{proto=\"tcp\",port=\"" + std::to_string(port) +
                        "\",process=\"servedholder\""),
            std::string::npos) << m.body;
  // sockscope's own listener is not allowlisted.
  EXPECT_EQ(m.body.find("port=\"" + std::to_string(kPort) + "\""), std::string::npos);
  Curl om = curl({"-H", "Accept: application/openmetrics-text; version=1.0.0", kBase + "/metrics"});
  EXPECT_TRUE(om.body.ends_with("# EOF\n")) << om.body;
  if (have("promtool")) {
    const fs::path file = dir.path / "metrics.txt";
    std::ofstream(file) << m.body;
    const auto check = run_command({"sh", "-c", "promtool check metrics < " + file.string()});
    EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
  }

  Curl e = curl({kBase + "/api/v1/endpoints?filter=sport%20%3D%20%3A" + std::to_string(port) + "&columns=proto,local,process"});
  ASSERT_EQ(e.status, 200) << e.body;
  auto j = nlohmann::json::parse(e.body);
  ASSERT_EQ(j.size(), 1u) << e.body;
  EXPECT_EQ(j[0]["process"], "servedholder");
  EXPECT_EQ(j[0]["local"], "127.0.0.1:" + std::to_string(port));
  Curl bad = curl({kBase + "/api/v1/endpoints?filter=prot%3D1"});
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.body, "filter: unknown field 'prot' at 1:1; did you mean 'proto'?\n");
  // Read-only.
  EXPECT_EQ(curl({"-X", "POST", kBase + "/api/v1/endpoints"}).status, 405);
  EXPECT_EQ(curl({"-X", "DELETE", kBase + "/api/v1/endpoints"}).status, 405);
  EXPECT_EQ(serve.stop(), 0) << serve.log();
  kill_holders();
}

TEST(Serve, HostileAndSlowClients) {
  ENTER_NETNS();
  if (!have("curl")) GTEST_SKIP() << "curl not installed";
  TempDir dir;
  Background serve(serve_args({"--listen", "127.0.0.1:" + std::to_string(kPort)}), dir.path / "serve.log");
  ASSERT_TRUE(serve.wait_for("listening on")) << serve.log();
  // A client that sends half a request and then nothing: others are still answered meanwhile.
  const int slow = connect_to(kPort);
  ASSERT_GE(slow, 0);
  (void)!send(slow, "GET /metrics HTTP/1.1\r\nHost: x\r\n", 32, MSG_NOSIGNAL);
  const auto started = std::chrono::steady_clock::now();
  Curl m = curl({kBase + "/metrics"});
  EXPECT_EQ(m.status, 200);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(8));
  // Oversize headers: refused, never served.
  const std::string big = "GET /metrics HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(64 * 1024, 'a') + "\r\n\r\n";
  const std::string answer = raw_exchange(kPort, big);
  EXPECT_EQ(answer.find("200 OK"), std::string::npos) << answer.substr(0, 200);
  // Malformed request lines.
  for (const char* junk : {"GARBAGE\r\n\r\n", "GET\r\n\r\n", "\x16\x03\x01\x02\x00\x01\x00\r\n\r\n"}) {
    const std::string a = raw_exchange(kPort, junk);
    EXPECT_EQ(a.find("200 OK"), std::string::npos) << a.substr(0, 200);
  }
  // Still alive and answering.
  EXPECT_EQ(curl({kBase + "/healthz"}).status, 200);
  close(slow);
  EXPECT_EQ(serve.stop(), 0) << serve.log();
}

TEST(Serve, BasicAuthAndTls) {
  ENTER_NETNS();
  if (!have("curl") || !have("openssl") || !have("htpasswd"))
    GTEST_SKIP() << "needs curl, openssl and htpasswd (apache2-utils)";
  TempDir dir;
  const auto cert = run_command({"openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
                                 "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1", "-keyout",
                                 (dir.path / "key.pem").string(), "-out", (dir.path / "cert.pem").string()});
  ASSERT_EQ(cert.exit_code, 0) << cert.err;
  const auto hash = run_command({"htpasswd", "-nbBC", "4", "", "s3cret"});
  ASSERT_EQ(hash.exit_code, 0) << hash.err;
  std::string h = hash.out;
  std::erase(h, '\n');
  std::erase(h, ':');
  std::ofstream(dir.path / "web.yml") << "tls_server_config:\n  cert_file: cert.pem\n  key_file: key.pem\n"
                                      << "  min_version: TLS12\nbasic_auth_users:\n  alice: " << h << "\n";
  // Protected, so a non-loopback address is allowed.
  Background serve(serve_args({"--listen", "0.0.0.0:" + std::to_string(kPort), "--web-config",
                               (dir.path / "web.yml").string()}),
                   dir.path / "serve.log");
  ASSERT_TRUE(serve.wait_for("listening on")) << serve.log();
  const std::string url = "https://127.0.0.1:" + std::to_string(kPort) + "/metrics";
  const std::string ca = (dir.path / "cert.pem").string();
  Curl ok = curl({"--cacert", ca, "-u", "alice:s3cret", url});
  EXPECT_EQ(ok.status, 200) << ok.body;
  EXPECT_NE(ok.body.find("sockscope_scrapes_total"), std::string::npos);
  EXPECT_EQ(curl({"--cacert", ca, "-u", "alice:wrong", url}).status, 401);
  EXPECT_EQ(curl({"--cacert", ca, "-u", "mallory:s3cret", url}).status, 401);
  Curl none = curl({"--cacert", ca, url});
  EXPECT_EQ(none.status, 401);
  EXPECT_EQ(none.body.find("sockscope_"), std::string::npos);
  // No TLS where TLS is required; older TLS than min_version.
  EXPECT_EQ(curl({"-u", "alice:s3cret", "http://127.0.0.1:" + std::to_string(kPort) + "/metrics"}).status, 0);
  EXPECT_EQ(curl({"--cacert", ca, "--tls-max", "1.1", "-u", "alice:s3cret", url}).status, 0);
  EXPECT_EQ(serve.stop(), 0) << serve.log();

  // A key that does not match: one line, no server.
  std::ofstream(dir.path / "bad.yml") << "tls_server_config:\n  cert_file: cert.pem\n  key_file: /nonexistent.pem\n";
  std::vector<std::string> argv{"timeout", "20"};
  for (auto& a : serve_args({"--listen", "127.0.0.1:" + std::to_string(kPort), "--web-config", (dir.path / "bad.yml").string()}))
    argv.push_back(a);
  const auto r = run_command(argv);
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_NE(r.err.find("key_file /nonexistent.pem"), std::string::npos) << r.err;
}

// The Prometheus server from Debian scrapes sockscope every second; its query API must report the
// connections and bytes of the sockets made here.
TEST(Serve, PrometheusScrapesIt) {
  ENTER_NETNS();
  if (!have("curl") || !have("prometheus")) GTEST_SKIP() << "needs curl and prometheus (Debian: prometheus)";
  TempDir dir;
  const int listener = tcp_listen("127.0.0.1", 0);
  const int port = local_port(listener);
  std::vector<int> fds{listener};
  constexpr int kConnections = 3;
  constexpr std::size_t kBytes = 1000;
  for (int i = 0; i < kConnections; ++i) {
    const int c = tcp_connect("127.0.0.1", port);
    ASSERT_GE(c, 0);
    const int a = accept(listener, nullptr, nullptr);
    ASSERT_GE(a, 0);
    const std::string payload(kBytes, 'x');
    ASSERT_EQ(send(c, payload.data(), payload.size(), 0), static_cast<ssize_t>(kBytes));
    std::string got(kBytes, '\0');
    ASSERT_EQ(recv(a, got.data(), got.size(), MSG_WAITALL), static_cast<ssize_t>(kBytes));
    fds.push_back(c);
    fds.push_back(a);
  }
  spawn_holder("promholder", fds);
  Background serve(serve_args({"--listen", "127.0.0.1:" + std::to_string(kPort), "--min-interval", "500ms"}),
                   dir.path / "serve.log");
  ASSERT_TRUE(serve.wait_for("listening on")) << serve.log();
  std::ofstream(dir.path / "prometheus.yml") << "global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n"
                                             << "scrape_configs:\n  - job_name: sockscope\n    static_configs:\n"
                                             << "      - targets: ['127.0.0.1:" << kPort << "']\n";
  Background prometheus({"prometheus", "--config.file=" + (dir.path / "prometheus.yml").string(),
                         "--storage.tsdb.path=" + (dir.path / "tsdb").string(), "--web.listen-address=127.0.0.1:19090"},
                        dir.path / "prometheus.log");
  ASSERT_TRUE(prometheus.wait_for("Server is ready to receive web requests", 30000)) << prometheus.log();
  auto query = [&](const std::string& promql) -> std::optional<double> {
    Curl r = curl({"-G", "http://127.0.0.1:19090/api/v1/query", "--data-urlencode", "query=" + promql});
    if (r.status != 200) return std::nullopt;
    auto j = nlohmann::json::parse(r.body, nullptr, false);
    if (j.is_discarded() || j["data"]["result"].empty()) return std::nullopt;
    return std::stod(j["data"]["result"][0]["value"][1].get<std::string>());
  };
  const std::string who = "process=\"promholder\"";
  std::optional<double> established, listening, received, sent;
  wait_until([&] {
    established = query("sockscope_process_connections{" + who + ",state=\"established\"}");
    return established.has_value();
  }, 30000);
  listening = query("sockscope_process_connections{" + who + ",state=\"listen\"}");
  received = query("sockscope_process_received_bytes_total{" + who + "}");
  sent = query("sockscope_process_sent_bytes_total{" + who + "}");
  ASSERT_TRUE(established) << prometheus.log() << serve.log();
  EXPECT_EQ(*established, 2 * kConnections);  // both ends are the holder's
  EXPECT_EQ(listening, 1);
  EXPECT_EQ(received, kConnections * kBytes);
  EXPECT_EQ(sent, kConnections * kBytes);
  EXPECT_EQ(query("up{job=\"sockscope\"}"), 1);
  EXPECT_EQ(serve.stop(), 0) << serve.log();
  kill_holders();
}

// The sum of a family's samples whose labels include `labels` (0 when there is none).
double sum_of(const std::string& text, const std::string& family, const std::string& labels) {
  double total = 0;
  for (const auto& line : split_lines(text)) {
    if (!line.starts_with(family + "{") || line.find(labels) == std::string::npos) continue;
    total += std::stod(line.substr(line.rfind(' ') + 1));
  }
  return total;
}

// A child named "evconn" holding a listener; on each byte written to it, it makes a TCP connection
// to itself: 1000 bytes out, 500 back, both ends closed in order ('c'), or it opens one and holds
// it ('h') until the next 'x'. It answers each command with one byte once done.
class ConnMaker {
 public:
  static constexpr std::size_t kOut = 1000, kBack = 500;
  ConnMaker() {
    int to_child[2], from_child[2];
    if (pipe(to_child) != 0 || pipe(from_child) != 0) return;
    pid_ = fork();
    if (pid_ == 0) {
      prctl(PR_SET_NAME, "evconn");
      close(to_child[1]);
      close(from_child[0]);
      const int listener = tcp_listen("127.0.0.1", 0);
      const int port = local_port(listener);
      int held_client = -1, held_server = -1;
      auto exchange = [&](int& c, int& a) {
        c = tcp_connect("127.0.0.1", port);
        a = accept(listener, nullptr, nullptr);
        const std::string out(kOut, 'o'), back(kBack, 'b');
        std::string buf(kOut, '\0');
        (void)!send(c, out.data(), out.size(), 0);
        (void)!recv(a, buf.data(), kOut, MSG_WAITALL);
        (void)!send(a, back.data(), back.size(), 0);
        (void)!recv(c, buf.data(), kBack, MSG_WAITALL);
      };
      auto finish = [&](int c, int a) {
        char b;
        close(c);
        (void)!recv(a, &b, 1, 0);  // the client's FIN
        close(a);
      };
      char command;
      while (read(to_child[0], &command, 1) == 1) {
        if (command == 'c') {
          int c, a;
          exchange(c, a);
          finish(c, a);
        } else if (command == 'h') {
          exchange(held_client, held_server);
        } else if (command == 'x') {
          finish(held_client, held_server);
        }
        (void)!write(from_child[1], &command, 1);
      }
      _exit(0);
    }
    close(to_child[0]);
    close(from_child[1]);
    to_ = to_child[1];
    from_ = from_child[0];
  }
  bool command(char c) {
    char done;
    return write(to_, &c, 1) == 1 && read(from_, &done, 1) == 1 && done == c;
  }
  ~ConnMaker() {
    close(to_);
    close(from_);
    if (pid_ > 0) waitpid(pid_, nullptr, 0);
  }

 private:
  pid_t pid_ = -1;
  int to_ = -1, from_ = -1;
};

// Connections made and closed between two scrapes, and one seen by a scrape then closed: opens,
// closes and bytes per process, each counted once, with the capture `mode` (ebpf or diag).
void events_between_scrapes(const std::string& mode) {
  if (!have("curl")) GTEST_SKIP() << "curl not installed";
  TempDir dir;
  Background serve(serve_args({"--listen", "127.0.0.1:" + std::to_string(kPort), "--min-interval", "100ms",
                               "--events", mode}),
                   dir.path / "serve.log");
  if (!serve.wait_for("listening on")) {
    if (serve.log().find("connection events") == std::string::npos || serve.stop() == 3)
      GTEST_SKIP() << "no " << mode << " capture here: " << serve.log();
    FAIL() << serve.log();
  }
  ASSERT_NE(serve.log().find("connection events: " + std::string(mode == "ebpf" ? "ebpf" : "sock_diag")), std::string::npos)
      << serve.log();
  ConnMaker maker;
  const std::string who = "process=\"evconn\"";
  std::string text;
  auto scrape = [&] {
    Curl m = curl({kBase + "/metrics"});
    text = m.body;
    return m.status == 200;
  };
  auto value = [&](const std::string& family) { return sum_of(text, family, who); };
  // The maker's listener is in a snapshot: its process is known by PID from then on.
  ASSERT_TRUE(wait_until([&] { return scrape() && value("sockscope_process_connections") >= 1; }, 20000)) << text;
  EXPECT_EQ(value("sockscope_process_connections_opened_total"), 0) << text;

  constexpr int kShort = 3;
  constexpr double kPayload = ConnMaker::kOut + ConnMaker::kBack;
  double expect_closed = 0, expect_sent = 0;
  if (mode == "ebpf") {
    // Born and gone between two scrapes: only the events know them, with their owner.
    for (int i = 0; i < kShort; ++i) ASSERT_TRUE(maker.command('c'));
    expect_closed = 2 * kShort;  // both ends are the maker's
    expect_sent = kShort * kPayload;
    ASSERT_TRUE(wait_until([&] { return scrape() && value("sockscope_process_connections_closed_total") >= expect_closed; },
                           20000)) << text << serve.log();
    EXPECT_EQ(value("sockscope_process_connections_opened_total"), expect_closed) << text;
    EXPECT_EQ(value("sockscope_process_sent_bytes_total"), expect_sent) << text;
    // Received counts sequence space: each end's FIN from its peer adds one.
    EXPECT_GE(value("sockscope_process_received_bytes_total"), expect_sent) << text;
    EXPECT_LE(value("sockscope_process_received_bytes_total"), expect_sent + expect_closed) << text;
  }
  // Seen by a scrape while open, then closed: counted once, with its final bytes.
  ASSERT_TRUE(maker.command('h'));
  ASSERT_TRUE(wait_until([&] { return scrape() && sum_of(text, "sockscope_process_connections", who + ",unit") >= 3; }, 20000))
      << text;
  EXPECT_EQ(value("sockscope_process_connections_opened_total"), expect_closed + 2) << text;
  EXPECT_EQ(value("sockscope_process_sent_bytes_total"), expect_sent + kPayload) << text;
  ASSERT_TRUE(maker.command('x'));
  expect_closed += 2;
  expect_sent += kPayload;
  ASSERT_TRUE(wait_until([&] { return scrape() && value("sockscope_process_connections_closed_total") >= expect_closed; },
                         20000)) << text << serve.log();
  // A few more scrapes: nothing is added twice once the snapshots miss it too.
  for (int i = 0; i < 3; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(150));
    ASSERT_TRUE(scrape());
  }
  EXPECT_EQ(value("sockscope_process_connections_closed_total"), expect_closed) << text;
  EXPECT_EQ(value("sockscope_process_connections_opened_total"), expect_closed) << text;
  EXPECT_EQ(value("sockscope_process_sent_bytes_total"), expect_sent) << text;
  EXPECT_LE(value("sockscope_process_received_bytes_total"), expect_sent + expect_closed) << text;
  EXPECT_NE(text.find("sockscope_event_capture_info{mode=\"" + mode + "\"} 1\n"), std::string::npos) << text;
  EXPECT_NE(text.find("sockscope_events_dropped_total 0\n"), std::string::npos) << text;
  if (have("promtool")) {
    const fs::path file = dir.path / "metrics.txt";
    std::ofstream(file) << text;
    const auto check = run_command({"sh", "-c", "promtool check metrics < " + file.string()});
    EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
  }
  EXPECT_EQ(serve.stop(), 0) << serve.log();
}

TEST(Serve, EbpfEventsCountShortConnectionsBetweenScrapes) {
  ENTER_NETNS();
  events_between_scrapes("ebpf");
}

// The destroy groups give no owner: a connection born and gone between scrapes has none to be
// counted under, but one a scrape saw is closed with its final bytes.
TEST(Serve, DiagEventsCloseConnectionsScrapesSaw) {
  ENTER_NETNS();
  events_between_scrapes("diag");
}

// /api/v1/history answers what `history -j` prints, from the database a real `record` wrote.
TEST(Serve, HistoryApiAnswersAsHistoryDoes) {
  ENTER_NETNS();
  if (!have("curl")) GTEST_SKIP() << "curl not installed";
  TempDir dir;
  const std::string db = (dir.path / "h.db").string();
  {
    Background record({SOCKSCOPE_BINARY, "record", "--db", db, "--mode", "diag"}, dir.path / "record.log");
    if (!record.wait_for("capturing with")) GTEST_SKIP() << "record cannot capture here: " << record.log();
    ConnMaker maker;
    ASSERT_TRUE(maker.command('c'));
    ASSERT_TRUE(maker.command('c'));
    // Destroy events come once the sockets are freed; record writes at least every second.
    ASSERT_TRUE(wait_until([&] {
      const auto r = run_command({SOCKSCOPE_BINARY, "history", "--db", db, "-j", "-o", "bytes_sent"});
      return r.exit_code == 0 && nlohmann::json::parse(r.out, nullptr, false).size() >= 4;
    }, 20000)) << record.log();
    EXPECT_EQ(record.stop(), 0) << record.log();
  }
  Background serve(serve_args({"--listen", "127.0.0.1:" + std::to_string(kPort), "--db", db, "--events", "none"}),
                   dir.path / "serve.log");
  ASSERT_TRUE(serve.wait_for("listening on")) << serve.log();
  const auto cli = run_command({SOCKSCOPE_BINARY, "history", "--db", db, "-j", "-o", "proto,state,bytes_sent,source",
                                "bytes_sent > 0"});
  ASSERT_EQ(cli.exit_code, 0) << cli.err;
  Curl api = curl({kBase + "/api/v1/history?columns=proto,state,bytes_sent,source&filter=bytes_sent%20%3E%200"});
  ASSERT_EQ(api.status, 200) << api.body;
  EXPECT_EQ(api.body, cli.out);
  EXPECT_EQ(nlohmann::json::parse(api.body).size(), 4u) << api.body;
  // The limit, said in a header; a bad filter is a 400 with the one-line error.
  const auto head = run_command({"curl", "-s", "-D", "-", "-o", "/dev/null", kBase + "/api/v1/history?limit=1"});
  EXPECT_NE(head.out.find("X-Sockscope-Truncated: 1"), std::string::npos) << head.out;
  Curl bad = curl({kBase + "/api/v1/history?filter=prot%3D1"});
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.body, "{\"error\":\"filter: unknown field 'prot' at 1:1; did you mean 'proto'?\"}\n");
  // A missing database: 503, and serve creates nothing.
  Background other(serve_args({"--listen", "127.0.0.1:" + std::to_string(kPort + 1), "--db",
                               (dir.path / "none.db").string(), "--events", "none"}),
                   dir.path / "other.log");
  ASSERT_TRUE(other.wait_for("listening on")) << other.log();
  EXPECT_EQ(curl({"http://127.0.0.1:" + std::to_string(kPort + 1) + "/api/v1/history"}).status, 503);
  EXPECT_FALSE(fs::exists(dir.path / "none.db"));
  EXPECT_EQ(serve.stop(), 0) << serve.log();
}

}  // namespace
}  // namespace sockscope::testing
