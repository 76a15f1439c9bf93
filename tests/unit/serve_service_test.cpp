// The routes and the engine with a scripted source: one collection however many ask, the minimum
// interval, the endpoint list's parameters and their one-line 400s, read-only methods; the history
// API over a real database the store wrote.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <chrono>
#include <nlohmann/json.hpp>
#include <thread>
#include <vector>

#include "logic/query_parser.hpp"
#include "history_test_rows.hpp"
#include "serve/service.hpp"
#include "serve_test_fixture.hpp"

namespace sockscope::serve {
namespace {

using namespace fixture;

Snapshot two_sockets() {
  return snapshot_of({"nginx"}, {tcp_listener(80, 0),
                                 owned(inet(Proto::Tcp, ip4("10.0.0.1"), 80, ip4("10.0.0.9"), 5555, TcpState::Established), {0})});
}

Service::FilterParser parser() {
  return [](std::string_view text) -> std::expected<Query, std::string> {
    auto q = parse_query(text);
    if (!q) return std::unexpected(q.error().format());
    return std::move(*q);
  };
}

TEST(ServeEngine, OneCollectionForConcurrentClientsAndTheInterval) {
  std::atomic<int> collections{0};
  Engine engine(
      [&]() -> Result<Snapshot> {
        ++collections;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));  // long enough for the others to queue
        return two_sockets();
      },
      std::chrono::seconds(3600), MetricsOptions{});
  std::vector<std::thread> clients;
  for (int i = 0; i < 10; ++i) clients.emplace_back([&] { (void)engine.metrics(ExpositionFormat::Text004); });
  for (auto& t : clients) t.join();
  EXPECT_EQ(collections.load(), 1);
  EXPECT_EQ(engine.stats().scrapes, 10u);
  EXPECT_EQ(engine.stats().collections, 1u);
}

TEST(ServeEngine, StaleResultsAreCollectedAgainAndErrorsCounted) {
  int calls = 0;
  Engine engine(
      [&]() -> Result<Snapshot> {
        if (++calls == 2) return std::unexpected(Error{0, "netlink refused"});
        return two_sockets();
      },
      std::chrono::milliseconds(0), MetricsOptions{});
  ASSERT_TRUE(engine.snapshot());
  auto failed = engine.snapshot();
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().message, "netlink refused");
  const std::string text = engine.metrics(ExpositionFormat::Text004);
  EXPECT_NE(text.find("sockscope_collection_errors_total 1\n"), std::string::npos) << text;
  EXPECT_EQ(calls, 3);
}

class ServeService : public ::testing::Test {
 protected:
  sockscope::testing::ScratchDir dir_;
  Engine engine_{[] { return Result<Snapshot>(two_sockets()); }, std::chrono::seconds(1), MetricsOptions{}};
  Service service_{engine_, parser(), dir_.file("history.db")};
  Response get(std::string_view path, std::string_view query = "", std::string_view accept = "") {
    return service_.handle(Request{"GET", path, query, accept});
  }
};

TEST_F(ServeService, Routes) {
  EXPECT_EQ(get("/healthz").body, "ok\n");
  Response m = get("/metrics", "", "application/openmetrics-text;version=1.0.0");
  EXPECT_EQ(m.status, 200);
  EXPECT_TRUE(m.content_type.starts_with("application/openmetrics-text"));
  EXPECT_TRUE(m.body.ends_with("# EOF\n"));
  EXPECT_EQ(get("/metrics").content_type, "text/plain; version=0.0.4; charset=utf-8");
  EXPECT_EQ(get("/nope").status, 404);
  // Read-only: nothing but GET and HEAD.
  for (const char* method : {"POST", "DELETE", "PUT", "PATCH"})
    EXPECT_EQ(service_.handle(Request{method, "/api/v1/endpoints", "", ""}).status, 405) << method;
}

TEST_F(ServeService, EndpointsWithFilterColumnsAndSort) {
  Response r = get("/api/v1/endpoints", "filter=state%20listening&columns=proto,local,process");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.content_type, "application/json");
  auto j = nlohmann::json::parse(r.body);
  ASSERT_EQ(j.size(), 1u);
  EXPECT_EQ(j[0]["local"], "0.0.0.0:80");
  EXPECT_EQ(j[0]["process"], "nginx");
  EXPECT_EQ(j[0].size(), 3u);
  j = nlohmann::json::parse(get("/api/v1/endpoints", "sort=remote:desc&columns=remote").body);
  ASSERT_EQ(j.size(), 2u);
  EXPECT_EQ(j[0]["remote"], "10.0.0.9:5555");
  j = nlohmann::json::parse(get("/api/v1/endpoints").body);
  EXPECT_EQ(j.size(), 2u);
}

