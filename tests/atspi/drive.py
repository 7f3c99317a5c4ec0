#!/usr/bin/python3
"""The running app read and driven from outside over AT-SPI, as Orca reads it.

Run by scripts/screen-reader inside its own D-Bus session, with the AT-SPI
registry and Xvfb running, the mock at MOCK_URL and the app in Vietnamese.
Only AT-SPI is used: actions ("click"), setting a field's text, and reading
names. No X input event is sent.

usage: drive.py MOCK_URL FTL_FILE KEYFILE_FOLDER
"""

import json
import os
import sys
import time
import urllib.request

import pyatspi
from gi.repository import Atspi, GLib

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from demo import ACCESS_CODE, ANSWER, EMAIL, PASSWORD, PHONE, TOPICS, WMID  # noqa: E402

APP_NAME = "keeper-recovery"


def messages(path):
    """The single-line messages of a Fluent file, by id."""
    found = {}
    with open(path, encoding="utf-8") as ftl:
        for line in ftl:
            if line[:1].isalpha() and " = " in line:
                key, value = line.rstrip("\n").split(" = ", 1)
                found[key.strip()] = value.strip()
    return found


def step(what):
    print(f"-- {what}", flush=True)


def fail(why):
    print(f"FAILED: {why}", flush=True)
    sys.exit(1)


def walk(node, depth=0):
    if node is None or depth > 60:
        return
    yield node
    for i in range(node.childCount):
        yield from walk(node.getChildAtIndex(i), depth + 1)


def wait_for(what, find, seconds=15):
    found = wait_for_quiet(find, seconds)
    if found is None:
        fail(f"{what} did not appear within {seconds} s")
    return found


def the_app():
    def find():
        desktop = pyatspi.Registry.getDesktop(0)
        for i in range(desktop.childCount):
            app = desktop.getChildAtIndex(i)
            if app is not None and app.name == APP_NAME:
                # Read the app afresh each time, as its screen changes: no
                # client-side cache of names, states or interfaces.
                app.set_cache_mask(Atspi.Cache.NONE)
                return app
        return None

    return wait_for(f"the application {APP_NAME!r} on the AT-SPI bus", find, 30)


def said(app, tries=20):
    """Every node as "role: name", with its text where it has a text interface."""
    try:
        return [f"{n.getRoleName()}: {n.name}{text_of(n)}" for n in walk(app)]
    except GLib.Error:
        if tries == 0:
            raise
        time.sleep(0.1)
        return said(app, tries - 1)


def text_of(n):
    try:
        text = n.queryText()
    except NotImplementedError:
        return ""
    return f" [{text.getText(0, -1)}]"


def find(app, wanted, what, seconds=15):
    """The first node `wanted` accepts, once the screen shows one; the whole
    tree is printed when none comes."""
    def look():
        return next((n for n in walk(app) if wanted(n)), None)

    found = wait_for_quiet(look, seconds)
    if found is None:
        print("\n".join(said(app)), flush=True)
        fail(f"{what} did not appear within {seconds} s")
    return found


def node(app, roles, name, seconds=15):
    return find(app, lambda n: n.getRoleName() in roles and n.name == name,
                f"a {'/'.join(roles)} named {name!r}", seconds)


def press(app, name, seconds=15, roles=("push button", "button")):
    """Clicks the named button (or option) once it can be pressed."""
    button = find(
        app,
        lambda n: n.getRoleName() in roles and n.name == name and clickable(n),
        f"a {'/'.join(roles)} named {name!r} that can be pressed",
        seconds,
    )
    action, index = clickable(button)
    action.doAction(index)


def choose(app, name):
    """Presses one of a drop-down's options, as listed to the screen reader."""
    press(app, name, roles=("radio button",))


def heard(app, roles, contains, seconds=15):
    """The name of a live region saying `contains`."""
    return find(app, lambda n: n.getRoleName() in roles and contains in n.name,
                f"a {'/'.join(roles)} saying {contains!r}", seconds).name


def alert_text(app, contains):
    return heard(app, ("alert", "notification"), contains)


def status_text(app, contains):
    return heard(app, ("status bar", "statusbar"), contains)


def extents(n):
    box = n.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
    return box.x, box.y, box.width, box.height


def has_state(n, state):
    return n.getState().contains(state)


