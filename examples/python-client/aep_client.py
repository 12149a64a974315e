#!/usr/bin/env python3
"""An ingestion client for Adobe Experience Platform, in Python's standard library only.

It does the jobs its environment hands over (the variables `aep-harness check-client` sets; see
src/client/environment.ts):

  AEP_MESSAGES_FILE        stream those NDJSON messages to the inlet AEP_INLET_ID
  AEP_BATCH_FILE           ingest that file (JSON records, one per line) in one batch into AEP_DATASET_ID
  AEP_CAMPAIGN_MAPPING_ID  trigger that Campaign XDM mapping and follow its ingestion request to its end

It prints a short summary (never the token) and exits 0 when every job was carried to its documented end
(messages rejected in a 207, a batch that ended failed and a Campaign request that ended Failed are
reported, not failures), 1 when it gave up.

Every number it uses is a constant below. No variable of the environment changes them.
"""

from __future__ import annotations

import email.utils
import http.client
import json
import os
import random
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import timezone

# ---------------------------------------------------------------------------------------------------------
# The numbers

#: A streaming request body holds at most this many bytes of UTF-8: the smaller reading of "1 MB" (413).
REQUEST_LIMIT_BYTES = 1_000_000

#: Answers retried (with back-off) on every call; network errors and timeouts are retried too.
RETRYABLE_STATUSES = frozenset({429, 500, 502, 503, 504})
#: How many times one request is sent again before the client gives up on it (so MAX_RETRIES + 1 attempts).
MAX_RETRIES = 6
#: Back-off: the first wait, the factor from one wait to the next, the jitter (a share, either way) and the cap.
#: Jitter is ±10%, not more: then any wait is at least 2 x 0.9 / 1.1 = 1.64 times the one before (until the
#: cap), so even a run of two waits grows by the 1.5x check-client reads as exponential back-off.
BACKOFF_FIRST_S = 0.25
BACKOFF_FACTOR = 2.0
BACKOFF_JITTER = 0.1
BACKOFF_CAP_S = 8.0
#: The longest wait an answer's Retry-After can ask for here; the wait is max(Retry-After, back-off), capped.
RETRY_AFTER_CAP_S = 60.0

#: Files over this many bytes go by the large-file upload (INITIALIZE, PATCH parts, file COMPLETE).
LARGE_FILE_THRESHOLD_BYTES = 256 * 1024 * 1024
#: The size of each part of a large file (the API takes parts of up to 512 000 000 bytes).
PART_BYTES = 64 * 1024 * 1024

#: Status polling (batch status, Campaign request status): the first poll after 1 s, then doubling, capped.
POLL_FIRST_S = 1.0
POLL_FACTOR = 2.0
POLL_CAP_S = 30.0
#: How long a status is polled before the client gives up on it.
POLL_DEADLINE_S = 3600.0

#: Socket timeouts: API calls, and calls that carry file bytes.
REQUEST_TIMEOUT_S = 30.0
UPLOAD_TIMEOUT_S = 300.0

#: Failed files asked for per listing page (the export API answers at most 100).
FAILED_PAGE_LIMIT = 100

SUCCESS_BATCH_STATUSES = frozenset({"success", "active"})
FINAL_BATCH_STATUSES = frozenset({"failed", "failure", "aborted", "abandoned", "deleted", "inactive"})
FINAL_CAMPAIGN_STATUSES = frozenset({"Success", "Failed", "Aborted"})

_ENVELOPE_HEAD = b'{"messages":['
_ENVELOPE_TAIL = b"]}"

# ---------------------------------------------------------------------------------------------------------
# The pure parts (unit-tested in test_aep_client.py)


def request_bytes(messages: list[bytes]) -> int:
    """The size of the request body that carries these messages (each already UTF-8 JSON)."""
    return len(_ENVELOPE_HEAD) + sum(len(m) for m in messages) + max(0, len(messages) - 1) + len(_ENVELOPE_TAIL)


def envelope(messages: list[bytes]) -> bytes:
    """`{"messages":[m0,m1,…]}`, the messages' own bytes unchanged."""
    return _ENVELOPE_HEAD + b",".join(messages) + _ENVELOPE_TAIL


