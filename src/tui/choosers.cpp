// Chooser dialogs: their items and what toggling or moving an item does to the view's settings.
#include "tui/choosers.hpp"

#include <algorithm>

namespace sockscope::tui {

namespace {

constexpr TcpState kStates[] = {
    TcpState::Established, TcpState::SynSent, TcpState::SynRecv, TcpState::FinWait1,
    TcpState::FinWait2, TcpState::TimeWait, TcpState::Close, TcpState::CloseWait,
    TcpState::LastAck, TcpState::Listen, TcpState::Closing, TcpState::BoundInactive,
};
constexpr int kStateItemsBefore = 2;  // "All", "None"

struct ProtoItem {
  const char* label;
  bool ProtoSet::*flag;
};
constexpr ProtoItem kProtos[] = {
    {"TCPv4", &ProtoSet::tcp4}, {"TCPv6", &ProtoSet::tcp6}, {"UDPv4", &ProtoSet::udp4},
    {"UDPv6", &ProtoSet::udp6}, {"UNIX", &ProtoSet::unix_},
};

std::uint32_t bit(TcpState s) {
  std::uint32_t b = state_bit(s);
  if (s == TcpState::SynRecv) b |= state_bit(TcpState::NewSynRecv);
  return b;
}

std::string state_label(TcpState s) {
  std::string label(tcp_state_name(s));
  if (s == TcpState::Close) label += " (UNCONN)";
  return label;
}

// Columns chooser order: shown columns in their order, then hidden ones in catalog order.
std::vector<std::size_t> column_order(const ViewState& s) {
  std::vector<std::size_t> out = s.visible;
  for (std::size_t i = 0; i < s.catalog.size(); ++i) {
    if (std::find(s.visible.begin(), s.visible.end(), i) == s.visible.end()) out.push_back(i);
  }
  return out;
}

}  // namespace

std::vector<ChooserItem> chooser_items(const ViewState& s) {
  std::vector<ChooserItem> items;
  switch (s.dialog.kind) {
    case DialogKind::Protocols:
      for (const auto& p : kProtos) items.push_back({p.label, s.settings.protos.*p.flag});
      break;
    case DialogKind::States: {
      const std::uint32_t all = kAllStates;
      items.push_back({"All", (s.settings.states & all) == all});
      items.push_back({"None", (s.settings.states & all) == 0});
      for (TcpState st : kStates) items.push_back({state_label(st), (s.settings.states & state_bit(st)) != 0});
      break;
    }
    case DialogKind::Columns:
      for (std::size_t i : column_order(s)) {
        const bool shown = std::find(s.visible.begin(), s.visible.end(), i) != s.visible.end();
        items.push_back({std::string(s.catalog[i].title), shown});
      }
      break;
    case DialogKind::SortColumn:
      for (std::size_t i : s.visible) items.push_back({std::string(s.catalog[i].title), i == s.sort_column});
      break;
    default: break;
  }
  return items;
}

bool chooser_toggle(ViewState& s, int index) {
  if (index < 0) return false;
  const auto i = static_cast<std::size_t>(index);
  switch (s.dialog.kind) {
    case DialogKind::Protocols:
      if (i < std::size(kProtos)) {
        bool& flag = s.settings.protos.*kProtos[i].flag;
        flag = !flag;
        return kProtos[i].flag == &ProtoSet::unix_;
      }
      break;
    case DialogKind::States:
      if (index == 0) s.settings.states = kAllStates;
      else if (index == 1) s.settings.states = 0;
      else if (i - kStateItemsBefore < std::size(kStates)) s.settings.states ^= bit(kStates[i - kStateItemsBefore]);
      break;
    case DialogKind::Columns: {
      const auto order = column_order(s);
      if (i >= order.size()) break;
      auto it = std::find(s.visible.begin(), s.visible.end(), order[i]);
      if (it == s.visible.end()) s.visible.push_back(order[i]);
      else if (s.visible.size() > 1) s.visible.erase(it);  // one column always stays
      s.first_column = std::min(s.first_column, s.visible.size() - 1);
      break;
    }
    case DialogKind::SortColumn:
      if (i < s.visible.size()) {
        if (s.sort_column == s.visible[i]) s.sort_descending = !s.sort_descending;
        else s.sort_column = s.visible[i], s.sort_descending = false;
      }
      break;
    default: break;
  }
  return false;
}

int chooser_move(ViewState& s, int index, int direction) {
  if (s.dialog.kind != DialogKind::Columns || index < 0) return index;
  const auto i = static_cast<std::size_t>(index);
  if (i >= s.visible.size()) return index;  // hidden columns have no place yet
  const long to = static_cast<long>(i) + direction;
  if (to < 0 || to >= static_cast<long>(s.visible.size())) return index;
  std::swap(s.visible[i], s.visible[static_cast<std::size_t>(to)]);
  return static_cast<int>(to);
}

std::string_view chooser_footer(DialogKind kind) {
  switch (kind) {
    case DialogKind::Columns: return "Space show/hide  [ ] move  Esc done";
    case DialogKind::SortColumn: return "Enter sort (again: invert)  Esc cancel";
    default: return "Space toggle  Esc done";
  }
}

}  // namespace sockscope::tui
