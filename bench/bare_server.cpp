// bare_server: the ceiling `concord mock` is measured against. A plain cpp-httplib server with
// the same transport settings as the mock (TCP_NODELAY, a large keep-alive count, the same
// worker-pool size, the same listen backlog) that answers fixed bytes: no routing trie, no
// validation, no negotiation.
//
//   bare_server [--host H] [--port N] [--threads N] [--route "METHOD PATH FILE"]...
//               [--tls-cert PEM --tls-key PEM]   (HTTPS: the ceiling of `concord mock --tls-*`)
//
// FILE is a captured HTTP answer as `curl -si` prints it (status line, headers, blank line,
// body); scripts/bench captures the mock's own answers so both servers send the same bytes.
// Without --route every GET/POST gets 200 {"data":{}}. Prints `listening on http://H:P`.
#include "mock/sockets.hpp"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <httplib.h>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace {

struct Answer {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string content_type = "application/json";
  std::string body = R"({"data":{}})";
};

struct Options {
  std::string host = "127.0.0.1";
  int port = 0;
  int threads = 256; // the mock's default pool size
  std::vector<std::string> routes;
  std::string tls_cert;
  std::string tls_key;
};

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) {
    return false;
  }
  for (std::size_t index = 0; index < a.size(); ++index) {
    const auto lower = [](char c) {
      return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    };
    if (lower(a[index]) != lower(b[index])) {
      return false;
    }
  }
  return true;
}

std::string trim(std::string text) {
  while (!text.empty() && (text.back() == '\r' || text.back() == '\n' || text.back() == ' ')) {
    text.pop_back();
  }
  std::size_t start = 0;
  while (start < text.size() && text[start] == ' ') {
    ++start;
  }
  return text.substr(start);
}

// Parses `curl -si` output. Headers the transport writes itself are dropped.
bool parse_capture(const std::string& text, Answer& answer) {
  std::istringstream in(text);
  std::string line;
  if (!std::getline(in, line) || line.rfind("HTTP/", 0) != 0) {
    return false;
  }
  const auto space = line.find(' ');
  answer.status = std::atoi(line.c_str() + space + 1);
  answer.headers.clear();
  while (std::getline(in, line)) {
    line = trim(line);
    if (line.empty()) {
      break;
    }
    const auto colon = line.find(':');
    if (colon == std::string::npos) {
      continue;
    }
    std::string name = line.substr(0, colon);
    std::string value = trim(line.substr(colon + 1));
    if (iequals(name, "Content-Type")) {
      answer.content_type = value;
    } else if (!iequals(name, "Content-Length") && !iequals(name, "Connection") &&
               !iequals(name, "Keep-Alive") && !iequals(name, "Date")) {
      answer.headers.emplace_back(std::move(name), std::move(value));
    }
  }
  const auto blank = text.find("\r\n\r\n");
  const auto blank_lf = text.find("\n\n");
  if (blank != std::string::npos) {
    answer.body = text.substr(blank + 4);
  } else if (blank_lf != std::string::npos) {
    answer.body = text.substr(blank_lf + 2);
  } else {
    answer.body.clear();
  }
  return true;
}

bool add_route(const std::string& spec, std::unordered_map<std::string, Answer>& routes) {
  std::istringstream words(spec);
  std::string method;
  std::string path;
  std::string file;
  if (!(words >> method >> path >> file)) {
    std::cerr << "bare_server: --route wants \"METHOD PATH FILE\", got '" << spec << "'\n";
    return false;
  }
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  Answer answer;
  if (!in || !parse_capture(text.str(), answer)) {
    std::cerr << "bare_server: cannot read a captured answer from " << file << '\n';
    return false;
  }
  routes[method + ' ' + path] = std::move(answer);
  return true;
}

bool parse_args(int argc, char** argv, Options& options) {
  for (int index = 1; index < argc; ++index) {
    const std::string_view arg = argv[index];
    const bool has_value = index + 1 < argc;
    if (arg == "--port" && has_value) {
      options.port = std::atoi(argv[++index]);
    } else if (arg == "--host" && has_value) {
      options.host = argv[++index];
    } else if (arg == "--threads" && has_value) {
      options.threads = std::atoi(argv[++index]);
    } else if (arg == "--route" && has_value) {
      options.routes.emplace_back(argv[++index]);
    } else if (arg == "--tls-cert" && has_value) {
      options.tls_cert = argv[++index];
    } else if (arg == "--tls-key" && has_value) {
      options.tls_key = argv[++index];
    } else {
      std::cerr << "usage: bare_server [--host H] [--port N] [--threads N] "
                   "[--route \"METHOD PATH FILE\"]...\n";
      return false;
    }
  }
  return options.threads > 0;
}

} // namespace

int main(int argc, char** argv) {
  Options options;
  if (!parse_args(argc, argv, options)) {
    return 2;
  }
  std::unordered_map<std::string, Answer> routes;
  for (const auto& route : options.routes) {
    if (!add_route(route, routes)) {
      return 2;
    }
  }
  const Answer fallback;
  const bool any = routes.empty();

  std::unique_ptr<httplib::Server> owned;
  if (!options.tls_cert.empty()) {
    owned = std::make_unique<httplib::SSLServer>(options.tls_cert.c_str(), options.tls_key.c_str());
  } else {
    owned = std::make_unique<httplib::Server>();
  }
  if (!owned->is_valid()) {
    std::cerr << "bare_server: cannot load the TLS certificate or key\n";
    return 2;
  }
  httplib::Server& server = *owned;
  const auto threads = static_cast<std::size_t>(options.threads);
  server.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  server.set_tcp_nodelay(true);
  server.set_keep_alive_max_count(1000000);
  server.set_keep_alive_timeout(5);
  auto handler = [&](const httplib::Request& req, httplib::Response& res) {
    const Answer* answer = &fallback;
    if (!any) {
      const auto it = routes.find(req.method + ' ' + req.path);
      if (it == routes.end()) {
        res.status = 404;
        return;
      }
      answer = &it->second;
    }
    res.status = answer->status;
    for (const auto& [name, value] : answer->headers) {
      res.set_header(name, value);
    }
    res.set_content(answer->body, answer->content_type);
  };
  server.Get(".*", handler);
  server.Post(".*", handler);

  int port = options.port;
  if (port == 0) {
    port = server.bind_to_any_port(options.host);
  } else if (!server.bind_to_port(options.host, port)) {
    port = -1;
  }
  if (port <= 0) {
    std::cerr << "bare_server: cannot bind " << options.host << ':' << options.port << '\n';
    return 1;
  }
  concord::mock::widen_listen_backlog(port); // as the mock does (mock/sockets.hpp)
  std::cout << "listening on " << (options.tls_cert.empty() ? "http://" : "https://")
            << options.host << ':' << port << std::endl;
  return server.listen_after_bind() ? 0 : 1;
}
