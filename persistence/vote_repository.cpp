#include "persistence/vote_repository.hpp"
#include "persistence/rows.hpp"
#include "persistence/sql.hpp"

namespace incommon::db {

namespace {

constexpr std::string_view kColumns =
    "votes.id::text, votes.version, votes.created_at, votes.updated_at, votes.body_id::text, "
    "votes.motion, votes.kind, array_to_string(votes.subject_organisation_ids, ','), votes.prompted_by_id::text, "
    "votes.opened_on::text, votes.closed_on::text, votes.status, votes.threshold, votes.votes_for, votes.votes_against, "
    "votes.votes_abstained, votes.eligible, votes.declared_outcome, votes.outcome, votes.withdrawn_reason";
constexpr std::string_view kFields =
    "body_id, motion, kind, subject_organisation_ids, prompted_by_id, opened_on, closed_on, status, threshold, "
    "votes_for, votes_against, votes_abstained, eligible, declared_outcome, outcome, withdrawn_reason";

constexpr std::string_view kPositionColumns =
    "vote_positions.id::text, vote_positions.version, vote_positions.created_at, "
    "vote_positions.updated_at, vote_positions.vote_id::text, vote_positions.organisation_id::text, "
    "vote_positions.position, vote_positions.stated_on::text, vote_positions.note";
constexpr std::string_view kPositionFields = "vote_id, organisation_id, position, stated_on, note";

Vote from_row(const Row& r) {
  Vote v;
  v.meta = record_meta(r);
  v.body_id = r.text(4);
  v.motion = r.text(5);
  v.kind = parse_enum<VoteKind>(r.text(6)).value_or(VoteKind::other);
  v.subject_organisation_ids = split_list(r.text(7));
  v.prompted_by_id = r.at(8);
  v.opened_on = r.date(9).value_or(Date());
  v.closed_on = r.date(10);
  v.status = parse_enum<VoteStatus>(r.text(11)).value_or(VoteStatus::open);
  v.threshold = parse_enum<Threshold>(r.text(12)).value_or(Threshold::simple_majority);
  v.tallies = {r.int64(13), r.int64(14), r.int64(15)};
  v.eligible = r.int64(16);
  if (r.at(17)) v.declared_outcome = parse_enum<VoteOutcome>(r.text(17));
  v.outcome = parse_enum<VoteOutcome>(r.text(18)).value_or(VoteOutcome::pending);
  v.withdrawn_reason = r.at(19);
  return v;
}

Position position_from(const Row& r) {
  return {record_meta(r), r.text(4), r.text(5), parse_enum<Stance>(r.text(6)).value_or(Stance::neutral),
          r.date(7).value_or(Date()), r.at(8)};
}

std::string bind_fields(Query& q, const Vote& v) {
  std::optional<std::string> declared;
  if (v.declared_outcome) declared = std::string(to_string(*v.declared_outcome));
  return q.bind_list(v.body_id, v.motion, to_string(v.kind), id_array(v.subject_organisation_ids), v.prompted_by_id,
                     std::optional<Date>(v.opened_on), v.closed_on, to_string(v.status), to_string(v.threshold),
                     v.tallies.votes_for, v.tallies.votes_against, v.tallies.votes_abstained, v.eligible, declared,
                     to_string(v.outcome), v.withdrawn_reason);
}

std::string bind_position(Query& q, const Position& p) {
  return q.bind_list(p.vote_id, p.organisation_id, to_string(p.position), std::optional<Date>(p.stated_on), p.note);
}

}  // namespace

Result<Vote> SqlVoteRepository::insert(const Vote& v) {
  Query q("INSERT INTO votes (");
  q.sql(kFields).sql(") VALUES (").sql(bind_fields(q, v)).sql(") RETURNING ").sql(kColumns);
  return from_row(*q.fetch_one(s_));
}

std::optional<Vote> SqlVoteRepository::find(const std::string& id) { return find_by_id(s_, "votes", kColumns, id, false, from_row); }
std::optional<Vote> SqlVoteRepository::find_for_update(const std::string& id) {
  return find_by_id(s_, "votes", kColumns, id, true, from_row);
}

Page<Vote> SqlVoteRepository::list(const VoteFilter& f, const PageRequest& page) {
  Query q("SELECT ");
  q.sql(kColumns).sql(" FROM votes WHERE true");
  if (f.body_id) q.sql(" AND votes.body_id = CAST(").sql(q.bind(*f.body_id)).sql(" AS uuid)");
  if (f.subject_organisation_id)
    q.sql(" AND votes.subject_organisation_ids @> ARRAY[CAST(").sql(q.bind(*f.subject_organisation_id)).sql(" AS uuid)]");
  if (f.kind) q.sql(" AND votes.kind = ").sql(q.bind(to_string(*f.kind)));
  if (f.status) q.sql(" AND votes.status = ").sql(q.bind(to_string(*f.status)));
  if (f.outcome) q.sql(" AND votes.outcome = ").sql(q.bind(to_string(*f.outcome)));
  if (page.after) append_after(q, "votes.opened_on, votes.id", *page.after, "date,uuid");
  q.sql(" ORDER BY votes.opened_on, votes.id LIMIT ").sql(q.bind(static_cast<std::int64_t>(page.limit + 1)));
  std::vector<Vote> items;
  for (const auto& r : q.fetch(s_)) items.push_back(from_row(r));
  return make_page(std::move(items), page.limit,
                   [](const Vote& v) { return std::vector<std::string>{v.opened_on.to_string(), v.meta.id}; });
}

Result<Vote> SqlVoteRepository::save(const Vote& v) {
  Query q("UPDATE votes SET (");
  q.sql(kFields).sql(") = (").sql(bind_fields(q, v)).sql(") WHERE id = CAST(").sql(q.bind(v.meta.id));
  q.sql(" AS uuid) RETURNING ").sql(kColumns);
  return from_row(*q.fetch_one(s_));
}

Result<Vote> SqlVoteRepository::save_as(const Vote& v, std::string_view action) {
  return with_audit_action(s_, action, [&] { return save(v); });
}

std::vector<std::string> SqlVoteRepository::missing_organisations(const std::vector<std::string>& ids) {
  return missing_ids(s_, "organisations", ids);
}

std::optional<Position> SqlVoteRepository::position_of(const std::string& vote_id, const std::string& organisation_id) {
  Query q("SELECT ");
  q.sql(kPositionColumns).sql(" FROM vote_positions WHERE vote_id = CAST(").sql(q.bind(vote_id));
  q.sql(" AS uuid) AND organisation_id = CAST(").sql(q.bind(organisation_id)).sql(" AS uuid) FOR UPDATE");
  auto row = q.fetch_one(s_);
  if (!row) return std::nullopt;
  return position_from(*row);
}

std::optional<Position> SqlVoteRepository::find_position(const std::string& id) {
  return find_by_id(s_, "vote_positions", kPositionColumns, id, false, position_from);
}

Result<Position> SqlVoteRepository::insert_position(const Position& p) {
  Query q("INSERT INTO vote_positions (");
  q.sql(kPositionFields).sql(") VALUES (").sql(bind_position(q, p)).sql(") RETURNING ").sql(kPositionColumns);
  return position_from(*q.fetch_one(s_));
}

Result<Position> SqlVoteRepository::save_position(const Position& p) {
  Query q("UPDATE vote_positions SET (");
  q.sql(kPositionFields).sql(") = (").sql(bind_position(q, p)).sql(") WHERE id = CAST(").sql(q.bind(p.meta.id));
  q.sql(" AS uuid) RETURNING ").sql(kPositionColumns);
  return position_from(*q.fetch_one(s_));
}

std::vector<Position> SqlVoteRepository::positions_of(const std::string& vote_id, const std::optional<Date>& stated_by) {
  Query q("SELECT ");
  q.sql(kPositionColumns).sql(" FROM vote_positions WHERE vote_positions.vote_id = CAST(").sql(q.bind(vote_id)).sql(" AS uuid)");
  if (stated_by) q.sql(" AND vote_positions.stated_on <= CAST(").sql(q.bind(stated_by)).sql(" AS date)");
  q.sql(" ORDER BY vote_positions.stated_on, vote_positions.id");
  std::vector<Position> out;
  for (const auto& r : q.fetch(s_)) out.push_back(position_from(r));
  return out;
}

std::string_view vote_columns() { return kColumns; }
Vote vote_from_row(const Row& r) { return from_row(r); }

}  // namespace incommon::db
