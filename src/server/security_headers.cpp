// The security headers of every answer (see security_headers.h).
#include "server/security_headers.h"

namespace evp::server {

void apply_security_headers(boost::beast::http::fields& fields) {
  namespace http = boost::beast::http;
  // Beast 1.74 knows no field codes for the first three.
  fields.set("Content-Security-Policy", boost::beast::string_view(kContentSecurityPolicy.data(),
                                                                  kContentSecurityPolicy.size()));
  fields.set("X-Content-Type-Options", "nosniff");
  fields.set("Referrer-Policy", "no-referrer");
  fields.set(http::field::x_frame_options, "DENY");
}

}  // namespace evp::server
