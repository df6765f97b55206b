#include "server/http/problem_types.hpp"

#include <array>

namespace incommon::http {

namespace {

using enum ProblemType;

constexpr std::array kTypes = {
    ProblemTypeInfo{invalid_request, "invalid-request", "The request is not of the contract's shape",
                    "Malformed JSON, an unknown or mistyped field, an unknown query parameter or a bad filter value. "
                    "errors[] names each one: `field` is a JSON Pointer into the body, `parameter` a query parameter "
                    "or header. Correct the request; sending it again unchanged gets the same answer."},
    ProblemTypeInfo{unauthenticated, "unauthenticated", "A token is needed",
                    "The operation needs a bearer token (Authorization: Bearer <token>) and none was sent."},
    ProblemTypeInfo{
        invalid_token, "invalid-token", "The token is not valid",
        "A bearer token was sent but it failed: an API token unknown or revoked, or a person's access token "
        "expired, not yet valid, for another audience, from an untrusted issuer, signed with an unknown key or "
        "a refused algorithm, or with a bad signature. WWW-Authenticate says error=\"invalid_token\" and why "
        "(RFC 6750). Get a new token; sending this one again gets the same answer."},
    ProblemTypeInfo{forbidden, "forbidden", "The token's role may not do this",
                    "The token is valid but its role does not cover this operation (see the role table in the "
                    "contract), or it is a person's whose identity provider gives them no role here. Ask an admin "
                    "for a token of the right role, or your provider's administrator for an incommon app role."},
    ProblemTypeInfo{not_found, "not-found", "No such record",
                    "No record has that id, or a record named in the body does not exist. Lists never answer this."},
    ProblemTypeInfo{method_not_allowed, "method-not-allowed", "Method not allowed on this path",
                    "The path exists but not with this method; the Allow header lists the methods it takes."},
    ProblemTypeInfo{request_timeout, "request-timeout", "The request did not arrive in time",
                    "The server closed a connection whose request was not complete within the read timeout."},
    ProblemTypeInfo{conflict, "conflict", "The change conflicts with stored state",
                    "The change clashes with another record in a way no narrower type names; `detail` says how."},
    ProblemTypeInfo{duplicate, "duplicate", "A value that must be unique is taken",
                    "Another record already has this name, code, email, key, label, number or financial year; "
                    "errors[] names the field. Change the value, or change the existing record instead."},
    ProblemTypeInfo{office_held, "office-held", "Someone else holds the office then",
                    "Another appointment holds this role at one of these organisations on one of these days; "
                    "`conflicting_id` is that appointment. End it first, or choose other dates."},
    ProblemTypeInfo{event_full, "event-full", "The event is fully booked",
                    "No places are left at the event. Bookings are never taken beyond capacity."},
    ProblemTypeInfo{too_few_places, "too-few-places", "Fewer places are left than the party",
                    "Some places are left at the event, but fewer than party_size. `detail` says how many; book for "
                    "fewer people."},
    ProblemTypeInfo{event_not_bookable, "event-not-bookable", "The event takes no bookings",
                    "The event is cancelled or has been held."},
    ProblemTypeInfo{booking_exists, "booking-exists", "This email already has a booking for the event",
                    "One active booking per email and event. To change it, cancel that booking (POST "
                    "/api/v1/bookings/{reference}/cancel with the same email) and book again."},
    ProblemTypeInfo{booking_cancelled, "booking-cancelled", "The booking is already cancelled",
                    "Cancelling twice changes nothing; the places were released the first time."},
    ProblemTypeInfo{capacity_below_bookings, "capacity-below-bookings", "More places are booked than that capacity",
                    "An event's capacity cannot go below the places already booked. Cancel bookings first, or choose "
                    "a larger capacity."},
    ProblemTypeInfo{decision_final, "decision-final", "The decision is past that step",
                    "Only a draft decision changes or is ratified: to change a ratified one, record a new decision "
                    "that supersedes it. A superseded or rescinded decision cannot be rescinded."},
    ProblemTypeInfo{already_superseded, "already-superseded", "That decision is already superseded or rescinded",
                    "A decision is superseded once. `conflicting_id` is the decision named by supersedes_id; "
                    "supersede its successor instead."},
    ProblemTypeInfo{meeting_not_held, "meeting-not-held", "The meeting has not been held",
                    "A decision taken at a meeting is ratified once that meeting is recorded as held (PATCH its "
                    "status to held). `conflicting_id` is the meeting."},
    ProblemTypeInfo{vote_not_open, "vote-not-open", "The vote is closed or withdrawn",
                    "A vote is closed or withdrawn once; after that its result stands."},
    ProblemTypeInfo{programme_closed, "programme-closed", "The programme is complete or abandoned",
                    "Its milestones, risks and financial positions do not change until the programme is reopened "
                    "(PATCH it with status active and closed_on null)."},
    ProblemTypeInfo{sum_too_large, "sum-too-large", "The amounts add up beyond what can be held",
                    "The financial positions summed for this answer exceed 64 bits of pence. Correct the positions."},
    ProblemTypeInfo{stale_version, "stale-version", "The record has changed since it was read",
                    "If-Match named a version that is no longer current. `current_version` is the version now: read "
                    "the record again, reapply the change and send it with that version."},
    ProblemTypeInfo{body_too_large, "body-too-large", "The body is over the limit",
                    "Request bodies are at most 1 MiB unless the server is configured otherwise."},
    ProblemTypeInfo{uri_too_long, "uri-too-long", "The request target is over the limit",
                    "The path and query together are too long; send fewer ids per request."},
    ProblemTypeInfo{unsupported_media_type, "unsupported-media-type", "The body is not JSON",
                    "Send the body as application/json (or application/merge-patch+json for a PATCH)."},
    ProblemTypeInfo{rule_broken, "rule-broken", "The request breaks a rule",
                    "The request is well formed but breaks one or more rules; errors[] names each field (a JSON "
                    "Pointer) with the rule in words. Nothing was written."},
    ProblemTypeInfo{cycle, "cycle", "The change would make a cycle",
                    "A parent or dependency would lead back to the record itself; `detail` names the path."},
    ProblemTypeInfo{version_required, "version-required", "If-Match is required",
                    "This change needs If-Match with the version read (its ETag), so that it cannot overwrite a "
                    "change made since. `If-Match: *` says the change applies to any version."},
    ProblemTypeInfo{rate_limited, "rate-limited", "Too many requests",
                    "Too many public writes from this client this minute. Try again after Retry-After seconds."},
    ProblemTypeInfo{headers_too_large, "headers-too-large", "The header section is over the limit",
                    "The request's headers are too large to read."},
    ProblemTypeInfo{internal_error, "internal-error", "Internal error",
                    "Something failed inside. It is logged with the request id (X-Request-Id); nothing is said "
                    "about it here."},
    ProblemTypeInfo{unavailable, "unavailable", "The service is unavailable",
                    "The database is unavailable or busy, or the server is shutting down. Try again after "
                    "Retry-After seconds; writes that answered this were not made."},
};

constexpr bool registry_in_enum_order() {
  for (std::size_t i = 0; i < kTypes.size(); ++i)
    if (static_cast<std::size_t>(kTypes[i].type) != i) return false;
  return kTypes.back().type == ProblemType::unavailable;
}
static_assert(registry_in_enum_order(), "kTypes lists every ProblemType once, in declaration order");

}  // namespace

std::span<const ProblemTypeInfo> problem_types() {
  return kTypes;
}

const ProblemTypeInfo& info_of(ProblemType type) {
  return kTypes[static_cast<std::size_t>(type)];
}

const ProblemTypeInfo* find_problem_type(std::string_view name) {
  for (const auto& t : kTypes)
    if (t.name == name) return &t;
  return nullptr;
}

std::string type_uri(ProblemType type) {
  return "/problems/" + std::string(info_of(type).name);
}

}  // namespace incommon::http
