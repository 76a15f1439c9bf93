// The history database on SQLite: migrations keyed by PRAGMA user_version, one transaction per batch, batched deletes.
#include "store/history_db.hpp"

#include <sqlite3.h>
#include <unistd.h>

#include <utility>

namespace sockscope {

namespace {

// Each step takes the file from version i to i + 1; never edit a released step, add one.
constexpr const char* kMigrations[] = {
    // 0 -> 1: the first layout.
    "CREATE TABLE connections(id INTEGER PRIMARY KEY, source TEXT NOT NULL, cookie INTEGER, netns INTEGER,"
    " proto TEXT, direction TEXT, local_address TEXT, local_port INTEGER, remote_address TEXT,"
    " remote_port INTEGER, opened_ns INTEGER, closed_ns INTEGER NOT NULL, duration_ns INTEGER, state TEXT,"
    " bytes_sent INTEGER, bytes_acked INTEGER, bytes_received INTEGER, segs_out INTEGER, segs_in INTEGER,"
    " retrans INTEGER, rtt_us INTEGER, pid INTEGER, uid INTEGER, process TEXT, exe TEXT, cmdline TEXT,"
    " user TEXT, unit TEXT);"
    "CREATE TABLE listeners(id INTEGER PRIMARY KEY, source TEXT NOT NULL, event TEXT NOT NULL, at_ns INTEGER NOT NULL,"
    " cookie INTEGER, netns INTEGER, proto TEXT, local_address TEXT, local_port INTEGER, pid INTEGER, process TEXT);",
    // 1 -> 2: containers, run statistics, and the indexes `history` filters by.
    "ALTER TABLE connections ADD COLUMN container TEXT;"
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value INTEGER);"
    "CREATE INDEX connections_remote ON connections(remote_address, closed_ns);"
    "CREATE INDEX connections_closed ON connections(closed_ns);"
    "CREATE INDEX connections_process ON connections(process, closed_ns);"
    "CREATE INDEX listeners_at ON listeners(at_ns);",
};
static_assert(std::size(kMigrations) == kHistorySchemaVersion);

std::string db_error(sqlite3* db, const std::string& what) {
  return "history database: " + what + ": " + sqlite3_errmsg(db);
}

// A prepared statement that finalizes itself.
struct Stmt {
  sqlite3_stmt* s = nullptr;
  ~Stmt() { sqlite3_finalize(s); }
};

Result<void> prepare(sqlite3* db, const std::string& sql, Stmt& st) {
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st.s, nullptr) != SQLITE_OK) return fail(db_error(db, "prepare"));
  return {};
}

void bind_text(sqlite3_stmt* s, int i, const std::string& v) {
  if (v.empty()) sqlite3_bind_null(s, i);
  else sqlite3_bind_text(s, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
}
template <class T>
void bind_opt(sqlite3_stmt* s, int i, const std::optional<T>& v) {
  if (v) sqlite3_bind_int64(s, i, static_cast<std::int64_t>(*v));
  else sqlite3_bind_null(s, i);
}
std::string col_text(sqlite3_stmt* s, int i) {
  auto* p = sqlite3_column_text(s, i);
  return p ? std::string(reinterpret_cast<const char*>(p), static_cast<std::size_t>(sqlite3_column_bytes(s, i))) : std::string();
}
template <class T>
std::optional<T> col_opt(sqlite3_stmt* s, int i) {
  if (sqlite3_column_type(s, i) == SQLITE_NULL) return std::nullopt;
  return static_cast<T>(sqlite3_column_int64(s, i));
}

constexpr const char* kConnColumns =
    "source, direction, proto, state, netns, cookie, local_address, local_port, remote_address, remote_port,"
    " opened_ns, closed_ns, bytes_sent, bytes_acked, bytes_received, segs_out, segs_in, retrans, rtt_us,"
    " pid, uid, process, exe, cmdline, user, unit, container";

std::string where_of(const HistoryQuery& q) {
  std::string w = " WHERE 1";
  if (q.since_ns) w += " AND closed_ns >= ?1";
  if (q.until_ns) w += " AND closed_ns < ?2";
  // An IPv4 address also matches its IPv4-mapped IPv6 form, as the filter language's hosts do.
  if (q.remote_address) w += " AND remote_address IN (?3, '::ffff:' || ?3)";
  if (q.local_address) w += " AND local_address IN (?4, '::ffff:' || ?4)";
  return w;
}
std::string order_of(const HistoryQuery& q) { return q.newest_first ? " ORDER BY closed_ns DESC" : " ORDER BY closed_ns"; }
void bind_query(sqlite3_stmt* s, const HistoryQuery& q) {
  if (q.since_ns) sqlite3_bind_int64(s, 1, *q.since_ns);
  if (q.until_ns) sqlite3_bind_int64(s, 2, *q.until_ns);
  if (q.remote_address) bind_text(s, 3, *q.remote_address);
  if (q.local_address) bind_text(s, 4, *q.local_address);
}

}  // namespace

