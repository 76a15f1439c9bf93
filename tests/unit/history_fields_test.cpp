// The filter language over history rows: owner fields from the row, and which conditions go to SQL.
#include <gtest/gtest.h>

#include "history/history_columns.hpp"
#include "history/history_fields.hpp"
#include "logic/query_eval.hpp"
#include "logic/query_parser.hpp"

namespace sockscope {
namespace {

StoredConnection curl_row() {
  StoredConnection r;
  r.proto = "tcp";
  r.state = "ESTABLISHED";
  r.local_address = "10.0.0.1";
  r.local_port = 40000;
  r.remote_address = "203.0.113.5";
  r.remote_port = 443;
  r.closed_ns = 2'000'000'000;
  r.opened_ns = 1'995'000'000;
  r.pid = 42;
  r.process = "curl";
  r.tcp.bytes_received = 5000;
  return r;
}

bool matches(const std::string& text, const StoredConnection& r) {
  auto q = parse_query(text);
  EXPECT_TRUE(q) << text;
  return q && evaluate(*q, history_endpoint(r), HistoryFields(r));
}

HistoryQuery pushed(const std::string& text) {
  HistoryQuery h;
  push_down(parse_query(text).value().root, h);
  return h;
}

TEST(HistoryFields, EvaluatesEndpointAndOwnerFieldsOfARow) {
  const auto r = curl_row();
  EXPECT_TRUE(matches("dst 203.0.113.5", r));
  EXPECT_TRUE(matches("process = curl and dport = 443", r));
  EXPECT_TRUE(matches("pid = 42 and bytes_received > 4K", r));
  EXPECT_FALSE(matches("process = wget", r));
  EXPECT_FALSE(matches("src 203.0.113.5", r));
}

TEST(HistoryFields, PushesOnlyWholeAddressesEveryMatchNeeds) {
  EXPECT_EQ(pushed("dst 203.0.113.5").remote_address, "203.0.113.5");
  EXPECT_EQ(pushed("process = curl and src 10.0.0.1").local_address, "10.0.0.1");
  EXPECT_FALSE(pushed("dst 203.0.113.0/24").remote_address);
  EXPECT_FALSE(pushed("dst 203.0.113.5 or dst 198.51.100.1").remote_address);
  EXPECT_FALSE(pushed("not dst 203.0.113.5").remote_address);
}

TEST(HistoryColumns, JsonHasNullForUnknownAndNumbersBare) {
  auto r = curl_row();
  r.opened_ns.reset();
  const HistoryColumn* cols[] = {find_history_column("process"), find_history_column("pid"),
                                 find_history_column("duration"), find_history_column("exe")};
  EXPECT_EQ(history_row_json(r, cols), R"({"process":"curl","pid":42,"duration":null,"exe":null})");
  r.opened_ns = 1'997'500'000;
  r.process = "a\"b\n";
  EXPECT_EQ(history_row_json(r, cols), R"({"process":"a\"b\n","pid":42,"duration":2.500,"exe":null})");
}

}  // namespace
}  // namespace sockscope
