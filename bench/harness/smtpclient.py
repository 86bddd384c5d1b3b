"""A small asyncio SMTP client: the latency probe, the idle sessions, and "is the 220 there yet".

smtp-source does the bulk load but reports no per-message times, so one extra session (the probe)
runs beside it and times each message from the moment the final "." is sent to the 250 reply:
the accept latency, which is where a durable server pays for its fsyncs.
"""

import asyncio
import socket
import time


class SmtpError(Exception):
    pass


async def _reply(reader, timeout):
    """Reads one (possibly multi-line) reply; returns (code, text)."""
    lines = []
    for _ in range(100):
        line = await asyncio.wait_for(reader.readline(), timeout)
        if not line:
            raise SmtpError("connection closed")
        lines.append(line)
        if len(line) < 4 or line[3:4] != b"-":
            break
    return int(lines[-1][:3]), b"".join(lines).decode("ascii", "replace")


async def _expect(reader, code, timeout):
    got, text = await _reply(reader, timeout)
    if got != code:
        raise SmtpError(f"expected {code}, got: {text.strip()}")
    return text


def message_bytes(size, sender, recipient, serial):
    """A message of about `size` bytes, already dot-safe, ending with CRLF.CRLF."""
    head = (f"From: <{sender}>\r\nTo: <{recipient}>\r\nSubject: probe {serial}\r\n"
            f"Message-Id: <probe{serial}.{time.time_ns()}@bench.example>\r\n\r\n").encode()
    line = b"La de da de da. " * 4 + b"\r\n"
    body = line * max(1, (size - len(head)) // len(line))
    return head + body + b".\r\n"


async def probe(host, port, sender, recipient, size, stop, timeout=60.0, max_messages=1000000):
    """Sends messages back to back on one session until `stop` is set; returns the dot-to-250 latencies (s)."""
    reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port), timeout)
    latencies = []
    try:
        await _expect(reader, 220, timeout)
        writer.write(b"EHLO probe.bench.example\r\n")
        await _expect(reader, 250, timeout)
        serial = 0
        while not stop.is_set() and serial < max_messages:
            serial += 1
            writer.write(f"MAIL FROM:<{sender}>\r\n".encode())
            await _expect(reader, 250, timeout)
            writer.write(f"RCPT TO:<{recipient}>\r\n".encode())
            await _expect(reader, 250, timeout)
            writer.write(b"DATA\r\n")
            await _expect(reader, 354, timeout)
            data = message_bytes(size, sender, recipient, serial)
            writer.write(data[:-3])
            await writer.drain()
            sent = time.perf_counter()
            writer.write(data[-3:])
            await _expect(reader, 250, timeout)
            latencies.append(time.perf_counter() - sent)
        writer.write(b"QUIT\r\n")
        await _expect(reader, 221, timeout)
    finally:
        writer.close()
    return latencies


async def open_idle_sessions(host, port, count, timeout=30.0):
    """Opens `count` sessions, each greeted (220) and past EHLO; returns the writers (to close later)."""
    async def one():
        reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port), timeout)
        await _expect(reader, 220, timeout)
        writer.write(b"EHLO idle.bench.example\r\n")
        await _expect(reader, 250, timeout)
        return writer

    writers = []
    # Open in batches so the listen backlog never overflows.
    for start in range(0, count, 50):
        batch = await asyncio.gather(*(one() for _ in range(start, min(count, start + 50))))
        writers.extend(batch)
    return writers


def wait_for_banner(host, port, deadline_s, poll_s=0.002):
    """Polls until a connection is greeted with 220; returns the monotonic time of the greeting, or None."""
    end = time.monotonic() + deadline_s
    while time.monotonic() < end:
        try:
            with socket.create_connection((host, port), timeout=max(0.1, end - time.monotonic())) as s:
                s.settimeout(max(0.1, end - time.monotonic()))
                data = s.recv(512)
                if data.startswith(b"220"):
                    greeted = time.monotonic()
                    s.sendall(b"QUIT\r\n")
                    return greeted
        except OSError:
            pass
        time.sleep(poll_s)
    return None


def free_port():
    """An unused TCP port on 127.0.0.1 (bound and released: a race, but only with ourselves)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