HistoryDb::HistoryDb(HistoryDb&& o) noexcept : db_(std::exchange(o.db_, nullptr)), pending_(std::move(o.pending_)) {}
HistoryDb& HistoryDb::operator=(HistoryDb&& o) noexcept {
  std::swap(db_, o.db_);
  std::swap(pending_, o.pending_);
  return *this;
}
HistoryDb::~HistoryDb() { sqlite3_close_v2(db_); }

Result<void> HistoryDb::exec(const std::string& sql) const {
  char* msg = nullptr;
  if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &msg) != SQLITE_OK) {
    std::string m = msg ? msg : "error";
    sqlite3_free(msg);
    return fail("history database: " + m);
  }
  return {};
}

Result<std::vector<std::string>> HistoryDb::exec_column(const std::string& sql) const {
  Stmt st;
  if (auto r = prepare(db_, sql, st); !r) return std::unexpected(r.error());
  std::vector<std::string> out;
  int rc;
  while ((rc = sqlite3_step(st.s)) == SQLITE_ROW) out.push_back(col_text(st.s, 0));
  if (rc != SQLITE_DONE) return fail(db_error(db_, "query"));
  return out;
}

Result<HistoryDb> HistoryDb::open(const std::string& path) { return open_at_version(path, kHistorySchemaVersion); }

Result<HistoryDb> HistoryDb::open_at_version(const std::string& path, int version) {
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  HistoryDb db(raw);
  if (rc != SQLITE_OK) return fail("history database " + path + ": " + (raw ? sqlite3_errmsg(raw) : "cannot open"));
  sqlite3_busy_timeout(raw, 5000);
  // auto_vacuum only takes effect before the first table: set it on every open, harmless later.
  for (const char* p : {"PRAGMA auto_vacuum=INCREMENTAL", "PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL"})
    if (auto r = db.exec(p); !r) return fail(r.error().message + " (" + path + ")");
  if (auto r = db.migrate(version); !r) return std::unexpected(r.error());
  return db;
}

Result<HistoryDb> HistoryDb::open_read_only(const std::string& path) {
  auto failed = [&](HistoryOpenError why, const std::string& message) {
    return fail(message, static_cast<int>(why));
  };
  sqlite3* raw = nullptr;
  // No SQLITE_OPEN_CREATE: a missing file stays missing.
  const int rc = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr);
  HistoryDb db(raw);
  if (rc != SQLITE_OK) {
    if (rc == SQLITE_CANTOPEN && access(path.c_str(), F_OK) != 0)
      return failed(HistoryOpenError::Missing, "no history database at " + path + " (run sockscope record)");
    return failed(HistoryOpenError::Unreadable,
                  "history database " + path + ": " + (raw ? sqlite3_errmsg(raw) : "cannot open"));
  }
  sqlite3_busy_timeout(raw, 5000);
  auto version = db.schema_version();
  if (!version) return failed(HistoryOpenError::Unreadable, version.error().message + " (" + path + ")");
  if (*version < kHistorySchemaVersion)
    return failed(HistoryOpenError::OlderSchema,
                  "history database " + path + " has schema version " + std::to_string(*version) +
                      ", older than this sockscope's " + std::to_string(kHistorySchemaVersion) +
                      " (sockscope record migrates it)");
  if (*version > kHistorySchemaVersion)
    return failed(HistoryOpenError::NewerSchema,
                  "history database " + path + " has schema version " + std::to_string(*version) +
                      ", newer than this sockscope's " + std::to_string(kHistorySchemaVersion));
  return db;
}

