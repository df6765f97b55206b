// Consultation responses: public submissions while open (staff enter late and paper ones),
// the published comments, reports from the public, moderation, and the summary.
#include "domain/consultation/response.hpp"
#include "persistence/database.hpp"
#include "server/app.hpp"
#include "server/handlers/common.hpp"
#include "server/handlers/events.hpp"

namespace incommon::http {

namespace {

json response_json(const ConsultationResponse& x) {
  return with_meta(x.meta, {{"consultation_id", x.consultation_id},
                            {"position", to_string(x.position)},
                            {"respondent_type", to_string(x.respondent_type)},
                            {"channel", to_string(x.channel)},
                            {"comments_on_proposal", opt(x.comments_on_proposal)},
                            {"comments_on_current_operation", opt(x.comments_on_current_operation)},
                            {"comments_on_future_commissioning", opt(x.comments_on_future_commissioning)},
                            {"consent_to_publish", x.consent_to_publish},
                            {"received_on", x.received_on.to_string()},
                            {"entered_by_staff", x.entered_by_staff},
                            {"moderation", to_string(x.moderation)},
                            {"moderation_note", opt(x.moderation_note)}});
}

// What webhooks are told of a response: never what a member of the public wrote, nor anything
// that could say who they are.
json announced_response_json(const ConsultationResponse& x) {
  return {{"id", x.meta.id},
          {"consultation_id", x.consultation_id},
          {"position", to_string(x.position)},
          {"respondent_type", to_string(x.respondent_type)},
          {"channel", to_string(x.channel)},
          {"received_on", x.received_on.to_string()},
          {"entered_by_staff", x.entered_by_staff},
          {"moderation", to_string(x.moderation)},
          {"created_at", x.meta.created_at}};
}

// comment.hidden: `by` is "reports" (three clients' reports), or "moderator".
void announce_hidden(db::Store& store, const std::string& id, const char* by) {
  announce(store, "comment.hidden", "response", id, [&] {
    auto r = store.responses().find(id);
    json out = r ? announced_response_json(*r) : json{{"id", id}};
    out["hidden_by"] = by;
    return out;
  });
}

// A published comment as the public sees it.
json comment_json(const ConsultationResponse& x) {
  return {{"id", x.meta.id},
          {"position", to_string(x.position)},
          {"respondent_type", to_string(x.respondent_type)},
          {"comments_on_proposal", opt(x.comments_on_proposal)},
          {"comments_on_current_operation", opt(x.comments_on_current_operation)},
          {"comments_on_future_commissioning", opt(x.comments_on_future_commissioning)},
          {"received_on", x.received_on.to_string()},
          {"created_at", x.meta.created_at}};
}

Answer submit(RequestContext& ctx) {
  auto consultation_id = ctx.require_id("consultation");
  if (!consultation_id) return fail(consultation_id.error());
  const bool staff = ctx.staff;
  auto body = parse_json_object(ctx.request);
  if (!body) return fail(body.error());
  // received_on and channel are for staff entering a response on someone's behalf: anyone else
  // is told so (and no personal field exists to send at all).
  FieldReader r(*body);
  if (!staff)
    for (const char* key : {"channel", "received_on"})
      if (body->contains(key)) {
        r.take(key);
        r.malformed(key, std::string(key) +
                             " is for engagement staff entering a postal, email or telephone response on someone's "
                             "behalf (with their token); a response sent here online needs neither");
      }
  ConsultationResponse x;
  x.consultation_id = *consultation_id;
  x.position = r.required_enum<ResponsePosition>("position", ResponsePosition::no_view);
  x.respondent_type = r.required_enum<RespondentType>("respondent_type", RespondentType::other);
  x.comments_on_proposal = r.optional_text("comments_on_proposal");
  x.comments_on_current_operation = r.optional_text("comments_on_current_operation");
  x.comments_on_future_commissioning = r.optional_text("comments_on_future_commissioning");
  x.consent_to_publish = r.optional_boolean("consent_to_publish").value_or(false);
  const Date today = Date::today_utc();
  x.received_on = today;
  x.channel = ResponseChannel::online;
  if (staff) {
    x.received_on = r.optional_date("received_on").value_or(today);
    x.channel = r.optional_enum<ResponseChannel>("channel").value_or(ResponseChannel::online);
  }
  if (auto ok = r.finish(); !ok) return fail(ok.error());
  return ctx.write([&](db::Store& store) -> Result<HttpResponse> {
    auto submitted = submit_response(store.responses(), store.consultations(), x, staff, today);
    if (submitted)
      announce(store, "consultation.response_received", "response", submitted->meta.id,
               [&] { return announced_response_json(*submitted); });
    return map(submitted, [](const ConsultationResponse& saved) {
      return created_record(response_json(saved), saved.meta, "responses");
    });
  });
}

bool consultation_exists(db::Store& s, const std::string& id) {
  return s.consultations().find(id).has_value();
}

Answer list(RequestContext& ctx, bool public_comments) {
  if (public_comments)
    return child_list(
        ctx, "consultation", consultation_exists,
        [](db::Store& s, const std::string& id, const PageRequest& page) { return s.responses().comments(id, page); },
        comment_json);
  QueryReader q(ctx.request, {"moderation"}, true);
  ResponseFilter f;
  f.moderation = q.one_of<Moderation>("moderation");
  auto page = q.page();
  if (auto ok = q.finish(); !ok) return fail(ok.error());
  auto id = ctx.require_id("consultation");
  if (!id) return fail(id.error());
  return ctx.read([&](db::Store& store) -> Result<HttpResponse> {
    if (!consultation_exists(store, *id)) return fail(not_found("consultation", *id));
    return json_response(200, page_json(store.responses().list(*id, f, page), response_json));
  });
}

Answer report(RequestContext& ctx) {
  auto id = ctx.require_id("comment");
  if (!id) return fail(id.error());
  auto body = read_action_body(ctx, {"reason"});
  if (!body) return fail(body.error());
  FieldReader r(*body);
  const std::string reason = r.optional_text("reason").value_or("");
  // A moderator's report hides a comment at once; anyone else's is one client's report.
  const Reporter reporter{ctx.client_key, ctx.staff};
  return ctx.write([&](db::Store& store) -> Result<HttpResponse> {
    auto hidden = report_comment(store.responses(), *id, reason, reporter);
    if (hidden && *hidden) announce_hidden(store, *id, reporter.staff ? "moderator" : "reports");
    return map(hidden, [](bool) { return json_response(202, {{"received", true}}); });
  });
}

Answer moderation(RequestContext& ctx) {
  auto id = ctx.require_id("response");
  if (!id) return fail(id.error());
  auto body = parse_json_object(ctx.request);
  if (!body) return fail(body.error());
  FieldReader r(*body);
  auto decision = r.required_enum<ModerationDecision>("decision", ModerationDecision::remove);
  auto note = r.optional_text("note");
  if (auto ok = r.finish(); !ok) return fail(ok.error());
  auto expected = ctx.if_match();  // a change of state: 428 without it
  if (!expected) return fail(expected.error());
  return ctx.write([&](db::Store& store) -> Result<HttpResponse> {
    auto before = store.responses().find(*id);
    auto moderated = moderate(store.responses(), *id, *expected, decision, note);
    if (moderated && before && before->moderation != Moderation::removed &&
        moderated->moderation == Moderation::removed)
      announce_hidden(store, *id, "moderator");
    return map(moderated, [](const ConsultationResponse& x) { return ok_record(response_json(x), x.meta); });
  });
}

json counts_json(const std::map<std::string, Count>& counts) {
  json out = json::object();
  for (const auto& [k, c] : counts) out[k] = {{"count", c.count}, {"percent", c.percent}};
  return out;
}

Answer summary(RequestContext& ctx) {
  auto as_of = as_of_param(ctx);
  if (!as_of) return fail(as_of.error());
  auto id = ctx.require_id("consultation");
  if (!id) return fail(id.error());
  return ctx.read([&](db::Store& store) -> Result<HttpResponse> {
    return map(summarise(store.responses(), store.consultations(), *id, *as_of), [&](const ConsultationSummary& s) {
      json cross = json::object();
      for (const auto& [p, row] : s.by_position_and_respondent_type) cross[p] = counts_json(row);
      return json_response(200, {{"consultation_id", *id},
                                 {"as_of", as_of->to_string()},
                                 {"total", s.total},
                                 {"by_position", counts_json(s.by_position)},
                                 {"by_respondent_type", counts_json(s.by_respondent_type)},
                                 {"by_channel", counts_json(s.by_channel)},
                                 {"by_position_and_respondent_type", cross}});
    });
  });
}

}  // namespace

void add_response_routes(Router& router) {
  router.add({"POST", "/api/v1/consultations/{id}/responses", Access::open(WriteArea::staff_responses), submit, true});
  router.add({"GET", "/api/v1/consultations/{id}/responses", Access::read(),
              [](RequestContext& ctx) { return list(ctx, false); }});
  router.add({"GET", "/api/v1/consultations/{id}/comments", Access::open(),
              [](RequestContext& ctx) { return list(ctx, true); }});
  router.add({"GET", "/api/v1/consultations/{id}/summary", Access::read(), summary});
  router.add({"GET", "/api/v1/responses/{id}", Access::read(), [](RequestContext& ctx) {
                return get_record(
                    ctx, "response", [](db::Store& s, const std::string& id) { return s.responses().find(id); },
                    response_json);
              }});
  router.add({"GET", "/api/v1/responses/{id}/history", Access::read(),
              [](RequestContext& ctx) { return history(ctx, "consultation_responses"); }});
  router.add({"POST", "/api/v1/responses/{id}/reports", Access::open(WriteArea::moderation), report});
  router.add({"POST", "/api/v1/responses/{id}/moderation", Access::write(WriteArea::moderation), moderation});
}

}  // namespace incommon::http
