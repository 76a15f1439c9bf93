// The history database on real SQLite files: schema, migration, batching, retention, a writer killed mid-run.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "history_test_rows.hpp"
#include "store/history_db.hpp"

namespace sockscope {
namespace {

namespace fs = std::filesystem;

class HistoryDbTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("sockscope-store-" + std::to_string(getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string path() const { return (dir_ / "history.db").string(); }
  fs::path dir_;
};

StoredConnection row(std::int64_t closed_ns, std::string remote = "203.0.113.5") {
  StoredConnection r = testing::closed_row(closed_ns, "curl", 443, 1234, std::move(remote));
  r.exe = "/usr/bin/curl";
  return r;
}

TEST_F(HistoryDbTest, CreatesTheSchemaInWalModeAndRoundTripsARow) {
  auto db = HistoryDb::open(path());
  ASSERT_TRUE(db) << db.error().message;
  EXPECT_EQ(db->schema_version().value(), kHistorySchemaVersion);
  EXPECT_EQ(db->exec_column("PRAGMA journal_mode").value().at(0), "wal");
  db->add(row(1'000'000'000));
  ASSERT_TRUE(db->flush());
  auto rows = db->connections({});
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ(rows->front(), row(1'000'000'000));
}

TEST_F(HistoryDbTest, MigratesFromVersionOneKeepingRows) {
  {
    auto v1 = HistoryDb::open_at_version(path(), 1);
    ASSERT_TRUE(v1) << v1.error().message;
    EXPECT_EQ(v1->schema_version().value(), 1);
    ASSERT_TRUE(v1->exec_column("INSERT INTO connections(source, closed_ns, remote_address) VALUES('diag', 7, '192.0.2.1')"));
  }
  auto db = HistoryDb::open(path());
  ASSERT_TRUE(db) << db.error().message;
  EXPECT_EQ(db->schema_version().value(), 2);
  auto rows = db->connections({});
  ASSERT_EQ(rows.value().size(), 1u);
  EXPECT_EQ(rows->front().remote_address, "192.0.2.1");
  EXPECT_TRUE(db->set_stat("lost_events", 3));
  EXPECT_EQ(db->stat("lost_events").value(), 3);
}

TEST_F(HistoryDbTest, RefusesAFileFromANewerVersion) {
  {
    auto db = HistoryDb::open(path());
    ASSERT_TRUE(db->exec_column("PRAGMA user_version=99"));
  }
  auto db = HistoryDb::open(path());
  ASSERT_FALSE(db);
  EXPECT_NE(db.error().message.find("newer"), std::string::npos);
}

TEST_F(HistoryDbTest, BatchPolicyFlushesByCountOrAge) {
  BatchPolicy p(3, 1'000'000'000);
  p.flushed(10'000'000'000);
  EXPECT_FALSE(p.due(0, 20'000'000'000));
  EXPECT_FALSE(p.due(2, 10'500'000'000));
  EXPECT_TRUE(p.due(3, 10'500'000'000));
  EXPECT_TRUE(p.due(1, 11'000'000'000));
}

TEST_F(HistoryDbTest, AFlushIsOneTransactionAndRowsAreQueuedUntilThen) {
  auto db = HistoryDb::open(path());
  for (int i = 1; i <= 1000; ++i) db->add(row(i));
  EXPECT_EQ(db->pending(), 1000u);
  EXPECT_EQ(db->connections({}).value().size(), 0u);
  ASSERT_TRUE(db->flush());
  EXPECT_EQ(db->pending(), 0u);
  EXPECT_EQ(db->connections({}).value().size(), 1000u);
}

TEST_F(HistoryDbTest, RetentionByAgeDeletesOnlyOlderRows) {
  auto db = HistoryDb::open(path());
  for (int i = 1; i <= 12000; ++i) db->add(row(i));
  ASSERT_TRUE(db->flush());
  auto n = db->prune(std::int64_t{11001}, 0);
  ASSERT_TRUE(n) << n.error().message;
  EXPECT_EQ(*n, 11000u);
  auto rows = db->connections({}).value();
  ASSERT_EQ(rows.size(), 1000u);
  EXPECT_EQ(rows.front().closed_ns, 11001);
}

TEST_F(HistoryDbTest, RetentionBySizeDeletesTheOldestUntilUnderTheLimit) {
  auto db = HistoryDb::open(path());
  for (int i = 1; i <= 20000; ++i) db->add(row(i));
  ASSERT_TRUE(db->flush());
  auto before = db->used_bytes().value();
  ASSERT_GT(before, 1'000'000u);
  ASSERT_TRUE(db->prune(std::nullopt, before / 2));
  EXPECT_LE(db->used_bytes().value(), before / 2);
  auto rows = db->connections({}).value();
  ASSERT_FALSE(rows.empty());
  EXPECT_LT(rows.size(), 20000u);
  EXPECT_EQ(rows.back().closed_ns, 20000);  // the newest survive
  EXPECT_GT(rows.front().closed_ns, 1);
}

TEST_F(HistoryDbTest, QueriesByRemoteAddressAndTimeUseTheIndex) {
  auto db = HistoryDb::open(path());
  db->add(row(100, "203.0.113.5"));
  db->add(row(200, "203.0.113.5"));
  db->add(row(150, "198.51.100.7"));
  db->add(row(160, "::ffff:203.0.113.5"));
  ASSERT_TRUE(db->flush());
  HistoryQuery q{.since_ns = 150, .until_ns = 300, .remote_address = "203.0.113.5", .local_address = {}};
  auto rows = db->connections(q).value();
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].closed_ns, 160);
  EXPECT_EQ(rows[1].closed_ns, 200);
  auto plan = db->plan(q).value();
  EXPECT_NE(plan.find("USING INDEX connections_remote (remote_address=?"), std::string::npos) << plan;
  auto by_time = db->plan({.since_ns = 150, .until_ns = {}, .remote_address = {}, .local_address = {}}).value();
  EXPECT_NE(by_time.find("connections_closed"), std::string::npos) << by_time;
}

TEST_F(HistoryDbTest, AWriterKilledWithSigkillLeavesAConsistentFileWithItsCommittedRows) {
  { ASSERT_TRUE(HistoryDb::open(path())); }
  int ready[2];
  ASSERT_EQ(pipe(ready), 0);
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    auto db = HistoryDb::open(path());
    if (!db) _exit(1);
    for (std::int64_t i = 1;; ++i) {
      db->add(row(i));
      if (i % 100 == 0) {
        if (!db->flush()) _exit(2);
        if (i == 500) (void)!write(ready[1], "x", 1);
      }
    }
  }
  close(ready[1]);
  char c;
  ASSERT_EQ(read(ready[0], &c, 1), 1);
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  kill(child, SIGKILL);
  int status = 0;
  waitpid(child, &status, 0);
  close(ready[0]);
  ASSERT_TRUE(WIFSIGNALED(status));
  auto db = HistoryDb::open(path());
  ASSERT_TRUE(db) << db.error().message;
  EXPECT_EQ(db->exec_column("PRAGMA integrity_check").value().at(0), "ok");
  auto rows = db->connections({}).value();
  EXPECT_GE(rows.size(), 500u);
  EXPECT_EQ(rows.size() % 100, 0u);  // whole batches only
}

}  // namespace
}  // namespace sockscope
