#include "domain/consultation/response.hpp"

#include <algorithm>
#include <cmath>

#include "domain/core/text.hpp"

namespace incommon {

Status validate(const ConsultationResponse& r) {
  Violations v;
  for (auto [name, text] : {std::pair{"comments_on_proposal", &r.comments_on_proposal},
                            std::pair{"comments_on_current_operation", &r.comments_on_current_operation},
                            std::pair{"comments_on_future_commissioning", &r.comments_on_future_commissioning}})
    if (*text) check_length(v, name, **text, 10000);
  return v.result();
}

bool has_comments(const ConsultationResponse& r) {
  for (const auto* text :
       {&r.comments_on_proposal, &r.comments_on_current_operation, &r.comments_on_future_commissioning})
    if (*text && text->value().find_first_not_of(" \t\r\n") != std::string::npos) return true;
  return false;
}

bool is_public_comment(const ConsultationResponse& r) {
  return r.consent_to_publish && r.moderation == Moderation::published && has_comments(r);
}

std::map<std::string, Count> with_percentages(const std::map<std::string, std::int64_t>& counts) {
  std::map<std::string, Count> out;
  std::int64_t total = 0;
  for (const auto& [k, n] : counts) total += n;
  for (const auto& [k, n] : counts) out[k].count = n;
  if (total == 0) return out;
  // Tenths of a percent: floor each, then give the remaining tenths to the largest remainders.
  std::vector<std::pair<std::int64_t, std::string>> remainders;
  std::int64_t given = 0;
  for (const auto& [k, n] : counts) {
    const std::int64_t tenths = n * 1000 / total;
    out[k].percent = static_cast<double>(tenths) / 10.0;
    given += tenths;
    remainders.push_back({n * 1000 % total, k});
  }
  std::stable_sort(remainders.begin(), remainders.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  for (std::size_t i = 0; given < 1000 && i < remainders.size(); ++i, ++given)
    out[remainders[i].second].percent = std::round(out[remainders[i].second].percent * 10.0 + 1.0) / 10.0;
  return out;
}

Result<ConsultationResponse> submit_response(ResponseRepository& responses, ConsultationRepository& consultations,
                                             ConsultationResponse r, bool by_staff, const Date& today) {
  if (auto ok = validate(r); !ok) return fail(ok.error());
  auto c = consultations.find(r.consultation_id);
  if (!c) return fail(Error::not_found("No consultation has id " + r.consultation_id + "."));
  const auto state = state_on(*c, today);
  if (!by_staff && state != ConsultationState::open)
    return fail(Error::rule("consultation_id", "the consultation is " + std::string(to_string(state)) + " (open " +
                                                   c->opens_on.to_string() + " to " + c->closes_on.to_string() + ")"));
  if (r.received_on < c->opens_on)
    return fail(
        Error::rule("received_on", "received_on is before the consultation opened on " + c->opens_on.to_string()));
  if (today < r.received_on) return fail(Error::rule("received_on", "received_on cannot be in the future"));
  r.entered_by_staff = by_staff;
  r.moderation = Moderation::published;
  return responses.insert(r);
}

Result<bool> report_comment(ResponseRepository& responses, const std::string& id, const std::string& reason,
                            const Reporter& reporter) {
  Violations v;
  check_length(v, "reason", reason, 2000);
  if (auto ok = v.result(); !ok) return fail(ok.error());
  auto r = responses.find_for_update(id);
  // Only what the public can see can be reported.
  if (!r || !is_public_comment(*r)) return fail(Error::not_found("No published comment has id " + id + "."));
  const int reports = responses.add_report(*r, reporter, reason);
  if (!reporter.staff && reports < kPublicReportsToHide) return false;
  r->moderation = Moderation::pending;
  if (auto saved = responses.save_as(*r, "hide"); !saved) return fail(saved.error());
  return true;
}

Result<ConsultationResponse> moderate(ResponseRepository& responses, const std::string& id,
                                      std::optional<std::int64_t> expected_version, ModerationDecision decision,
                                      const std::optional<std::string>& note) {
  Violations v;
  if (note) check_length(v, "note", *note, 2000);
  if (auto ok = v.result(); !ok) return fail(ok.error());
  auto r = responses.find_for_update(id);
  if (!r) return fail(Error::not_found("No response has id " + id + "."));
  if (auto ok = check_version(*r, expected_version); !ok) return fail(ok.error());
  r->moderation = decision == ModerationDecision::publish ? Moderation::published : Moderation::removed;
  r->moderation_note = note;
  ++r->moderation_round;  // earlier reports have been answered
  return responses.save_as(*r, "moderate");
}

Result<ConsultationSummary> summarise(ResponseRepository& responses, ConsultationRepository& consultations,
                                      const std::string& consultation_id, const Date& as_of) {
  if (!consultations.find(consultation_id))
    return fail(Error::not_found("No consultation has id " + consultation_id + "."));
  std::map<std::string, std::int64_t> position, type, channel;
  std::map<std::string, std::map<std::string, std::int64_t>> cross;
  for (const auto& [p, _] : EnumNames<ResponsePosition>::table) {
    position[std::string(_)] = 0;
    for (const auto& [t, name] : EnumNames<RespondentType>::table) cross[std::string(_)][std::string(name)] = 0;
  }
  for (const auto& [t, name] : EnumNames<RespondentType>::table) type[std::string(name)] = 0;
  for (const auto& [c, name] : EnumNames<ResponseChannel>::table) channel[std::string(name)] = 0;
  ConsultationSummary s;
  for (const auto& [key, n] : responses.counts(consultation_id, as_of)) {
    position[key[0]] += n;
    type[key[1]] += n;
    channel[key[2]] += n;
    cross[key[0]][key[1]] += n;
    s.total += n;
  }
  s.by_position = with_percentages(position);
  s.by_respondent_type = with_percentages(type);
  s.by_channel = with_percentages(channel);
  for (const auto& [p, row] : cross) s.by_position_and_respondent_type[p] = with_percentages(row);
  return s;
}

}  // namespace incommon
