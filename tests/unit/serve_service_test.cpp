// The routes and the engine with a scripted source: one collection however many ask, the minimum
// interval, the endpoint list's parameters and their one-line 400s, read-only methods.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <nlohmann/json.hpp>
#include <thread>
#include <vector>

#include "logic/query_parser.hpp"
#include "present_test_snapshot.hpp"
#include "serve/service.hpp"

namespace sockscope::serve {
namespace {

using testing::inet;
using testing::ip4;
using testing::owned;
using testing::process;

Snapshot two_sockets() {
  Snapshot s;
  s.processes.push_back(process(7, "nginx", "/usr/sbin/nginx", {"nginx"}));
  s.endpoints.push_back(owned(inet(Proto::Tcp, ip4("0.0.0.0"), 80, ip4("0.0.0.0"), 0, TcpState::Listen), {0}));
  s.endpoints.push_back(owned(inet(Proto::Tcp, ip4("10.0.0.1"), 80, ip4("10.0.0.9"), 5555, TcpState::Established), {0}));
  return s;
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
  Engine engine_{[] { return Result<Snapshot>(two_sockets()); }, std::chrono::seconds(1), MetricsOptions{}};
  Service service_{engine_, parser()};
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
