// The desktop window's table model: the live model's rows as a QAbstractTableModel, text made on demand.
#pragma once

#include <QAbstractTableModel>
#include <QColor>
#include <QPalette>
#include <cstdint>
#include <vector>

#include "view/live_model.hpp"

namespace sockscope::gui {

// The highlight's background: the palette's base blended towards green (new), yellow (state
// changed) or red (closed), so the colours read on light and dark desktops alike; nullopt for alive.
std::optional<QColor> highlight_background(RowStatus status, const QPalette& palette);

// One column per catalog column (hidden or not: the header hides them), one row per shown row.
// No QObject nor string per row: data() formats the cell from the live model when asked.
class EndpointTable final : public QAbstractTableModel {
 public:
  explicit EndpointTable(view::LiveModel& model, QObject* parent = nullptr);

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
  // A header click: the live model sorts, the rows move in place.
  void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

  // After anything changed the live model's rows (a new table, filter, toggles, sort): tells the
  // views in place, so selection, current row and scroll stay on the same endpoints.
  void rows_changed();

  // The row id at a table row (0 when out of range).
  std::uint64_t row_id(int row) const;
  int row_of(std::uint64_t id) const;  // -1 when not shown
  view::LiveModel& model() { return model_; }
  const view::LiveModel& model() const { return model_; }
  void set_palette(const QPalette& palette) { palette_ = palette; }

 private:
  view::LiveModel& model_;
  std::vector<std::uint64_t> ids_;  // the row ids as the views last saw them, in order
  QPalette palette_;
};

}  // namespace sockscope::gui