def focused(app, roles, name):
    find(app, lambda n: n.getRoleName() in roles and n.name == name
         and has_state(n, pyatspi.STATE_FOCUSED), f"{name!r} reported as focused")
    print(f"   focused: {name}")


def wait_for_quiet(find, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            found = find()
        except GLib.Error:
            # A node went away while it was read: the screen changed. Read again.
            found = None
        if found is not None:
            return found
        time.sleep(0.1)
    return None


def clickable(n):
    """A node's click, or None while it is unavailable (the app is waiting)."""
    try:
        action = n.queryAction()
    except NotImplementedError:
        return None
    names = [action.getName(i) for i in range(action.nActions)]
    return (action, names.index("click")) if "click" in names else None


def set_text(app, roles, label, text):
    field = node(app, roles, label)
    if not field.queryEditableText().setTextContents(text):
        fail(f"the field {label!r} refused its text")


def latest_code(mock, to, seconds=15):
    """The last code the mock sent to `to`, as the user would read it there."""
    def find():
        with urllib.request.urlopen(f"{mock}/mock/outbox", timeout=10) as answer:
            outbox = json.load(answer)
        codes = [m.get("code") for m in outbox if m.get("to") == to and m.get("code")]
        return codes[-1] if codes else None

    return wait_for(f"a code sent to {to}", find, seconds)


def advance_clock(mock, seconds):
    """Moves the mock's clock, as support staff do: the account's last code
    was sent a moment ago, and the service waits a minute between codes."""
    request = urllib.request.Request(
        f"{mock}/mock/clock",
        data=json.dumps({"seconds": seconds}).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10):
        pass


def main():
    mock, ftl, keyfile_folder = sys.argv[1], sys.argv[2], sys.argv[3]
    vi = messages(ftl)
    app = the_app()

    step("the start view: the question and the nine topics as buttons")
    node(app, ["heading"], vi["start-heading"])
    for topic in TOPICS:
        title = vi[f"topic-{topic}-title"]
        find(app, lambda n: n.getRoleName() == "push button" and n.name == title
             and clickable(n), f"the topic {title!r} as a button that can be pressed")

    step("what Orca needs beyond names: the window's place, the language, the keys")
    frame = find(app, lambda n: n.getRoleName() == "frame", "the window")
    x, y, width, height = extents(frame)
    if width <= 0 or height <= 0 or x < 0 or y < 0:
        fail(f"the window's extents are ({x}, {y}, {width}, {height})")
    print(f"   the window: {width}x{height} at ({x}, {y})")
    for n in walk(frame):
        if n.getRoleName() in ("push button", "entry", "heading") and has_state(n, pyatspi.STATE_SHOWING):
            nx, ny, nw, nh = extents(n)
            if nx < x or ny < y or nw <= 0 or nh <= 0:
                fail(f"{n.getRoleName()} {n.name!r} is at ({nx}, {ny}, {nw}, {nh}), outside the window")
    locale = Atspi.Accessible.get_object_locale(app)
    if not locale.startswith("vi"):
        fail(f"the application's locale is {locale!r}, not Vietnamese")
    first = node(app, ["push button"], vi["topic-restore-password-title"])
    if not has_state(first, pyatspi.STATE_FOCUSED):
        fail("the start view does not put the focus on the first topic")
    action, index = clickable(first)
    if not action.getKeyBinding(index).endswith("1"):
        fail(f"the first topic's key is {action.getKeyBinding(index)!r}")
    # What Orca says with it (the start view, then news) is heard in scripts/orca.
    print(f"   focused: {first.name} [{action.getKeyBinding(index)}]")

    step("a bad WMID: the error is announced")
    press(app, vi["topic-restore-password-title"])
    node(app, ["heading"], vi["topic-restore-password-title"])
    # The app put the keyboard in the WMID field: the screen reader is told.
    focused(app, ["entry", "text"], vi["identifier-label"])
    set_text(app, ["entry", "text"], vi["identifier-label"], "12345")
    press(app, vi["button-continue"])
    error = alert_text(app, vi["field-identifier"])
    print(f"   heard: {error}")
    # The field says it is wrong, and why, as the screen reader reads it.
    field = node(app, ["entry", "text"], vi["identifier-label"])
    if not has_state(field, pyatspi.STATE_INVALID_ENTRY):
        fail("the WMID field is not marked invalid")
    targets = [r.getTarget(i).name for r in field.getRelationSet()
               if r.getRelationType() == pyatspi.RELATION_ERROR_MESSAGE
               for i in range(r.getNTargets())]
    if error not in targets:
        fail(f"the field's error-message is {targets!r}")
    if error not in field.description:
        fail(f"the field does not say its error: {field.description!r}")
    # Its text by character and word, and its caret, as Orca 43 reads them.
    text = field.queryText()
    word = text.getTextAtOffset(2, pyatspi.TEXT_BOUNDARY_WORD_START)
    if word[0].strip() != "12345" or text.getTextAtOffset(0, pyatspi.TEXT_BOUNDARY_CHAR)[0] != "1":
        fail(f"the field's text at an offset is {word!r}")
    print(f"   the field: invalid, its error linked, word {word[0]!r}, caret {text.caretOffset}")

    step("restore-password to its outcome")
    set_text(app, ["entry", "text"], vi["identifier-label"], WMID)
    press(app, vi["button-continue"])
    press(app, vi["channel-sms"])
    node(app, ["entry", "text"], vi["code-label"])
    # "A code was sent to …" and the attempts left are live, polite news.
    print(f"   heard: {status_text(app, '+84')}")
    print(f"   heard: {status_text(app, vi['attempts-left'].split('{')[0].strip())}")
    code = latest_code(mock, PHONE)
    set_text(app, ["entry", "text"], vi["code-label"], code)
    press(app, vi["button-verify"])
    set_text(app, ["password text"], vi["security-answer-label"], ANSWER)
    press(app, vi["button-continue"])
    set_text(app, ["password text"], vi["new-password-label"], PASSWORD)
    # The screen reader moves to the second field: the keyboard goes with it.
    node(app, ["password text"], vi["new-password-repeat"]).queryComponent().grabFocus()
    focused(app, ["password text"], vi["new-password-repeat"])
    set_text(app, ["password text"], vi["new-password-repeat"], PASSWORD)
    for line in said(app):
        if PASSWORD in line or ANSWER in line:
            fail(f"a secret is heard: {line}")
    # The password fields' text is dots, as drawn.
    dots = [line for line in said(app) if line.startswith("password text") and "•" in line]
    if len(dots) < 2:
        fail("the password fields do not read as dots")
    press(app, vi["button-continue"])
    outcome = node(app, ["heading"], vi["outcome-password-changed-title"], 20)
    print(f"   heard: {outcome.name}")
    reference = [line for line in said(app) if "KR-" in line]
    if not reference:
        fail("the case's reference is not heard")
    print(f"   heard: {reference[0]}")

    step("topic 8: the key file saved where typed, and its access code checked")
    advance_clock(mock, 120)
    press(app, vi["topic-restore-keyfile-title"])
    set_text(app, ["entry", "text"], vi["identifier-label"], WMID)
    press(app, vi["button-continue"])
    press(app, vi["channel-email"])
    node(app, ["entry", "text"], vi["code-label"])
    set_text(app, ["entry", "text"], vi["code-label"], latest_code(mock, EMAIL))
    press(app, vi["button-verify"])
    press(app, vi["button-download"], 20)
    press(app, vi["button-save-keyfile"])
    # The app runs with --type-paths: whatever dialog helper the machine has
    # (zenity, a portal), it takes a typed path.
    set_text(app, ["entry", "text"], vi["path-label-keyfile"], keyfile_folder)
    press(app, vi["button-save-here"])
    set_text(app, ["password text"], vi["access-code-label"], ACCESS_CODE)
    for line in said(app):
        if ACCESS_CODE in line:
            fail(f"the access code is heard: {line}")
    press(app, vi["button-check-keyfile"])
    checked = status_text(app, vi["keyfile-check-ok"])
    print(f"   heard: {checked}")

    step("theme, Settings and language by the screen reader's actions alone")
    choose(app, vi["theme-dark"])
    find(app, lambda n: n.getRoleName() == "radio button" and n.name == vi["theme-dark"]
         and has_state(n, pyatspi.STATE_CHECKED), "the dark theme read as checked")
    press(app, vi["settings-heading"])
    node(app, ["heading"], vi["settings-heading"])
    choose(app, "English")
    node(app, ["heading"], "Settings")
    print("PASSED: read and driven by AT-SPI alone", flush=True)


if __name__ == "__main__":
    main()
