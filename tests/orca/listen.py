#!/usr/bin/python3
"""What GNOME Orca says while a blind user restores a password by keyboard.

Run by scripts/orca inside its own D-Bus session, with Xvfb, the AT-SPI
registry, speech-dispatcher (its "filelog" module writes "[language @time] text" per
utterance to the speech file), Orca, the mock and the app already running, and
the app's window given the keyboard. Keys go in through XTEST (`xdotool key` /
`xdotool type` without `--window`), as a keyboard's do. After each key the
speech is read until it is quiet. Expected phrases come from the Fluent file of
the language: single-line messages (and the variants of a select), matched on
their fixed words, placeables left open.

usage: listen.py --lang LANG --ftl FILE --speech FILE [--offset BYTES]
                 [--orca-debug FILE] [--debug-offset BYTES] [--mock URL]
                 [--explore] [--control] [--orca-commands] [--started-ns NS]

--explore   prints the transcript and never fails on what was (not) heard.
--control   a GTK3 `zenity --entry` instead of the app: proves the harness.
--orca-commands  after the journey, Orca's own commands (printed only, never
            failing): flat review, say all, learn mode.

Only the standard library: the app's state is followed through the mock's
record of requests (/mock/exchanges) and outbox, never over AT-SPI, so that
nothing but Orca talks to the app's accessibility tree.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import time
import unicodedata
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from demo import ANSWER, PASSWORD, PHONE, TOPICS, WMID  # noqa: E402

APP_TITLE = "Keeper Recovery"
# Silence after a key: the speech is over when nothing new came for QUIET
# seconds; a step that expects words waits up to PATIENCE s of silence for
# them (the app may be waiting for the service), and no step longer than LIMIT.
QUIET = 1.0
PATIENCE = 2.5
LIMIT = 8.0
# Orca said nothing for this many Tabs in a row: it will not start now.
SILENT_TABS = 12
MAX_TABS = 40


# ---------------------------------------------------------------- Fluent ----

def fluent_messages(path):
    """Message id -> its pattern text, continuation lines joined."""
    found, key = {}, None
    with open(path, encoding="utf-8") as ftl:
        for line in ftl:
            line = line.rstrip("\n")
            if line[:1].isalpha() and "=" in line:
                key, value = line.split("=", 1)
                key = key.strip()
                found[key] = value.strip()
            elif key and line[:1] == " " and line.strip():
                found[key] = (found[key] + "\n" + line.strip()).strip()
            elif not line.strip() or line.startswith("#"):
                key = None
    return found


def _placeable_end(text, start):
    depth = 0
    for i in range(start, len(text)):
        if text[i] == "{":
            depth += 1
        elif text[i] == "}":
            depth -= 1
            if depth == 0:
                return i
    return len(text) - 1


OPEN = "\0"  # where a placeable's value goes: any text


def variants(pattern, args):
    """Every text a pattern can give, placeables OPEN unless given in args.
    A select expression gives each of its variants."""
    texts = [""]
    i = 0
    while i < len(pattern):
        if pattern[i] != "{":
            j = pattern.find("{", i)
            j = len(pattern) if j < 0 else j
            texts = [t + pattern[i:j] for t in texts]
            i = j
            continue
        end = _placeable_end(pattern, i)
        inner = pattern[i + 1:end].strip()
        i = end + 1
        if "->" in inner:
            options = []
            body = inner.split("->", 1)[1]
            for match in re.finditer(r"\*?\[[^\]]+\]\s*((?:[^\[{]|\{[^}]*\})*)", body):
                options.extend(variants(match.group(1).strip().rstrip("*").strip(), args))
            options = options or [OPEN]
        else:
            name = inner.lstrip("$").strip()
            if name in args:
                options = [args[name]]
            elif inner.startswith('"') and inner.endswith('"'):
                options = [inner[1:-1]]
            else:
                options = [OPEN]
        texts = [t + o for t in texts for o in options]
    return texts


WORD = re.compile(r"\w+", re.UNICODE)


def words(text):
    text = unicodedata.normalize("NFC", text.replace("\u2068", "").replace("\u2069", ""))
    return WORD.findall(text.lower())


class Phrase:
    """What one Fluent message sounds like: its fixed words in order, anything
    where a placeable goes, punctuation and case ignored."""

    def __init__(self, ftl, message_id, **args):
        self.id = message_id
        if message_id not in ftl:
            # Listened for in vain: the failure names the missing id.
            self.args, self.texts, self.regexes = {}, [f"(no message {message_id!r} in the "
                                                       "Fluent file)"], []
            return
        self.args = {k: (ftl[v[1:]] if isinstance(v, str) and v.startswith("@") else v)
                     for k, v in args.items()}
        self.texts = variants(ftl[message_id], self.args)
        self.regexes = []
        for text in self.texts:
            parts = [words(part) for part in text.split(OPEN)]
            parts = [p for p in parts if p]
            if not parts:
                continue
            self.regexes.append(re.compile(
                r".*?".join(r"\b" + r"\W+".join(map(re.escape, p)) + r"\b" for p in parts),
                re.UNICODE,
            ))
        if not self.regexes:
            self.texts = [f"({message_id!r} has no fixed words to listen for)"]

    def shown(self):
        """The message as a reader would see it, placeables as …"""
        return " | ".join(t.replace(OPEN, "…") for t in self.texts)

    def heard_in(self, utterances):
        """The first utterance (or the run of utterances) that says this."""
        for u in utterances:
            if self._says(u):
                return u
        joined = " ".join(utterances)
        return joined if self._says(joined) else None

    def _says(self, text):
        spoken = " ".join(words(text))
        return any(r.search(spoken) for r in self.regexes)


# ---------------------------------------------------------------- hearing ---

class Said(str):
    """One utterance, with the time speech-dispatcher spoke it (epoch s)."""

    def __new__(cls, text, at=None):
        said = super().__new__(cls, text)
        said.at = at
        return said


class Ear:
    """Reads speech-dispatcher's file (and Orca's debug file) as they grow.
    A line is "[language @epoch] text" (or "[language] text")."""

    LINE = re.compile(r"^\[([A-Za-z_-]*)(?: @([0-9.]+))?\] (.*)$")

    def __init__(self, speech, offset, debug, debug_offset):
        self.speech, self.offset = speech, offset
        self.debug, self.debug_offset = debug, debug_offset
        self.partial = ""
        self.debug_partial = ""
        self.lang_seen = set()

    def take(self):
        with open(self.speech, "rb") as f:
            f.seek(self.offset)
            data = f.read()
        self.offset += len(data)
        text = self.partial + data.decode("utf-8", "replace")
        lines = text.split("\n")
        self.partial = lines.pop()  # not yet finished
        said = []
        for line in lines:
            m = self.LINE.match(line)
            if m:
                self.lang_seen.add(m.group(1))
                said.append([m.group(3).strip(), float(m.group(2)) if m.group(2) else None])
            elif said:
                said[-1][0] += " " + line.strip()
            elif line.strip():
                said.append([line.strip(), None])
        return [Said(text, at) for text, at in said if text]

    def take_debug(self):
        if not self.debug or not os.path.exists(self.debug):
            return []
        with open(self.debug, "rb") as f:
            f.seek(self.debug_offset)
            data = f.read()
        self.debug_offset += len(data)
        text = self.debug_partial + data.decode("utf-8", "replace")
        lines = text.split("\n")
        self.debug_partial = lines.pop()
        return lines

    def listen(self, expect=(), quiet=QUIET, patience=PATIENCE, limit=LIMIT, already=()):
        """What is said from now until it is quiet (returns utterances and
        Orca's debug lines). With `expect`, silence is borne up to `patience`
        seconds while an expected phrase is still missing."""
        start = last = time.monotonic()
        said, debug = list(already), []
        while True:
            time.sleep(0.05)
            new = self.take()
            debug += self.take_debug()
            now = time.monotonic()
            if new:
                said += new
                last = now
            missing = [p for p in expect if p.heard_in(said) is None]
            silent = now - last
            if now - start >= limit:
                break
            if silent >= quiet and (not missing or silent >= patience):
                break
        return said, debug


# What Orca's debug file tells beside the words. Orca 43 writes objects as
# "[push button | Name]", Orca 48 as "[button: 'Name']"; the events' and the
# focus's lines changed with them. Nothing here is required: a line that
# matches neither only leaves the transcript without it.
KEY_EVENT = re.compile(r"vvvvv PROCESS (\S*KEY\S*): (?:'(.*?)' \(|(\(obscured\)))")
EVENT = re.compile(r"EVENT MANAGER: Dequeued (\S+) (?:for )?(\[[^\]]*\]).*? \((-?\d+), ?")
FOCUS = re.compile(r"(?:ORCA: Changing locusOfFocus|FOCUS MANAGER: Changing locus of focus) "
                   r"from .* to (\[[^\]]*\])")
DEBUG_SPEECH = re.compile(r"SPEECH OUTPUT: '(.*)'(?: ?\{.*\})?\s*$")


def orca_keys(debug):
    """The keys Orca's keyboard handling processed (pressed ones)."""
    keys = []
    for line in debug:
        m = KEY_EVENT.search(line)
        if m and "PRESS" in m.group(1).upper():
            keys.append(m.group(2) if m.group(3) is None else "(obscured)")
    return keys


def orca_events(debug):
    """The AT-SPI events Orca handled, by type and source, counted."""
    counts = {}
    for line in debug:
        m = EVENT.search(line)
        if m:
            kind = m.group(1)
            if ":state-changed:" in kind:
                kind += "+" if m.group(3) != "0" else "-"
            key = f"{kind} {m.group(2)}"
            counts[key] = counts.get(key, 0) + 1
    return counts


def orca_focus(debug):
    return [m.group(1) for m in map(FOCUS.search, debug) if m]


# ---------------------------------------------------------------- steps -----

class Step:
    def __init__(self, number, what, key, said, debug, service):
        self.number, self.what, self.key = number, what, key
        self.said, self.debug, self.service = said, debug, service
        self.late = []
        self.orca_command = False
        self.printed_only = False
        self.typed = None
        self.at = None

    @property
    def keys(self):
        return orca_keys(self.debug)

    @property
    def events(self):
        return orca_events(self.debug)

    @property
    def focus(self):
        return orca_focus(self.debug)

    @property
    def debug_said(self):
        return [m.group(1) for m in map(DEBUG_SPEECH.search, self.debug) if m]


class Journey:
    def __init__(self, args):
        self.args = args
        self.ftl = fluent_messages(args.ftl)
        self.ear = Ear(args.speech, args.offset, args.orca_debug, args.debug_offset)
        self.steps = []
        self.failures = []
        self.notes = []
        self.exchanges_seen = 0
        self.printed = 0

    # -- the app's side, through the mock's records
    def mock_get(self, path):
        with urllib.request.urlopen(f"{self.args.mock}{path}", timeout=5) as answer:
            return json.load(answer)

    def service_news(self):
        if not self.args.mock:
            return []
        try:
            exchanges = self.mock_get("/mock/exchanges")
        except OSError:
            return []
        news = exchanges[self.exchanges_seen:]
        self.exchanges_seen = len(exchanges)
        return [f"{e.get('method')} {e.get('path')} -> {e.get('status')}" for e in news]

    def latest_code(self, to, seconds=5):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                outbox = self.mock_get("/mock/outbox")
            except OSError:
                outbox = []
            codes = [m.get("code") for m in outbox if m.get("to") == to and m.get("code")]
            if codes:
                return codes[-1]
            time.sleep(0.2)
        return None

    # -- keys
    def press(self, what, key, expect=(), typed=None, **listen):
        """Sends one key (or types text), then records what is said."""
        # Anything said late belongs to the step before; before the first
        # key, to the window's appearing.
        late, late_debug = self.ear.take(), self.ear.take_debug()
        if self.steps and (late or late_debug):
            before = self.steps[-1]
            before.said += late
            before.late += late
            before.debug += late_debug
            late, late_debug = [], []
        if self.args.explore:
            for step in self.steps[self.printed:]:
                self.print_step(step)
            self.printed = len(self.steps)
        pressed_at = time.time()
        if typed is not None:
            # A character the keymap lacks is typed through a keycode xdotool
            # remaps for it: give the app time to read the new mapping.
            delay = "40" if typed.isascii() else "150"
            subprocess.run(["xdotool", "type", "--delay", delay, typed], check=True)
            shown = f"type {typed!r}"
        elif key is not None:
            subprocess.run(["xdotool", "key", *key.split()], check=True)
            shown = key
        else:
            shown = "(no key)"
        said, debug = self.ear.listen(expect=expect, already=late, **listen)
        debug = late_debug + debug
        step = Step(len(self.steps) + 1, what, shown, said, debug, self.service_news())
        step.typed = typed
        step.at = pressed_at if key is not None or typed is not None else self.args.started_at
        self.steps.append(step)
        return step

    def hear(self, steps, phrase, why, not_as=()):
        """An expectation on what one step (or a run of steps) made Orca say.
        Words in `not_as` (the button just pressed, said again) do not count."""
        steps = steps if isinstance(steps, list) else [steps]
        said = [u for s in steps for u in s.said if words(u) not in [words(n) for n in not_as]]
        if phrase.heard_in(said) is not None:
            return True
        first, last = steps[0], steps[-1]
        where = (f"step {first.number} ({first.what}, key {first.key})" if first is last else
                 f"steps {first.number}-{last.number} ({first.what} ... {last.what})")
        self.failures.append(f"{where}: {why}\n"
                             f"      expected [{phrase.id}]: {phrase.shown()!r}\n"
                             f"      heard: {repr(said) if said else 'nothing'}")
        return False

    @staticmethod
    def spoke(step):
        """More than the key's own echo: Orca's focus moved, or words came."""
        return bool(step.focus) or any(len(words(u)) > 2 for u in step.said) \
            or len(step.said) > 1

    @staticmethod
    def focused_on(step, phrase):
        """Orca's own focus, at the end of the step, is on what `phrase` names."""
        if not step.focus:
            return False
        shown = step.focus[-1].strip("[]")
        if "|" in shown:  # Orca 43: [role | name]
            name = shown.split("|", 1)[-1].strip()
        else:  # Orca 48: [role: 'name']
            name = shown.split(": ", 1)[-1].strip().strip("'")
        return phrase.heard_in([name]) is not None

    def phrase(self, message_id, **args):
        return Phrase(self.ftl, message_id, **args)

    # -- printing
    def print_step(self, s, out=sys.stdout):
        print(f"  {s.number:02d} {s.what} -- key: {s.key}", file=out)
        late = len(s.said) - len(s.late)
        for i, u in enumerate(s.said):
            when = ""
            if getattr(u, "at", None) and s.at:
                when = f" +{u.at - s.at:.2f}s"
            print(f"       said{when}{' (late)' if i >= late else ''}: {u}", file=out)
        if not s.said:
            print("       said: (nothing)", file=out)
        extra = [d for d in s.debug_said if d.strip() and not any(d.strip() in u for u in s.said)]
        for d in extra:
            print(f"       (Orca's debug file, not in the speech file: {d!r})", file=out)
        print(f"       Orca's keyboard handling saw: {', '.join(s.keys) if s.keys else 'no key'}"
              + (f"; Orca's focus: {' -> '.join(s.focus)}" if s.focus else ""), file=out)
        if s.events:
            shown = "; ".join(f"{e}{f' x{n}' if n > 1 else ''}" for e, n in s.events.items())
            print(f"       AT-SPI events Orca handled: {shown}", file=out)
        for line in s.service:
            print(f"       the app asked the service: {line}", file=out)
        out.flush()

    def print_transcript(self, out=sys.stdout):
        print(f"== what Orca said ({self.args.lang}), key by key:", file=out)
        for s in self.steps:
            self.print_step(s, out)

    # -- the journeys
    def control(self):
        """A GTK3 entry dialog: Orca must speak it, echo a typed key, speak
        the next widget on Tab and answer its own "where am I"."""
        start = self.press("the dialog appears", None, limit=10, patience=4,
                           expect=[_Anything()])
        if not start.said:
            self.failures.append("control: Orca said nothing when the GTK3 dialog appeared")
        typed = self.press("type x into the entry", "x")
        if not any(u.strip().lower() == "x" for u in typed.said):
            self.failures.append(f"control: no key echo of 'x' (heard {typed.said!r})")
        if not typed.keys:
            self.failures.append("control: Orca's keyboard handling saw no key")
        tab = self.press("Tab", "Tab")
        if not tab.said:
            self.failures.append("control: nothing said on Tab")
        where = self.press("Orca's where am I (KP_Enter)", "KP_Enter")
        where.orca_command = True
        self.settle()
        if not where.said:
            self.failures.append("control: nothing said for where am I")

    def journey(self):
        p = self.phrase
        titles = {t: p(f"topic-{t}-title") for t in TOPICS}
        settings_button = p("settings-heading")
        # 1. The window appears.
        start = self.press("the window appears", None,
                           expect=[p("start-heading")], limit=12, patience=4)
        self.hear(start, p("start-heading"), "the start view's question on opening")

        # 2. Tab through the start view.
        heard_titles = {}
        heard_settings = None
        silent = 0
        for i in range(1, MAX_TABS + 1):
            step = self.press(f"start view, Tab {i}", "Tab")
            silent = 0 if self.spoke(step) else silent + 1
            for t, phrase in titles.items():
                if t not in heard_titles and phrase.heard_in(step.said):
                    heard_titles[t] = step.number
            if heard_settings is None and settings_button.heard_in(step.said):
                heard_settings = step.number
            if len(heard_titles) == len(TOPICS) and heard_settings is not None:
                break
            if silent >= SILENT_TABS:
                self.notes.append(f"Orca said nothing for {SILENT_TABS} Tabs in a row: "
                                  "stopped tabbing")
                break
        for t in TOPICS:
            if t not in heard_titles:
                self.failures.append(
                    f"start view: the topic title [topic-{t}-title] "
                    f"{titles[t].shown()!r} was not heard on any Tab")
        if heard_settings is None:
            self.failures.append(
                f"start view: the Settings button [settings-heading] "
                f"{settings_button.shown()!r} was not heard on any Tab")

        # ... to the first topic: Tab on until its title is heard, then Enter;
        # without a word from Orca, the digit 1 opens topic 1.
        restore = titles["restore-password"]
        on_restore = self.focused_on(self.steps[-1], restore) or (
            bool(self.steps[-1].said) and restore.heard_in(self.steps[-1].said) is not None)
        if "restore-password" in heard_titles:
            for i in range(1, 25):
                if on_restore:
                    break
                step = self.press(f"Tab to the first topic, {i}", "Tab")
                on_restore = self.focused_on(step, restore) or restore.heard_in(step.said) is not None
        identifier = p("identifier-label")
        if on_restore:
            opened = self.press("open the focused topic", "Return",
                                expect=[identifier], patience=3)
        else:
            self.notes.append("the first topic's title was never heard: opened it with the digit 1")
            opened = self.press("open topic 1 with its digit", "1",
                                expect=[identifier], patience=3)
        # 3. The identifier field, a wrong identifier.
        self.hear(opened, identifier, "the identifier field's label once the topic opens")
        self.press("type a wrong identifier", None, typed="12345")
        bad = p("input-invalid", field="@field-identifier", expected="@expect-identifier")
        wrong = self.press("submit it", "Return", expect=[bad])
        self.hear(wrong, bad, "the wrong identifier's error")
        # Back into the field later: its text, and what is wrong with it, are
        # read with it (the field's text at an offset, its error as its description).
        self.press("Tab away from the field", "Tab")
        back = self.press("Shift+Tab back into it", "shift+Tab", expect=[identifier, bad])
        self.hear(back, identifier, "the field's name when Shift+Tab comes back to it")
        self.hear(back, bad, "the field's error, read with the field")
        if not any("12345" in said.replace(" ", "") for said in back.said):
            self.failures.append(
                f"step {back.number}: the field's text (12345) is not read when Shift+Tab "
                f"comes back to it; heard {list(back.said)!r}")

        # 4. The demo WMID.
        self.press("select the field's text", "ctrl+a")
        self.press("delete it", "BackSpace")
        self.press("type the demo WMID", None, typed=WMID)
        channels = [p("choose-channel"), p("channel-sms"), p("channel-email")]
        chosen = self.press("submit it", "Return", expect=channels[:2], patience=4)
        # 5. The channels, as a user learns them: Tab until the last one
        # (Email) is heard, Shift+Tab back to SMS (Orca's focus, or SMS said
        # on its own), Enter. Without a word from Orca, the digit 1.
        sms, email = channels[1], channels[2]
        channel_steps = [chosen]
        if self.spoke(chosen):
            step = chosen
            for i in range(1, 5):
                if self.focused_on(step, email) or email.heard_in(step.said):
                    break
                step = self.press(f"Tab through the channels, {i}", "Tab")
                channel_steps.append(step)
            on_sms = self.focused_on(step, sms)
            for i in range(1, 7):
                if on_sms:
                    break
                step = self.press(f"back to SMS, {i}", "shift+Tab")
                channel_steps.append(step)
                on_sms = self.focused_on(step, sms) or (
                    sms.heard_in(step.said) is not None
                    and channels[0].heard_in(step.said) is None)
        else:
            on_sms = False
        self.hear(channel_steps, channels[0], "the channel question")
        self.hear(channel_steps, channels[1], "the SMS channel's name")
        self.hear(channel_steps, channels[2], "the email channel's name, before a channel "
                  "is chosen")
        sent, left = p("code-sent-to"), p("attempts-left")
        if on_sms:
            sent_step = self.press("choose SMS", "Return", expect=[sent, left], patience=4)
        else:
            self.notes.append("the keyboard was never heard on SMS: chose it with the digit 1")
            sent_step = self.press("choose SMS by its digit", "1", expect=[sent, left],
                                   patience=4)
        self.hear(sent_step, sent, "where the code was sent")
        self.hear(sent_step, left, "the attempts left")

        # 6. The code, the security answer, the new password twice.
        code = self.latest_code(PHONE)
        if code is None:
            self.failures.append("journey: no code was sent to the phone: the keys did not "
                                 "get the app this far (see the service's requests)")
            self.notes.append("no code in the mock's outbox: the journey stopped at the code")
            return self.settings_and_orca_keys()
        self.press("type the code", None, typed=code)
        answer_label = p("security-answer-label")
        verified = self.press("submit it", "Return", expect=[answer_label], patience=4)
        self.hear(verified, answer_label, "the security answer's field")
        self.press("type the security answer", None, typed=ANSWER)
        new_label = p("new-password-label")
        answered = self.press("submit it", "Return", expect=[new_label], patience=4)
        if any("-> 4" in line for line in answered.service):
            # The service refused the answer: a typing slip of the non-ASCII
            # characters (not what is tested here). Once more, slowly.
            self.notes.append(f"the service refused the typed answer at step "
                              f"{answered.number}: typed it again")
            self.press("select the field's text", "ctrl+a")
            self.press("delete it", "BackSpace")
            self.press("type the security answer again", None, typed=ANSWER)
            answered = self.press("submit it", "Return", expect=[new_label], patience=4)
        self.hear(answered, new_label, "the new password's field")
        self.press("type the new password", None, typed=PASSWORD)
        repeat = p("new-password-repeat")
        second = self.press("Tab to the second field", "Tab", expect=[repeat])
        self.hear(second, repeat, "the repeated password's field")
        self.press("type the new password again", None, typed=PASSWORD)

        # 7. The outcome.
        outcome, reference = p("outcome-password-changed-title"), p("case-reference")
        done = self.press("submit it", "Return", expect=[outcome, reference], patience=4)
        self.hear(done, outcome, "the outcome's title")
        self.hear(done, reference, "the case reference")
        return self.settings_and_orca_keys()

    def settings_and_orca_keys(self):
        p = self.phrase
        # 8. Settings, by Tab (and Shift+Tab) alone.
        settings_button = p("settings-heading")
        found = False
        silent = 0
        for i in range(1, 31):
            key = "Tab" if i <= 20 else "shift+Tab"
            step = self.press(f"look for Settings, {key} {i}", key)
            silent = 0 if self.spoke(step) else silent + 1
            if self.focused_on(step, settings_button) or settings_button.heard_in(step.said):
                found = True
                break
            if silent >= SILENT_TABS:
                break
        if found:
            button = self.steps[-1].said
            opened = self.press("open Settings", "Return", expect=[settings_button], patience=3)
            self.hear(opened, settings_button, "the Settings screen's heading", not_as=button)
        else:
            self.failures.append(
                f"the Settings button [settings-heading] {settings_button.shown()!r} "
                "was never heard while tabbing after the outcome")
        # Back to the start view; the digit 1 opens the first topic.
        self.press("back to the start view", "Escape", expect=[p("start-heading")])
        # Topic 1 opens where it stands: the finished case, or a new one.
        topic1 = AnyOf(p("identifier-label"), p("outcome-password-changed-title"),
                       p("topic-restore-password-title"))
        digit = self.press("open topic 1 with its digit", "1", expect=[topic1], patience=3)
        self.hear(digit, topic1, "topic 1 once its digit is pressed on the start view")
        # Orca's own command: where am I (KP_Enter, NumLock off). Printed only.
        self.press("Orca: where am I (KP_Enter)", "KP_Enter").orca_command = True
        if self.args.orca_commands:
            self.orca_commands()
        self.settle()

    # Orca's desktop layout, NumLock off (as Xvfb starts): the keypad's
    # keysyms without NumLock. Printed only: what each Orca says is measured,
    # not asserted.
    ORCA_COMMANDS = [
        ("Orca: flat review, current line (KP_8)", "KP_Up"),
        ("Orca: flat review, previous line (KP_7)", "KP_Home"),
        ("Orca: flat review, next line (KP_9)", "KP_Page_Up"),
        ("Orca: flat review, current word (KP_5)", "KP_Begin"),
        ("Orca: say all (KP_Add)", "KP_Add"),
        # KP_Add twice: the whole window by flat review (Orca 43 and 48).
        ("Orca: say all by flat review (KP_Add twice)", "KP_Add KP_Add"),
        ("Orca: learn mode (Insert+H)", "Insert+h"),
        ("Orca: in learn mode, Tab", "Tab"),
        ("Orca: leave learn mode (Escape)", "Escape"),
    ]

    def orca_commands(self):
        for what, key in self.ORCA_COMMANDS:
            step = self.press(what, key)
            step.orca_command = True
            step.printed_only = True

    def settle(self):
        """Late words after the last key, then the rest of the printing."""
        time.sleep(QUIET)
        late, late_debug = self.ear.take(), self.ear.take_debug()
        if self.steps:
            self.steps[-1].said += late
            self.steps[-1].late += late
            self.steps[-1].debug += late_debug
        if self.args.explore:
            for step in self.steps[self.printed:]:
                self.print_step(step)
            self.printed = len(self.steps)

    # -- over the whole run
    def never_heard(self):
        p = self.phrase
        # Orca's own commands of --orca-commands (say all, flat review) are
        # measured, not judged.
        steps = [s for s in self.steps if not s.printed_only]
        spoken = [(s, u) for s in steps for u in s.said]

        def squash(text):
            return "".join(words(text))

        for secret in (PASSWORD, ANSWER):
            flat = squash(secret)
            for s, u in spoken:
                if flat in squash(u):
                    self.failures.append(f"a secret was spoken at step {s.number} "
                                         f"({s.what}): {u!r}")
            # Character by character: the short utterances of a step, joined.
            for s in steps:
                shorts = squash("".join(u for u in s.said if len(squash(u)) <= 2))
                for i in range(len(flat) - 2):
                    if flat[i:i + 3] in shorts:
                        self.failures.append(
                            f"the secret {secret[:2]}… was echoed character by character "
                            f"at step {s.number} ({s.what}): {s.said!r}")
                        break
        # Nothing said twice in a row by one key.
        for s in steps:
            if s.typed:
                continue  # one key per character: one echo each is fine
            for a, b in zip(s.said, s.said[1:]):
                if len(words(a)) >= 3 and words(a) == words(b):
                    self.failures.append(f"said twice in a row after one key at step "
                                         f"{s.number} ({s.what}): {a!r}")
                    break
        # Notices at most once (each is caused once in this journey); the
        # window's name at most once.
        once = [(n, {}) for n in ("keyring-unavailable", "keyring-refused", "keyring-not-ready")]
        # (The identifier's error is read again whenever its field is focused
        # again, by design: it is the field's description.)
        once += [("code-sent-to", {})]
        for notice, args in once:
            if notice not in self.ftl:
                continue
            phrase = p(notice, **args)
            times = [s.number for s in steps if phrase.heard_in(s.said)]
            if len(times) > 1:
                self.failures.append(f"the notice [{notice}] {phrase.shown()!r} was said "
                                     f"{len(times)} times (steps {times}), not once")
        title = words(self.ftl.get("app-title", APP_TITLE))
        times = [s.number for s, u in spoken
                 if not s.orca_command
                 and " ".join(title) in " ".join(words(u))]
        if len(times) > 1:
            self.failures.append(f"the window's name {APP_TITLE!r} was said {len(times)} "
                                 f"times (steps {times}), not once")


class AnyOf:
    """One of several phrases."""

    def __init__(self, *phrases):
        self.phrases = phrases
        self.id = " or ".join(p.id for p in phrases)

    def heard_in(self, utterances):
        return next((h for h in (p.heard_in(utterances) for p in self.phrases) if h), None)

    def shown(self):
        return " / ".join(p.shown() for p in self.phrases)


class _Anything:
    id = "anything"

    def heard_in(self, utterances):
        return utterances[0] if utterances else None

    def shown(self):
        return "anything"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--lang", required=True)
    parser.add_argument("--ftl", required=True)
    parser.add_argument("--speech", required=True)
    parser.add_argument("--offset", type=int, default=0)
    parser.add_argument("--orca-debug")
    parser.add_argument("--debug-offset", type=int, default=0)
    parser.add_argument("--mock")
    parser.add_argument("--explore", action="store_true")
    parser.add_argument("--control", action="store_true")
    parser.add_argument("--orca-commands", action="store_true")
    parser.add_argument("--started-ns", type=int)
    args = parser.parse_args()
    args.started_at = args.started_ns / 1e9 if args.started_ns else time.time()

    began = time.monotonic()
    journey = Journey(args)
    if args.explore:
        print(f"== Orca, {args.lang}{' (control: zenity)' if args.control else ''}: "
              "key by key", flush=True)
    if args.control:
        journey.control()
    else:
        journey.journey()
        journey.never_heard()
    took = time.monotonic() - began
    if args.started_ns:
        took = (time.time_ns() - args.started_ns) / 1e9
    heard = sum(len(s.said) for s in journey.steps)
    langs = ", ".join(sorted(journey.ear.lang_seen)) or "none"
    summary = (f"{args.lang}: {len(journey.steps)} steps, {heard} utterances "
               f"(speech language {langs}), {took:.1f} s from the window's start")
    if journey.failures and not args.explore:
        journey.print_transcript()
    for note in journey.notes:
        print(f"   note: {note}")
    if args.explore:
        print(f"-- {summary}; {len(journey.failures)} expectation(s) not met:")
    elif journey.failures:
        print(f"FAILED ({summary}): {len(journey.failures)} expectation(s) not met:")
    else:
        print(f"PASSED: {summary}")
    for f in journey.failures:
        print(f"   - {f}")
    sys.stdout.flush()
    return 1 if journey.failures and not args.explore else 0


if __name__ == "__main__":
    sys.exit(main())
