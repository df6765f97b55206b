#pragma once
// The registry of problem types: each ProblemType has one URI, title and explanation. A problem's
// `type` is that URI; GET /problems/<name> answers the explanation (GET /problems lists them all).
#include <span>
#include <string>
#include <string_view>

#include "domain/core/error.hpp"

namespace incommon::http {

struct ProblemTypeInfo {
  ProblemType type;
  std::string_view name;         // the last segment of the URI: "event-full"
  std::string_view title;        // the same for every occurrence (RFC 9457 3.1.4)
  std::string_view explanation;  // what it means and what a client can do
};

std::span<const ProblemTypeInfo> problem_types();
const ProblemTypeInfo& info_of(ProblemType type);
const ProblemTypeInfo* find_problem_type(std::string_view name);
// "/problems/event-full"
std::string type_uri(ProblemType type);

}  // namespace incommon::http
