// launch_probe: time from launching a server to its first 200 answer.
//
//   launch_probe [--path P] [--method GET|POST] [--body TEXT] [-H "Name: value"]...
//                [--timeout-ms N] -- COMMAND [ARGS...]
//
// Starts COMMAND, reads its stdout until `listening on http://HOST:PORT`, then sends the
// request in a tight loop until one answer is 200. Prints one line:
//   launch_ms=12.3 listen_ms=10.1 status=200 rss_kb=9876
// (launch_ms: fork to first 200; listen_ms: fork to the listening line; rss_kb: the server's
// VmHWM at that moment). The server is then stopped with SIGTERM. Exit 1 when no 200 came
// within the timeout (default 30 s).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <httplib.h>
#include <iostream>
#include <signal.h>
#include <string>
#include <string_view>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <utility>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

struct Options {
  std::string path = "/";
  std::string method = "GET";
  std::string body;
  httplib::Headers headers;
  int timeout_ms = 30000;
  std::vector<char*> command; // null-terminated
};

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

long read_hwm_kb(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("VmHWM:", 0) == 0) {
      return std::strtol(line.c_str() + 6, nullptr, 10);
    }
  }
  return -1;
}

bool parse_args(int argc, char** argv, Options& options) {
  int index = 1;
  for (; index < argc; ++index) {
    const std::string_view arg = argv[index];
    const bool has_value = index + 1 < argc;
    if (arg == "--") {
      ++index;
      break;
    }
    if (arg == "--path" && has_value) {
      options.path = argv[++index];
    } else if (arg == "--method" && has_value) {
      options.method = argv[++index];
    } else if (arg == "--body" && has_value) {
      options.body = argv[++index];
    } else if (arg == "--timeout-ms" && has_value) {
      options.timeout_ms = std::atoi(argv[++index]);
    } else if (arg == "-H" && has_value) {
      const std::string header = argv[++index];
      const auto colon = header.find(':');
      if (colon == std::string::npos) {
        return false;
      }
      auto value = header.substr(colon + 1);
      value.erase(0, value.find_first_not_of(' '));
      options.headers.emplace(header.substr(0, colon), value);
    } else {
      return false;
    }
  }
  for (; index < argc; ++index) {
    options.command.push_back(argv[index]);
  }
  options.command.push_back(nullptr);
  return options.command.size() > 1;
}

// Reads the child's stdout up to the listening line; returns "HOST:PORT" or "".
std::string read_address(int fd, const Clock::time_point deadline) {
  std::string buffer;
  constexpr std::string_view k_marker = "listening on http://";
  char chunk[4096];
  while (Clock::now() < deadline) {
    const ssize_t got = ::read(fd, chunk, sizeof chunk);
    if (got <= 0) {
      return "";
    }
    buffer.append(chunk, static_cast<std::size_t>(got));
    const auto at = buffer.find(k_marker);
    if (at == std::string::npos) {
      continue;
    }
    const auto end = buffer.find_first_of("\r\n/", at + k_marker.size());
    if (end != std::string::npos) {
      return buffer.substr(at + k_marker.size(), end - at - k_marker.size());
    }
  }
  return "";
}

int poll_until_ok(const Options& options, const std::string& address,
                  const Clock::time_point deadline) {
  const auto colon = address.rfind(':');
  httplib::Client client(address.substr(0, colon), std::atoi(address.c_str() + colon + 1));
  client.set_connection_timeout(0, 200000);
  int last = 0;
  while (Clock::now() < deadline) {
    const auto result =
        options.method == "POST"
            ? client.Post(options.path.c_str(), options.headers, options.body, "application/json")
            : client.Get(options.path.c_str(), options.headers);
    if (result) {
      last = result->status;
      if (last == 200) {
        return last;
      }
    }
    std::this_thread::sleep_for(std::chrono::microseconds(200));
  }
  return last == 200 ? 0 : last;
}

// SIGTERM, then SIGKILL when the server has not exited after 2 s.
void stop_child(pid_t child) {
  ::kill(child, SIGTERM);
  const auto give_up = Clock::now() + std::chrono::seconds(2);
  int wait_status = 0;
  while (::waitpid(child, &wait_status, WNOHANG) == 0) {
    if (Clock::now() > give_up) {
      ::kill(child, SIGKILL);
      ::waitpid(child, &wait_status, 0);
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

} // namespace

int main(int argc, char** argv) {
  Options options;
  if (!parse_args(argc, argv, options)) {
    std::cerr << "usage: launch_probe [--path P] [--method M] [--body B] [-H 'N: v']... "
                 "[--timeout-ms N] -- COMMAND [ARGS...]\n";
    return 2;
  }
  int pipe_fds[2];
  if (::pipe(pipe_fds) != 0) {
    std::perror("pipe");
    return 2;
  }
  const auto start = Clock::now();
  const auto deadline = start + std::chrono::milliseconds(options.timeout_ms);
  const pid_t child = ::fork();
  if (child == 0) {
    ::dup2(pipe_fds[1], STDOUT_FILENO);
    ::close(pipe_fds[0]);
    ::close(pipe_fds[1]);
    ::execvp(options.command[0], options.command.data());
    std::perror("execvp");
    std::_Exit(127);
  }
  ::close(pipe_fds[1]);
  const std::string address = read_address(pipe_fds[0], deadline);
  const double listen_ms = ms_since(start);
  int status = 0;
  double launch_ms = -1;
  long rss_kb = -1;
  if (!address.empty()) {
    // Keep draining the child's stdout so it never blocks on a full pipe.
    std::thread([fd = pipe_fds[0]] {
      char sink[4096];
      while (::read(fd, sink, sizeof sink) > 0) {
      }
    }).detach();
    status = poll_until_ok(options, address, deadline);
    launch_ms = ms_since(start);
    rss_kb = read_hwm_kb(child);
  }
  stop_child(child);
  std::printf("launch_ms=%.1f listen_ms=%.1f status=%d rss_kb=%ld\n", launch_ms, listen_ms, status,
              rss_kb);
  return status == 200 ? 0 : 1;
}
