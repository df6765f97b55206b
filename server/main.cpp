// incommon: serve | migrate | seed NAME [options] | token create --name NAME --role ROLE
#include <chrono>
#include <iostream>
#include <string>
#include <vector>

#include <curl/curl.h>

#include "domain/auth/role.hpp"
#include "persistence/database.hpp"
#include "persistence/housekeeping.hpp"
#include "persistence/migrator.hpp"
#include "persistence/seed/seeds.hpp"
#include "persistence/standbys.hpp"
#include "server/app.hpp"
#include "server/config.hpp"
#include "server/housekeeper.hpp"
#include "server/http/auth.hpp"
#include "server/http/log.hpp"
#include "server/pistache_server.hpp"
#include "server/webhooks/deliverer.hpp"

using namespace incommon;

namespace {

int usage() {
  std::cerr << "usage: incommon serve\n"
               "       incommon migrate\n"
               "       incommon seed staffordshire-2019 | live-example\n"
               "       incommon seed synthetic [--programmes N] [--milestones-per M]   (default 200 x 500)\n"
               "       incommon token create --name NAME --role admin|governance|transformation|engagement|viewer\n"
               "The database is INCOMMON_DATABASE_URL; see README.md for the other settings.\n";
  return 2;
}

// Each problem on a line of its own, named: "incommon: INCOMMON_DATABASE_URL is required ...".
int report(const Error& e) {
  if (e.errors.empty()) std::cerr << "incommon: " << e.detail << "\n";
  for (const auto& f : e.errors)
    std::cerr << "incommon: " << (f.message.starts_with(f.field) || f.field.empty() ? "" : f.field + " ") << f.message
              << "\n";
  return 1;
}

int run_migrations(db::Database& db) {
  auto r = db::migrate(db);
  if (!r) return report(r.error());
  for (const auto& name : r->applied) std::cout << "applied " << name << "\n";
  std::cout << "database is at " << r->latest << "\n";
  return 0;
}

int load_seed(db::Database& db, const std::vector<std::string>& args) {
  const std::string& name = args.at(1);
  Status ok;
  if (name == "synthetic") {
    db::SyntheticSize size;
    for (std::size_t i = 2; i < args.size(); i += 2) {
      if (i + 1 >= args.size()) return usage();
      int* target = args[i] == "--programmes"       ? &size.programmes
                    : args[i] == "--milestones-per" ? &size.milestones_per
                                                    : nullptr;
      if (!target) return usage();
      try {
        std::size_t used = 0;
        *target = std::stoi(args[i + 1], &used);
        if (used != args[i + 1].size()) return usage();
      } catch (const std::exception&) {
        return usage();
      }
    }
    const auto started = std::chrono::steady_clock::now();
    ok = db::seed_synthetic(db, size);
    if (ok)
      std::cout << "seeded synthetic: " << size.programmes << " programmes x " << size.milestones_per
                << " milestones in "
                << std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count() << " s\n";
  } else {
    if (args.size() != 2) return usage();
    ok = db::seed(db, name);
    if (ok) std::cout << "seeded " << name << "\n";
  }
  if (!ok) return report(ok.error());
  return 0;
}

int create_token(db::Database& db, const std::vector<std::string>& args) {
  std::string name, role;
  for (std::size_t i = 0; i + 1 < args.size(); i += 2) {
    if (args[i] == "--name")
      name = args[i + 1];
    else if (args[i] == "--role")
      role = args[i + 1];
    else
      return usage();
  }
  auto parsed_role = parse_enum<Role>(role);
  if (name.empty() || !parsed_role) return usage();
  Token token;
  token.name = name;
  token.role = *parsed_role;
  if (auto ok = validate(token); !ok) return report(ok.error());
  const std::string secret = http::generate_token_secret();
  Token saved;
  auto ok = db.write(Actor{"", "command line", "", {}}, [&](db::Store& store) -> Status {
    auto r = store.tokens().insert(token, http::sha256_hex(secret));
    if (!r) return fail(r.error());
    saved = *r;
    return {};
  });
  if (!ok) return report(ok.error());
  std::cerr << "created token " << saved.meta.id << " (" << name << ", " << role << "); it is shown only now:\n";
  std::cout << secret << std::endl;
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) return usage();
  const std::string command = args.front();
  if (command != "serve" && command != "migrate" && command != "seed" && command != "token") return usage();

  http::block_shutdown_signals();         // before any thread exists
  curl_global_init(CURL_GLOBAL_DEFAULT);  // before any thread exists, as libcurl asks
  auto config = config_from_environment();
  if (!config) return report(config.error());
  log::init(config->log_format == "json" ? log::Format::json : log::Format::text, config->log_level);

  db::Database db({config->database_url, command == "serve" ? config->db_pool : 1, std::chrono::milliseconds(2000)});
  if (command == "migrate") return run_migrations(db);
  if (command == "seed") {
    if (args.size() < 2) return usage();
    return load_seed(db, args);
  }
  if (command == "token") {
    if (args.size() < 2 || args[1] != "create") return usage();
    return create_token(db, {args.begin() + 2, args.end()});
  }
  if (auto warning = db::privilege_warning(db); warning && *warning)
    log::warn("privileged_database_role", {{"detail", **warning}});
  http::ServerSettings settings;
  settings.max_body_bytes = config->max_body_bytes;
  settings.public_rate_limit = config->public_rate_limit;
  settings.trusted_proxies =
      http::parse_address_ranges(config->trusted_proxies).value_or(std::vector<http::AddressRange>{});
  settings.address_key = config->address_key;
  settings.cors_origins = config->cors_origins;
  settings.listen_url = config->listen_database_url;
  settings.oidc_issuers = config->oidc_issuers;
  settings.webhooks = config->webhooks;
  // Hot standbys answer reads; the watcher's and the reads' connections are their own.
  db::Standbys standbys(db, {config->read_urls, static_cast<std::size_t>(config->threads) + 1,
                             std::chrono::milliseconds(config->max_replica_lag_ms), std::chrono::milliseconds(50)});
  http::App app(settings, db, standbys.size() ? &standbys : nullptr);
  http::Housekeeper housekeeper(db, std::chrono::seconds(config->expiry_seconds));
  webhooks::Deliverer deliverer(db, config->webhooks);
  return http::serve(app, config->listen_host, config->listen_port, config->threads, config->max_body_bytes);
}
