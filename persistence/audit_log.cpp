#include "persistence/audit_log.hpp"
#include "persistence/sql.hpp"

namespace incommon::db {

bool SqlAuditLog::has_event(const std::string& id) {
  return exists(s_, "audit_events", id);
}

Page<AuditEvent> SqlAuditLog::list(const AuditFilter& f, const PageRequest& page) {
  Query q(
      "SELECT id::text, seq::text, entity_type, entity_id::text, action, actor_token_id::text, actor_name, "
      "request_id, at, before::text, after::text, actor_issuer, actor_subject, actor_email, "
      // A progress update is one event, the milestone's (migration 0020); the entry it added to
      // the milestone's log is the one that names the version it wrote.
      "(SELECT to_jsonb(u)::text FROM milestone_updates u WHERE audit_events.entity_type = 'milestones' AND "
      "audit_events.action = 'progress' AND u.milestone_id = audit_events.entity_id AND "
      "u.milestone_version = CAST(audit_events.after->>'version' AS int) LIMIT 1), "
      "COALESCE(audit_events.xact, '0'::xid8)::text FROM audit_events WHERE true");
  if (f.entity_type) q.sql(" AND entity_type = ").sql(q.bind(*f.entity_type));
  if (f.entity_id) q.sql(" AND entity_id = CAST(").sql(q.bind(*f.entity_id)).sql(" AS uuid)");
  if (f.actor) {
    // An actor is named by token id, by name (a token's or a person's), or by a person's subject.
    const auto actor = q.bind(*f.actor);
    q.sql(" AND (actor_name = ").sql(actor).sql(" OR actor_token_id::text = ").sql(actor);
    q.sql(" OR actor_subject = ").sql(actor).sql(")");
  }
  if (!f.hidden_entity_types.empty()) {
    std::string list = "{";
    for (const auto& t : f.hidden_entity_types) list += (list.size() > 1 ? "," : "") + t;
    q.sql(" AND entity_type <> ALL(CAST(").sql(q.bind(list + "}")).sql(" AS text[]))");
  }
  if (f.from) q.sql(" AND at >= CAST(").sql(q.bind(*f.from)).sql(" AS timestamptz)");
  if (f.to) q.sql(" AND at < CAST(").sql(q.bind(*f.to)).sql(" AS timestamptz)");
  // A feed goes in commit-safe order (migration 0021): by transaction, then seq, and only up
  // to the oldest transaction still running, whose events may yet commit. It starts after the
  // position of a cursor or of the event named (the statement finds nothing when no event has
  // that id; the caller asked whether one does). A list pages by seq.
  constexpr const char* kFeedOrder = "(COALESCE(audit_events.xact, '0'::xid8), audit_events.seq)";
  if (f.feed) {
    if (f.after_position) {
      q.sql(" AND ").sql(kFeedOrder).sql(" > (CAST(").sql(q.bind(std::to_string(f.after_position->xact)));
      q.sql(" AS xid8), CAST(").sql(q.bind(static_cast<std::int64_t>(f.after_position->seq))).sql(" AS bigint))");
    }
    if (f.after_event_id)
      q.sql(" AND ")
          .sql(kFeedOrder)
          .sql(" > (SELECT COALESCE(e.xact, '0'::xid8), e.seq FROM audit_events e WHERE e.id = CAST(")
          .sql(q.bind(*f.after_event_id))
          .sql(" AS uuid))");
    q.sql(" AND COALESCE(audit_events.xact, '0'::xid8) < pg_snapshot_xmin(pg_current_snapshot()) ORDER BY ");
    q.sql(kFeedOrder);
  } else {
    if (page.after) q.sql(" AND seq > CAST(").sql(q.bind(page.after->at(0))).sql(" AS bigint)");
    q.sql(" ORDER BY audit_events.seq");
  }
  q.sql(" LIMIT ").sql(q.bind(static_cast<std::int64_t>(page.limit + 1)));
  const auto rows = q.fetch(s_);
  auto result = make_page(read_rows(rows,
                                    [](const Row& r) {
                                      AuditEvent e{r.text(0),    r.text(2), r.text(3), r.text(4), r.at(5),  r.text(6),
                                                   std::nullopt, r.at(7),   r.text(8), r.at(9),   r.at(10), r.at(14)};
                                      if (auto issuer = r.at(11))
                                        e.actor_person = Identity{*issuer, r.text(12), r.at(13)};
                                      return e;
                                    }),
                          page.limit, [](const AuditEvent&) { return std::vector<std::string>{}; });
  // The next page starts after the last event's seq (column 1), or in a feed its position
  // (columns 15 and 1), which the event does not carry.
  const auto feed_position = [](const Row& r, std::size_t xact, std::size_t seq) {
    return to_string(FeedPosition{std::stoull(r.text(xact)), std::stoll(r.text(seq))});
  };
  const auto position = [&](const Row& r) { return f.feed ? feed_position(r, 15, 1) : r.text(1); };
  if (result.next) result.next = std::vector<std::string>{position(rows.at(static_cast<std::size_t>(page.limit) - 1))};
  if (f.feed && !result.next) {
    // The tail of the feed: poll again from the last event given, or from where this page
    // started when there was none.
    if (!rows.empty()) {
      result.next = std::vector<std::string>{position(rows.back())};
    } else if (f.after_position) {
      result.next = std::vector<std::string>{to_string(*f.after_position)};
    } else if (f.after_event_id) {
      Query at("SELECT COALESCE(xact, '0'::xid8)::text, seq::text FROM audit_events WHERE id = CAST(");
      at.sql(at.bind(*f.after_event_id)).sql(" AS uuid)");
      if (auto row = at.fetch_one(s_)) result.next = std::vector<std::string>{feed_position(*row, 0, 1)};
    }
  }
  return result;
}

}  // namespace incommon::db
