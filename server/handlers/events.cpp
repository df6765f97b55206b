#include "server/handlers/events.hpp"

#include "domain/core/instant.hpp"
#include "domain/leadership/appointment.hpp"
#include "domain/programmes/milestone.hpp"
#include "domain/votes/caveat.hpp"
#include "domain/webhooks/webhook.hpp"
#include "server/handlers/programme_json.hpp"
#include "server/handlers/vote_json.hpp"

namespace incommon::http {

json changes_between(const json& before, const json& after) {
  json out = json::object();
  if (!before.is_object() || !after.is_object()) return out;
  for (auto it = after.begin(); it != after.end(); ++it) {
    if (it.key() == "version" || it.key() == "updated_at") continue;
    auto was = before.find(it.key());
    const json from = was == before.end() ? json(nullptr) : *was;
    if (from != it.value()) out[it.key()] = {{"from", from}, {"to", it.value()}};
  }
  return out;
}

bool wanted(db::Store& store, std::string_view type) {
  return store.outbox().wants(type);
}

void announce_json(db::Store& store, std::string_view type, std::string_view record_type, const std::string& record_id,
                   const json& record, const json& changes) {
  json body = {{"type", type},
               {"timestamp", Instant::now().to_string()},
               {"data", {{"record_type", record_type}, {"record", record}, {"changes", changes}}}};
  store.outbox().announce({std::string(type), std::string(record_type), record_id, body.dump()});
}

Status announce_dated_events(db::Database& db, const Date& today, int window_days) {
  Actor actor;
  actor.name = "webhooks";
  return db.write(actor, [&](db::Store& store) -> Status {
    if (!store.webhooks().lock_dated_sweep()) return {};
    for (const auto& e : store.webhooks().new_dated_events(today, window_days)) {
      if (e.type == "milestone.overdue") {
        // The domain's own judgement, as of today: a milestone of a closed programme is not.
        auto found = store.milestones().find_in_context(e.record_id, std::nullopt);
        if (!found) continue;
        auto view = view_of(*found, today);
        if (!view.view.overdue) continue;
        announce(store, e.type, "milestone", e.record_id, [&] { return milestone_json(view); });
      } else if (e.type == "caveat.overdue") {
        auto c = store.caveats().find(e.record_id);
        if (!c || !caveat_overdue(*c, today)) continue;
        announce(store, e.type, "caveat", e.record_id, [&] { return caveat_json(*c, today); });
      } else {
        auto a = store.appointments().find(e.record_id);
        if (!a) continue;
        announce(store, e.type, "appointment", e.record_id, [&] { return appointment_json(*a); });
      }
    }
    return {};
  });
}

}  // namespace incommon::http
