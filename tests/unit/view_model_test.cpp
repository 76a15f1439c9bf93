// The live model without any screen: row order, filter, sort, selection across refreshes, highlight
// lifetimes on a fake clock, pause, and the commands' results as values.
#include <gtest/gtest.h>

#include <cerrno>
#include <csignal>

#include "view/live_model.hpp"
#include "view/view_rows.hpp"
#include "view_test_support.hpp"

namespace sockscope::testing {
namespace {

using view::Outcome;

// nginx (100) listening and serving, curl (200) connected out, sshd (300) on IPv6 and UDP.
std::vector<Endpoint> base() {
  return {owned(tcp4("0.0.0.0", 80, "0.0.0.0", 0, TcpState::Listen, 1), {0}),
          owned(tcp4("10.0.0.1", 80, "10.0.0.9", 51234, TcpState::Established, 2), {0}),
          owned(tcp6("::", 22, "::", 0, TcpState::Listen, 3), {2}),
          owned(udp4("0.0.0.0", 68, 4), {2})};
}

Endpoint curl(TcpState st = TcpState::Established) {
  return owned(tcp4("10.0.0.1", 44321, "10.0.0.2", 80, st, 5), {1});
}

std::vector<Endpoint> plus(std::vector<Endpoint> eps, Endpoint e) {
  eps.push_back(std::move(e));
  return eps;
}

// A model with recorded effects and a fake clock: one refresh per second.
class ModelDriver {
 public:
  explicit ModelDriver(int highlight_refreshes = 3) : model_(settings(highlight_refreshes), services()) {}

  void refresh(std::vector<Endpoint> eps) {
    now_ += std::chrono::seconds(1);
    ++seconds_;
    model_.apply(make_snapshot(kWallStart + std::chrono::seconds(seconds_), std::move(eps)), now_);
  }
  // A refresh whose first `split` endpoints are in namespace 111 and the rest in 222 (named "blue").
  void refresh_in_two(std::vector<Endpoint> eps, std::size_t split) {
    now_ += std::chrono::seconds(1);
    ++seconds_;
    auto s = std::const_pointer_cast<Snapshot>(make_snapshot(kWallStart + std::chrono::seconds(seconds_), std::move(eps)));
    NetnsInfo a, b;
    a.inode = 111, a.current = true;
    b.inode = 222, b.names = {"blue"};
    s->namespaces = {a, b};
    s->netns_rows = {{111, 0, split}, {222, split, s->endpoints.size()}};
    model_.apply(s, now_);
  }
  view::LiveModel& model() { return model_; }

  // "process:pid:highlight" per row, in display order.
  std::vector<std::string> rows() const {
    std::vector<std::string> out;
    for (const view::RowView& r : model_.rows()) {
      const Process* p = r.row->owner();
      std::string s = p ? p->name + ":" + std::to_string(p->pid) : std::string("-");
      switch (r.highlight) {
        case RowStatus::New: s += ":new"; break;
        case RowStatus::StateChanged: s += ":changed"; break;
        case RowStatus::Closed: s += ":closed"; break;
        case RowStatus::Alive: break;
      }
      out.push_back(std::move(s));
    }
    return out;
  }
  std::size_t column(std::string_view key) const { return view::find_view_column(model_.state().catalog, key); }
  const LiveRow* row_of(std::uint64_t cookie) const {
    for (const view::RowView& r : model_.rows()) {
      if (r.row->endpoint().cookie == cookie) return r.row;
    }
    return nullptr;
  }

  std::vector<view::CollectControl> controls;
  std::vector<Endpoint> closed;
  std::vector<std::uint64_t> closed_in;  // the namespace each was closed in, 0: the current one
  Result<void> close_result;
  std::vector<std::pair<int, int>> signals;
  Result<void> signal_result;
  std::vector<std::pair<std::string, std::string>> written;
  Result<void> write_result;

