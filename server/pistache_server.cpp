// The only file that speaks Pistache: it turns its requests into HttpRequest and our
// HttpResponse back into bytes. See the pitfalls in shared/spec/engineering.md.
#include "server/pistache_server.hpp"

#include <pistache/endpoint.h>
#include <pistache/http.h>
#include <pistache/peer.h>
#include <signal.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string_view>
#include <thread>

#include "server/app.hpp"
#include "server/http/log.hpp"
#include "server/http/problem.hpp"

namespace incommon::http {

namespace {

using namespace Pistache;

// Headers must be typed to be sent (headers().addRaw() is silently dropped in 0.0.5).
class NamedHeader final : public Http::Header::Header {
 public:
  NamedHeader(std::string name, std::string value) : name_(std::move(name)), value_(std::move(value)) {}
  const char* name() const override { return name_.c_str(); }
  void write(std::ostream& os) const override { os << value_; }
  uint64_t hash() const override { return std::hash<std::string>{}(name_); }

 private:
  std::string name_;
  std::string value_;
};

void send(Http::ResponseWriter& writer, const HttpResponse& response) {
  for (const auto& [name, value] : response.headers) writer.headers().add(std::make_shared<NamedHeader>(name, value));
  if (!response.content_type.empty() && (!response.body.empty() || (response.status != 204 && response.status != 304)))
    writer.headers().add(std::make_shared<NamedHeader>("Content-Type", response.content_type));
  writer.send(static_cast<Http::Code>(response.status), response.body);
}

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Whether these bytes announce a body larger than `limit` ("Content-Length: 99999999999999"),
// which Pistache's parser would try to allocate. A JSON body never holds a raw CR LF, so the
// header line cannot be mistaken for body text.
bool announces_too_much(std::string_view bytes, std::size_t limit) {
  static constexpr std::string_view name = "\r\ncontent-length:";
  for (std::size_t at = 0; at + name.size() <= bytes.size(); ++at) {
    bool match = true;
    for (std::size_t i = 0; i < name.size() && match; ++i)
      match = std::tolower(static_cast<unsigned char>(bytes[at + i])) == name[i];
    if (!match) continue;
    std::size_t i = at + name.size();
    while (i < bytes.size() && (bytes[i] == ' ' || bytes[i] == '\t')) ++i;
    std::size_t value = 0, digits = 0;
    for (; i < bytes.size() && std::isdigit(static_cast<unsigned char>(bytes[i])); ++i, ++digits) {
      if (digits >= 18) return true;  // more than any limit
      value = value * 10 + static_cast<std::size_t>(bytes[i] - '0');
    }
    if (value > limit) return true;
  }
  return false;
}

// The requests being answered, so that a shutdown can wait for them.
class InFlight {
 public:
  void enter() {
    std::lock_guard lock(mutex_);
    ++count_;
  }
  void leave() {
    std::lock_guard lock(mutex_);
    if (--count_ == 0) idle_.notify_all();
  }
  // Waits (at most `limit`) until none is being answered.
  void drain(std::chrono::milliseconds limit) {
    std::unique_lock lock(mutex_);
    idle_.wait_for(lock, limit, [&] { return count_ == 0; });
  }

 private:
  std::mutex mutex_;
  std::condition_variable idle_;
  int count_ = 0;
};

class Handler final : public Http::Handler {
 public:
  HTTP_PROTOTYPE(Handler)
  Handler(App* app, InFlight* in_flight) : app_(app), in_flight_(in_flight) {}

  void onRequest(const Http::Request& req, Http::ResponseWriter writer) override {
    HttpRequest request;
    request.method = Http::methodString(req.method());
    request.path = req.resource();
    for (auto it = req.query().parameters_begin(); it != req.query().parameters_end(); ++it) {
      std::string name, value;
      if (!percent_decode(it->first, name, true)) name = it->first;
      if (!percent_decode(it->second, value, true)) value = std::string(1, '\0');  // rejected as a bad value
      request.query.emplace_back(std::move(name), std::move(value));
    }
    for (const auto& [name, raw] : req.headers().rawList()) request.headers[lower(name)] = raw.value();
    request.body = req.body();
    request.peer_address = req.address().host();
    // Pistache 0.0.5 answers "Connection: Close" to any request without a Connection header,
    // but HTTP/1.1 connections persist unless the client says otherwise.
    if (req.version() == Http::Version::Http11 && !req.headers().has<Http::Header::Connection>()) {
      writer.headers().remove<Http::Header::Connection>();
      writer.headers().add<Http::Header::Connection>(Http::ConnectionControl::KeepAlive);
    }
    // Answered here, on the reactor thread that read it: handing it to another thread cost
    // two thread wake-ups a request (there and back), more than the rest of a simple read.
    in_flight_->enter();
    struct Leave {
      InFlight* in_flight;
      ~Leave() { in_flight->leave(); }
    } leave{in_flight_};
    send(writer, app_->handle(request));
    // Pistache queues every answer for its reactor, waking it through an eventfd and sending
    // on the next EPOLLOUT; on this thread the answer can go out now, in this call.
    transport()->flush();
  }

