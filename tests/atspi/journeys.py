#!/usr/bin/python3
"""Three journeys in the real window, in Vietnamese, with a screenshot of each
screen: restore-password; change-phone with the app closed and opened again
halfway; topic 8 to a saved and checked key file. Run by scripts/journeys,
inside its D-Bus session (AT-SPI registry, keyring, Xvfb, the mock).

usage: journeys.py APP MOCK_URL FTL_FILE KEYFILE_FOLDER SCREENSHOT_FOLDER
"""

import json
import os
import subprocess
import sys
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import drive  # noqa: E402
from demo import ACCESS_CODE, ANSWER, EMAIL, PASSWORD, PHONE, WMID  # noqa: E402

NEW_PHONE = "+84987654321"


class Journeys:
    def __init__(self, binary, mock, ftl, keys, shots):
        self.binary, self.mock, self.keys, self.shots = binary, mock, keys, shots
        self.vi = drive.messages(ftl)
        self.process = None
        self.count = 0

    def launch(self):
        self.process = subprocess.Popen(
            [self.binary, "--endpoint", self.mock, "--lang", "vi", "--type-paths"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        window = subprocess.run(
            ["xdotool", "search", "--sync", "--onlyvisible", "--pid", str(self.process.pid)],
            capture_output=True, text=True, timeout=30, check=True).stdout.split()[0]
        subprocess.run(["xdotool", "windowfocus", "--sync", window], check=True, timeout=10)
        return drive.the_app()

    def close(self):
        """As the user closes the window: the process ends, nothing is kept in memory."""
        self.process.terminate()
        self.process.wait(timeout=10)
        # The old process leaves the accessibility bus.
        time.sleep(1)

    def shot(self, name):
        self.count += 1
        time.sleep(0.4)
        path = os.path.join(self.shots, f"{self.count:02d}-{name}.png")
        subprocess.run(["import", "-window", "root", path], check=True, timeout=20)
        print(f"   screenshot: {os.path.basename(path)}", flush=True)

    def entry(self, app):
        """The step's first text field."""
        return drive.find(app, lambda n: n.getRoleName() in ("entry", "text")
                          and n.getState().contains(drive.pyatspi.STATE_EDITABLE),
                          "a text field")

    def type_into_first(self, app, text):
        if not self.entry(app).queryEditableText().setTextContents(text):
            drive.fail("the field refused its text")

    def enter_code(self, app, to):
        """Types the code the mock last sent to `to`, and presses Verify."""
        drive.set_text(app, ["entry", "text"], self.vi["code-label"],
                       drive.latest_code(self.mock, to))
        drive.press(app, self.vi["button-verify"])

    def cases(self):
        with urllib.request.urlopen(f"{self.mock}/mock/cases", timeout=10) as answer:
            return json.load(answer)

    def run(self):
        vi = self.vi
        app = self.launch()
        self.shot("start")

        drive.step("restore-password to its outcome")
        drive.press(app, vi["topic-restore-password-title"])
        self.shot("restore-password")
        self.type_into_first(app, WMID)
        drive.press(app, vi["button-continue"])
        self.shot("restore-password-channel")
        drive.press(app, vi["channel-sms"])
        drive.node(app, ["entry", "text"], vi["code-label"])
        self.shot("restore-password-code")
        self.enter_code(app, PHONE)
        drive.node(app, ["password text"], vi["security-answer-label"])
        self.shot("restore-password-answer")
        drive.set_text(app, ["password text"], vi["security-answer-label"], ANSWER)
        drive.press(app, vi["button-continue"])
        drive.set_text(app, ["password text"], vi["new-password-label"], PASSWORD)
        drive.set_text(app, ["password text"], vi["new-password-repeat"], PASSWORD)
        self.shot("restore-password-new-password")
        drive.press(app, vi["button-continue"])
        drive.node(app, ["heading"], vi["outcome-password-changed-title"], 20)
        self.shot("restore-password-outcome")

        drive.step("change-phone, the app closed and opened again halfway")
        drive.advance_clock(self.mock, 120)
        drive.press(app, vi["topic-change-phone-title"])
        drive.press(app, vi["answer-yes"])
        self.type_into_first(app, WMID)
        drive.press(app, vi["button-continue"])
        drive.press(app, vi["channel-keeper"])
        self.enter_code(app, WMID)
        drive.node(app, ["entry", "text"], vi["new-phone-label"])
        self.type_into_first(app, NEW_PHONE)
        self.shot("change-phone-new-number")
        drive.press(app, vi["button-send-code"])
        drive.node(app, ["entry", "text"], vi["code-label"])
        self.shot("change-phone-code-to-new-number")
        before = len(self.cases())
        self.close()

        app = self.launch()
        self.shot("after-restart-start")
        drive.press(app, vi["topic-change-phone-title"])
        drive.node(app, ["entry", "text"], vi["code-label"])
        self.shot("after-restart-change-phone-resumed")
        if len(self.cases()) != before:
            drive.fail("reopening the topic opened a second case")
        self.enter_code(app, NEW_PHONE)
        self.shot("change-phone-confirm-method")
        drive.press(app, vi["confirm-method-old-contact"])
        drive.node(app, ["entry", "text"], vi["code-label"])
        # Where the code went, as the screen says it (masked).
        sent_to = drive.status_text(app, vi["code-sent-to"].split("{")[0].strip())
        old_contact = EMAIL if "@" in sent_to else PHONE
        self.shot("change-phone-code-to-old-contact")
        self.enter_code(app, old_contact)
        drive.node(app, ["heading"], vi["outcome-phone-changed-title"], 20)
        self.shot("change-phone-outcome")

        drive.step("topic 8: the key file saved where typed, and checked")
        drive.advance_clock(self.mock, 120)
        drive.press(app, vi["topic-restore-keyfile-title"])
        self.type_into_first(app, WMID)
        drive.press(app, vi["button-continue"])
        drive.press(app, vi["channel-email"])
        self.enter_code(app, EMAIL)
        drive.press(app, vi["button-download"], 20)
        drive.press(app, vi["button-save-keyfile"])
        drive.node(app, ["entry", "text"], vi["path-label-keyfile"])
        self.shot("keyfile-path")
        drive.set_text(app, ["entry", "text"], vi["path-label-keyfile"], self.keys)
        drive.press(app, vi["button-save-here"])
        drive.set_text(app, ["password text"], vi["access-code-label"], ACCESS_CODE)
        drive.press(app, vi["button-check-keyfile"])
        drive.status_text(app, vi["keyfile-check-ok"])
        self.shot("keyfile-checked")
        drive.press(app, vi["button-close"])
        drive.node(app, ["push button", "button"], vi["button-show-in-folder"])
        self.shot("keyfile-outcome")
        if not [f for f in os.listdir(self.keys) if f.endswith(".kwm")]:
            drive.fail("no key file was saved")
        self.close()
        print("PASSED: three journeys, one of them across a restart", flush=True)


if __name__ == "__main__":
    Journeys(*sys.argv[1:6]).run()