Result<int> HistoryDb::schema_version() const {
  auto v = exec_column("PRAGMA user_version");
  if (!v) return std::unexpected(v.error());
  return v->empty() ? 0 : std::stoi(v->front());
}

Result<void> HistoryDb::migrate(int target) {
  auto cur = schema_version();
  if (!cur) return std::unexpected(cur.error());
  if (*cur > kHistorySchemaVersion)
    return fail("history database: schema version " + std::to_string(*cur) + " is newer than this sockscope (" +
                std::to_string(kHistorySchemaVersion) + ")");
  for (int v = *cur; v < target; ++v) {
    // Each step and its version bump commit together: a crash leaves the file at one version or the next.
    auto r = exec(std::string("BEGIN IMMEDIATE;") + kMigrations[v] + "PRAGMA user_version=" + std::to_string(v + 1) +
                  ";COMMIT;");
    if (!r) {
      (void)exec("ROLLBACK");
      return r;
    }
  }
  return {};
}

Result<void> HistoryDb::flush() {
  if (pending_.empty()) return {};
  if (auto r = exec("BEGIN IMMEDIATE"); !r) return r;
  Stmt conn, listen;
  auto ok = prepare(db_,
                    std::string("INSERT INTO connections(") + kConnColumns +
                        ", duration_ns) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,"
                        "?20,?21,?22,?23,?24,?25,?26,?27,?28)",
                    conn);
  if (ok)
    ok = prepare(db_,
                 "INSERT INTO listeners(source, event, at_ns, cookie, netns, proto, local_address, local_port, pid, "
                 "process) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10)",
                 listen);
  for (const auto& r : pending_) {
    if (!ok) break;
    sqlite3_stmt* s;
    if (r.kind == ConnEventKind::Closed || r.kind == ConnEventKind::Refused) {
      s = conn.s;
      bind_text(s, 1, r.source);
      bind_text(s, 2, r.direction);
      bind_text(s, 3, r.proto);
      bind_text(s, 4, r.state);
      sqlite3_bind_int64(s, 5, r.netns);
      sqlite3_bind_int64(s, 6, static_cast<std::int64_t>(r.cookie));
      bind_text(s, 7, r.local_address);
      sqlite3_bind_int(s, 8, r.local_port);
      bind_text(s, 9, r.remote_address);
      sqlite3_bind_int(s, 10, r.remote_port);
      bind_opt(s, 11, r.opened_ns);
      sqlite3_bind_int64(s, 12, r.closed_ns);
      sqlite3_bind_int64(s, 13, static_cast<std::int64_t>(r.tcp.bytes_sent));
      sqlite3_bind_int64(s, 14, static_cast<std::int64_t>(r.tcp.bytes_acked));
      sqlite3_bind_int64(s, 15, static_cast<std::int64_t>(r.tcp.bytes_received));
      sqlite3_bind_int64(s, 16, r.tcp.segs_out);
      sqlite3_bind_int64(s, 17, r.tcp.segs_in);
      sqlite3_bind_int64(s, 18, r.tcp.total_retrans);
      sqlite3_bind_int64(s, 19, r.tcp.rtt_us);
      bind_opt(s, 20, r.pid);
      bind_opt(s, 21, r.uid);
      bind_text(s, 22, r.process);
      bind_text(s, 23, r.exe);
      bind_text(s, 24, r.cmdline);
      bind_text(s, 25, r.user);
      bind_text(s, 26, r.unit);
      bind_text(s, 27, r.container);
      bind_opt(s, 28, r.opened_ns ? std::optional<std::int64_t>(r.closed_ns - *r.opened_ns) : std::nullopt);
    } else {
      s = listen.s;
      bind_text(s, 1, r.source);
      bind_text(s, 2, r.kind == ConnEventKind::ListenOpened ? "open" : "close");
      sqlite3_bind_int64(s, 3, r.closed_ns);
      sqlite3_bind_int64(s, 4, static_cast<std::int64_t>(r.cookie));
      sqlite3_bind_int64(s, 5, r.netns);
      bind_text(s, 6, r.proto);
      bind_text(s, 7, r.local_address);
      sqlite3_bind_int(s, 8, r.local_port);
      bind_opt(s, 9, r.pid);
      bind_text(s, 10, r.process);
    }
    if (sqlite3_step(s) != SQLITE_DONE) ok = fail(db_error(db_, "insert"));
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
  }
  if (!ok) {
    (void)exec("ROLLBACK");
    return ok;
  }
  if (auto r = exec("COMMIT"); !r) return r;
  pending_.clear();
  return {};
}

