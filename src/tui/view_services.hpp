// What the terminal client asks of the outside world: the model's services and the clipboard.
#pragma once

#include <functional>
#include <string_view>

#include "view/model_services.hpp"

namespace sockscope::tui {

struct ViewServices : view::ModelServices {
  // Puts text on the clipboard (the terminal: OSC 52).
  std::function<void(std::string_view)> copy_to_clipboard;
};

}  // namespace sockscope::tui