def pack_messages(messages: list[bytes], limit: int = REQUEST_LIMIT_BYTES) -> list[list[int]]:
    """Splits the messages, in order, into requests of at most `limit` bytes of body each.

    Returns the indices of each request's messages. A message too large to fit in a request even alone is
    put in a request of its own; the caller tells it by `request_bytes` and does not send it.
    """
    groups: list[list[int]] = []
    current: list[int] = []
    size = len(_ENVELOPE_HEAD) + len(_ENVELOPE_TAIL)
    for index, message in enumerate(messages):
        added = len(message) + (1 if current else 0)
        if current and size + added > limit:
            groups.append(current)
            current = []
            size = len(_ENVELOPE_HEAD) + len(_ENVELOPE_TAIL)
            added = len(message)
        current.append(index)
        size += added
    if current:
        groups.append(current)
    return groups


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds a Retry-After value asks to wait (delay-seconds or an HTTP date), or None when it is none.

    A date in the past asks for no wait (0). `now` is a Unix time; the clock's by default.
    """
    if value is None:
        return None
    text = value.strip()
    if text == "":
        return None
    if text.isascii() and text.isdigit():
        return float(int(text))
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    current = time.time() if now is None else now
    return max(0.0, when.timestamp() - current)


def backoff_nominal(retry: int) -> float:
    """The wait before retry number `retry` (0 for the first retry), before jitter: 0.25 s, 0.5 s, 1 s … 8 s."""
    return min(BACKOFF_FIRST_S * (BACKOFF_FACTOR**retry), BACKOFF_CAP_S)


def backoff_delay(retry: int, rand: random.Random | None = None) -> float:
    """The nominal wait with up to ±10% jitter, kept within [BACKOFF_FIRST_S, BACKOFF_CAP_S]."""
    r = rand if rand is not None else random
    jittered = backoff_nominal(retry) * (1.0 + r.uniform(-BACKOFF_JITTER, BACKOFF_JITTER))
    return min(max(jittered, BACKOFF_FIRST_S), BACKOFF_CAP_S)


def retry_wait(retry: int, retry_after: float | None, rand: random.Random | None = None) -> float:
    """The wait before a retry: the back-off, or Retry-After when it asks for longer, capped at 60 s."""
    wait = backoff_delay(retry, rand)
    if retry_after is not None:
        wait = min(max(wait, retry_after), RETRY_AFTER_CAP_S)
    return wait


def poll_waits():
    """The waits between status polls: 1 s, 2 s, 4 s … then 30 s each time."""
    wait = POLL_FIRST_S
    while True:
        yield wait
        wait = min(wait * POLL_FACTOR, POLL_CAP_S)


def file_parts(size: int, part: int | None = None) -> list[tuple[int, int]]:
    """The inclusive byte ranges (first, last) of a file of `size` bytes in parts of `part` (PART_BYTES) bytes."""
    part = PART_BYTES if part is None else part
    return [(start, min(start + part, size) - 1) for start in range(0, size, part)]


def read_messages(data: bytes) -> tuple[list[tuple[int, bytes]], list[tuple[int, str]]]:
    """The messages of an NDJSON file: (line number, the line's bytes) for each JSON line, and the bad lines."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    messages: list[tuple[int, bytes]] = []
    bad: list[tuple[int, str]] = []
    for number, line in enumerate(data.split(b"\n"), start=1):
        line = line.strip()
        if not line:
            continue
        try:
            json.loads(line.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as e:
            bad.append((number, f"not JSON ({e})"))
            continue
        messages.append((number, line))
    return messages, bad


def problem_text(body: bytes, limit: int = 300) -> str:
    """What an error answer says: the message of a problem or gateway body, or the start of the text."""
    try:
        doc = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        doc = None
    if isinstance(doc, dict):
        report = doc.get("report")
        if isinstance(report, dict) and isinstance(report.get("message"), str):
            return report["message"]
        for key in ("message", "detail", "title", "info"):
            if isinstance(doc.get(key), str):
                code = doc.get("error_code") or doc.get("code")
                return f"{code}: {doc[key]}" if isinstance(code, str) else doc[key]
    text = body.decode("utf-8", "replace").strip()
    return text[:limit] + ("…" if len(text) > limit else "")


# ---------------------------------------------------------------------------------------------------------
# HTTP


class Answer:
    def __init__(self, status: int, headers, body: bytes):
        self.status = status
        self.headers = {k.lower(): v for k, v in (headers.items() if headers is not None else [])}
        self.body = body

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())

    def json(self):
        try:
            return json.loads(self.body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            return None

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300


class NetworkError(Exception):
    pass


class GaveUp(Exception):
    pass


_LOOPBACK = {"127.0.0.1", "localhost", "::1"}
_DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))
_DEFAULT = urllib.request.build_opener()


