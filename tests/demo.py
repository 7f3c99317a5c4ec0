"""The demo scenario's account and the nine topics, as the scripts that drive
the running app over AT-SPI (tests/atspi/drive.py) and with Orca
(tests/orca/listen.py) type and expect them."""

WMID = "405002833238"
PHONE = "+84912345678"
EMAIL = "an.nguyen@example.com"
# The demo key file's access code (resources/scenarios, as the mock issues it).
ACCESS_CODE = "FvGqPdAy8reVWw789"
# The demo account's security answer, and a new password to set.
ANSWER = "Hà Nội"
PASSWORD = "NewPassw0rd-7ZQ"
# The page's order (TopicId::ALL); the Fluent ids are topic-<name>-title.
TOPICS = [
    "restore-password",
    "change-phone",
    "deactivate-phone",
    "reregister-sim",
    "change-email",
    "change-security-question",
    "find-accounts",
    "restore-keyfile",
    "restore-enum",
]
