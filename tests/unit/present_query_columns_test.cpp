// Query fields through the column registry: every column is a field, owner fields answer queries.
#include "present/query_columns.hpp"

#include <gtest/gtest.h>

#include "logic/query_eval.hpp"
#include "logic/query_parser.hpp"
#include "present_test_snapshot.hpp"

namespace sockscope {
namespace {

using namespace testing;

TEST(QueryColumns, EveryColumnKeyIsAFieldName) {
  for (const Column& c : all_columns()) {
    const FieldInfo* f = find_field(c.key);
    const bool keyword = c.key == "state" || c.key == "interface";  // parsed as ss's predicates
    EXPECT_TRUE(f || keyword) << c.key;
  }
}

TEST(QueryColumns, FieldsWithAColumnReadIt) {
  for (const FieldInfo& f : all_fields()) {
    if (f.endpoint_only) continue;
    const auto col = column_of(f.id);
    if (col) {
      EXPECT_EQ(column(*col).key, f.name) << f.name;
    }
  }
}

TEST(QueryColumns, OwnerFieldsAnswerQueries) {
  Snapshot snap;
  snap.processes.push_back(process(1234, "sshd", "/usr/sbin/sshd", {"sshd:", "alice", "[priv]"}, 1000, "alice"));
  snap.endpoints.push_back(owned(inet(Proto::Tcp, ip4("10.0.0.1"), 22, ip4("10.0.0.2"), 5000, TcpState::Established), {0}));
  snap.endpoints.push_back(inet(Proto::Tcp, ip4("10.0.0.1"), 80, ip4("10.0.0.2"), 5001, TcpState::Established));
  LocalLookups local = fixed_lookups();
  const ColumnFields fields(ValueContext{snap, nullptr, &local});
  auto sel = [&](std::string_view text, std::size_t row) {
    auto q = parse_query(text);
    EXPECT_TRUE(q) << text;
    return q && evaluate(*q, snap.endpoints[row], fields);
  };
  EXPECT_TRUE(sel("process = sshd", 0));
  EXPECT_FALSE(sel("process = sshd", 1));
  EXPECT_TRUE(sel("process ~ ^ss pid = 1234", 0));
  EXPECT_TRUE(sel("exe ~ /sbin/ and cmdline ~ 'alice \\[priv\\]'", 0));
  EXPECT_TRUE(sel("process_user = alice", 0));
  EXPECT_TRUE(sel("not process ~ .", 1));  // no owner: absent, never equal, never matching
  EXPECT_TRUE(sel("local = 10.0.0.1:22 and sport = :22", 0));
  EXPECT_FALSE(sel("age > 0", 0));  // no column yet
}

TEST(QueryColumns, ColumnsReadByNameWhatMustBeCollected) {
  const auto cols = columns_read_by(*parse_query("process ~ ssh or (rtt > 10ms and cmdline ~ x) or dport = :22"));
  EXPECT_EQ(columns_need(cols), kNeedOwners | kNeedTcpInfo);
  EXPECT_EQ(cols.size(), 3u);
  EXPECT_TRUE(columns_read_by(*parse_query("dport = :22 and state listening")).empty());
}

}  // namespace
}  // namespace sockscope
