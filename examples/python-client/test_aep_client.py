"""Unit tests of the pure parts of aep_client.py: packing by bytes, Retry-After, back-off, polling, parts.

Run: python3 -m unittest discover examples/python-client
"""

import email.utils
import io
import itertools
import json
import random
import unittest

import aep_client as c


def message(text: str) -> bytes:
    return json.dumps({"header": {}, "body": {"xdmEntity": {"name": text}}}, ensure_ascii=False).encode("utf-8")


class Packing(unittest.TestCase):
    def test_request_bytes_is_the_size_of_the_envelope(self):
        for messages in ([], [b"{}"], [b"{}", b"[1]", message("é")]):
            self.assertEqual(c.request_bytes(messages), len(c.envelope(messages)))
        self.assertEqual(c.envelope([b"{}", b"{}"]), b'{"messages":[{},{}]}')

    def test_every_request_is_within_the_limit_and_the_order_is_kept(self):
        rand = random.Random(7)
        messages = [message("x" * rand.randrange(0, 5000)) for _ in range(800)]
        groups = c.pack_messages(messages, 100_000)
        self.assertEqual(list(itertools.chain.from_iterable(groups)), list(range(len(messages))))
        for group in groups:
            self.assertLessEqual(c.request_bytes([messages[i] for i in group]), 100_000)
        # Packed tight: the first message of each next request would not have fitted in the one before.
        for group, following in zip(groups, groups[1:]):
            self.assertGreater(c.request_bytes([messages[i] for i in group + [following[0]]]), 100_000)

    def test_bytes_are_counted_not_characters(self):
        # 4-byte characters: 1000 of them are 1000 characters but 4000 bytes.
        wide = message("😀" * 1000)
        self.assertGreater(len(wide), 4000)
        limit = 10_000
        groups = c.pack_messages([wide] * 5, limit)
        self.assertEqual([len(g) for g in groups], [2, 2, 1])
        for group in groups:
            self.assertLessEqual(len(c.envelope([wide] * len(group))), limit)
        # Counting characters would have put all five in one request, over the limit in bytes.
        self.assertLess(len(c.envelope([wide] * 5).decode("utf-8")), limit)
        self.assertGreater(len(c.envelope([wide] * 5)), limit)

    def test_a_request_of_exactly_the_limit_is_allowed(self):
        a, b = b'{"a":1}', b'{"b":2}'
        exact = c.request_bytes([a, b])
        self.assertEqual(c.pack_messages([a, b], exact), [[0, 1]])
        self.assertEqual(c.pack_messages([a, b], exact - 1), [[0], [1]])

    def test_a_message_too_large_alone_gets_a_request_of_its_own(self):
        small, huge = b"{}", message("x" * 2000)
        groups = c.pack_messages([small, huge, small], 1000)
        self.assertEqual(groups, [[0], [1], [2]])
        self.assertGreater(c.request_bytes([huge]), 1000)

    def test_the_default_limit_is_one_million_bytes(self):
        self.assertEqual(c.REQUEST_LIMIT_BYTES, 1_000_000)
        self.assertEqual(c.pack_messages([]), [])


class RetryAfter(unittest.TestCase):
    NOW = 1_764_686_400.0  # 2025-12-02T14:40:00Z

    def test_delay_seconds(self):
        self.assertEqual(c.parse_retry_after("1"), 1.0)
        self.assertEqual(c.parse_retry_after(" 120 "), 120.0)
        self.assertEqual(c.parse_retry_after("0"), 0.0)

    def test_http_date_forms(self):
        at = self.NOW + 5
        imf = email.utils.formatdate(at, usegmt=True)  # Tue, 02 Dec 2025 14:40:05 GMT
        self.assertEqual(imf, "Tue, 02 Dec 2025 14:40:05 GMT")
        self.assertAlmostEqual(c.parse_retry_after(imf, now=self.NOW), 5.0)
        # The obsolete forms RFC 9110 still asks a recipient to read.
        self.assertAlmostEqual(c.parse_retry_after("Tuesday, 02-Dec-25 14:40:05 GMT", now=self.NOW), 5.0)
        self.assertAlmostEqual(c.parse_retry_after("Tue Dec  2 14:40:05 2025", now=self.NOW), 5.0)

    def test_a_date_in_the_past_asks_for_no_wait(self):
        past = email.utils.formatdate(self.NOW - 30, usegmt=True)
        self.assertEqual(c.parse_retry_after(past, now=self.NOW), 0.0)

    def test_what_is_not_a_retry_after(self):
        for value in (None, "", "   ", "soon", "-1", "1.5", "1e3", "١"):
            self.assertIsNone(c.parse_retry_after(value, now=self.NOW), value)


