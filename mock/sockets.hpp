#pragma once
// Socket helpers for the HTTP transport (sockets.cpp). Linux only: they read /proc/self/fd.

namespace concord::mock {

// The open socket whose local and peer ports are these (a connection), or -1.
[[nodiscard]] int find_socket_by_ports(int local_port, int peer_port);

// Debian's compiled cpp-httplib listens with a backlog of 5. When many clients connect at
// once (wrk opening 100 connections, a CI job's parallel verify), the kernel drops the final
// handshake ACKs beyond it, and each of those first requests waits a 1 s retransmission.
// Calling listen() again on the listening socket on `port` raises the backlog to SOMAXCONN
// (Linux keeps the socket and its queue). Does nothing when no such socket is found.
void widen_listen_backlog(int port);

} // namespace concord::mock