 private:
  static view::ViewSettings settings(int highlight_refreshes) {
    view::ViewSettings s;
    s.resolve = false;
    s.highlight_refreshes = highlight_refreshes;
    return s;
  }
  view::ModelServices services() {
    view::ModelServices s;
    s.control = [this](const view::CollectControl& c) { controls.push_back(c); };
    s.close_connection = [this](const Endpoint& e, const NetnsInfo* ns) {
      closed.push_back(e);
      closed_in.push_back(ns ? ns->inode : 0);
      return close_result;
    };
    s.send_signal = [this](int pid, int sig) {
      signals.emplace_back(pid, sig);
      return signal_result;
    };
    s.write_file = [this](const std::string& path, std::string_view content) {
      written.emplace_back(path, std::string(content));
      return write_result;
    };
    return s;
  }

  view::Clock::time_point now_{};
  int seconds_ = 0;
  view::LiveModel model_;
};

using Rows = std::vector<std::string>;

TEST(LiveModel, RowsComeSortedByProcessNameWithStableTies) {
  ModelDriver d;
  d.refresh(plus(base(), curl()));
  // Ties within nginx and sshd: the default endpoint order (protocol, local address, ...).
  EXPECT_EQ(d.rows(), (Rows{"curl:200", "nginx:100", "nginx:100", "sshd:300", "sshd:300"}));
  EXPECT_EQ(d.model().row(1).row->endpoint().local_port, 80);
  EXPECT_EQ(d.model().row(1).row->endpoint().state, TcpState::Listen);
}

TEST(LiveModel, SortByAnyColumnEitherWay) {
  ModelDriver d;
  d.refresh(plus(base(), curl()));
  d.model().sort_by(d.column("pid"), true);
  EXPECT_EQ(d.rows(), (Rows{"sshd:300", "sshd:300", "curl:200", "nginx:100", "nginx:100"}));
  d.model().sort_by(d.column("remote_address"), false);
  // 0.0.0.0 (nginx, udp sshd), 10.0.0.2 (curl), 10.0.0.9 (nginx), then IPv6.
  EXPECT_EQ(d.rows(), (Rows{"nginx:100", "sshd:300", "curl:200", "nginx:100", "sshd:300"}));
}

TEST(LiveModel, FilterProtocolsAndStatesNarrowTheRows) {
  ModelDriver d;
  d.refresh(plus(base(), curl()));
  d.model().set_filter("sshd");
  EXPECT_EQ(d.rows(), (Rows{"sshd:300", "sshd:300"}));
  d.model().set_filter("10.0.0");
  EXPECT_EQ(d.rows(), (Rows{"curl:200", "nginx:100"}));
  d.model().set_filter("10.0.0.9");  // narrowing keeps the order without a sort
  EXPECT_EQ(d.rows(), (Rows{"nginx:100"}));
  d.model().set_filter({});
  EXPECT_EQ(d.model().row_count(), 5u);
  ProtoSet tcp4_only;
  tcp4_only.tcp4 = true;
  EXPECT_FALSE(d.model().set_protocols(tcp4_only));  // nothing more to collect
  EXPECT_EQ(d.rows(), (Rows{"curl:200", "nginx:100", "nginx:100"}));
  d.model().set_states(state_bit(TcpState::Listen));
  EXPECT_EQ(d.rows(), (Rows{"nginx:100"}));
}

TEST(LiveModel, AnExpressionFilterHoldsAcrossRefreshes) {
  ModelDriver d;
  d.refresh(plus(base(), curl()));
  d.model().set_filter("process = nginx and state listening");
  EXPECT_TRUE(view::filter_is_expression(d.model().state().filter));
  EXPECT_EQ(d.rows(), (Rows{"nginx:100"}));
  d.model().set_filter("pid >= 200");
  EXPECT_EQ(d.rows(), (Rows{"curl:200", "sshd:300", "sshd:300"})) << "not a narrowing of the text: sorted afresh";
  d.refresh(plus(base(), curl()));
  EXPECT_EQ(d.rows(), (Rows{"curl:200", "sshd:300", "sshd:300"})) << "kept across refreshes";
  d.refresh(base());
  EXPECT_EQ(d.rows(), (Rows{"curl:200:closed", "sshd:300", "sshd:300"})) << "highlights as without a filter";
  d.model().set_filter("sport = :ssh");
  EXPECT_EQ(d.rows(), (Rows{"sshd:300"})) << "service names as on the command line (/etc/services)";
  EXPECT_FALSE(view::filter_is_expression("sshd"));
  d.model().set_filter("sshd");
  EXPECT_EQ(d.rows(), (Rows{"sshd:300", "sshd:300"})) << "a word stays a quick find";
}

// Fields only rows followed over time have: age since first seen and the rates, in the same filter.
TEST(LiveModel, AgeAndRatesAreFieldsOfTheFilter) {
  auto sending = [](std::uint64_t sent, std::uint64_t received) {
    Endpoint e = curl();
    TcpCounters t;
    t.bytes_sent = sent;
    t.bytes_received = received;
    e.tcp = t;
    return e;
  };
  ModelDriver d;
  d.refresh(plus(base(), sending(0, 0)));
  d.model().set_filter("send_rate > 1M");
  EXPECT_EQ(d.rows(), Rows{}) << "one reading has no rate";
  d.refresh(plus(base(), sending(3'000'000, 10'000)));  // 3 MB/s out, 10 kB/s in over the 1 s refresh
  EXPECT_EQ(d.rows(), (Rows{"curl:200"}));
  d.model().set_filter("send_rate > 1MB/s and recv_rate < 20KB/s");
  EXPECT_EQ(d.rows(), (Rows{"curl:200"}));
  d.model().set_filter("recv_rate >= 11K");
  EXPECT_EQ(d.rows(), Rows{});
  d.model().set_filter("age >= 1s and process = nginx");
  EXPECT_EQ(d.rows(), (Rows{"nginx:100", "nginx:100"})) << "seen one refresh (1 s) ago";
  d.model().set_filter("age > 1s");
  EXPECT_EQ(d.rows(), Rows{});
  d.refresh(plus(plus(base(), sending(3'000'000, 10'000)), owned(tcp4("10.0.0.1", 40000, "10.0.0.3", 443, TcpState::Established, 6), {0})));
  d.model().set_filter("age < 1s");
  EXPECT_EQ(d.rows(), (Rows{"nginx:100:new"})) << "the row born this refresh";
  d.model().set_filter("age >= 2s and pid = 200");
  EXPECT_EQ(d.rows(), (Rows{"curl:200"}));
  d.model().set_filter("send_rate = 0");
  EXPECT_EQ(d.rows(), (Rows{"curl:200"})) << "counters that did not move: a rate of zero";
}

TEST(LiveModel, SwitchingUnixSocketsOnAsksForACollection) {
  ModelDriver d;
  d.refresh(base());
  ProtoSet with_unix = view::ViewSettings::default_protos();
  with_unix.unix_ = true;
  EXPECT_TRUE(d.model().set_protocols(with_unix));
  ASSERT_FALSE(d.controls.empty());
  EXPECT_TRUE(d.controls.back().unix_sockets);
  EXPECT_TRUE(d.controls.back().refresh_now);
}

TEST(LiveModel, SelectionFollowsTheEndpointWhenRowsMove) {
  ModelDriver d;
  d.refresh(plus(base(), curl()));
  const std::uint64_t id = d.row_of(5)->id;
  d.model().select(id);
  ASSERT_EQ(d.model().selected_position(), 0u);
  // A new process sorting before curl pushes it down; the selection goes with it.
  Endpoint apt = owned(tcp4("10.0.0.1", 40000, "10.0.0.3", 443, TcpState::Established, 6), {0});
  std::vector<Process> procs = standard_processes();
  procs[0].name = "apt";  // nginx's rows become apt's: both sort before curl
  d.refresh(plus(plus(base(), curl()), apt));
  ASSERT_NE(d.model().selected(), nullptr);
  EXPECT_EQ(d.model().selected()->id, id);
  EXPECT_EQ(d.model().selected_position(), 0u);
  d.model().sort_by(d.column("local_port"), false);  // 22, 68, 80, 80, 40000, 44321
  EXPECT_EQ(d.model().selected()->id, id);
  EXPECT_EQ(d.model().selected_position(), 5u);
  // Gone: the selection stays at its place, on whatever row is there now.
  d.refresh(base());
  d.refresh(base());
  d.refresh(base());
  d.refresh(base());
  EXPECT_EQ(d.model().row_count(), 4u);
  EXPECT_EQ(d.model().selected_position(), 3u);
}

TEST(LiveModel, HighlightsLiveTheirRefreshesThenClosedRowsGo) {
  ModelDriver d(2);
  d.refresh(base());
  EXPECT_EQ(d.rows(), (Rows{"nginx:100", "nginx:100", "sshd:300", "sshd:300"}));  // there before: no highlight
  d.refresh(plus(base(), curl()));
  EXPECT_EQ(d.rows().front(), "curl:200:new");
  EXPECT_EQ(d.model().row(0).age, 0u);
  d.refresh(plus(base(), curl()));
  EXPECT_EQ(d.rows().front(), "curl:200:new");
  EXPECT_EQ(d.model().row(0).age, 1u);
  d.refresh(plus(base(), curl()));
  EXPECT_EQ(d.rows().front(), "curl:200");
  d.refresh(plus(base(), curl(TcpState::CloseWait)));
  EXPECT_EQ(d.rows().front(), "curl:200:changed");
  d.refresh(plus(base(), curl(TcpState::CloseWait)));
  EXPECT_EQ(d.rows().front(), "curl:200:changed");
  d.refresh(plus(base(), curl(TcpState::CloseWait)));
  EXPECT_EQ(d.rows().front(), "curl:200");
  d.refresh(base());
  EXPECT_EQ(d.rows().front(), "curl:200:closed");
  d.refresh(base());
  EXPECT_EQ(d.rows().front(), "curl:200:closed");
  d.refresh(base());
  EXPECT_EQ(d.rows(), (Rows{"nginx:100", "nginx:100", "sshd:300", "sshd:300"}));
}

TEST(LiveModel, PauseFreezesRowsUntilARefreshIsAskedFor) {
  ModelDriver d;
  d.refresh(base());
  d.model().pause();
  ASSERT_FALSE(d.controls.empty());
  EXPECT_EQ(d.controls.back(), (view::CollectControl{std::nullopt, false, false}));
  d.refresh(plus(base(), curl()));  // a collection that was under way: not shown
  EXPECT_EQ(d.model().row_count(), 4u);
  EXPECT_EQ(d.model().table().refresh, 1u);
  d.model().refresh_now();
  d.refresh(plus(base(), curl()));
  EXPECT_EQ(d.model().row_count(), 5u);
  d.refresh(base());  // one refresh asked for, one taken
  EXPECT_EQ(d.model().row_count(), 5u);
  d.model().resume();
  EXPECT_EQ(d.controls.back(), (view::CollectControl{std::chrono::milliseconds(1000), false, true}));
  d.refresh(base());
  EXPECT_EQ(d.rows().front(), "curl:200:closed");
}

TEST(LiveModel, CloseChecksTheRowAndReportsTheKernelsAnswer) {
  ModelDriver d;
  d.refresh(plus(base(), curl()));
  const std::uint64_t udp = d.row_of(4)->id;
  EXPECT_EQ(d.model().request_close(udp).outcome, Outcome::NotApplicable);
  EXPECT_TRUE(d.closed.empty());
  EXPECT_EQ(d.model().request_close(9999).outcome, Outcome::NoSuchRow);

  const std::uint64_t id = d.row_of(5)->id;
  EXPECT_EQ(d.model().request_close(id).outcome, Outcome::Done);
  ASSERT_EQ(d.closed.size(), 1u);
  EXPECT_EQ(d.closed[0].cookie, 5u);
  EXPECT_TRUE(d.controls.back().refresh_now);

  d.close_result = fail("Operation not permitted", EPERM);
  EXPECT_EQ(d.model().request_close(id).outcome, Outcome::NotPermitted);
  d.close_result = fail("Operation not supported", EOPNOTSUPP);
  EXPECT_EQ(d.model().request_close(id).outcome, Outcome::NotSupported);
  d.close_result = fail("No such file or directory", ENOENT);
  const view::CommandResult gone = d.model().request_close(id);
  EXPECT_EQ(gone.outcome, Outcome::Gone);
  EXPECT_TRUE(gone.ok());
  d.close_result = fail("odd \x1b failure", EIO);
  const view::CommandResult odd = d.model().request_close(id);
  EXPECT_EQ(odd.outcome, Outcome::Failed);
  EXPECT_EQ(odd.detail, "odd \x1b failure");  // plain: the client escapes it for its medium

  d.refresh(base());  // curl is a tombstone now
  EXPECT_EQ(d.model().request_close(id).outcome, Outcome::AlreadyClosed);
}

// The same connection in two namespaces: closing a row closes it in that row's namespace.
TEST(LiveModel, CloseGoesToTheRowsOwnNamespace) {
  ModelDriver d;
  Endpoint e = curl();
  e.cookie = 0;  // as /proc gives it: nothing but the namespace tells the two apart
  d.refresh_in_two({e, e}, 1);
  ASSERT_EQ(d.model().table().rows.size(), 2u);
  for (const LiveRow& r : d.model().table().rows) {
    ASSERT_EQ(d.model().request_close(r.id).outcome, Outcome::Done);
  }
  EXPECT_EQ(d.closed_in, (std::vector<std::uint64_t>{111, 222}));
}

TEST(LiveModel, NamespaceColumnWhileSeveralNamespaces) {
  ModelDriver d;
  const auto& catalog = d.model().state().catalog;
  const std::size_t ns = view::find_view_column(catalog, "netns_name");
  auto shown = [&] { return std::ranges::find(d.model().state().visible, ns) != d.model().state().visible.end(); };
  d.refresh(plus(base(), curl()));
  EXPECT_FALSE(shown()) << "one namespace";
  d.refresh_in_two(plus(base(), curl()), 1);
  EXPECT_TRUE(shown()) << "two namespaces";
  d.refresh(plus(base(), curl()));
  EXPECT_FALSE(shown()) << "back to one";
  d.model().set_columns({0, 1});
  d.refresh_in_two(plus(base(), curl()), 1);
  EXPECT_FALSE(shown()) << "the user's choice stands";
}

TEST(LiveModel, KillSendsTheSignalAndReportsTheAnswer) {
  ModelDriver d;
  d.refresh(base());
  EXPECT_EQ(d.model().request_kill(300, SIGTERM).outcome, Outcome::Done);
  EXPECT_EQ(d.signals, (std::vector<std::pair<int, int>>{{300, SIGTERM}}));
  d.signal_result = fail("Operation not permitted", EPERM);
  EXPECT_EQ(d.model().request_kill(300, SIGKILL).outcome, Outcome::NotPermitted);
  d.signal_result = fail("No such process", ESRCH);
  EXPECT_EQ(d.model().request_kill(300, SIGKILL).outcome, Outcome::Gone);
}

TEST(LiveModel, SaveWritesTheShownRowsAndCopyGivesTheirText) {
  ModelDriver d;
  d.refresh(plus(base(), curl()));
  d.model().set_filter("curl");
  const view::SaveResult saved = d.model().save("/tmp/x.csv", view::SaveFormat::Csv);
  EXPECT_TRUE(saved.result.ok());
  EXPECT_EQ(saved.rows, 1u);
  ASSERT_EQ(d.written.size(), 1u);
  EXPECT_EQ(d.written[0].first, "/tmp/x.csv");
  EXPECT_TRUE(d.written[0].second.starts_with("process,pid,proto,state,local_address")) << d.written[0].second;
  EXPECT_NE(d.written[0].second.find("curl,200,tcp,ESTABLISHED,10.0.0.1,44321,10.0.0.2,80"), std::string::npos);

  d.write_result = fail("/tmp/x.csv: No space left on device", ENOSPC);
  EXPECT_EQ(d.model().save("/tmp/x.csv", view::SaveFormat::Csv).result.outcome, Outcome::Failed);

  d.model().set_filter({});
  const std::uint64_t ids[] = {d.row_of(5)->id, 12345, d.row_of(1)->id};
  const std::string text = d.model().copy_text(ids);
  EXPECT_TRUE(text.starts_with("curl\t200\ttcp\tESTABLISHED\t10.0.0.1\t44321\t10.0.0.2\t80\t")) << text;
  EXPECT_NE(text.find("\nnginx\t100\ttcp\tLISTEN\t0.0.0.0\t80\t"), std::string::npos) << text;
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 1);  // the unknown id is skipped
}

}  // namespace
}  // namespace sockscope::testing