class Backoff(unittest.TestCase):
    def test_the_nominal_sequence(self):
        self.assertEqual([c.backoff_nominal(n) for n in range(8)], [0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 8.0, 8.0])

    def test_at_least_five_retries(self):
        self.assertGreaterEqual(c.MAX_RETRIES, 5)

    def test_jitter_stays_within_ten_percent_and_the_bounds(self):
        self.assertLessEqual(c.BACKOFF_JITTER, 0.2)
        rand = random.Random(1)
        for n in range(10):
            nominal = c.backoff_nominal(n)
            for _ in range(500):
                wait = c.backoff_delay(n, rand)
                self.assertGreaterEqual(wait, max(nominal * 0.9, c.BACKOFF_FIRST_S) - 1e-9)
                self.assertLessEqual(wait, min(nominal * 1.1, c.BACKOFF_CAP_S) + 1e-9)
        self.assertGreaterEqual(min(c.backoff_delay(0, rand) for _ in range(500)), 0.25)

    def test_extreme_jitter(self):
        class Low:
            def uniform(self, a, b):
                return a

        class High:
            def uniform(self, a, b):
                return b

        self.assertEqual([round(c.backoff_delay(n, Low()), 6) for n in range(7)], [0.25, 0.45, 0.9, 1.8, 3.6, 7.2, 7.2])
        self.assertEqual([round(c.backoff_delay(n, High()), 6) for n in range(7)], [0.275, 0.55, 1.1, 2.2, 4.4, 8.0, 8.0])

    def test_any_run_of_waits_reads_as_exponential_back_off(self):
        # What check-client reads from measured waits (src/contract/client.ts, BACKOFF_READING): no wait under
        # 100 ms, none under half the one before, the last at least 1.5x the first, for any run of two or more
        # (a request answered 503 twice, then accepted, is a run of two).
        class Fixed:
            def __init__(self, values):
                self.values = iter(values)

            def uniform(self, a, b):
                return a if next(self.values) else b

        for pattern in itertools.product([False, True], repeat=c.MAX_RETRIES):
            rand = Fixed(pattern)
            waits = [c.backoff_delay(n, rand) for n in range(c.MAX_RETRIES)]
            self.assertGreaterEqual(min(waits), 0.1)
            for earlier, later in zip(waits, waits[1:]):
                self.assertGreaterEqual(later, earlier * 0.5)
            for k in range(2, c.MAX_RETRIES + 1):
                self.assertGreaterEqual(waits[k - 1], waits[0] * 1.5)

    def test_retry_after_wins_when_longer_and_is_capped(self):
        rand = random.Random(3)
        self.assertEqual(c.retry_wait(0, 1.0, rand), 1.0)
        self.assertEqual(c.retry_wait(0, 0.0, random.Random(3)), c.backoff_delay(0, random.Random(3)))
        self.assertGreaterEqual(c.retry_wait(5, 2.0, rand), 6.4)  # the back-off is longer than Retry-After
        self.assertEqual(c.retry_wait(0, 120.0, rand), 60.0)
        self.assertEqual(c.RETRY_AFTER_CAP_S, 60.0)


class Polling(unittest.TestCase):
    def test_the_schedule(self):
        self.assertEqual(list(itertools.islice(c.poll_waits(), 9)), [1, 2, 4, 8, 16, 30, 30, 30, 30])

    def test_five_polls_are_at_least_five_seconds_apart_on_average(self):
        # check-client warns when five polls of one status come less than 5 s apart on average.
        times = list(itertools.accumulate(itertools.islice(c.poll_waits(), 40)))
        for i in range(len(times) - 4):
            self.assertGreaterEqual((times[i + 4] - times[i]) / 4, 5.0)


