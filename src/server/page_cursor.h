// Opaque page cursors: a keyset position (a small JSON array, e.g. ["p", "model", 41, 0]) as
// base64url text. The server reads back only what it wrote: anything else is a 400.
#pragma once

#include <string>

#include "base/json.h"

namespace evp::server {

std::string encode_cursor(const Json& position);
// The position inside `cursor`; ApiError 400 "cursor: not a cursor of this list" when the text
// is not one, or its first element is not `kind` (a cursor from another list or sort).
Json decode_cursor(const std::string& cursor, const std::string& kind);

}  // namespace evp::server
