#include "persistence/token_repository.hpp"
#include "persistence/sql.hpp"

namespace incommon::db {

namespace {

constexpr std::string_view kColumns =
    "id::text, version, created_at, updated_at, name, role, revoked_at";

Token from_row(const Row& r) {
  Token t;
  t.meta = record_meta(r);
  t.name = r.text(4);
  t.role = parse_enum<Role>(r.text(5)).value_or(Role::viewer);
  t.revoked_at = r.at(6);
  return t;
}

}  // namespace

Result<Token> SqlTokenRepository::insert(const Token& t, const std::string& secret_hash) {
  Query q("INSERT INTO tokens (name, role, secret_hash) VALUES (");
  q.sql(q.bind(t.name)).sql(", ").sql(q.bind(std::string(to_string(t.role)))).sql(", ").sql(q.bind(secret_hash));
  q.sql(") RETURNING ").sql(kColumns);
  return from_row(*q.fetch_one(s_));
}

std::optional<Token> SqlTokenRepository::find(const std::string& id) {
  return find_by_id(s_, "tokens", kColumns, id, false, from_row);
}

std::optional<Principal> SqlTokenRepository::authenticate(const std::string& secret_hash) {
  Query q("SELECT id::text, name, role FROM tokens WHERE revoked_at IS NULL AND secret_hash = ");
  q.sql(q.bind(secret_hash));
  auto row = q.fetch_one(s_);
  if (!row) return std::nullopt;
  return Principal{row->text(0), row->text(1), parse_enum<Role>(row->text(2)).value_or(Role::viewer)};
}

Page<Token> SqlTokenRepository::list(const PageRequest& page) {
  Query q("SELECT ");
  q.sql(kColumns).sql(" FROM tokens WHERE true");
  if (page.after) append_after(q, "created_at, id", *page.after, "timestamptz,uuid");
  q.sql(" ORDER BY tokens.created_at, tokens.id LIMIT ").sql(q.bind(static_cast<std::int64_t>(page.limit + 1)));
  std::vector<Token> items;
  for (const auto& r : q.fetch(s_)) items.push_back(from_row(r));
  return make_page(std::move(items), page.limit,
                   [](const Token& t) { return std::vector<std::string>{t.meta.created_at, t.meta.id}; });
}

Result<Token> SqlTokenRepository::revoke(const std::string& id) {
  // Revoking twice keeps the first instant: the answer is the same, nothing is written again.
  Query q("UPDATE tokens SET revoked_at = now() WHERE revoked_at IS NULL AND id = CAST(");
  q.sql(q.bind(id)).sql(" AS uuid) RETURNING ").sql(kColumns);
  if (auto row = q.fetch_one(s_)) return from_row(*row);
  if (auto existing = find(id)) return *existing;
  return fail(Error::not_found("No token has id " + id + "."));
}

}  // namespace incommon::db