class Parts(unittest.TestCase):
    def test_parts_tile_the_file(self):
        for size, part in ((10, 3), (9, 3), (1, 5), (0, 4), (1_000_001, 65_536)):
            parts = c.file_parts(size, part)
            self.assertEqual(sum(last - first + 1 for first, last in parts), size)
            expected_next = 0
            for first, last in parts:
                self.assertEqual(first, expected_next)
                self.assertLessEqual(last - first + 1, part)
                expected_next = last + 1
        self.assertEqual(c.file_parts(10, 4), [(0, 3), (4, 7), (8, 9)])

    def test_the_part_size_constant_is_read_when_called(self):
        saved = c.PART_BYTES
        try:
            c.PART_BYTES = 4
            self.assertEqual(c.file_parts(10), [(0, 3), (4, 7), (8, 9)])
        finally:
            c.PART_BYTES = saved

    def test_the_thresholds(self):
        self.assertEqual(c.LARGE_FILE_THRESHOLD_BYTES, 256 * 1024 * 1024)
        self.assertLessEqual(c.PART_BYTES, 512_000_000)


class Messages(unittest.TestCase):
    def test_reading_ndjson(self):
        data = b'\xef\xbb\xbf{"a":1}\r\n\n  {"b":"\xc3\xa9"}  \nnot json\n[]\n'
        messages, bad = c.read_messages(data)
        self.assertEqual(messages, [(1, b'{"a":1}'), (3, b'{"b":"\xc3\xa9"}'), (5, b"[]")])
        self.assertEqual([n for n, _ in bad], [4])


class Retrying(unittest.TestCase):
    """The retry loop, with `send` replaced by a script of answers and `sleep` recorded."""

    def run_script(self, script, **call):
        sent, slept = [], []

        def fake_send(method, url, headers, body=None, timeout=None):
            sent.append(method)
            step = script.pop(0)
            if isinstance(step, Exception):
                raise step
            status, headers_ = step
            return c.Answer(status, headers_, b"{}")

        saved = c.send
        c.send = fake_send
        try:
            client = c.Client({}, sleep=slept.append, rand=random.Random(5), out=io.StringIO())
            answer = client.call("POST", "http://127.0.0.1:1/x", {}, b"{}", what="test", **call)
        finally:
            c.send = saved
        return answer, sent, slept

    def test_retries_then_succeeds_with_growing_waits(self):
        answer, sent, slept = self.run_script([(503, {}), (503, {}), c.NetworkError("reset"), (207, {})])
        self.assertEqual(answer.status, 207)
        self.assertEqual(len(sent), 4)
        self.assertEqual(len(slept), 3)
        self.assertTrue(slept[0] >= 0.25 and slept[1] >= 0.4 and slept[2] >= 0.8)

    def test_retry_after_is_honoured(self):
        _, _, slept = self.run_script([(429, {"Retry-After": "2"}), (207, {})])
        self.assertEqual(slept, [2.0])

    def test_never_retried(self):
        for status in (400, 401, 403, 404, 413):
            answer, sent, slept = self.run_script([(status, {})])
            self.assertEqual((answer.status, len(sent), slept), (status, 1, []))

    def test_gives_up_after_max_retries(self):
        answer, sent, slept = self.run_script([(503, {})] * (c.MAX_RETRIES + 1))
        self.assertEqual(answer.status, 503)
        self.assertEqual(len(sent), c.MAX_RETRIES + 1)
        self.assertEqual(len(slept), c.MAX_RETRIES)

    def test_complete_retries_every_5xx(self):
        answer, sent, _ = self.run_script([(501, {}), (200, {})], retry_on=c.RETRYABLE_STATUSES | frozenset(range(500, 600)))
        self.assertEqual((answer.status, len(sent)), (200, 2))


class Output(unittest.TestCase):
    def test_the_token_is_never_printed(self):
        out = io.StringIO()
        client = c.Client({"AEP_ACCESS_TOKEN": "tok-123"}, out=out)
        client.say("Authorization: Bearer tok-123")
        self.assertNotIn("tok-123", out.getvalue())

    def test_problem_texts(self):
        self.assertEqual(c.problem_text(b'{"report":{"message":"inletId: [x] bad"}}'), "inletId: [x] bad")
        self.assertEqual(c.problem_text(b'{"error_code":"401013","message":"Oauth token is not valid"}'), "401013: Oauth token is not valid")
        self.assertEqual(c.problem_text(b"plain"), "plain")


if __name__ == "__main__":
    unittest.main()
