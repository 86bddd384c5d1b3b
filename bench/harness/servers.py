"""The two servers under test, configured alike, plus Postfix's smtp-sink as the relay peer.

Both get the same main.cf essentials (mydestination, mynetworks, empty alias_maps, biff off, mbox
delivery into a spool folder of the run, transport_maps for the relay domains) and one smtpd on
127.0.0.1:PORT in master.cf. Postfix is a private instance (its own config, queue and data folders)
started as root with `postfix -c DIR start`, exactly as Debian's unit starts it; Estafeta is its
Release build started with `estafeta run -c DIR`. Both keep their shipped durability settings.
"""

import os
import pathlib
import shutil
import signal
import subprocess
import time

from . import procfs
from .smtpclient import wait_for_banner

HOST = "127.0.0.1"
DOMAIN = "bench.example"
RELAY_DOMAIN = "relay.example"
DEAD_DOMAIN = "dead.example"


def common_main_cf(spool, transport_file):
    return {
        "compatibility_level": "3.6",
        "myhostname": DOMAIN,
        "mydomain": DOMAIN,
        "myorigin": DOMAIN,
        "mydestination": f"{DOMAIN}, localhost",
        "inet_interfaces": HOST,
        "inet_protocols": "ipv4",
        "mynetworks": "127.0.0.0/8",
        "alias_maps": "",
        "alias_database": "",
        "biff": "no",
        # No mailbox quota: the probe's user gets more than Postfix's 51,200,000-byte default in local-100k.
        "mailbox_size_limit": "0",
        "mail_spool_directory": str(spool),
        "transport_maps": f"texthash:{transport_file}",
    }


def write_main_cf(path, settings):
    path.write_text("".join(f"{name} = {value}\n" for name, value in settings.items()))


