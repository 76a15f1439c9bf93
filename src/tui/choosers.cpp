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
std::vector<std::size_t> column_order(const ModelState& m) {
  std::vector<std::size_t> out = m.visible;
  for (std::size_t i = 0; i < m.catalog.size(); ++i) {
    if (std::find(m.visible.begin(), m.visible.end(), i) == m.visible.end()) out.push_back(i);
  }
  return out;
}

}  // namespace

std::vector<ChooserItem> chooser_items(const ViewState& s, const ModelState& m) {
  std::vector<ChooserItem> items;
  switch (s.dialog.kind) {
    case DialogKind::Protocols:
      for (const auto& p : kProtos) items.push_back({p.label, m.settings.protos.*p.flag});
      break;
    case DialogKind::States: {
      const std::uint32_t all = kAllStates;
      items.push_back({"All", (m.settings.states & all) == all});
      items.push_back({"None", (m.settings.states & all) == 0});
      for (TcpState st : kStates) items.push_back({state_label(st), (m.settings.states & state_bit(st)) != 0});
      break;
    }
    case DialogKind::Columns:
      for (std::size_t i : column_order(m)) {
        const bool shown = std::find(m.visible.begin(), m.visible.end(), i) != m.visible.end();
        items.push_back({std::string(m.catalog[i].title), shown});
      }
      break;
    case DialogKind::SortColumn:
      for (std::size_t i : m.visible) items.push_back({std::string(m.catalog[i].title), i == m.sort_column});
      break;
    default: break;
  }
  return items;
}

void chooser_toggle(ViewState& s, view::LiveModel& model, int index) {
  if (index < 0) return;
  const ModelState& m = model.state();
  const auto i = static_cast<std::size_t>(index);
  switch (s.dialog.kind) {
    case DialogKind::Protocols:
      if (i < std::size(kProtos)) {
        ProtoSet protos = m.settings.protos;
        protos.*kProtos[i].flag = !(protos.*kProtos[i].flag);
        model.set_protocols(protos);
      }
      break;
    case DialogKind::States:
      if (index == 0) model.set_states(kAllStates);
      else if (index == 1) model.set_states(0);
      else if (i - kStateItemsBefore < std::size(kStates)) model.set_states(m.settings.states ^ bit(kStates[i - kStateItemsBefore]));
      break;
    case DialogKind::Columns: {
      const auto order = column_order(m);
      if (i >= order.size()) break;
      std::vector<std::size_t> visible = m.visible;
      auto it = std::find(visible.begin(), visible.end(), order[i]);
      if (it == visible.end()) visible.push_back(order[i]);
      else if (visible.size() > 1) visible.erase(it);  // one column always stays
      model.set_columns(std::move(visible));
      s.first_column = std::min(s.first_column, m.visible.size() - 1);
      break;
    }
    case DialogKind::SortColumn:
      if (i < m.visible.size()) {
        model.sort_by(m.visible[i], m.sort_column == m.visible[i] ? !m.sort_descending : false);
      }
      break;
    default: break;
  }
}

int chooser_move(const ViewState& s, view::LiveModel& model, int index, int direction) {
  if (s.dialog.kind != DialogKind::Columns || index < 0) return index;
  std::vector<std::size_t> visible = model.state().visible;
  const auto i = static_cast<std::size_t>(index);
  if (i >= visible.size()) return index;  // hidden columns have no place yet
  const long to = static_cast<long>(i) + direction;
  if (to < 0 || to >= static_cast<long>(visible.size())) return index;
  std::swap(visible[i], visible[static_cast<std::size_t>(to)]);
  model.set_columns(std::move(visible));
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
