#pragma once
// application/problem+json (RFC 9457) for every error, from one mapping of ErrorKind. The server
// has one error currency, Error (domain/core/error.hpp): every helper returns Result<T>, every
// handler returns Result<HttpResponse>, and only here does an Error become a response.
#include "domain/core/error.hpp"
#include "server/http/message.hpp"

namespace incommon::http {

int status_of(ErrorKind kind);
// The problem response for `error`. Internal errors never show their detail: the caller logs it
// (error_response in server/http/context.hpp does both).
HttpResponse problem(const Error& error);

}  // namespace incommon::http
