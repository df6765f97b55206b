// /api/v1/decisions: the register of decisions taken, alone or "in common", with per-body
// outcomes, ratification, supersession, rescission, full-text search and a CSV export.
#include <map>

#include "domain/decisions/decision.hpp"
#include "domain/organisations/organisation.hpp"
#include "persistence/database.hpp"
#include "server/app.hpp"
#include "server/handlers/common.hpp"
#include "server/handlers/events.hpp"
#include "server/http/csv.hpp"

namespace incommon::http {

namespace {

// Fields the server keeps: refused on create, and on change compared with what is stored.
const std::set<std::string> kOwned{"id",          "version",          "created_at",       "updated_at",
                                   "reference",   "status",           "superseded_by_id", "overall",
                                   "ratified_at", "rescinded_reason", "organisation_ids"};

json outcome_json(const Outcome& o) {
  return {{"organisation_id", o.organisation_id},
          {"outcome", to_string(o.outcome)},
          {"votes_for", opt(o.votes_for)},
          {"votes_against", opt(o.votes_against)},
          {"votes_abstained", opt(o.votes_abstained)}};
}

json to_json(const Decision& d) {
  json outcomes = json::array();
  for (const auto& o : d.outcomes) outcomes.push_back(outcome_json(o));
  return with_meta(d.meta, {{"reference", d.reference},
                            {"title", d.title},
                            {"summary", opt(d.summary)},
                            {"rationale", opt(d.rationale)},
                            {"meeting_id", opt(d.meeting_id)},
                            {"agenda_item_id", opt(d.agenda_item_id)},
                            {"decided_on", d.decided_on.to_string()},
                            {"status", to_string(d.status)},
                            {"supersedes_id", opt(d.supersedes_id)},
                            {"superseded_by_id", opt(d.superseded_by_id)},
                            {"outcomes", outcomes},
                            {"organisation_ids", d.organisation_ids},
                            {"overall", to_string(d.overall)},
                            {"ratified_at", opt(d.ratified_at)},
                            {"rescinded_reason", opt(d.rescinded_reason)}});
}

// Reads `outcomes`; each element's problems are named "outcomes[i].field".
std::vector<Outcome> read_outcomes(FieldReader& r) {
  std::vector<Outcome> out;
  const json* list = r.take("outcomes");
  if (!list) return out;
  if (!list->is_array()) {
    r.malformed("outcomes", "outcomes must be an array of objects");
    return out;
  }
  for (std::size_t i = 0; i < list->size(); ++i) {
    const std::string at = "outcomes[" + std::to_string(i) + "]";
    if (!(*list)[i].is_object()) {
      r.malformed(at, "each outcome must be an object");
      continue;
    }
    FieldReader e((*list)[i], {});
    Outcome o;
    o.organisation_id = e.required_uuid("organisation_id").value_or("");
    o.outcome = e.required_enum<BodyOutcome>("outcome", BodyOutcome::deferred);
    o.votes_for = e.optional_integer("votes_for");
    o.votes_against = e.optional_integer("votes_against");
    o.votes_abstained = e.optional_integer("votes_abstained");
    if (auto ok = e.finish(); !ok) {
      for (const auto& f : ok.error().errors) {
        if (ok.error().kind == ErrorKind::malformed)
          r.malformed(at + "." + f.field, f.message);
        else
          r.rule(at + "." + f.field, f.message);
      }
      continue;
    }
    out.push_back(o);
  }
  return out;
}

Result<Decision> from_json(const json& body, bool merged) {
  FieldReader r(body, kOwned, merged);
  Decision d;
  d.title = r.text("title");
  d.summary = r.optional_text("summary");
  d.rationale = r.optional_text("rationale");
  d.meeting_id = r.optional_uuid("meeting_id");
  d.agenda_item_id = r.optional_uuid("agenda_item_id");
  d.decided_on = r.required_date("decided_on").value_or(Date());
  d.supersedes_id = r.optional_uuid("supersedes_id");
  d.outcomes = read_outcomes(r);
  if (auto ok = r.finish(); !ok) return fail(ok.error());
  if (merged) {
    // What the server keeps comes from the stored record; a patch that changes it is refused by the rules.
    d.reference = r.owned_text("reference");
    d.status = parse_enum<DecisionStatus>(r.owned_text("status")).value_or(DecisionStatus::superseded);
  }
  return d;
}

Answer register_csv(RequestContext& ctx, const DecisionFilter& f) {
  return ctx.read([&](db::Store& store) -> Result<HttpResponse> {
    std::map<std::string, std::string> names;
    auto name_of = [&](const std::string& id) {
      auto it = names.find(id);
      if (it != names.end()) return it->second;
      auto org = store.organisations().find(id);
      return names[id] = org ? org->name : id;
    };
    std::string out =
        "reference,title,status,overall,decided_on,meeting_id,agenda_item_id,outcomes,summary,rationale,supersedes_id,"
        "superseded_by_id,ratified_at\r\n";
    const auto visit = [&](const Decision& stored) {
      const Decision d = f.as_of ? decision_as_of(stored, *f.as_of) : stored;
      std::string outcomes;
      for (const auto& o : d.outcomes) {
        if (!outcomes.empty()) outcomes += "; ";
        outcomes += name_of(o.organisation_id);
        outcomes += ": ";
        outcomes += to_string(o.outcome);
      }
      const std::vector<std::string> fields = {d.reference,
                                               d.title,
                                               std::string(to_string(d.status)),
                                               std::string(to_string(d.overall)),
                                               d.decided_on.to_string(),
                                               d.meeting_id.value_or(""),
                                               d.agenda_item_id.value_or(""),
                                               outcomes,
                                               d.summary.value_or(""),
                                               d.rationale.value_or(""),
                                               d.supersedes_id.value_or(""),
                                               d.superseded_by_id.value_or(""),
                                               d.ratified_at.value_or("")};
      out += csv_row(fields);
    };
    for_each_page([&](const PageRequest& page) { return store.decisions().list(f, page); }, visit, 200,
                  50);  // at most 10,000 rows
    return csv_response(std::move(out), "decisions.csv");
  });
}

Answer list(RequestContext& ctx) {
  QueryReader q(ctx.request,
                {"as_recorded", "organisation_id", "meeting_id", "status", "overall", "decided_from", "decided_to", "q",
                 "ids", "programme_id", "as_of"},
                true);
  DecisionFilter f;
  f.organisation_id = q.uuid("organisation_id");
  f.meeting_id = q.uuid("meeting_id");
  f.status = q.one_of<DecisionStatus>("status");
  f.overall = q.one_of<Overall>("overall");
  f.decided_from = q.date("decided_from");
  f.decided_to = q.date("decided_to");
  f.text = q.text("q");
  f.ids = q.uuid_list("ids").value_or(std::vector<std::string>{});
  f.programme_id = q.uuid("programme_id");
  const auto recorded_on = read_as_recorded(ctx, q);
  f.as_of = q.date("as_of").or_else([&] { return recorded_on; });
  auto page = q.page();
  if (auto ok = q.finish(); !ok) return fail(ok.error());
  if (accepts(ctx, "text/csv")) return register_csv(ctx, f);
  return ctx.read([&](db::Store& store) -> Result<HttpResponse> {
    if (!f.as_of) return json_response(200, page_json(store.decisions().list(f, page), to_json));
    return json_response(200, page_json(store.decisions().list(f, page),
                                        [&](const Decision& d) { return to_json(decision_as_of(d, *f.as_of)); }));
  });
}

// POST /decisions/{id}/<action> with an optional JSON body of the given fields.
// POST /decisions/{id}/ratify|rescind: a change of state, so If-Match is required.
// The decision, as it stood at the end of `as_of` when given (decision_as_of).
Answer get(RequestContext& ctx) {
  return get_record_as_of(
      ctx, "decision", [](db::Store& store, const std::string& id) { return store.decisions().find(id); }, to_json,
      [](const Decision& d, const Date& as_of) -> Result<json> { return to_json(decision_as_of(d, as_of)); });
}

Answer lifecycle(RequestContext& ctx,
                 const std::function<Result<Decision>(db::Store&, const std::string&, std::optional<std::int64_t>,
                                                      const json&)>& act,
                 const std::set<std::string>& fields) {
  return optional_body_action(
      ctx, "decision", fields,
      [&](db::Store& store, const std::string& id, std::optional<std::int64_t> expected, const json& body) {
        return map(act(store, id, expected, body), [](const Decision& d) { return ok_record(to_json(d), d.meta); });
      });
}

}  // namespace

void add_decision_routes(Router& router) {
  const auto writers = Access::write(WriteArea::decisions);
  router.add({"POST", "/api/v1/decisions", writers,
              [](RequestContext& ctx) {
                return create_record(
                    ctx, "decisions", from_json,
                    [](db::Store& s, const Decision& d) {
                      auto recorded = record_decision(s.decisions(), s.meetings(), d);
                      if (!recorded) return recorded;
                      announce(s, "decision.created", "decision", recorded->meta.id,
                               [&] { return to_json(*recorded); });
                      if (recorded->supersedes_id)
                        announce(s, "decision.superseded", "decision", *recorded->supersedes_id, [&] {
                          auto old = s.decisions().find(*recorded->supersedes_id);
                          return old ? to_json(*old) : json(nullptr);
                        });
                      return recorded;
                    },
                    to_json);
              },
              true});
  router.add({"GET", "/api/v1/decisions", Access::read(), list});
  router.add({"GET", "/api/v1/decisions/{id}", Access::read(), get});
  router.add({"PATCH", "/api/v1/decisions/{id}", writers, [](RequestContext& ctx) {
                return patch_record<Decision>(
                    ctx, "decision",
                    [](db::Store& s, const std::string& id, std::optional<std::int64_t> v, const Change<Decision>& c) {
                      return change_decision(s.decisions(), s.meetings(), id, v, c);
                    },
                    from_json, to_json);
              }});
  router.add({"GET", "/api/v1/decisions/{id}/history", Access::read(),
              [](RequestContext& ctx) { return history(ctx, "decisions"); }});
  router.add({"POST", "/api/v1/decisions/{id}/ratify", writers, [](RequestContext& ctx) {
                return lifecycle(
                    ctx,
                    [](db::Store& s, const std::string& id, std::optional<std::int64_t> v, const json&) {
                      auto ratified = ratify_decision(s.decisions(), s.meetings(), id, v, Date::today_utc());
                      if (ratified)
                        announce(s, "decision.ratified", "decision", id, [&] { return to_json(*ratified); });
                      return ratified;
                    },
                    {});
              }});
  router.add({"POST", "/api/v1/decisions/{id}/rescind", writers, [](RequestContext& ctx) {
                return lifecycle(
                    ctx,
                    [](db::Store& s, const std::string& id, std::optional<std::int64_t> v, const json& body) {
                      FieldReader r(body);
                      return rescind_decision(s.decisions(), id, v, r.optional_text("reason").value_or(""));
                    },
                    {"reason"});
              }});
}

}  // namespace incommon::http
