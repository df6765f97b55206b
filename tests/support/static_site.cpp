#include "tests/support/static_site.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/support/loopback.hpp"
#include "tests/support/server_process.hpp"

namespace incommon::testing {

StaticSite::StaticSite(std::string html) : html_(std::move(html)) {
  listener_ = listen_on_loopback(16, port_, "static site");
  server_ = std::thread([this] { serve(); });
}

StaticSite::~StaticSite() {
  stopping_ = true;
  server_.join();
  close(listener_);
}

void StaticSite::serve() {
  while (!stopping_) {
    pollfd p{listener_, POLLIN, 0};
    if (poll(&p, 1, 100) <= 0) continue;
    const int client = accept(listener_, nullptr, nullptr);
    if (client < 0) continue;
    // The request line and headers; the page is the answer whatever was asked.
    char buffer[8192];
    (void)recv(client, buffer, sizeof buffer, 0);
    std::string body;
    {
      std::lock_guard lock(mutex_);
      body = html_;
    }
    const std::string response =
        "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: " + std::to_string(body.size()) +
        "\r\nConnection: close\r\n\r\n" + body;
    for (std::size_t sent = 0; sent < response.size();) {
      const auto n = send(client, response.data() + sent, response.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) break;
      sent += static_cast<std::size_t>(n);
    }
    close(client);
  }
}

std::string dashboard_page(const std::string& api, const std::string& token) {
  return "<!doctype html><html><body><p id=out>waiting</p><script>\n"
         "const api = '" +
         api + "', auth = {headers: {Authorization: 'Bearer " + token +
         "'}};\n"
         "fetch(api + '/api/v1/organisations?limit=1', auth)\n"
         "  .then(r => r.json())\n"
         "  .then(list => fetch(api + '/api/v1/organisations/' + list.items[0].id, auth))\n"
         "  .then(r => { document.getElementById('out').textContent = 'status=' + r.status + ' etag=' + "
         "r.headers.get('ETag'); })\n"
         "  .catch(e => { document.getElementById('out').textContent = 'blocked: ' + e; });\n"
         "</script></body></html>";
}

std::string render_in_chromium(const std::string& url) {
  const std::string profile =
      std::filesystem::temp_directory_path() /
      ("incommon-chromium-cors-" + std::to_string(getpid()) + "-" + std::to_string(std::rand()));
  auto [code, dom] = run_shell(
      "timeout 90 /usr/bin/chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run "
      "--disable-background-networking --disable-component-update --disable-sync --user-data-dir=" +
      profile + " --virtual-time-budget=10000 --dump-dom " + url);
  std::filesystem::remove_all(profile);
  if (code != 0) return "chromium exited with " + std::to_string(code) + ": " + dom.substr(0, 2000);
  return dom;
}

Printed print_in_chromium(const std::string& url) {
  const std::string base = std::filesystem::temp_directory_path() /
                           ("incommon-chromium-print-" + std::to_string(getpid()) + "-" + std::to_string(std::rand()));
  const std::string pdf = base + ".pdf";
  Printed out;
  auto [code, log] = run_shell(
      "timeout 90 /usr/bin/chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run "
      "--disable-background-networking --disable-component-update --disable-sync --enable-logging=stderr --v=0 "
      "--user-data-dir=" +
      base + " --no-pdf-header-footer --print-to-pdf=" + pdf + " " + url);
  std::filesystem::remove_all(base);
  out.exit_code = code;
  std::istringstream lines(log);
  for (std::string line; std::getline(lines, line);)
    if (line.find(":CONSOLE") != std::string::npos) out.console += line + "\n";
  if (code != 0 || !std::filesystem::exists(pdf)) {
    out.log = log.substr(0, 4000);
    return out;
  }
  out.text = run_shell("pdftotext " + pdf + " -").second;
  std::filesystem::remove(pdf);
  return out;
}

Printed print_in_chromium(const std::string& document, const std::string& extension) {
  const std::string file =
      std::filesystem::temp_directory_path() /
      ("incommon-print-" + std::to_string(getpid()) + "-" + std::to_string(std::rand()) + "." + extension);
  std::ofstream(file) << document;
  auto printed = print_in_chromium("file://" + file);
  std::filesystem::remove(file);
  return printed;
}

}  // namespace incommon::testing
