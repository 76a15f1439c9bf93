// Numeric address text without inet_ntop's sprintf: the presenters' hottest path at 100k rows.
#pragma once

#include <string>

#include "model/endpoint.hpp"

namespace sockscope {

// Exactly inet_ntop's text (lower-case hex, longest zero run as "::", "::ffff:a.b.c.d" and the
// "::a.b.c.d" compatible form as glibc writes them), without any scope suffix.
void append_ip_text(std::string& out, const IpAddress& a);

}  // namespace sockscope
