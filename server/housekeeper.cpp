#include "server/housekeeper.hpp"

#include "persistence/housekeeping.hpp"
#include "server/http/log.hpp"

namespace incommon::http {

Housekeeper::Housekeeper(db::Database& db, std::chrono::seconds every)
    : db_(db), every_(every), thread_([this] { run(); }) {}

Housekeeper::~Housekeeper() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void Housekeeper::run() {
  auto next = std::chrono::steady_clock::now() + std::chrono::seconds(2);
  std::unique_lock lock(mutex_);
  while (!wake_.wait_until(lock, next, [this] { return stopping_; })) {
    lock.unlock();
    auto expired = db::expire_records(db_);
    if (!expired)
      log::warn("expiry_failed", {{"detail", expired.error().detail}});
    else if (expired->ran && (expired->idempotency_records || expired->report_hashes || expired->rate_windows ||
                              expired->webhook_deliveries))
      log::info("expired", {{"idempotency_records", expired->idempotency_records},
                            {"report_hashes", expired->report_hashes},
                            {"rate_windows", expired->rate_windows},
                            {"webhook_deliveries", expired->webhook_deliveries}});
    lock.lock();
    next = std::chrono::steady_clock::now() + every_;
  }
}

}  // namespace incommon::http
