// Shared by the live view tests: snapshot builders, fake services that record effects, a driver with a fake clock.
#pragma once

#include <arpa/inet.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "tui/cell_grid.hpp"
#include "tui/live_view.hpp"
#include "view_test_support.hpp"

namespace sockscope::testing {

// Records every effect the view asks for; results can be set per test.
struct FakeServices {
  std::vector<tui::CollectControl> controls;
  std::vector<Endpoint> closed;
  Result<void> close_result;
  std::vector<std::pair<int, int>> signals;
  Result<void> signal_result;
  std::vector<std::string> copied;
  std::vector<std::pair<std::string, std::string>> written;
  std::vector<IpAddress> requested;
  ProcessDetails details;
  FakeNames names;
  LocalLookups local = fixed_lookups();

  tui::ViewServices services() {
    tui::ViewServices s;
    s.names = &names;
    s.local = &local;
    s.request_name = [this](const IpAddress& a) { requested.push_back(a); };
    s.control = [this](const tui::CollectControl& c) { controls.push_back(c); };
    s.close_connection = [this](const Endpoint& e, const NetnsInfo*) {
      closed.push_back(e);
      return close_result;
    };
    s.send_signal = [this](int pid, int sig) {
      signals.emplace_back(pid, sig);
      return signal_result;
    };
    s.process_details = [this](int) { return details; };
    s.copy_to_clipboard = [this](std::string_view t) { copied.emplace_back(t); };
    s.write_file = [this](const std::string& path, std::string_view content) -> Result<void> {
      written.emplace_back(path, std::string(content));
      return {};
    };
    return s;
  }
};

// A live view with a fake clock: feed snapshots and keys, read the screen as text.
class ViewDriver {
 public:
  explicit ViewDriver(tui::ViewSettings settings = default_settings(), int width = 80, int height = 24)
      : view_(settings, fakes_.services()), grid_(width, height) {
    view_.on_key(tui::Key::resize(width, height), now_);
  }
  static tui::ViewSettings default_settings() {
    tui::ViewSettings s;
    s.resolve = false;
    return s;
  }

  // One refresh: the snapshot taken `seconds` after kWallStart.
  void refresh(int seconds, std::vector<Endpoint> endpoints, std::vector<Process> processes = standard_processes()) {
    now_ += 1s;
    view_.on_snapshot(make_snapshot(kWallStart + std::chrono::seconds(seconds), std::move(endpoints), std::move(processes)), now_);
  }
  void refresh(SnapshotPtr s) {
    now_ += 1s;
    view_.on_snapshot(std::move(s), now_);
  }
  void key(tui::Key k) { view_.on_key(k, now_); }
  void keys(std::string_view typed) {
    for (char c : typed) key(tui::Key::chr(static_cast<unsigned char>(c)));
  }
  void advance(std::chrono::seconds d) { now_ += d; }

  std::string screen() {
    view_.render(grid_, now_);
    return grid_.text();
  }
  std::string attrs() {
    view_.render(grid_, now_);
    return grid_.attr_map();
  }
  // One row of the screen.
  std::string line(int y) {
    std::string all = screen();
    std::size_t start = 0;
    for (int i = 0; i < y; ++i) start = all.find('\n', start) + 1;
    return all.substr(start, all.find('\n', start) - start);
  }
  std::string attr_line(int y) {
    std::string all = attrs();
    std::size_t start = 0;
    for (int i = 0; i < y; ++i) start = all.find('\n', start) + 1;
    return all.substr(start, all.find('\n', start) - start);
  }

  // Rows [first, first + count) of the screen, text and attribute map, joined by '\n'.
  std::string lines(int first, int count) { return slice(screen(), first, count); }
  std::string attr_lines(int first, int count) { return slice(attrs(), first, count); }

  tui::LiveView& view() { return view_; }
  const tui::ViewState& state() { return view_.state(); }
  const view::ModelState& model() { return view_.model().state(); }
  FakeServices& fakes() { return fakes_; }

 private:
  static std::string slice(const std::string& all, int first, int count) {
    std::string out;
    std::size_t pos = 0;
    for (int y = 0; pos != std::string::npos && y < first + count; ++y) {
      const std::size_t nl = all.find('\n', pos);
      if (y >= first) {
        if (!out.empty() || y > first) out += '\n';
        out += all.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos);
      }
      pos = nl == std::string::npos ? nl : nl + 1;
    }
    return out;
  }

  ScopedTimeZone tz_{"UTC"};
  FakeServices fakes_;
  tui::LiveView view_;
  tui::Grid grid_;
  tui::Clock::time_point now_{};
};

}  // namespace sockscope::testing
