// Whether any process on the host matches a selector, including processes that hold no sockets.
#pragma once

#include <string>

#include "model/process_selector.hpp"

namespace sockscope {

bool process_exists(const ProcessSelector& selector, const std::string& proc_root = "/proc");

}  // namespace sockscope
