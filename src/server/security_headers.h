// The headers every answer of `evp ui` carries (docs/api.md "Security"): a strict Content
// Security Policy, nosniff, no referrer, and no framing.
#pragma once

#include <boost/beast/http/fields.hpp>
#include <string_view>

namespace evp::server {

inline constexpr std::string_view kContentSecurityPolicy =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'none'";

// Sets Content-Security-Policy, X-Content-Type-Options, Referrer-Policy and X-Frame-Options,
// replacing any earlier value.
void apply_security_headers(boost::beast::http::fields& fields);

}  // namespace evp::server
