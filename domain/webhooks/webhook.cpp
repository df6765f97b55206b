#include "domain/webhooks/webhook.hpp"

#include <algorithm>
#include <set>

#include "domain/core/text.hpp"

namespace incommon {

bool is_webhook_event_type(std::string_view type) {
  return std::find(kWebhookEventTypes.begin(), kWebhookEventTypes.end(), type) != kWebhookEventTypes.end();
}

Status validate(const WebhookSubscription& s) {
  Violations v;
  if (s.event_types.empty()) v.add("event_types", "event_types must name at least one event type");
  std::set<std::string> seen;
  for (const auto& t : s.event_types) {
    if (!is_webhook_event_type(t))
      v.add("event_types", "event_types: " + t + " is not an event type");
    else if (!seen.insert(t).second)
      v.add("event_types", "event_types: " + t + " is named twice");
  }
  if (s.description) check_text(v, "description", *s.description, 2000);
  if (s.disabled_reason) check_text(v, "disabled_reason", *s.disabled_reason, 2000);
  return v.result();
}

Result<WebhookSubscription> add_subscription(WebhookRepository& repo, WebhookSubscription s,
                                             const std::string& secret) {
  s.enabled = true;
  s.disabled_reason.reset();
  if (auto ok = validate(s); !ok) return fail(ok.error());
  return repo.insert(s, secret);
}

Result<WebhookSubscription> change_subscription(WebhookRepository& repo, const std::string& id,
                                                std::optional<std::int64_t> expected_version,
                                                const Change<WebhookSubscription>& change) {
  return change_record<WebhookSubscription>(repo, "webhook subscription", id, expected_version, change,
                                            [](const WebhookSubscription& before, WebhookSubscription& next) -> Status {
                                              next.enabled = before.enabled;
                                              next.disabled_reason = before.disabled_reason;
                                              next.failing_since = before.failing_since;
                                              next.previous_secret_until = before.previous_secret_until;
                                              return validate(next);
                                            });
}

Result<WebhookSubscription> set_enabled(WebhookRepository& repo, const std::string& id,
                                        std::optional<std::int64_t> expected_version, bool enabled,
                                        const std::optional<std::string>& reason) {
  return change_record<WebhookSubscription>(
      repo, "webhook subscription", id, expected_version,
      [&](const WebhookSubscription& current) -> Result<WebhookSubscription> {
        WebhookSubscription next = current;
        next.enabled = enabled;
        if (enabled) {
          next.disabled_reason.reset();
          next.failing_since.reset();  // its failures so far no longer count towards disabling it
        } else
          next.disabled_reason = reason.value_or("Disabled by an administrator.");
        return next;
      },
      [](const WebhookSubscription&, const WebhookSubscription& next) { return validate(next); });
}

}  // namespace incommon
