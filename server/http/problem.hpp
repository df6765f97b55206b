#pragma once
// application/problem+json (RFC 9457) for every error, from one mapping of ErrorKind.
#include "domain/core/error.hpp"
#include "server/http/message.hpp"

namespace incommon::http {

int status_of(ErrorKind kind);
HttpResponse problem(int status, std::string detail, const std::vector<FieldError>& errors = {});
// Internal errors never show their detail: the caller logs it.
HttpResponse problem(const Error& error);

}  // namespace incommon::http