def _wait_gone(pid, seconds):
    """True once pid is gone (or a zombie nobody reaps), polling for at most `seconds`."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        fields = procfs._stat_fields(pid)
        if fields is None or fields[0] == b"Z":
            return True
        time.sleep(0.02)
    return False


def master_cf(port, maxproc):
    """The same master.cf for both: the smtpd on loopback and the stock internal services (chroot off)."""
    services = [
        f"{HOST}:{port} inet n - n - {maxproc} smtpd",
        "pickup unix n - n 60 1 pickup", "cleanup unix n - n - 0 cleanup",
        "qmgr unix n - n 300 1 qmgr", "tlsmgr unix - - n 1000? 1 tlsmgr",
        "rewrite unix - - n - - trivial-rewrite", "bounce unix - - n - 0 bounce",
        "defer unix - - n - 0 bounce", "trace unix - - n - 0 bounce",
        "verify unix - - n - 1 verify", "flush unix n - n 1000? 0 flush",
        "proxymap unix - - n - - proxymap", "proxywrite unix - - n - 1 proxymap",
        "smtp unix - - n - - smtp", "relay unix - - n - - smtp",
        "showq unix n - n - - showq", "error unix - - n - - error",
        "retry unix - - n - - error", "discard unix - - n - - discard",
        "local unix - n n - - local", "lmtp unix - - n - - lmtp",
        "anvil unix - - n - 1 anvil", "scache unix - - n - 1 scache",
        "postlog unix-dgram n - n - 1 postlogd",
    ]
    return "\n".join(services) + "\n"


class Server:
    """What the scenarios need of a server: (re)configure, start, stop, its process tree, its queue."""

    name = "?"
    queue_subdirs = ()

    def __init__(self, root, port, relay_port, dead_port):
        self.root = pathlib.Path(root)
        self.port = port
        self.conf = self.root / "conf"
        self.queue = self.root / "queue"
        self.spool = self.root / "spool"
        self.transport = self.conf / "transport"
        self.relay_port = relay_port
        self.dead_port = dead_port
        for d in (self.conf, self.spool):
            d.mkdir(parents=True, exist_ok=True)
        # Sticky and world-writable like a stock /var/mail would be for the local agent writing as the user.
        self.spool.chmod(0o1777)
        self.transport.write_text(f"{RELAY_DOMAIN} smtp:[{HOST}]:{relay_port}\n"
                                  f"{DEAD_DOMAIN} smtp:[{HOST}]:{dead_port}\n")

    def configure(self, extra=None, maxproc="-"):
        settings = common_main_cf(self.spool, self.transport)
        # relayhost as well as transport_maps: whatever a server does with a non-local domain, the mail
        # stays on loopback (an IP literal in brackets needs no DNS).
        settings["relayhost"] = f"[{HOST}]:{self.relay_port}"
        settings.update(self.own_settings())
        settings.update(extra or {})
        write_main_cf(self.conf / "main.cf", settings)
        self.write_master_cf(maxproc)

    def queued(self):
        """Messages in the queue (files in the message state folders)."""
        count = 0
        for sub in self.queue_subdirs:
            for _, _, files in os.walk(self.queue / sub):
                count += len(files)
        return count

    def wipe_queue(self):
        shutil.rmtree(self.queue, ignore_errors=True)

    def clear_spool(self):
        for entry in self.spool.iterdir():
            if entry.is_file():
                entry.unlink()

    def tree(self):
        return procfs.descendants(self.root_pid())


class PostfixServer(Server):
    name = "postfix"
    queue_subdirs = ("maildrop", "incoming", "active", "deferred", "hold")

    def own_settings(self):
        data = self.root / "data"
        data.mkdir(exist_ok=True)
        self.queue.mkdir(exist_ok=True)  # postfix creates the folders inside it, not the queue itself
        shutil.chown(data, "postfix")
        return {
            "queue_directory": str(self.queue),
            "data_directory": str(data),
            "mail_owner": "postfix",
            "setgid_group": "postdrop",
            "maillog_file": str(self.root / "maillog"),
            "maillog_file_prefixes": str(self.root),
        }

    def write_master_cf(self, maxproc):
        (self.conf / "master.cf").write_text(master_cf(self.port, maxproc))


    def start_command(self):
        return ["postfix", "-c", str(self.conf), "start"]

    def start(self, deadline_s=60):
        """Starts the private instance; returns seconds from the start command to the first 220."""
        started = time.monotonic()
        result = subprocess.run(self.start_command(), capture_output=True, text=True, timeout=deadline_s)
        if result.returncode != 0:
            log = self.root / "maillog"
            tail = log.read_text(errors="replace").splitlines()[-3:] if log.exists() else []
            raise RuntimeError(f"postfix start failed: {result.stdout}{result.stderr}{' | '.join(tail)}")
        greeted = wait_for_banner(HOST, self.port, deadline_s)
        if greeted is None:
            raise RuntimeError("postfix: no 220 within the deadline")
        return greeted - started

    def root_pid(self):
        return int((self.queue / "pid" / "master.pid").read_text().split()[0])

    def stop(self):
        try:
            pid = self.root_pid()
        except (FileNotFoundError, ValueError):
            return
        subprocess.run(["postfix", "-c", str(self.conf), "stop"], capture_output=True, timeout=60)
        if not _wait_gone(pid, 30):
            for child in procfs.descendants(pid):
                try:
                    os.kill(child, signal.SIGKILL)
                except ProcessLookupError:
                    pass

    def sendmail_command(self, sender, recipient, message_file):
        return f"/usr/sbin/sendmail -C {self.conf} -f {sender} {recipient} < {message_file}"


class EstafetaServer(Server):
    name = "estafeta"
    queue_subdirs = ("incoming", "active", "deferred", "hold")

    def __init__(self, root, port, relay_port, dead_port, executable):
        super().__init__(root, port, relay_port, dead_port)
        self.executable = executable
        self.process = None

    def own_settings(self):
        # No maillog_file: in the foreground Estafeta logs each line once, to stderr (a file of the run).
        return {"queue_directory": str(self.queue)}

    def write_master_cf(self, maxproc):
        (self.conf / "master.cf").write_text(master_cf(self.port, maxproc))

    def start(self, deadline_s=60):
        """Starts `estafeta run`; returns seconds from the exec to the first 220."""
        log = open(self.root / "estafeta.log", "ab")
        started = time.monotonic()
        self.process = subprocess.Popen([self.executable, "run", "-c", str(self.conf)],
                                        stdin=subprocess.DEVNULL, stdout=log, stderr=log)
        log.close()
        greeted = wait_for_banner(HOST, self.port, deadline_s)
        if greeted is None:
            self.stop()
            raise RuntimeError(f"estafeta: no 220 within the deadline (see {self.root / 'estafeta.log'})")
        return greeted - started

    def root_pid(self):
        return self.process.pid

    def stop(self):
        if self.process is None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=30)
        self.process = None

    def sendmail_command(self, sender, recipient, message_file):
        # The native estafeta-sendmail (scripts/publish.sh) is what /usr/sbin/sendmail links to when installed.
        native = pathlib.Path(self.executable).with_name("estafeta-sendmail")
        program = str(native) if native.exists() else f"{self.executable} sendmail"
        return f"{program} -C {self.conf} -f {sender} {recipient} < {message_file}"


class SmtpSink:
    """Postfix's smtp-sink on loopback: accepts everything, keeps nothing, counts messages."""

    def __init__(self, root, port):
        self.port = port
        self.output = pathlib.Path(root) / "smtp-sink.out"
        self.process = None

    def start(self):
        out = open(self.output, "wb")
        self.process = subprocess.Popen(["smtp-sink", "-u", "nobody", "-c", f"{HOST}:{self.port}", "1024"],
                                        stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT)
        out.close()
        if wait_for_banner(HOST, self.port, 10) is None:
            self.stop()
            raise RuntimeError("smtp-sink did not start")

    def messages(self):
        """The sink's own message counter (its last "mesg=N")."""
        with open(self.output, "rb") as f:
            f.seek(max(0, self.output.stat().st_size - 200))
            tail = f.read()
        marks = tail.rsplit(b"mesg=", 1)
        return int(marks[1].split()[0]) if len(marks) == 2 else 0

    def stop(self):
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
            self.process = None
