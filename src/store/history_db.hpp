// The history database: SQLite file, schema and migrations, batched writes, retention, queries.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "model/error.hpp"
#include "store/stored_connection.hpp"

struct sqlite3;

namespace sockscope {

inline constexpr int kHistorySchemaVersion = 2;

// What `history` asks for; times are Unix ns, closed_ns in [since, until); an IPv4 address also
// matches its IPv4-mapped IPv6 form.
struct HistoryQuery {
  std::optional<std::int64_t> since_ns, until_ns;
  std::optional<std::string> remote_address, local_address;
  bool newest_first = false;  // by closed_ns descending instead of ascending
};

// Why a read-only open failed: a reader (serve's API) answers each differently.
enum class HistoryOpenError { Missing = 1, OlderSchema, NewerSchema, Unreadable };

class HistoryDb {
 public:
  // Opens or creates the file (WAL, synchronous=NORMAL: a killed writer loses at most the last
  // uncommitted batch, never consistency) and migrates it to kHistorySchemaVersion.
  static Result<HistoryDb> open(const std::string& path);
  // Migrates up to `version` only: tests build older layouts with it.
  static Result<HistoryDb> open_at_version(const std::string& path, int version);
  // Opens an existing file for reading only: never creates, migrates or writes it (record may be
  // writing it meanwhile). Error::code is a HistoryOpenError.
  static Result<HistoryDb> open_read_only(const std::string& path);

  Result<int> schema_version() const;
  // Queues a row; written with the others in one transaction by flush().
  void add(StoredConnection row) { pending_.push_back(std::move(row)); }
  std::size_t pending() const { return pending_.size(); }
  Result<void> flush();
  // Deletes rows closed before `older_than_ns`, then the oldest while the used pages exceed
  // `max_bytes` (0: no limit), in batches so the writer never holds a long transaction.
  Result<std::uint64_t> prune(std::optional<std::int64_t> older_than_ns, std::uint64_t max_bytes);
  Result<std::uint64_t> used_bytes() const;
  Result<void> set_stat(const std::string& key, std::int64_t value);
  Result<std::optional<std::int64_t>> stat(const std::string& key) const;
  Result<std::vector<StoredConnection>> connections(const HistoryQuery& q) const;
  // The same rows one at a time, without holding them all; stops when `each` returns false.
  Result<void> each_connection(const HistoryQuery& q, const std::function<bool(StoredConnection&&)>& each) const;
  // The plan SQLite picks for connections(q), one line per step (tests check index use).
  Result<std::string> plan(const HistoryQuery& q) const;
  Result<std::vector<std::string>> exec_column(const std::string& sql) const;

  HistoryDb(HistoryDb&&) noexcept;
  HistoryDb& operator=(HistoryDb&&) noexcept;
  ~HistoryDb();

 private:
  explicit HistoryDb(sqlite3* db) : db_(db) {}
  Result<void> exec(const std::string& sql) const;
  Result<void> migrate(int target);
  sqlite3* db_ = nullptr;
  std::vector<StoredConnection> pending_;
};

// Batches by count or age: flush when `max_rows` are queued or `max_age_ns` passed since the last.
class BatchPolicy {
 public:
  BatchPolicy(std::size_t max_rows, std::int64_t max_age_ns) : max_rows_(max_rows), max_age_ns_(max_age_ns) {}
  bool due(std::size_t pending, std::int64_t now_ns) const {
    return pending > 0 && (pending >= max_rows_ || now_ns - last_ns_ >= max_age_ns_);
  }
  void flushed(std::int64_t now_ns) { last_ns_ = now_ns; }

 private:
  std::size_t max_rows_;
  std::int64_t max_age_ns_;
  std::int64_t last_ns_ = 0;
};

}  // namespace sockscope
