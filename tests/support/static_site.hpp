#pragma once
// A web origin of its own on loopback that serves one page, for tests of what a browser lets a
// page of another origin do with the API (CORS). Every GET gets the page; nothing else is read.
#include <atomic>
#include <mutex>
#include <string>
#include <thread>

namespace incommon::testing {

class StaticSite {
 public:
  explicit StaticSite(std::string html);
  ~StaticSite();
  StaticSite(const StaticSite&) = delete;
  StaticSite& operator=(const StaticSite&) = delete;

  // "http://127.0.0.1:<port>", as a browser names the origin.
  std::string origin() const { return "http://127.0.0.1:" + std::to_string(port_); }
  // The page to serve, set before a browser asks for it (it may name the site's own origin).
  void set_page(std::string html) {
    std::lock_guard lock(mutex_);
    html_ = std::move(html);
  }

 private:
  void serve();
  std::mutex mutex_;
  std::string html_;
  int listener_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::thread server_;
};

// What a dashboard on another origin does: a list with its bearer token (which needs a
// preflight), then an item, reading the ETag the API exposes. The outcome lands in the page:
// "status=200 etag=..." or "blocked: TypeError...".
std::string dashboard_page(const std::string& api, const std::string& token);

// The page at `url` as headless Chromium left it after its scripts ran (--dump-dom).
std::string render_in_chromium(const std::string& url);

// The page at `url` printed to PDF by headless Chromium, as a board secretary would print it.
struct Printed {
  int exit_code = -1;
  std::string console;  // every message the page wrote to its console, one a line
  std::string text;     // the PDF's text, by pdftotext
  std::string log;      // what Chromium said, when it failed
};
Printed print_in_chromium(const std::string& url);
// The same for a document the test holds (a file of its own, `extension` saying its type).
Printed print_in_chromium(const std::string& document, const std::string& extension);

}  // namespace incommon::testing