def send(method: str, url: str, headers: dict[str, str], body: bytes | None = None, timeout: float = REQUEST_TIMEOUT_S) -> Answer:
    """One HTTP exchange. Any answer, error statuses included, is an Answer; no answer is a NetworkError."""
    try:
        request = urllib.request.Request(url, data=body, method=method, headers=headers)
        host = urllib.parse.urlsplit(url).hostname or ""
    except ValueError as e:
        raise GaveUp(f"{method} {url}: {e}") from None
    opener = _DIRECT if host in _LOOPBACK else _DEFAULT
    try:
        with opener.open(request, timeout=timeout) as response:
            return Answer(response.status, response.headers, response.read())
    except urllib.error.HTTPError as e:
        try:
            data = e.read()
        except (OSError, http.client.HTTPException):
            data = b""
        return Answer(e.code, e.headers, data)
    except (urllib.error.URLError, http.client.HTTPException, OSError, ValueError) as e:
        reason = getattr(e, "reason", None) or e
        raise NetworkError(f"{type(reason).__name__}: {reason}") from None


# ---------------------------------------------------------------------------------------------------------
# The client


class Client:
    def __init__(self, env: dict[str, str], *, sleep=time.sleep, rand: random.Random | None = None, out=None):
        self.env = env
        self.sleep = sleep
        self.rand = rand if rand is not None else random.Random()
        self.out = out if out is not None else sys.stdout
        self.gave_up = False
        self._secrets = [s for s in (env.get("AEP_ACCESS_TOKEN", ""),) if s]

    # -- output ---------------------------------------------------------------------------------------

    def say(self, text: str) -> None:
        for secret in self._secrets:
            text = text.replace(secret, "[redacted]")
        try:
            print(text, file=self.out, flush=True)
        except (BrokenPipeError, ValueError):
            # Nobody reads the output any more: the work goes on, the summary is lost.
            pass

    def give_up(self, text: str) -> None:
        self.gave_up = True
        self.say(f"  gave up: {text}")

    # -- configuration --------------------------------------------------------------------------------

    def need(self, *names: str) -> list[str]:
        values = [self.env.get(n, "") for n in names]
        missing = [n for n, v in zip(names, values) if v == ""]
        if missing:
            raise GaveUp(f"missing {', '.join(missing)}")
        return values

    def platform_headers(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        token, api_key, org, sandbox = self.need("AEP_ACCESS_TOKEN", "AEP_API_KEY", "AEP_ORG_ID", "AEP_SANDBOX_NAME")
        headers = {"Authorization": f"Bearer {token}", "x-api-key": api_key, "x-gw-ims-org-id": org, "x-sandbox-name": sandbox}
        headers.update(extra or {})
        return headers

    # -- calls ----------------------------------------------------------------------------------------

    def call(self, method, url, headers, body=None, *, what, retry_on=RETRYABLE_STATUSES, timeout=REQUEST_TIMEOUT_S) -> Answer | None:
        """Sends a request, retrying `retry_on` answers and network errors with back-off.

        Returns the last answer (which may still be an error), or None when every attempt met a network error.
        """
        retry = 0
        while True:
            try:
                answer = send(method, url, headers, body, timeout)
                failure = None
            except NetworkError as e:
                answer = None
                failure = str(e)
            if answer is not None and answer.status not in retry_on:
                return answer
            said = failure if answer is None else f"answered {answer.status}"
            if retry >= MAX_RETRIES:
                self.say(f"  {what}: {said}; no more retries after {MAX_RETRIES}")
                return answer
            retry_after = parse_retry_after(answer.header("Retry-After")) if answer is not None else None
            wait = retry_wait(retry, retry_after, self.rand)
            hint = f", Retry-After {answer.header('Retry-After')}" if retry_after is not None else ""
            self.say(f"  {what}: {said}{hint}; retry {retry + 1} of {MAX_RETRIES} in {wait:.2f} s")
            self.sleep(wait)
            retry += 1

    def poll(self, url, headers, *, what, read_status, final):
        """Polls a status on the schedule of `poll_waits` until `final(status)`; returns the last body read.

        A poll met by a retryable answer or a network error is just a poll without news: the next one comes
        on the schedule. MAX_RETRIES of those in a row, an answer not to retry, or the deadline: give up.
        """
        started = time.monotonic()
        misses = 0
        last = None
        for wait in poll_waits():
            if time.monotonic() - started + wait > POLL_DEADLINE_S:
                raise GaveUp(f"{what} still {last!r} after {POLL_DEADLINE_S:.0f} s of polling")
            self.sleep(wait)
            try:
                answer = send("GET", url, headers)
            except NetworkError as e:
                answer, problem = None, str(e)
            else:
                problem = f"answered {answer.status}" if not answer.ok else None
            if answer is not None and not answer.ok and answer.status not in RETRYABLE_STATUSES:
                raise GaveUp(f"{what}: answered {answer.status}: {problem_text(answer.body)}")
            if problem is not None:
                misses += 1
                self.say(f"  {what}: {problem} ({misses} in a row)")
                if misses > MAX_RETRIES:
                    raise GaveUp(f"{what}: {problem}, {misses} polls in a row")
                continue
            misses = 0
            body = answer.json()
            status = read_status(body)
            if status != last:
                self.say(f"  {what}: {status}")
            last = status
            if final(status):
                return body
        raise AssertionError("unreachable")

    # -- streaming ------------------------------------------------------------------------------------

    def stream(self, path: str) -> None:
        base, inlet = self.need("AEP_STREAMING_URL", "AEP_INLET_ID")
        url = f"{base}/collection/batch/{urllib.parse.quote(inlet, safe='')}"
        headers = {"Content-Type": "application/json"}
        token = self.env.get("AEP_ACCESS_TOKEN", "")
        if token:
            headers["Authorization"] = f"Bearer {token}"
        with open(path, "rb") as f:
            messages, bad = read_messages(f.read())
        self.say(f"streaming {_n(len(messages), 'message')} from {os.path.basename(path)} to inlet {inlet}")
        for number, why in bad:
            self.say(f"  line {number}: {why}; not sent")
        if bad:
            self.gave_up = True
        stats = {"requests": 0, "accepted": 0, "rejected": 0, "unsent": 0}
        state = {"stopped": None}
        raws = [raw for _, raw in messages]
        for group in pack_messages(raws):
            items = [messages[i] for i in group]
            if state["stopped"] is not None:
                stats["unsent"] += len(items)
                continue
            self._send_messages(url, headers, items, stats, state)
        if state["stopped"] is not None:
            self.give_up(state["stopped"])
        self.say(
            f"streaming: {_n(stats['requests'], 'request')}; {stats['accepted']} accepted, {stats['rejected']} rejected, "
            f"{stats['unsent']} not sent or without a verdict"
        )

    def _send_messages(self, url, headers, items, stats, state) -> None:
        raws = [raw for _, raw in items]
        body = envelope(raws)
        lines = f"lines {items[0][0]}-{items[-1][0]}" if len(items) > 1 else f"line {items[0][0]}"
        if len(body) > REQUEST_LIMIT_BYTES:
            self.say(f"  {lines}: a request carrying it alone is {len(body)} bytes, over {REQUEST_LIMIT_BYTES}; not sent")
            stats["unsent"] += len(items)
            self.gave_up = True
            return
        stats["requests"] += 1
        answer = self.call("POST", url, headers, body, what=f"streaming request ({_n(len(items), 'message')}, {len(body)} bytes)")
        if answer is None or answer.status in RETRYABLE_STATUSES:
            # Still unavailable after every retry: the next requests would meet the same.
            said = "no answer" if answer is None else f"still answered {answer.status}"
            stats["unsent"] += len(items)
            state["stopped"] = f"{lines}: {said} after {MAX_RETRIES} retries; nothing more is sent to this inlet"
            return
        doc = answer.json() if answer.status in (200, 207) else None
        responses = doc.get("responses") if isinstance(doc, dict) else None
        if isinstance(responses, list):
            for position, (number, _) in enumerate(items):
                entry = responses[position] if position < len(responses) else None
                if isinstance(entry, dict) and "statusCode" in entry:
                    stats["rejected"] += 1
                    self.say(f"  line {number}: rejected ({entry.get('statusCode')}): {entry.get('message', '')}")
                elif isinstance(entry, dict) and isinstance(entry.get("xactionId"), str):
                    stats["accepted"] += 1
                else:
                    # Its fate is unknown: it may have been taken, so it is not sent again.
                    stats["unsent"] += 1
                    self.gave_up = True
                    self.say(f"  line {number}: the answer has no entry for it; not sent again")
            return
        if answer.status == 413:
            if len(items) == 1:
                self.say(f"  {lines}: answered 413 ({problem_text(answer.body)}); a single message cannot be split")
                stats["unsent"] += 1
                self.gave_up = True
                return
            half = len(items) // 2
            self.say(f"  {lines}: answered 413; sending it in two halves")
            self._send_messages(url, headers, items[:half], stats, state)
            if state["stopped"] is None:
                self._send_messages(url, headers, items[half:], stats, state)
            else:
                stats["unsent"] += len(items) - half
            return
        stats["unsent"] += len(items)
        text = problem_text(answer.body)
        if answer.status in (401, 403, 404):
            # The credentials or the inlet are wrong: every further request would be answered the same.
            state["stopped"] = f"streaming answered {answer.status}: {text}; nothing more is sent to this inlet"
            return
        self.gave_up = True
        self.say(f"  {lines}: answered {answer.status}: {text}; not sent again")

    # -- batch ----------------------------------------------------------------------------------------

    def ingest_batch(self, path: str) -> None:
        (platform, dataset) = self.need("AEP_PLATFORM_URL", "AEP_DATASET_ID")
        base = f"{platform}/data/foundation/import"
        name = os.path.basename(path)
        size = os.path.getsize(path)
        self.say(f"batch: {name} ({size} bytes) into dataset {dataset}")

        create = json.dumps({"datasetId": dataset, "inputFormat": {"format": "json"}}).encode("utf-8")
        answer = self.call("POST", f"{base}/batches", self.platform_headers({"Content-Type": "application/json"}), create, what="create batch")
        if answer is None or not answer.ok:
            raise GaveUp(f"create batch: {self._said(answer)}")
        doc = answer.json()
        batch_id = doc.get("id") if isinstance(doc, dict) else None
        if not isinstance(batch_id, str) or batch_id == "":
            raise GaveUp(f"create batch answered {answer.status} without an id")
        self.say(f"  batch {batch_id} created")

        q = urllib.parse.quote
        batch_url = f"{base}/batches/{q(batch_id, safe='')}"
        file_url = f"{batch_url}/datasets/{q(dataset, safe='')}/files/{q(name, safe='')}"
        uploaded = self._upload_large(file_url, path, size) if size > LARGE_FILE_THRESHOLD_BYTES else self._upload_small(file_url, path)
        if not uploaded:
            # COMPLETE would ingest a batch without its file. ABORT says the batch is given up on.
            self.call("POST", f"{batch_url}?action=ABORT", self.platform_headers(), what="abort batch")
            raise GaveUp(f"the upload of {name} failed; batch {batch_id} aborted, not completed")

        # Documented safe to retry: every 5xx, network errors and timeouts are retried.
        retry_on = RETRYABLE_STATUSES | frozenset(range(500, 600))
        answer = self.call("POST", f"{batch_url}?action=COMPLETE", self.platform_headers(), what="complete batch", retry_on=retry_on)
        if answer is None or not answer.ok:
            raise GaveUp(f"complete batch: {self._said(answer)}")
        self.say(f"  batch {batch_id} completed")

        status_url = f"{platform}/data/foundation/catalog/batches/{q(batch_id, safe='')}"

        def read_status(body):
            obj = body.get(batch_id) if isinstance(body, dict) else None
            if obj is None and isinstance(body, dict) and len(body) == 1:
                obj = next(iter(body.values()))
            status = obj.get("status") if isinstance(obj, dict) else None
            return status.lower() if isinstance(status, str) else None

        body = self.poll(
            status_url,
            self.platform_headers(),
            what=f"batch {batch_id} status",
            read_status=read_status,
            final=lambda s: s in SUCCESS_BATCH_STATUSES or s in FINAL_BATCH_STATUSES,
        )
        status = read_status(body)
        if status in SUCCESS_BATCH_STATUSES:
            self.say(f"batch: {batch_id} ended {status}")
            return
        if status in ("failed", "failure"):
            obj = body.get(batch_id) if isinstance(body, dict) else None
            for error in (obj or {}).get("errors") or []:
                if isinstance(error, dict):
                    self.say(f"  error {error.get('code', '')}: {error.get('description', '')}")
            self._read_failed_output(platform, batch_id, path)
            self.say(f"batch: {batch_id} ended failed (its failed records are listed above)")
            return
        raise GaveUp(f"batch {batch_id} ended {status}")

    def _said(self, answer: Answer | None) -> str:
        return "no answer" if answer is None else f"answered {answer.status}: {problem_text(answer.body)}"

    def _upload_small(self, file_url: str, path: str) -> bool:
        with open(path, "rb") as f:
            data = f.read()
        headers = self.platform_headers({"Content-Type": "application/octet-stream"})
        answer = self.call("PUT", file_url, headers, data, what="upload file", timeout=UPLOAD_TIMEOUT_S)
        if answer is None or not answer.ok:
            self.say(f"  upload file: {self._said(answer)}")
            return False
        self.say(f"  uploaded {len(data)} bytes")
        return True

    def _upload_large(self, file_url: str, path: str, size: int) -> bool:
        answer = self.call("POST", f"{file_url}?action=INITIALIZE", self.platform_headers(), what="initialize large file")
        if answer is None or not answer.ok:
            self.say(f"  initialize large file: {self._said(answer)}")
            return False
        parts = file_parts(size)
        with open(path, "rb") as f:
            for number, (first, last) in enumerate(parts, start=1):
                f.seek(first)
                data = f.read(last - first + 1)
                headers = self.platform_headers({"Content-Type": "application/octet-stream", "Content-Range": f"bytes {first}-{last}/{size}"})
                # The same range sent again replaces what it carried: a part is safe to retry.
                answer = self.call("PATCH", file_url, headers, data, what=f"part {number} of {len(parts)}", timeout=UPLOAD_TIMEOUT_S)
                if answer is None or not answer.ok:
                    self.say(f"  part {number} of {len(parts)} (bytes {first}-{last}): {self._said(answer)}")
                    return False
        answer = self.call("POST", f"{file_url}?action=COMPLETE", self.platform_headers(), what="complete large file")
        if answer is None or not answer.ok:
            self.say(f"  complete large file: {self._said(answer)}")
            return False
        self.say(f"  uploaded {size} bytes in {_n(len(parts), 'part')}")
        return True

    def _read_failed_output(self, platform: str, batch_id: str, path: str) -> None:
        failed_url = f"{platform}/data/foundation/export/batches/{urllib.parse.quote(batch_id, safe='')}/failed"
        headers = self.platform_headers()
        names: list[str] = []
        start = 0
        while True:
            page_url = failed_url if start == 0 else f"{failed_url}?start={start}&limit={FAILED_PAGE_LIMIT}"
            answer = self.call("GET", page_url, headers, what="list failed files")
            if answer is None or not answer.ok:
                raise GaveUp(f"list failed files of batch {batch_id}: {self._said(answer)}")
            doc = answer.json()
            data = doc.get("data") if isinstance(doc, dict) else None
            if not isinstance(data, list):
                raise GaveUp(f"the failed-file list of batch {batch_id} has no data array")
            names += [item["name"] for item in data if isinstance(item, dict) and isinstance(item.get("name"), str)]
            page = doc.get("_page") if isinstance(doc.get("_page"), dict) else {}
            limit = page.get("limit") if isinstance(page.get("limit"), int) else FAILED_PAGE_LIMIT
            if len(data) == 0 or len(data) < limit:
                break
            start += len(data)
        self.say(f"  {_n(len(names), 'failed file')}")
        failed: list[tuple[str, object]] = []
        for name in names:
            answer = self.call("GET", f"{failed_url}?path={urllib.parse.quote(name, safe='')}", headers, what=f"failed file {name}")
            if answer is None or not answer.ok:
                raise GaveUp(f"download failed file {name}: {self._said(answer)}")
            failed += [(name, record) for record in _records_of(answer.body)]
        # A failed record that names its row of our file (`_filename`, `_row`, 1-based) is shown as we sent it.
        own = os.path.basename(path)
        rows = {r.get("_row") for _, r in failed if isinstance(r, dict) and r.get("_filename") == own and isinstance(r.get("_row"), int)}
        lines = _lines_of(path, rows) if rows else {}
        for name, record in failed:
            self._say_failed_record(name, record, lines if isinstance(record, dict) and record.get("_filename") == own else {})

    def _say_failed_record(self, name: str, record, lines: dict[int, str]) -> None:
        if not isinstance(record, dict):
            self.say(f"  failed record ({name}): {json.dumps(record, ensure_ascii=False)[:500]}")
            return
        errors = record.get("_validationErrors") or []
        rest = {k: v for k, v in record.items() if k != "_validationErrors"}
        row = record.get("_row")
        if isinstance(row, int) and row in lines:
            self.say(f"  failed record, {record.get('_filename')} line {row} ({name}): {lines[row][:500]}")
        else:
            self.say(f"  failed record ({name}): {json.dumps(rest, ensure_ascii=False)[:500]}")
        for error in errors if isinstance(errors, list) else []:
            if isinstance(error, dict):
                self.say(f"    {error.get('pointerToViolation', '')}: {error.get('message', '')}")

    # -- Campaign -------------------------------------------------------------------------------------

    def campaign(self, mapping: str) -> None:
        (base, org) = self.need("AEP_CAMPAIGN_URL", "AEP_ORG_ID")
        url = f"{base}/{urllib.parse.quote(org, safe='@')}/campaign/dataIngestion/xdmIngestion/{urllib.parse.quote(mapping, safe='')}/ingest"
        headers = self.platform_headers({"Cache-Control": "no-cache", "Content-Type": "application/json"})
        self.say(f"campaign: triggering mapping {mapping}")
        answer = self.call("POST", url, headers, what="trigger")
        if answer is None or not answer.ok:
            raise GaveUp(f"trigger: {self._said(answer)}")
        doc = answer.json() if isinstance(answer.json(), dict) else {}
        status, info, request_id = doc.get("status"), doc.get("info", ""), doc.get("requestId")
        if status == "Failed":
            raise GaveUp(f"trigger refused: {info}")
        if status not in ("Success", "In Progress") or request_id in (None, ""):
            raise GaveUp(f"trigger answered {status!r} without a request id: {info}")
        self.say(f"  {info}" if status == "Success" else f"  {info}; following request {request_id}")

        def read_status(body):
            return body.get("status") if isinstance(body, dict) else None

        body = self.poll(
            f"{url}?requestId={urllib.parse.quote(str(request_id), safe='')}",
            headers,
            what=f"request {request_id}",
            read_status=read_status,
            final=lambda s: s in FINAL_CAMPAIGN_STATUSES,
        )
        extra = f", {body.get('numRecords')} records" if body.get("numRecords") is not None else ""
        batch = f", batch {body['batchId']}" if body.get("batchId") else ""
        self.say(f"campaign: request {request_id} ended {body.get('status')}{extra}{batch}: {body.get('info', '')}")

    # -- all of it ------------------------------------------------------------------------------------

    def run(self) -> int:
        jobs = [
            ("AEP_MESSAGES_FILE", self.stream),
            ("AEP_BATCH_FILE", self.ingest_batch),
            ("AEP_CAMPAIGN_MAPPING_ID", self.campaign),
        ]
        handed = [(name, job) for name, job in jobs if self.env.get(name)]
        if not handed:
            self.say("nothing to do: none of AEP_MESSAGES_FILE, AEP_BATCH_FILE, AEP_CAMPAIGN_MAPPING_ID is set")
            return 0
        for name, job in handed:
            try:
                job(self.env[name])
            except GaveUp as e:
                self.give_up(str(e))
            except OSError as e:
                self.give_up(f"{name}: {e}")
        self.say("done" if not self.gave_up else "done, with failures")
        return 1 if self.gave_up else 0


def _n(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _lines_of(path: str, wanted: set) -> dict[int, str]:
    """The lines of a file with these (1-based) numbers, read in one pass."""
    found: dict[int, str] = {}
    with open(path, "rb") as f:
        for number, line in enumerate(f, start=1):
            if number in wanted:
                found[number] = line.decode("utf-8", "replace").strip()
                if len(found) == len(wanted):
                    break
    return found


def _records_of(body: bytes) -> list:
    """A failed file's records: one JSON document, an array of them, or one per line."""
    text = body.decode("utf-8", "replace")
    try:
        doc = json.loads(text)
    except ValueError:
        records = []
        for line in text.splitlines():
            if line.strip():
                try:
                    records.append(json.loads(line))
                except ValueError:
                    records.append(line.strip())
        return records
    return doc if isinstance(doc, list) else [doc]


def main() -> int:
    return Client(dict(os.environ)).run()


if __name__ == "__main__":
    sys.exit(main())
