// The history query shared by `history` and serve's API, on real SQLite files written by the store:
// the read-only open (never creates, migrates or writes), the per-row filter, orders and the limit.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>

#include "history/history_query.hpp"
#include "history_test_rows.hpp"
#include "logic/query_parser.hpp"

namespace sockscope {
namespace {

using testing::five_rows;
using testing::ScratchDir;
using testing::write_history;

using Words = std::vector<std::string>;

std::vector<std::string> processes_and_ports(const HistoryRows& r) {
  std::vector<std::string> out;
  for (const auto& row : r.rows) out.push_back(row.process + ":" + std::to_string(row.remote_port));
  return out;
}

TEST(HistoryReadOnly, MissingFileIsNotCreated) {
  ScratchDir dir;
  auto db = HistoryDb::open_read_only(dir.file("none.db"));
  ASSERT_FALSE(db);
  EXPECT_EQ(db.error().code, static_cast<int>(HistoryOpenError::Missing));
  EXPECT_NE(db.error().message.find("run sockscope record"), std::string::npos) << db.error().message;
  EXPECT_FALSE(std::filesystem::exists(dir.file("none.db")));
}

TEST(HistoryReadOnly, OlderSchemaIsRefusedAndLeftAsItIs) {
  ScratchDir dir;
  const std::string path = dir.file("old.db");
  write_history(path, {}, 1);
  auto db = HistoryDb::open_read_only(path);
  ASSERT_FALSE(db);
  EXPECT_EQ(db.error().code, static_cast<int>(HistoryOpenError::OlderSchema));
  EXPECT_NE(db.error().message.find("schema version 1, older"), std::string::npos) << db.error().message;
  // Not migrated: the writer's open still finds version 1 to migrate from.
  auto again = HistoryDb::open_at_version(path, 1);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->schema_version().value(), 1);
}

TEST(HistoryReadOnly, NeverWritesTheFile) {
  ScratchDir dir;
  const std::string path = dir.file("h.db");
  write_history(path, five_rows());
  struct stat before{};
  ASSERT_EQ(stat(path.c_str(), &before), 0);
  auto db = HistoryDb::open_read_only(path);
  ASSERT_TRUE(db) << db.error().message;
  EXPECT_FALSE(db->set_stat("x", 1));  // a write is refused by SQLite itself
  auto all = run_history_query(*db, HistoryRequest{});
  ASSERT_TRUE(all) << all.error().message;
  EXPECT_EQ(all->rows.size(), 5u);
  struct stat after{};
  ASSERT_EQ(stat(path.c_str(), &after), 0);
  EXPECT_EQ(before.st_size, after.st_size);
  EXPECT_EQ(before.st_mtim.tv_sec, after.st_mtim.tv_sec);
  EXPECT_EQ(before.st_mtim.tv_nsec, after.st_mtim.tv_nsec);
}

class HistoryQueryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    write_history(dir_.file("h.db"), five_rows());
    auto db = HistoryDb::open_read_only(dir_.file("h.db"));
    ASSERT_TRUE(db) << db.error().message;
    db_ = std::make_unique<HistoryDb>(std::move(*db));
  }
  HistoryRows run(HistoryRequest r) {
    auto out = run_history_query(*db_, r);
    EXPECT_TRUE(out) << out.error().message;
    return out ? *out : HistoryRows{};
  }
  static HistoryRequest filtered(const std::string& text) {
    HistoryRequest r;
    auto q = parse_query(text);
    EXPECT_TRUE(q) << text;
    r.set_filter(std::move(*q));
    return r;
  }
  ScratchDir dir_;
  std::unique_ptr<HistoryDb> db_;
};

TEST_F(HistoryQueryTest, WindowFilterAndPushDown) {
  HistoryRequest r = filtered("process = curl");
  r.sql.since_ns = 200'000'000'000;
  r.sql.until_ns = 500'000'000'000;
  EXPECT_EQ(processes_and_ports(run(r)), (std::vector<std::string>{"curl:3"}));
  HistoryRequest by_address = filtered("dst 198.51.100.7");
  EXPECT_EQ(by_address.sql.remote_address, "198.51.100.7");  // narrowed in SQL
  EXPECT_EQ(processes_and_ports(run(by_address)), (std::vector<std::string>{"curl:3"}));
}

TEST_F(HistoryQueryTest, OrdersAndLimits) {
  HistoryRequest r;
  EXPECT_EQ(processes_and_ports(run(r)), (std::vector<std::string>{"curl:1", "wget:2", "curl:3", "wget:4", "curl:5"}));
  r.limit = 2;
  HistoryRows oldest = run(r);
  EXPECT_EQ(processes_and_ports(oldest), (std::vector<std::string>{"curl:1", "wget:2"}));
  EXPECT_TRUE(oldest.truncated);
  ASSERT_FALSE(parse_history_sort(Words{"closed:desc"}, r.sort));
  EXPECT_EQ(processes_and_ports(run(r)), (std::vector<std::string>{"curl:5", "wget:4"}));
  // Any other order: the best `limit` rows of all that match, ties in close order.
  r.sort.clear();
  ASSERT_FALSE(parse_history_sort(Words{"process:desc", "bytes_received"}, r.sort));
  r.limit = 3;
  EXPECT_EQ(processes_and_ports(run(r)), (std::vector<std::string>{"wget:4", "wget:2", "curl:5"}));
  r.sort.clear();
  ASSERT_FALSE(parse_history_sort(Words{"bytes_received:asc"}, r.sort));
  r.limit = 5;
  HistoryRows all = run(r);
  EXPECT_EQ(processes_and_ports(all), (std::vector<std::string>{"curl:5", "wget:4", "curl:3", "wget:2", "curl:1"}));
  EXPECT_FALSE(all.truncated);
}

TEST(HistorySort, BadWordsNameTheBadPart) {
  std::vector<HistorySort> s;
  EXPECT_EQ(parse_history_sort(Words{"bogus"}, s).value_or(""), "sort: unknown column 'bogus' (see sockscope history --help)");
  EXPECT_EQ(parse_history_sort(Words{"closed:up"}, s).value_or(""), "sort: unknown direction 'up' in closed:up (asc or desc)");
}

TEST(HistoryJson, IsHistoryDashJsonArray) {
  const auto rows = five_rows();
  const HistoryColumn* cols[] = {find_history_column("process"), find_history_column("remote_port")};
  EXPECT_EQ(history_json(std::span(rows).first(2), cols),
            "[\n{\"process\":\"curl\",\"remote_port\":1},\n{\"process\":\"wget\",\"remote_port\":2}\n]\n");
  EXPECT_EQ(history_json({}, cols), "[\n]\n");
}

}  // namespace
}  // namespace sockscope
