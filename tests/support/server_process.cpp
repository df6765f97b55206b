#include "tests/support/server_process.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <vector>

#include "tests/support/http_client.hpp"

namespace incommon::testing {

namespace {

pid_t spawn(const std::vector<std::string>& args, const std::map<std::string, std::string>& env, int out_fd,
            int err_fd) {
  return spawn_program(server_binary(), args, env, out_fd, err_fd);
}

}  // namespace

std::string server_binary() {
  const char* chosen = std::getenv("INCOMMON_TEST_SERVER");
  return chosen && *chosen ? chosen : INCOMMON_BINARY;
}

pid_t spawn_program(const std::string& program, const std::vector<std::string>& args,
                    const std::map<std::string, std::string>& env, int out_fd, int err_fd) {
  pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    for (const auto& [k, v] : env) setenv(k.c_str(), v.c_str(), 1);
    if (out_fd >= 0) dup2(out_fd, STDOUT_FILENO);
    if (err_fd >= 0) dup2(err_fd, STDERR_FILENO);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    std::vector<char*> argv;
    std::string binary = program;
    argv.push_back(binary.data());
    std::vector<std::string> copy = args;
    for (auto& a : copy) argv.push_back(a.data());
    argv.push_back(nullptr);
    execvp(binary.c_str(), argv.data());  // a path, or a program found on PATH
    _exit(127);
  }
  return pid;
}

int free_port() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  int port = ntohs(addr.sin_port);
  close(fd);
  return port;
}

std::pair<int, std::string> run_shell(const std::string& command) {
  std::string out;
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (!pipe) return {-1, "popen failed"};
  std::array<char, 4096> buffer{};
  while (std::fgets(buffer.data(), buffer.size(), pipe)) out += buffer.data();
  const int status = pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

std::pair<int, std::string> run_typed_tour(const std::string& base_url, const std::string& token) {
  return run_shell("CLIENT_SCRIPT=tour " + std::string(INCOMMON_SOURCE_DIR) + "/tests/client/check " + base_url + " " +
                   token);
}

int run_cli(const std::string& database_url, const std::vector<std::string>& args, std::string* out,
            const std::map<std::string, std::string>& env) {
  int pipe_fds[2];
  if (pipe(pipe_fds) != 0) throw std::runtime_error("pipe failed");
  auto all_env = env;
  all_env["INCOMMON_DATABASE_URL"] = database_url;
  all_env.emplace("INCOMMON_LOG_FORMAT", "text");
  int devnull = open("/dev/null", O_WRONLY);
  pid_t pid = spawn(args, all_env, pipe_fds[1], devnull);
  close(pipe_fds[1]);
  close(devnull);
  std::string output;
  char buf[4096];
  ssize_t n;
  while ((n = read(pipe_fds[0], buf, sizeof buf)) > 0) output.append(buf, static_cast<std::size_t>(n));
  close(pipe_fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  if (out) *out = output;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

ServerProcess::ServerProcess(const std::string& label, std::map<std::string, std::string> env)
    : db_(std::make_shared<TestDatabase>(label)) {
  if (run_cli(db_->url(), {"migrate"}) != 0) throw std::runtime_error("migrate failed");
  admin_token_ = token("admin");
  start(label, std::move(env));
}

ServerProcess::ServerProcess(const std::string& label, const ServerProcess* replica_of,
                             std::map<std::string, std::string> env)
    : db_(replica_of->db_), admin_token_(replica_of->admin_token_) {
  start(label, std::move(env));
}

void ServerProcess::start(const std::string& label, std::map<std::string, std::string> env) {
  const int port = free_port();
  base_url_ = "http://127.0.0.1:" + std::to_string(port);
  // The server runs as the restricted login, as it is deployed: code that needs more privilege
  // fails here first. A test may give another URL.
  env.emplace("INCOMMON_DATABASE_URL", db_->app_url());
  env["INCOMMON_LISTEN"] = "127.0.0.1:" + std::to_string(port);
  env.emplace("INCOMMON_LOG_FORMAT", "json");
  env.emplace("INCOMMON_THREADS", "4");
  // "{database}" in a value names this server's database (a standby's URL, say).
  for (auto& [name, value] : env)
    for (auto at = value.find("{database}"); at != std::string::npos; at = value.find("{database}"))
      value.replace(at, 10, db_->name());
  log_path_ = "/tmp/incommon-test-" + label + "-" + std::to_string(port) + ".log";
  int log_fd = open(log_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  pid_ = spawn({"serve"}, env, log_fd, log_fd);
  close(log_fd);
  HttpClient probe(base_url_);
  for (int i = 0; i < 200; ++i) {
    try {
      if (probe.request("GET", "/healthz").status == 200) return;
    } catch (const std::exception&) {
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  throw std::runtime_error("the server did not start; log: " + log());
}

ServerProcess::~ServerProcess() {
  if (pid_ > 0) stop();
}

std::string ServerProcess::token(const std::string& role) {
  std::string out;
  if (run_cli(db_->url(), {"token", "create", "--name", role + " test token", "--role", role}, &out) != 0)
    throw std::runtime_error("token create failed");
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return out.substr(out.rfind('\n') == std::string::npos ? 0 : out.rfind('\n') + 1);
}

int ServerProcess::stop() {
  if (pid_ <= 0) return -1;
  kill(pid_, SIGTERM);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

void ServerProcess::kill_now() {
  if (pid_ <= 0) return;
  kill(pid_, SIGKILL);
  waitpid(pid_, nullptr, 0);
  pid_ = -1;
}

std::string ServerProcess::log() const {
  // The server writes its lines in batches, at the latest 100 ms after each: wait that out, so
  // that what was logged so far is all there (a line absent is then truly absent).
  if (pid_ > 0) std::this_thread::sleep_for(std::chrono::milliseconds(250));
  std::ifstream in(log_path_);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace incommon::testing