Result<std::uint64_t> HistoryDb::used_bytes() const {
  auto pages = exec_column("SELECT (page_count - freelist_count) * page_size FROM pragma_page_count, "
                           "pragma_freelist_count, pragma_page_size");
  if (!pages) return std::unexpected(pages.error());
  return pages->empty() ? 0 : std::stoull(pages->front());
}

Result<std::uint64_t> HistoryDb::prune(std::optional<std::int64_t> older_than_ns, std::uint64_t max_bytes) {
  constexpr int kBatch = 5000;
  std::uint64_t deleted = 0;
  auto delete_batch = [&](const std::string& sql) -> Result<int> {
    if (auto r = exec(sql); !r) return std::unexpected(r.error());
    int n = sqlite3_changes(db_);
    deleted += static_cast<std::uint64_t>(n);
    return n;
  };
  if (older_than_ns) {
    std::string cut = std::to_string(*older_than_ns);
    for (const char* t : {"connections WHERE closed_ns", "listeners WHERE at_ns"}) {
      std::string table = std::string(t).substr(0, std::string(t).find(' '));
      for (;;) {
        auto n = delete_batch("DELETE FROM " + table + " WHERE id IN (SELECT id FROM " + t + " < " + cut +
                              " LIMIT " + std::to_string(kBatch) + ")");
        if (!n) return std::unexpected(n.error());
        if (*n < kBatch) break;
      }
    }
  }
  while (max_bytes > 0) {
    auto used = used_bytes();
    if (!used) return std::unexpected(used.error());
    if (*used <= max_bytes) break;
    auto n = delete_batch("DELETE FROM connections WHERE id IN (SELECT id FROM connections ORDER BY closed_ns LIMIT " +
                          std::to_string(kBatch / 5) + ")");
    if (!n) return std::unexpected(n.error());
    if (*n == 0) break;
  }
  if (deleted > 0)
    if (auto r = exec("PRAGMA incremental_vacuum"); !r) return std::unexpected(r.error());
  return deleted;
}

Result<void> HistoryDb::set_stat(const std::string& key, std::int64_t value) {
  Stmt st;
  if (auto r = prepare(db_, "INSERT INTO meta(key, value) VALUES(?1, ?2) ON CONFLICT(key) DO UPDATE SET value=?2", st); !r)
    return r;
  bind_text(st.s, 1, key);
  sqlite3_bind_int64(st.s, 2, value);
  if (sqlite3_step(st.s) != SQLITE_DONE) return fail(db_error(db_, "meta"));
  return {};
}