TEST_F(ServeService, BadParametersAre400WithOneLine) {
  const std::pair<const char*, const char*> cases[] = {
      {"filter=prot%3D1", "filter: unknown field 'prot'"},
      {"columns=proto,bogus", "columns: unknown column 'bogus'"},
      {"sort=local:sideways", "sort: unknown direction 'sideways'"},
      {"sort=nope", "sort: unknown column 'nope'"},
      {"kill=1", "unknown parameter 'kill'"},
      {"filter=%zz", "malformed query string"},
      {"filter=%1", "malformed query string"},
  };
  for (const auto& [query, message] : cases) {
    Response r = get("/api/v1/endpoints", query);
    EXPECT_EQ(r.status, 400) << query;
    EXPECT_TRUE(r.body.starts_with(message)) << query << ": " << r.body;
    EXPECT_EQ(r.body.find('\n'), r.body.size() - 1) << r.body;
  }
  // A hostile parameter name reaches the message only as safe text.
  Response r = get("/api/v1/endpoints", "%1b%5b2J=1");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.body.find('\x1b'), std::string::npos);
}

TEST_F(ServeService, HistoryAnswersAsHistoryDashJson) {
  sockscope::testing::write_history(dir_.file("history.db"), sockscope::testing::five_rows());
  Response r = get("/api/v1/history", "filter=process%20%3D%20curl&columns=process,remote_port,bytes_received");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.content_type, "application/json");
  EXPECT_EQ(r.body,
            "[\n{\"process\":\"curl\",\"remote_port\":1,\"bytes_received\":500},\n"
            "{\"process\":\"curl\",\"remote_port\":3,\"bytes_received\":300},\n"
            "{\"process\":\"curl\",\"remote_port\":5,\"bytes_received\":100}\n]\n");
  EXPECT_TRUE(r.headers.empty());
  // The window (ISO 8601 times), an order and a limit: the truncation is said in a header.
  r = get("/api/v1/history", "since=1970-01-01T00:03:00Z&until=1970-01-01T00:09:00Z&sort=remote_port:desc&limit=2&columns=remote_port");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.body, "[\n{\"remote_port\":5},\n{\"remote_port\":4}\n]\n");
  ASSERT_EQ(r.headers.size(), 1u);
  EXPECT_EQ(r.headers[0], (std::pair<std::string, std::string>{"X-Sockscope-Truncated", "2"}));
  // The default columns are history's.
  auto j = nlohmann::json::parse(get("/api/v1/history").body);
  ASSERT_EQ(j.size(), 5u);
  EXPECT_EQ(j[0].size(), 11u);
  EXPECT_TRUE(j[0].contains("closed"));
}

TEST_F(ServeService, HistoryErrorsAreJsonWithAStatus) {
  // No database yet: 503, said in one line, and nothing created.
  Response r = get("/api/v1/history");
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(r.content_type, "application/json");
  EXPECT_NE(nlohmann::json::parse(r.body)["error"].get<std::string>().find("no history database at "), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(dir_.file("history.db")));
  // Older than this sockscope: 503 too, and left unmigrated.
  sockscope::testing::write_history(dir_.file("history.db"), {}, 1);
  r = get("/api/v1/history");
  EXPECT_EQ(r.status, 503);
  EXPECT_NE(nlohmann::json::parse(r.body)["error"].get<std::string>().find("older than this sockscope"), std::string::npos)
      << r.body;
  const std::pair<const char*, const char*> cases[] = {
      {"filter=prot%3D1", "filter: unknown field 'prot'"},
      {"columns=process,bogus", "columns: unknown column 'bogus'"},
      {"sort=closed:sideways", "sort: unknown direction 'sideways'"},
      {"since=last%20tuesday", "since: bad time 'last tuesday'"},
      {"until=2026-13-01", "until: bad time"},
      {"limit=0", "limit: '0' is not a number from 1 to 100000"},
      {"limit=100001", "limit: '100001'"},
      {"limit=ten", "limit: 'ten'"},
      {"pid=1", "unknown parameter 'pid'"},
      {"filter=%zz", "malformed query string"},
  };
  for (const auto& [query, message] : cases) {
    r = get("/api/v1/history", query);
    EXPECT_EQ(r.status, 400) << query;
    auto j = nlohmann::json::parse(r.body, nullptr, false);
    ASSERT_TRUE(j.is_object()) << r.body;
    const std::string error = j["error"];
    EXPECT_TRUE(error.starts_with(message)) << query << ": " << error;
    EXPECT_EQ(error.find('\n'), std::string::npos);
  }
}

TEST(ServeQueryString, Decodes) {
  auto q = parse_query_string("a=1+2&b=%41%42&c&=x&&d=%3D");
  ASSERT_TRUE(q);
  EXPECT_EQ(q->at("a"), "1 2");
  EXPECT_EQ(q->at("b"), "AB");
  EXPECT_EQ(q->at("c"), "");
  EXPECT_EQ(q->at("d"), "=");
  EXPECT_FALSE(parse_query_string("a=%4"));
  EXPECT_FALSE(parse_query_string("a=%g1"));
}

}  // namespace
}  // namespace sockscope::serve
