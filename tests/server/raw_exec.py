"""raw_exec.py SOCKET BODY — one raw POST /api/v1/exec on the server's
Unix socket, as a client that does not play by the CLI's rules would send
it (forged snapshots, uploads, asks the CLI never makes); prints the whole
HTTP response."""
import socket
import sys

sock, body = sys.argv[1], sys.argv[2].encode()
s = socket.socket(socket.AF_UNIX)
s.connect(sock)
s.sendall(b"POST /api/v1/exec HTTP/1.0\r\nContent-Type: application/json\r\n"
          b"Content-Length: %d\r\n\r\n" % len(body) + body)
out = b""
while True:
    b = s.recv(65536)
    if not b:
        break
    out += b
sys.stdout.write(out.decode(errors="replace"))