Result<std::optional<std::int64_t>> HistoryDb::stat(const std::string& key) const {
  Stmt st;
  if (auto r = prepare(db_, "SELECT value FROM meta WHERE key = ?1", st); !r) return std::unexpected(r.error());
  bind_text(st.s, 1, key);
  if (sqlite3_step(st.s) != SQLITE_ROW) return std::optional<std::int64_t>();
  return col_opt<std::int64_t>(st.s, 0);
}

Result<std::vector<StoredConnection>> HistoryDb::connections(const HistoryQuery& q) const {
  std::vector<StoredConnection> out;
  auto r = each_connection(q, [&](StoredConnection&& c) {
    out.push_back(std::move(c));
    return true;
  });
  if (!r) return std::unexpected(r.error());
  return out;
}

Result<void> HistoryDb::each_connection(const HistoryQuery& q, const std::function<bool(StoredConnection&&)>& each) const {
  Stmt st;
  if (auto r = prepare(db_, std::string("SELECT ") + kConnColumns + " FROM connections" + where_of(q) + order_of(q), st); !r)
    return std::unexpected(r.error());
  bind_query(st.s, q);
  int rc;
  while ((rc = sqlite3_step(st.s)) == SQLITE_ROW) {
    auto* s = st.s;
    StoredConnection c;
    c.source = col_text(s, 0);
    c.direction = col_text(s, 1);
    c.proto = col_text(s, 2);
    c.state = col_text(s, 3);
    c.netns = static_cast<std::uint32_t>(sqlite3_column_int64(s, 4));
    c.cookie = static_cast<std::uint64_t>(sqlite3_column_int64(s, 5));
    c.local_address = col_text(s, 6);
    c.local_port = static_cast<std::uint16_t>(sqlite3_column_int(s, 7));
    c.remote_address = col_text(s, 8);
    c.remote_port = static_cast<std::uint16_t>(sqlite3_column_int(s, 9));
    c.opened_ns = col_opt<std::int64_t>(s, 10);
    c.closed_ns = sqlite3_column_int64(s, 11);
    c.tcp.bytes_sent = static_cast<std::uint64_t>(sqlite3_column_int64(s, 12));
    c.tcp.bytes_acked = static_cast<std::uint64_t>(sqlite3_column_int64(s, 13));
    c.tcp.bytes_received = static_cast<std::uint64_t>(sqlite3_column_int64(s, 14));
    c.tcp.segs_out = static_cast<std::uint32_t>(sqlite3_column_int64(s, 15));
    c.tcp.segs_in = static_cast<std::uint32_t>(sqlite3_column_int64(s, 16));
    c.tcp.total_retrans = static_cast<std::uint32_t>(sqlite3_column_int64(s, 17));
    c.tcp.rtt_us = static_cast<std::uint32_t>(sqlite3_column_int64(s, 18));
    c.pid = col_opt<std::uint32_t>(s, 19);
    c.uid = col_opt<std::uint32_t>(s, 20);
    c.process = col_text(s, 21);
    c.exe = col_text(s, 22);
    c.cmdline = col_text(s, 23);
    c.user = col_text(s, 24);
    c.unit = col_text(s, 25);
    c.container = col_text(s, 26);
    if (!each(std::move(c))) return {};
  }
  if (rc != SQLITE_DONE) return fail(db_error(db_, "query"));
  return {};
}

Result<std::string> HistoryDb::plan(const HistoryQuery& q) const {
  Stmt st;
  if (auto r = prepare(db_, std::string("EXPLAIN QUERY PLAN SELECT ") + kConnColumns + " FROM connections" + where_of(q) + order_of(q), st); !r)
    return std::unexpected(r.error());
  bind_query(st.s, q);
  std::string out;
  while (sqlite3_step(st.s) == SQLITE_ROW) out += col_text(st.s, 3) + "\n";
  return out;
}

}  // namespace sockscope
