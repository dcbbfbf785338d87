// Socket helpers under cpp-httplib, which does not hand out its sockets: they are found among
// the process's open descriptors by their ports.
#include "mock/sockets.hpp"

#include <arpa/inet.h>
#include <cstdlib>
#include <dirent.h>
#include <netinet/in.h>
#include <sys/socket.h>

namespace concord::mock {

namespace {

int port_of(const sockaddr_storage& addr) {
  if (addr.ss_family == AF_INET) {
    return static_cast<int>(ntohs(reinterpret_cast<const sockaddr_in*>(&addr)->sin_port));
  }
  if (addr.ss_family == AF_INET6) {
    return static_cast<int>(ntohs(reinterpret_cast<const sockaddr_in6*>(&addr)->sin6_port));
  }
  return -1;
}

// Calls `matches(fd, local_port, peer_port)` for every open socket of this process until it
// returns true; answers that socket, or -1. peer_port is -1 for a socket with no peer.
template <typename Matches> int find_socket(Matches matches) {
  DIR* dir = opendir("/proc/self/fd");
  if (dir == nullptr) {
    return -1;
  }
  int found = -1;
  while (const dirent* entry = readdir(dir)) {
    char* end = nullptr;
    const long number = std::strtol(entry->d_name, &end, 10);
    if (end == entry->d_name || *end != '\0') {
      continue;
    }
    const int fd = static_cast<int>(number);
    sockaddr_storage local{};
    socklen_t local_len = sizeof local;
    if (getsockname(fd, reinterpret_cast<sockaddr*>(&local), &local_len) != 0) {
      continue;
    }
    sockaddr_storage peer{};
    socklen_t peer_len = sizeof peer;
    const int peer_port =
        getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &peer_len) == 0 ? port_of(peer) : -1;
    if (matches(fd, port_of(local), peer_port)) {
      found = fd;
      break;
    }
  }
  closedir(dir);
  return found;
}

} // namespace

int find_socket_by_ports(int local_port, int peer_port) {
  return find_socket(
      [&](int, int local, int peer) { return peer == peer_port && local == local_port; });
}

void widen_listen_backlog(int port) {
  const int fd = find_socket([&](int fd, int local_port, int peer_port) {
    int listening = 0;
    socklen_t length = sizeof listening;
    return peer_port < 0 && local_port == port &&
           getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &length) == 0 && listening != 0;
  });
  if (fd >= 0) {
    ::listen(fd, SOMAXCONN);
  }
}

} // namespace concord::mock