  // Pistache 0.0.5's own onInput answers a request it cannot read in plain text, and any
  // exception as a 500 carrying its what() ("std::bad_alloc" for a Content-Length of
  // terabytes). This is the same loop - feed, parse, hand over - with those answers made
  // problem+json: 413 for what does not fit, 400 for what cannot be read; then the
  // connection closes, its stream being in an unknown state.
  void onInput(const char* buffer, size_t len, const std::shared_ptr<Tcp::Peer>& peer) override {
    auto parser = Http::Handler::getParser(peer);
    auto& request = parser->request;
    const auto refuse = [&](const Error& error) {
      const auto version = request.version();
      parser->reset();
      Http::ResponseWriter writer(version, transport(), this, peer);
      auto r = problem(error);
      r.header("Connection", "close");
      send(writer, r);
    };
    try {
      if (announces_too_much({buffer, len}, getMaxRequestSize()))
        return refuse(Error::too_large("The request announces a body larger than this server accepts."));
      if (!parser->feed(buffer, len))
        return refuse(Error::too_large("The request is larger than this server accepts."));
      if (parser->parse() != Http::Private::State::Done) return;
      Http::ResponseWriter response(request.version(), transport(), this, peer);
      request.copyAddress(peer->address());
      auto connection = request.headers().tryGet<Http::Header::Connection>();
      response.headers().add<Http::Header::Connection>(connection ? connection->control()
                                                                  : Http::ConnectionControl::Close);
      peer->setIdle(false);
      onRequest(request, std::move(response));
      parser->reset();
    } catch (const Http::HttpError& e) {
      const std::string unreadable = "The request could not be read as HTTP/1.1.";
      switch (e.code()) {
        case 413:
          refuse(Error::too_large(unreadable));
          break;
        case 414:
          refuse(Error::uri_too_long(unreadable));
          break;
        case 431:
          refuse(Error::headers_too_large(unreadable));
          break;
        default:
          refuse(Error::malformed(unreadable));
      }
    } catch (const std::bad_alloc&) {
      refuse(Error::too_large("The request announces a body larger than this server accepts."));
    } catch (const std::exception&) {
      refuse(Error::malformed("The request could not be read as HTTP/1.1."));
    }
  }

  void onTimeout(const Http::Request&, Http::ResponseWriter writer) override {
    auto r = problem(Error::timeout("The request took too long to arrive."));
    r.header("Connection", "close");
    send(writer, r);
  }

 private:
  App* app_;
  InFlight* in_flight_;
};

}  // namespace

void block_shutdown_signals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
}

int serve(App& app, const std::string& host, int port, int threads, std::size_t max_body_bytes) {
  InFlight in_flight;
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);

  Http::Endpoint endpoint(Address(host, Port(static_cast<uint16_t>(port))));
  // Pistache answers a request over its buffer with a plain-text 413 of its own. Headroom of
  // 8x the body limit lets the App answer realistic oversized bodies with problem+json; past
  // that the proxy in front (docker/nginx.conf) refuses them by Content-Length first.
  const std::size_t buffer = std::max(max_body_bytes * 8, max_body_bytes + (1u << 20));
  auto options = Http::Endpoint::options()
                     .threads(threads)
                     .flags(Tcp::Options::ReuseAddr)
                     .maxRequestSize(buffer)
                     .maxResponseSize(64u << 20)
                     .headerTimeout(std::chrono::seconds(10))
                     .bodyTimeout(std::chrono::seconds(30))
                     .keepaliveTimeout(std::chrono::seconds(75));
  endpoint.init(options);
  endpoint.setHandler(Http::make_handler<Handler>(&app, &in_flight));
  endpoint.serveThreaded();
  log::info(
      "listening",
      {{"host", host}, {"port", static_cast<int>(static_cast<uint16_t>(endpoint.getPort()))}, {"threads", threads}});

  int sig = 0;
  sigwait(&signals, &sig);
  log::info("shutting_down", {{"signal", sig == SIGTERM ? "SIGTERM" : "SIGINT"}});
  app.draining = true;
  // Finish what was started before the connections close, and let the reactors write out the
  // answers just queued.
  in_flight.drain(std::chrono::seconds(8));
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  endpoint.shutdown();
  log::info("stopped");
  return 0;
}

}  // namespace incommon::http
