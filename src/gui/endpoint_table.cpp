// EndpointTable: cells formatted on demand; a refresh told to the views as moves, not a reset.
#include "gui/endpoint_table.hpp"

#include <unordered_map>

namespace sockscope::gui {

namespace {

QColor blend(const QColor& base, const QColor& hue, double amount) {
  auto mix = [&](int a, int b) { return static_cast<int>(a * (1 - amount) + b * amount + 0.5); };
  return QColor(mix(base.red(), hue.red()), mix(base.green(), hue.green()), mix(base.blue(), hue.blue()));
}

}  // namespace

std::optional<QColor> highlight_background(RowStatus status, const QPalette& palette) {
  const QColor base = palette.color(QPalette::Base);
  switch (status) {
    case RowStatus::New: return blend(base, QColor(0, 180, 0), 0.45);
    case RowStatus::StateChanged: return blend(base, QColor(235, 200, 0), 0.45);
    case RowStatus::Closed: return blend(base, QColor(220, 0, 0), 0.45);
    case RowStatus::Alive: break;
  }
  return std::nullopt;
}

EndpointTable::EndpointTable(view::LiveModel& model, QObject* parent) : QAbstractTableModel(parent), model_(model) {
  rows_changed();
}

int EndpointTable::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(ids_.size());
}

int EndpointTable::columnCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(model_.state().catalog.size());
}

QVariant EndpointTable::data(const QModelIndex& index, int role) const {
  if (!index.isValid()) return {};
  const auto row = static_cast<std::size_t>(index.row());
  const auto col = static_cast<std::size_t>(index.column());
  // Between the two halves of rows_changed() the views may know more rows than the model has.
  if (row >= model_.row_count() || col >= model_.state().catalog.size()) return {};
  const view::ViewColumn& c = model_.state().catalog[col];
  switch (role) {
    case Qt::DisplayRole:
    case Qt::ToolTipRole: {
      std::string text;
      view::append_cell_text(text, c, *model_.row(row).row, model_.cell_context());
      return QString::fromStdString(text);
    }
    case Qt::TextAlignmentRole:
      return QVariant::fromValue(Qt::Alignment((c.align == Align::Right ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignVCenter));
    case Qt::BackgroundRole:
      if (auto colour = highlight_background(model_.row(row).highlight, palette_)) return *colour;
      return {};
    default: return {};
  }
}

QVariant EndpointTable::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || section < 0 || static_cast<std::size_t>(section) >= model_.state().catalog.size()) {
    return {};
  }
  const view::ViewColumn& c = model_.state().catalog[static_cast<std::size_t>(section)];
  if (role == Qt::DisplayRole) return QString::fromUtf8(c.title.data(), static_cast<qsizetype>(c.title.size()));
  if (role == Qt::TextAlignmentRole) {
    return QVariant::fromValue(Qt::Alignment((c.align == Align::Right ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignVCenter));
  }
  return {};
}

void EndpointTable::sort(int column, Qt::SortOrder order) {
  if (column < 0) return;
  model_.sort_by(static_cast<std::size_t>(column), order == Qt::DescendingOrder);
  rows_changed();
}

std::uint64_t EndpointTable::row_id(int row) const {
  return row >= 0 && static_cast<std::size_t>(row) < ids_.size() ? ids_[static_cast<std::size_t>(row)] : 0;
}

int EndpointTable::row_of(std::uint64_t id) const {
  for (std::size_t k = 0; k < ids_.size(); ++k) {
    if (ids_[k] == id) return static_cast<int>(k);
  }
  return -1;
}

// Rows that arrive are first added at the end, then every row is moved to its place (persistent
// indexes follow their endpoint: selection and current row stay), then rows left over at the end
// go. Views then repaint only what they show: no reset, no per-row signal.
void EndpointTable::rows_changed() {
  const auto& order = model_.state().order;
  const auto& rows = model_.table().rows;
  std::vector<std::uint64_t> fresh;
  fresh.reserve(order.size());
  for (std::size_t i : order) fresh.push_back(rows[i].id);

  const std::size_t before = ids_.size();
  if (fresh.size() > before) {
    beginInsertRows({}, static_cast<int>(before), static_cast<int>(fresh.size()) - 1);
    ids_.resize(fresh.size(), 0);  // id 0 is never a row's: these follow nothing below
    endInsertRows();
  }

  Q_EMIT layoutAboutToBeChanged({}, QAbstractItemModel::NoLayoutChangeHint);
  const QModelIndexList from = persistentIndexList();
  std::vector<std::uint64_t> followed;  // the endpoint under each persistent index
  followed.reserve(static_cast<std::size_t>(from.size()));
  std::unordered_map<std::uint64_t, int> where;
  for (const QModelIndex& i : from) {
    followed.push_back(row_id(i.row()));
    if (followed.back() != 0) where.emplace(followed.back(), -1);
  }
  if (!where.empty()) {
    for (std::size_t k = 0; k < fresh.size(); ++k) {
      if (auto it = where.find(fresh[k]); it != where.end()) it->second = static_cast<int>(k);
    }
  }
  const std::size_t counted = ids_.size();
  ids_ = std::move(fresh);
  const std::size_t now = ids_.size();
  ids_.resize(std::max(counted, now), 0);  // the views still count the old rows until removed below
  QModelIndexList to;
  to.reserve(from.size());
  for (qsizetype k = 0; k < from.size(); ++k) {
    const auto it = where.find(followed[static_cast<std::size_t>(k)]);
    const int pos = it == where.end() ? -1 : it->second;
    to.push_back(pos < 0 ? QModelIndex() : index(pos, from[k].column()));
  }
  changePersistentIndexList(from, to);
  Q_EMIT layoutChanged({}, QAbstractItemModel::NoLayoutChangeHint);

  if (now < ids_.size()) {
    beginRemoveRows({}, static_cast<int>(now), static_cast<int>(ids_.size()) - 1);
    ids_.resize(now);
    endRemoveRows();
  }
  if (!ids_.empty()) Q_EMIT dataChanged(index(0, 0), index(static_cast<int>(ids_.size()) - 1, columnCount() - 1));
}

}  // namespace sockscope::gui
