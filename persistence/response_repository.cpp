#include "persistence/response_repository.hpp"
#include "persistence/sql.hpp"
#include "persistence/table.hpp"

namespace incommon::db {

namespace {

const Table<ConsultationResponse> kResponses(
    "consultation_responses",
    {
        field("consultation_id", &ConsultationResponse::consultation_id),
        field("position", &ConsultationResponse::position),
        field("respondent_type", &ConsultationResponse::respondent_type),
        field("channel", &ConsultationResponse::channel),
        field("comments_on_proposal", &ConsultationResponse::comments_on_proposal),
        field("comments_on_current_operation", &ConsultationResponse::comments_on_current_operation),
        field("comments_on_future_commissioning", &ConsultationResponse::comments_on_future_commissioning),
        field("consent_to_publish", &ConsultationResponse::consent_to_publish),
        field("received_on", &ConsultationResponse::received_on),
        field("entered_by_staff", &ConsultationResponse::entered_by_staff),
        field("moderation", &ConsultationResponse::moderation),
        field("moderation_note", &ConsultationResponse::moderation_note),
        field("moderation_round", &ConsultationResponse::moderation_round),
    });

}  // namespace

Result<ConsultationResponse> SqlResponseRepository::insert(const ConsultationResponse& x) {
  return kResponses.add(s_, x);
}

std::optional<ConsultationResponse> SqlResponseRepository::find(const std::string& id) {
  return kResponses.find(s_, id, false);
}
std::optional<ConsultationResponse> SqlResponseRepository::find_for_update(const std::string& id) {
  return kResponses.find(s_, id, true);
}

Page<ConsultationResponse> SqlResponseRepository::list(const std::string& consultation_id, const ResponseFilter& f,
                                                       const PageRequest& page) {
  Query q = kResponses.select();
  q.sql(" WHERE consultation_responses.consultation_id = CAST(").sql(q.bind(consultation_id)).sql(" AS uuid)");
  q.and_any_of("consultation_responses.moderation", f.moderation);
  if (page.after)
    append_after(q, "consultation_responses.created_at, consultation_responses.id", *page.after, "timestamptz,uuid");
  q.sql(" ORDER BY consultation_responses.created_at, consultation_responses.id");
  return kResponses.page(s_, std::move(q), page, [](const ConsultationResponse& x) {
    return std::vector<std::string>{x.meta.created_at, x.meta.id};
  });
}

Page<ConsultationResponse> SqlResponseRepository::comments(const std::string& consultation_id,
                                                           const PageRequest& page) {
  Query q = kResponses.select();
  q.sql(" WHERE consultation_responses.consultation_id = CAST(");
  q.sql(q.bind(consultation_id)).sql(" AS uuid) AND consultation_responses.consent_to_publish ");
  q.sql(
      "AND consultation_responses.moderation = 'published' AND "
      "btrim(concat(consultation_responses.comments_on_proposal, ");
  q.sql(
      "consultation_responses.comments_on_current_operation, "
      "consultation_responses.comments_on_future_commissioning), ");
  q.sql("E' \\t\\r\\n') <> ''");
  if (page.after) {
    q.sql(" AND (consultation_responses.created_at, consultation_responses.id) < (CAST(")
        .sql(q.bind(page.after->at(0)));
    q.sql(" AS timestamptz), CAST(").sql(q.bind(page.after->at(1))).sql(" AS uuid))");
  }
  q.sql(" ORDER BY consultation_responses.created_at DESC, consultation_responses.id DESC");
  return kResponses.page(s_, std::move(q), page, [](const ConsultationResponse& x) {
    return std::vector<std::string>{x.meta.created_at, x.meta.id};
  });
}

Result<ConsultationResponse> SqlResponseRepository::save_as(const ConsultationResponse& x, std::string_view action) {
  return with_audit_action(s_, action, [&] { return kResponses.save(s_, x, "response"); });
}

int SqlResponseRepository::add_report(const ConsultationResponse& x, const Reporter& reporter,
                                      const std::string& reason) {
  Query q("INSERT INTO response_reports (response_id, moderation_round, client_hash, by_staff, reason) VALUES (");
  q.sql(q.bind_list(x.meta.id, static_cast<std::int64_t>(x.moderation_round), reporter.client_key,
                    std::string(reporter.staff ? "true" : "false"), reason.empty() ? Value() : Value(reason)));
  q.sql(") ON CONFLICT ON CONSTRAINT response_reports_once_per_client DO NOTHING");
  q.execute(s_);
  // Each row is a different client's (the constraint saw to it while the hash was kept).
  Query n("SELECT count(*) FROM response_reports WHERE response_id = CAST(");
  n.sql(n.bind(x.meta.id)).sql(" AS uuid) AND moderation_round = CAST(");
  n.sql(n.bind(static_cast<std::int64_t>(x.moderation_round))).sql(" AS int) AND NOT by_staff");
  return static_cast<int>(n.fetch_one(s_)->int64(0).value_or(0));
}

std::vector<std::pair<std::vector<std::string>, std::int64_t>> SqlResponseRepository::counts(
    const std::string& consultation_id, const Date& as_of) {
  Query q(
      "SELECT position, respondent_type, channel, count(*) FROM consultation_responses WHERE consultation_id = CAST(");
  q.sql(q.bind(consultation_id)).sql(" AS uuid) AND received_on <= CAST(").sql(q.bind(std::optional<Date>(as_of)));
  q.sql(" AS date) GROUP BY position, respondent_type, channel");
  return fetch_all(s_, q, [](const Row& r) {
    return std::pair<std::vector<std::string>, std::int64_t>{{r.text(0), r.text(1), r.text(2)}, r.int64(3).value_or(0)};
  });
}

std::optional<RateWindow> SqlRateLimitStore::hit(const std::string& client_key, int limit) {
  Query q("INSERT INTO public_write_counts (client_hash, window_start, hits) VALUES (");
  q.sql(q.bind(client_key)).sql(", date_trunc('minute', now()), 1) ON CONFLICT (client_hash, window_start) DO UPDATE ");
  q.sql("SET hits = public_write_counts.hits + 1, updated_at = now() RETURNING hits, ");
  q.sql("CAST(ceil(extract(epoch FROM window_start + interval '1 minute' - now())) AS int)");
  auto row = q.fetch_one(s_);
  // Windows long past are deleted by expire_records (persistence/housekeeping.hpp).
  const int hits = static_cast<int>(row->int64(0).value_or(0));
  if (hits <= limit) return std::nullopt;
  return RateWindow{hits, std::max(1, static_cast<int>(row->int64(1).value_or(60)))};
}

}  // namespace incommon::db
