// The terminal's clipboard: OSC 52 asks the terminal emulator to take the text.
#pragma once

#include <string>
#include <string_view>

namespace sockscope::tui {

// ESC ] 52 ; c ; base64(text) BEL: asks the terminal to put `text` on the clipboard.
std::string osc52_sequence(std::string_view text);

}  // namespace sockscope::tui
