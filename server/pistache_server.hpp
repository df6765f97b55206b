#pragma once
// Serves the App over HTTP with Pistache until SIGTERM or SIGINT.
#include <cstddef>
#include <string>

namespace incommon::http {

class App;

// Call before any thread starts: the signals are then taken by sigwait in serve().
void block_shutdown_signals();
// Returns the process exit code.
int serve(App& app, const std::string& host, int port, int threads, std::size_t max_body_bytes);

}  // namespace incommon::http
