# Keeper Recovery: English.
# Every file in i18n/ has the same message ids and the same placeables; the tests check it.
# Times, dates and waits arrive as ready-made text ($until, $eta, $wait); counts as numbers.

## Application

app-title = Keeper Recovery
no-display = No display found: Keeper Recovery needs a graphical desktop (X11 or Wayland). Start it from a desktop session.

## Start view: mirrors WebMoney's "What do you want?" page

start-heading = What do you want?
start-intro = Choose from the list below the problem closest to yours. If you can't tell what the problem is yourself, contact technical support and describe it in detail.
start-contact-support = Contact technical support
start-choose-topic = Choose the topic that fits in the list.
topics-show = Topics
start-open-cases = Open recoveries
start-open-case = { $topic }: { $state } (reference { $reference })
start-no-open-cases = No recoveries in progress.
start-secrets-link = Password, access code, activation code: which is which?

## Keys: said to screen readers with the step whose choices show these digits

keys-topics = Press 1 to 9 to open a topic.
keys-choices = Press 1 to { $count } to choose.

## The nine topics, in the page's order

topic-restore-password-title = Restore the WebMoney Keeper password
topic-restore-password-intro =
    Enter the WMID you have lost control of and press “Continue”.
    If you don't remember the WMID, give the phone number or email address you entered in your personal details. The result of the WM account search (the list of WMIDs found) will be sent to you by text message or email.

topic-change-phone-title = Change phone number
topic-change-phone-intro = To change your phone number yourself, you need access to your WebMoney Keeper.
topic-change-phone-wiki = Detailed instructions for changing your phone number are on wiki.webmoney.com.vn

topic-deactivate-phone-title = Deactivate a mobile phone number
topic-deactivate-phone-intro = If, when registering with WebMoney or changing the phone number of your WMID, you were told that this number had already been used to register another WM account, you can ask for that mobile number to be deactivated.

topic-reregister-sim-title = Re-register the SIM card after its replacement
topic-reregister-sim-intro = If you have changed (replaced) your SIM card, for example for a phone that takes a different size of SIM card, or restored the number after losing the device, the SIM card's number changes and text messages may stop arriving. Re-register the new SIM card: for this you need access to your WMID in the main version of the Keeper.

topic-change-email-title = Change email
topic-change-email-intro = To change your email address yourself, you need access to your WebMoney Keeper.
topic-change-email-wiki = Detailed instructions for changing your email address are on wiki.webmoney.com.vn

topic-change-security-question-title = Change security question
topic-change-security-question-intro =
    You can change the security question only if one of these conditions is met:
    1. You know the security question and its answer that you set earlier for your WebMoney Keeper
    2. You sign in to the website to change the security question with confirmation by SMS or E-NUM. If you don't remember the answer to your security question, go to security.wmtransfer.com and set up a transaction confirmation method for your WebMoney Keeper. After that you will be able to set a new security question and answer for your WebMoney Keeper.
topic-change-security-question-wiki = More about changing the answer to the security question on wiki.webmoney.ru

topic-find-accounts-title = Find my WM accounts
topic-find-accounts-intro = You can find all the WM accounts you registered with a mobile phone number or email. The result of the WM account search (the list of WMIDs found) will be sent to you by text message or email.

topic-restore-keyfile-title = Restore key file or digital certificate
topic-restore-keyfile-intro =
    Enter the WMID you have lost control of and press “Continue”.
    If you don't remember the WMID, give the phone number or email address you entered in your personal details. The result of the WM account search (the list of WMIDs found) will be sent to you by text message or email.

topic-restore-enum-title = Restore access to E-NUM account
topic-restore-enum-intro = If you reinstalled E-NUM or changed phones, confirm with a code sent by SMS, and a new activation code will be sent to you by SMS.

## Access to the Keeper (asked before changing the phone, the email or the SIM)

keeper-access-question = Do you have access to your WebMoney Keeper?
answer-yes = Yes
answer-no = No
keeper-access-no = Without access to your Keeper you can't make this change yourself. First restore access to the Keeper (its password, key file or certificate), or contact technical support.
wiki-instructions = Instructions on the wiki

## Naming the account

identifier-label = Enter WMID, phone number or email:
identifier-label-phone-email = Enter phone number or email:
identifier-label-wmid-purse = Enter WMID or purse:
identifier-label-phone = Enter phone number:
identifier-label-wmid-purse-phone = Enter WMID, purse or phone number:
identifier-placeholder = e.g. 405002833238, +84 912 345 678 or name@example.com
identifier-placeholder-phone-email = e.g. +84 912 345 678 or name@example.com
identifier-placeholder-wmid-purse = e.g. 405002833238 or Z238479008342
identifier-placeholder-phone = e.g. +84 912 345 678
identifier-placeholder-wmid-purse-phone = e.g. 405002833238 or +84 912 345 678

## Buttons

button-continue = Continue
button-back = Back
button-cancel = Cancel
button-cancel-case = Cancel this recovery
cancel-confirm = Cancel this recovery? What you have done so far is lost and you would start again from the beginning.
cancel-confirm-review = Cancel this recovery? Support stops reviewing your documents; to go on later you would start again and send them again.
button-cancel-confirm = Yes, cancel it
button-cancel-keep = No, keep it
button-confirm = Confirm
button-retry = Try again
button-forget = Forget
button-restore-access = Restore access first
button-resume = Resume
open-case-exists = A recovery for this is already open on this computer ({ $reference }). Go on with it: a new one would send another code, and codes a day are limited.
button-continue-open-case = Continue that recovery
button-new-case-anyway = Start a new one
button-stop = Stop waiting
button-send-code = Send code
button-send-again = Send again
button-send-again-in = Send again in { $wait }
button-send-again-in-at = Send again in { $wait }, at { $until }
button-verify = Verify
button-upload = Send documents
button-download = Download key file
button-save-keyfile = Save key file
button-check-keyfile = Check key file
button-replace = Replace
button-choose-files = Choose files
button-refresh = Refresh
button-start-again = Start again
button-close = Close
button-settings = Settings
button-copy = Copy

## Progress

progress-connecting = Connecting…
progress-waiting = Waiting for the service…

## Where codes are sent

channel-sms = SMS
channel-email = Email
channel-enum = E-NUM
channel-keeper = WebMoney Keeper
channel-sms-detail = A text message to the account's phone number
channel-email-detail = A message to the account's email
channel-enum-detail = A confirmation in the E-NUM app
channel-keeper-detail = A message in WebMoney Keeper on your device
channel-sms-to = A text message to { $destination }
channel-email-to = A message to { $destination }
channel-enum-to = A confirmation in the E-NUM app ({ $destination })
choose-channel = Where should the code be sent?
choose-channel-accounts = Where should the list of your WMIDs be sent?

## Typing the code

code-sent-to = A code was sent to { $destination }.
code-label = Code
attempts-left =
    { $count ->
        [one] { $count } attempt left
       *[other] { $count } attempts left
    }
code-limit-daily = No code was sent: { $identifier } has had as many codes today as are allowed, counted across all its recoveries. The next one can be sent in { $wait }, at { $until }.
code-limit-daily-no-time = No code was sent: { $identifier } has had as many codes today as are allowed, counted across all its recoveries. Try again tomorrow.
code-limit-cooldown = No code was sent this time: one went to { $identifier } a moment ago (by this or another recovery). Another can be sent in { $wait }, at { $until }.
code-limit-cooldown-no-time = No code was sent this time: one went to { $identifier } a moment ago (by this or another recovery). Wait a little before asking again.
code-limit-over = The wait is over: a code for { $identifier } can be asked for again.
sends-none = No more codes can be sent for { $identifier } today. The code already sent still works until it expires.
sends-left =
    { $count ->
        [one] You can ask for { $count } more code today.
       *[other] You can ask for { $count } more codes today.
    }
code-not-arriving-sms = Code not arriving? Check that the phone number above is yours and wait a minute. To keep text-message costs down, a new code can be sent only after a short wait, and a few times a day.
code-not-arriving-email = Code not arriving? Check that the address above is yours, look in the spam folder, and wait a minute. A new code can be sent only after a short wait, and a few times a day.
code-not-arriving-enum = Code not arriving? Open the E-NUM app on the phone above and look at its requests; it may take a minute. A new code can be sent only after a short wait, and a few times a day.
code-not-arriving-keeper = Code not arriving? Open your Keeper and look at its messages; it may take a minute. A new code can be sent only after a short wait, and a few times a day.

## Security question

security-answer-heading = Security question
security-answer-question = Your security question: { $question }
security-answer-label = Answer

## New password

new-password-label = New password
new-password-repeat = Repeat the new password
new-password-rules = 8 to 64 characters, with both letters and digits.
new-password-mismatch = The two passwords are not the same.

## New phone or email

new-phone-label = New phone number, in international format
new-email-label = New email address
new-phone-placeholder = for example +84 912 345 678
new-email-placeholder = for example name@example.com

## Confirming a change through the old contact

confirm-old-question = How do you want to confirm the change?
confirm-method-old-contact = A code to the current phone or email
confirm-method-sms = A code by SMS
confirm-method-enum = E-NUM
confirm-method-security-question = Security question
confirm-method-security-question-wait = The change then takes effect after { $wait }, for your safety
confirm-security-question-warning = If you confirm with the security question, the change takes effect only after a security period of a few days.

## Detaching a number, re-registering a SIM card

confirm-detach = The number { $phone } is linked to another WMID. If you confirm, the owner of that WMID is told by email, and after a security period the number is detached from it so that you can use it.
reregister-sim-confirm = The new SIM card for { $phone } will be registered; then a code is sent to it to check that text messages arrive.

## Identity documents

documents-intro = This recovery needs identity documents. Attach clear scans or photos; support will review them.
documents-accepted = PDF, JPEG or PNG, up to { $megabytes } MB each.
documents-min-files =
    { $count ->
        [one] Attach at least { $count } file.
       *[other] Attach at least { $count } files.
    }
documents-chosen =
    { $count ->
        [one] { $count } file chosen
       *[other] { $count } files chosen
    }
documents-remove = Remove
no-file-dialog = No file dialog can open on this desktop. Type the full path instead.
typed-paths = File dialogs are off (--type-paths). Type the full path.
bundle-path-label = Where to save the diagnostics bundle: a folder, or a full file name
bundle-path-empty = Type where to save the bundle, such as a folder.
bundle-path-taken = A file with that name is already there and is kept. Type another name.
path-label-documents = Path to a document (PDF, JPEG or PNG)
document-not-found = { $path } was not found on this computer. Check the path; nothing was sent.
document-unreadable = { $path } could not be read on this computer ({ $detail }). Nothing was sent.
document-too-large = { $name } is larger than { $megabytes } MB. Attach a smaller scan or photo; nothing was sent.
document-wrong-type = { $name } is not a PDF, JPEG or PNG file. Attach a scan or photo in one of these types; nothing was sent.
document-interrupted = Reading the files on this computer stopped before it finished. Choose them again.
path-label-keyfile = Where to save: a folder, or a full file name
button-add-file = Add
button-save-here = Save here

## New security question

new-question-label = New security question
new-answer-label = Answer
new-answer-repeat = Repeat the new answer
new-answer-mismatch = The answers do not match. Type the same answer twice, with the same accents.
button-show-typed = Show what I type
button-hide-typed = Hide what I type
new-answer-hint = Choose an answer you will remember and others can't guess.

## Waiting

waiting-period = For your safety the change takes effect after a security period, so that the account owner can object if it wasn't them. It ends at { $until }.
waiting-review = Support is checking your documents. Expected by { $until }. You can close the app: the recovery stays here.
button-add-reminder = Add a reminder to my calendar
reminder-title = Keeper Recovery: { $topic }
reminder-description = The wait for your recovery { $reference } should be over. Open Keeper Recovery and press “Resume” to go on.
notice-reminder-saved = Reminder saved to { $path }. Open it to add it to your calendar.
notice-reminder-not-saved = The reminder was not saved.
notify-wait-over-title = Keeper Recovery: the wait is over
notify-wait-over = { $topic } ({ $reference }) can go on now.
case-reference = Reference: { $reference }
case-reference-hint = Quote this reference when you write to support.
case-state-label = State: { $state }
case-eta = Expected by { $eta }
case-eta-unknown = No estimate yet.
case-expires = If left unfinished, this recovery stays open until { $until }.

## The restored key file

keyfile-ready = Your new key file is ready.
keyfile-ready-hint = Save it on this computer, then check that it opens with your key-file access code. The code stays on this computer.
keyfile-exists-replace = A file with this name is already there. Replace it?
keyfile-saved = Key file saved to { $path }.
access-code-label = Key-file access code
keyfile-check-ok = The key file opens with this access code.
button-prove-keyfile = Prove it works
keyfile-prove-hint = The service sends a short text; this computer signs it with the key file and sends back only the signature. The key and the access code stay here.
keyfile-proof-ok = The service accepted a signature made with this key file.
keyfile-proving = Signing the service’s challenge on this computer and sending the signature…

## Saving the key file went wrong

keyfile-save-exists = { $path } already exists. Replace it?
keyfile-save-no-folder = The folder { $path } does not exist. Choose another folder.
keyfile-save-permission-denied = You are not allowed to write to { $path }. Choose another folder.
keyfile-save-read-only = { $path } is on a read-only disk. Choose another folder.
keyfile-save-disk-full = The disk is full. Free some space or choose another disk.
keyfile-save-not-a-folder = { $path } is a file, not a folder. Choose another folder.
keyfile-save-other = The key file could not be saved to { $path }: { $detail }

## Checking a key file went wrong

keyfile-error-wrong-size =
    This is not a key file: a key file is exactly 164 bytes, and this one is { $found ->
        [one] { $found } byte
       *[other] { $found } bytes
    }. It may be cut short, or another file.
keyfile-error-bad-body-length = The key file is damaged: its header is wrong. Download it again.
keyfile-error-wrong-access-code = This access code doesn't open the key file for this WMID. Check the WMID and the code (capital letters matter); if both are right, the file may be damaged.
keyfile-error-malformed-key = The key file opens, but the key inside is damaged. Download it again.

## Talking to the service went wrong

error-invalid-endpoint = The service address is not valid. Check it in Settings.
error-insecure-endpoint = The service address must start with https:// (plain http only for a service on this computer).
error-wait-over = The wait is over: you can try again now.
error-offline = Can't reach the recovery service. Check your internet connection, then try again.
error-untrusted = The recovery service's identity could not be verified, so nothing was sent. Someone on this network may be intercepting the connection, or the service address is wrong. Try another network, or check the address.
error-timeout = The service took too long to answer. Try again.
error-connection-lost = The connection was lost before the answer arrived. Try again: nothing will be done twice.
error-invalid-input = { $field }: the service did not accept this; { $expected }
error-wrong-code =
    { $field ->
        [answer] The answer is not right.
       *[other] The code is not right.
    } { $count ->
        [one] { $count } attempt left.
       *[other] { $count } attempts left.
    }
error-code-expired = The code has expired. Ask for a new one.
error-bad-signature =
    The service refused the signature made with this key file: it does not match the key the service keeps for this WMID. Download the key file again. { $count ->
        [one] { $count } attempt left.
       *[other] { $count } attempts left.
    }
error-signing = This computer could not sign with the key file. Try again; if it keeps failing, restart the app.
error-locked = Too many wrong attempts. For your safety, confirmation is paused until { $until }. Try again in { $wait }.
error-locked-no-time = Too many wrong attempts. For your safety, confirmation is paused for a while. Try again later.
error-cooldown = A code was just sent. You can ask for another in { $wait }.
error-cooldown-no-time = A code was just sent. Wait a little before asking for another.
error-rate-limited = Too many requests for now. You can try again in { $wait } (at { $until }).
error-rate-limited-no-time = Too many requests for now. Try again a little later.
error-case-expired = This recovery expired because it was left unfinished. Start again: what you typed is kept.
error-case-not-found = The service no longer knows this recovery. Start again: what you typed is kept.
error-unauthorized = Your confirmation has ended. Confirm with a new code to go on.
error-not-ready = Not ready yet. Expected by { $eta }.
error-not-ready-no-time = Not ready yet. Check again later.
error-wrong-state = This step is no longer expected: the recovery has moved on. Press “Refresh” to see where it stands.
error-unavailable = The service is busy. Try again in { $wait }.
error-unavailable-no-time = The service is busy. Try again in a moment.
error-server = The service failed (error { $status }). Try again later; if it keeps happening, contact support.
error-protocol = The service's answer could not be read. Try again; if it keeps happening, contact support.
error-too-large = The service's answer was too large to accept. Contact support.
error-checksum-mismatch = The downloaded key file was damaged on the way. Download it again.
error-redirected = The service tried to pass this request on to { $host }. It was not sent there: the service address may be wrong or forged. Check it in the settings, or contact support.
error-redirected-no-host = The service tried to pass this request on to another address. It was not sent there: the service address may be wrong or forged. Check it in the settings, or contact support.

## What the user typed is not what a field expects

field-identifier = Account
field-wmid = WMID
field-purse = Purse
field-phone = Phone number
field-email = Email
field-code = Code
field-password = Password
field-answer = Answer
field-question = Security question
field-document = Documents
field-channel = Where to send the code
field-method = Confirmation
field-other = Request

expect-identifier = give a WMID (12 digits), a purse (a letter and 12 digits), a phone number in international format or an email address.
expect-identifier-wmid-purse = give a WMID (12 digits) or a purse (a letter and 12 digits).
expect-identifier-wmid-purse-phone = give a WMID (12 digits), a purse (a letter and 12 digits) or a phone number in international format.
expect-identifier-phone-email = give a phone number in international format or an email address.
expect-identifier-phone = give a phone number in international format, such as +84 912 345 678.
expect-wmid = a WMID is exactly 12 digits, e.g. 405002833238.
expect-purse = a purse is a currency letter and 12 digits, e.g. Z238479008342.
expect-phone = give the number in international format, e.g. +84 912 345 678.
expect-email = give an email address, e.g. name@example.com.
expect-code = the code is 6 digits.
expect-password = use 8 to 64 characters, with letters and digits.
expect-answer = give the answer to your security question.
expect-question = write a question only you can answer.
expect-document = attach PDF, JPEG or PNG files of at most 10 MB each.
expect-channel = choose another way to receive the code.
expect-method = choose another way to confirm.
expect-other = check what you entered and try again.

input-invalid = { $field }: { $expected }
input-empty = { $field }: this field is required.
input-too-long =
    { $field }: use at most { $max ->
        [one] { $max } character
       *[other] { $max } characters
    }.

## Where a recovery stands

case-state-awaiting-challenge = Choose where to send the code
case-state-awaiting-code = Waiting for the code
case-state-awaiting-step = In progress
case-state-waiting = Security period
case-state-under-review = Under review
case-state-ready = Ready
case-state-completed = Completed
case-state-rejected = Rejected
case-state-cancelled = Cancelled
case-state-expired = Expired

wait-reason-security-period = Security period
wait-reason-document-review = Document review

## How a recovery ended, and what to do next

outcome-password-changed-title = Password changed
outcome-password-changed = Your Keeper password has been changed. Sign in to WebMoney Keeper with the new password.
outcome-accounts-sent-title = Request sent
outcome-accounts-sent =
    { $channel ->
        [sms] If an account is registered with this phone number, the list of its WMIDs has been sent there by SMS.
        [email] If an account is registered with this address, the list of its WMIDs has been sent there by email.
       *[other] If an account is registered with this phone number or address, the list of its WMIDs has been sent there.
    } Nothing arrived? Check the number or address (and the spam folder), or try the other one.
outcome-phone-changed-title = Phone number changed
outcome-phone-changed = Your phone number has been changed. Codes and SMS confirmations now go to the new number.
old-contacts-told-change = A notice of this change was sent to the account's phone number and email as they were before it.
old-contacts-told-period = A notice was sent to the account's current phone number and email: from there, the change can be stopped until it takes effect.
outcome-email-changed-title = Email changed
outcome-email-changed = Your email address has been changed. Messages and codes now go to the new address.
outcome-phone-detached-title = Phone number deactivated
outcome-phone-detached = The number has been detached from the other WMID. You can now add it to your account.
outcome-sim-reregistered-title = SIM card re-registered
outcome-sim-reregistered = The new SIM card is registered. Codes by SMS will reach you again.
outcome-security-question-changed-title = Security question changed
outcome-security-question-changed = Your new security question and answer are saved.
outcome-keyfile-issued-title = New key file issued
outcome-keyfile-issued = A new key file has been issued. Save it, check it with your access code, then sign in to Keeper WinPro with it.
outcome-keyfile-saved-at = Your new key file is saved at { $path } and opens with your access code. Sign in to Keeper WinPro with it.
outcome-keyfile-saved-unchecked = Your new key file is saved at { $path }. Sign in to Keeper WinPro with it and your access code.
button-show-in-folder = Show in folder
outcome-certificate-reissue-allowed-title = A new certificate can be issued
outcome-certificate-reissue-allowed = You can now get a new certificate. Open the certification site in the browser where you use Keeper WebPro and issue a new certificate.
outcome-no-keyfile-for-keeper-title = Nothing to restore
outcome-no-keyfile-for-keeper = Your Keeper version signs in without a key file or certificate, so there is nothing to restore. If you forgot the password, choose “Restore the WebMoney Keeper password”.
outcome-enum-activation-sent-title = Activation code sent
outcome-enum-activation-sent = A new E-NUM activation code was sent to { $destination }. Enter it in the E-NUM app to finish.
outcome-enum-not-registered-title = No E-NUM registered
outcome-enum-not-registered = No E-NUM is registered for this account, so there is nothing to restore.
outcome-documents-rejected-title = Documents not accepted
outcome-documents-rejected = Support could not accept the documents: { $reason }. You can start again with other documents, or contact support quoting your reference.
outcome-cancelled-title = Cancelled
outcome-cancelled = The recovery was cancelled. Nothing has changed in your account.

## The four secrets people confuse

secrets-heading = Four secrets people confuse
secret-password-title = Login password
secret-password = The password you type to sign in to WebMoney Keeper. If you forgot it, restore it here (“Restore the WebMoney Keeper password”).
secret-access-code-title = Key-file access code
secret-access-code = Set by you when the key file was saved, to protect it on your computer. It is never sent to WebMoney, so nobody can restore it: if it is lost, restore the key file instead.
secret-activation-code-title = Activation code
secret-activation-code = Sent to you by SMS or email when Keeper starts on a new computer, to confirm that it is you. It works once.
secret-registration-code-title = Registration code
secret-registration-code = Given to you when you registered with WebMoney. It is neither your password nor your key-file access code.

## Settings

settings-heading = Settings
settings-language = Language
settings-theme = Theme
theme-system = Follow the system
theme-light = Light
theme-dark = Dark
theme-high-contrast = High contrast
settings-endpoint = Recovery service
endpoint-builtin = Built-in demo service
endpoint-url = Service address (URL)
endpoint-url-placeholder = https://recovery.example.com
endpoint-url-hint = The address must start with https://; plain http is allowed only for a service on this computer.
settings-for-support-staff = For support staff
settings-support-mode = Support mode
settings-support-mode-hint = Shows the messages and requests of the demo service, to reproduce a user's situation.

keyring-unavailable = The system keyring is not available: tokens are kept in memory only until you close the app.

## Times: waits follow "in" ("in 5 minutes"); dates and clock times are filled in by the app

duration-seconds =
    { $count ->
        [one] { $count } second
       *[other] { $count } seconds
    }
duration-minutes =
    { $count ->
        [one] { $count } minute
       *[other] { $count } minutes
    }
duration-hours =
    { $count ->
        [one] { $count } hour
       *[other] { $count } hours
    }
duration-days =
    { $count ->
        [one] { $count } day
       *[other] { $count } days
    }
date = { $year }-{ $month }-{ $day }
date-time = { $date } { $time }

## Sign-out and saving settings
button-sign-out = Sign out on this computer
sign-out-hint = Forgets the recoveries listed here and deletes their sessions from this computer.
forget-confirm = Remove “{ $recovery }” from this list? Its session is deleted from this computer, and you could not go on with it here: a new recovery would start from the beginning.
button-forget-confirm = Yes, remove it
button-keep-listed = No, keep it
sign-out-confirm = Sign out on this computer? { $count ->
    [one] The recovery { $references } is
   *[other] These { $count } recoveries ({ $references }) are
} forgotten here, with their sessions, and you could not go on with { $count ->
    [one] it
   *[other] them
} on this computer.
button-sign-out-confirm = Yes, sign out
button-save = Save
settings-saved = Saved. The app now uses this service.

## Support mode: the demo service's inside, beside the user's screen
support-heading = Support mode
support-close = Close
support-tab-scenario = Scenario
support-tab-outbox = Outbox
support-tab-faults = Faults
support-tab-exchanges = Exchanges
support-tab-cases = Cases
support-replay-exchanges = This replay, on the demo service: { $count } (newest first)
support-replay-outbox = Sent during this replay: { $count } (newest first)
support-users-number = user’s #{ $n }
support-users-exchanges = The user's requests, from the bundle: { $count } (newest first)
support-users-outbox = The user's messages, from the bundle: { $count } (newest first, codes removed)
support-needs-mock = Support mode works with the built-in demo service.
support-use-mock = Use the built-in demo service
support-clock = Demo service time: { $time }
support-clock-ahead = { $ahead } ahead of real time
support-running = Running: { $name }
support-pick-shipped = A shipped scenario
support-open-file = Open a scenario file…
support-preview = To load: { $name }
support-restart = Restart the demo service with this scenario
support-restarted = The demo service started over with “{ $name }”.
support-accounts = Accounts
support-account = WMID { $wmid } · { $keeper } · passport { $passport }
support-account-answer = Security question: { $question } · answer: { $answer }
support-account-access-code = Key-file access code: { $code }
support-keeper-win-pro = WinPro (Classic)
support-keeper-web-pro = WebPro (Light)
support-keeper-standard = Standard (Mini)
support-keeper-mobile = Mobile
support-limits = Next code after { $cooldown } · { $sends ->
        [one] { $sends } code a day
       *[other] { $sends } codes a day
    } · { $attempts ->
        [one] { $attempts } attempt
       *[other] { $attempts } attempts
    } · lock { $lock }
support-scenario-extras = Faults from the start: { $faults } · locked identifiers: { $locks }
support-outbox-empty = Nothing sent yet.
support-sent-to = { $channel } to { $to }
support-not-sent = Not sent: { $reason }
support-withheld-resend-cooldown = Not sent: resend_cooldown, a code was sent moments ago.
support-withheld-rate-limited = Not sent: rate_limited, today's codes are used up.
support-withheld-locked = Not sent: locked, too many wrong codes.
support-withheld-no-account = Not sent: no account has this identifier (the user sees the usual answer).
support-possible-again = Possible again at { $time }.
support-use-code = Use this code
support-copy = Copy
support-copied = Copied.
support-no-code-field = The user's screen is not asking for a code right now.
support-faults-active = Active faults
support-faults-none = No faults: the service answers normally.
support-fault-route = Route
support-fault-all-routes = all routes
support-route-list-topics = list topics
support-route-create-case = open a case
support-route-get-case = read a case
support-route-challenge = send a code
support-route-verify = check a code
support-route-steps = answer a step
support-route-keyfile = download the key file
support-route-keyfile-proof-challenge = key file: text to sign
support-route-keyfile-proof = key file: signature
support-route-cancel-case = cancel a case
support-route-object-to-change = object to a change
support-fault-kind-latency = delay
support-fault-kind-status = HTTP error status
support-fault-kind-drop = connection dropped
support-fault-kind-drop-response = answer lost
support-fault-kind-malformed = broken answer
support-fault-kind-truncated = answer cut short
support-fault-kind-slow-body = slow answer
support-fault-unit-ms = milliseconds
support-fault-unit-status = HTTP status
support-holder-account = account { $wmid }
support-holder-wmid = WMID { $wmid }
support-holder-purse = purse { $wmid }
support-holder-phone = phone { $wmid }
support-holder-email = email { $wmid }
support-fault-kind = Fault
support-fault-value = Number ({ $unit })
support-fault-count = Times (empty: every time)
support-fault-add = Switch on
support-fault-remove = Remove
support-faults-clear = Switch all off
support-fault-error-value = The number must be a whole number, such as 503 or 3000.
support-fault-error-count = Times must be empty or a whole number above 0.
support-fault-times =
    { $count ->
        [one] once more
       *[other] { $count } more times
    }
support-exchanges-empty = No requests yet.
support-exchanges-shown = Newest { $shown } of { $total }
support-exchanges-clear = Clear
support-request = Request
support-response = Response
support-lock = Locked: { $holder } until { $time }, after { $failed } wrong codes
support-lift-lock = Lift the lock (move the clock past it)
support-start-again = Start this user’s recovery again
support-start-again-ended = That recovery has already ended.
support-replayed = answered again (same Idempotency-Key)
support-subject-account = an account
support-subject-unknown = no account
support-subject-lookup = a search by address
support-subject-own-phone = the user's own number
support-fault-used-up = used up
support-clock-minute = +1 min
support-clock-ten-minutes = +10 min
support-clock-hour = +1 hour
support-clock-day = +1 day
support-cases-empty = No cases yet.
support-case-identifier = Identifier { $identifier } · { $subject }
support-case-counters = Wrong codes: { $failed } · attempts left: { $left } · codes left today: { $sends }
support-case-code-expires = Code expires at { $time }
support-case-resend-at = Next code possible at { $time }
support-case-locked = Locked until { $time }
support-case-ready = Wait ends at { $time }
support-case-expires = Case expires at { $time }
support-expire-code = Expire the code
support-end-wait = End the wait
support-approve = Approve the documents
support-reject = Reject the documents
support-save-bundle = Save diagnostics…
support-open-bundle = Open a diagnostics bundle…
support-bundle-loaded = Bundle saved at { $created } by version { $version } on { $os }, with { $exchanges ->
        [one] { $exchanges } exchange
       *[other] { $exchanges } exchanges
    }. Its scenario and faults are active now.
support-bundle-no-scenario = This bundle was made with a real recovery service: it has no scenario to replay.

## Diagnostics
settings-diagnostics = Diagnostics
settings-bundle-hint = A zip file with the app's version, settings, log and the requests of this run, without codes, passwords or tokens. Send it to support.
settings-save-bundle = Save diagnostics…
settings-open-logs = Open the log folder
diagnostics-saving = Saving diagnostics…
diagnostics-saved = Diagnostics saved to { $path }.
diagnostics-failed = Could not save diagnostics to { $path }.

## Notices: what could not be done outside a topic's steps. The OS's own words follow below them.
diagnostics-entry-failed = Could not put { $entry } into the diagnostics bundle.
diagnostics-unreadable = Could not read { $path }.
diagnostics-not-a-bundle = { $path } is not a Keeper Recovery diagnostics bundle.
diagnostics-newer = { $path } was made by a newer Keeper Recovery. Update the app to open it.
diagnostics-invalid-entry = { $entry } in the diagnostics bundle { $path } is damaged.
storage-read = Could not read { $path }.
storage-invalid = { $path } is damaged.
storage-create-folder = Could not create the folder { $path }.
storage-write = Could not save { $path }.
storage-set-aside = Could not move { $path } aside.
notice-set-aside = The app starts with its defaults; the old file is kept as { $kept }.
notice-not-set-aside = The app uses its defaults until you close it, and changes may not be kept.
notice-not-saved = The change holds until you close the app.
keyring-refused = The system keyring refused the session token: it is kept only until you close the app.
keyring-unreadable = The system keyring did not give this recovery's session token (it may be locked). Unlock it, then press “Resume” again: the recovery stays listed.
resume-no-session = This computer no longer has the session of this recovery (it was kept only until the app closed, or deleted), so it cannot go on here. Remove it from the list to start again.
resume-other-service = This recovery belongs to another service ({ $service }). Choose that service in Settings to go on with it.
notice-recoveries-ended = { $count ->
    [one] The service no longer knows the recovery { $references }, so it was removed from the list.
   *[other] The service no longer knows the recoveries { $references }, so they were removed from the list.
}
notice-demo-recoveries-ended = The demo service starts empty each time the app opens: { $count ->
    [one] the recovery made with it before was
   *[other] the { $count } recoveries made with it before were
} removed from the list.
instance-brought-forward = Keeper Recovery is already open: its window was brought forward.
instance-not-answering = Keeper Recovery is already open for this user but did not answer. Close it, or wait until it has closed, and start it again.
keyring-not-ready = The system keyring is still opening: this session token is kept only until you close the app.
notice-mock-not-started = The built-in demo service could not start.
notice-not-opened = Could not open { $target }.
button-copy-address = Copy address
notice-browser-not-opened = No browser opened { $url }. Copy the address beside the button and open it in your browser.
notice-copied = Copied: { $what }
notice-interrupted = The work stopped before it finished. Please try again.
scenario-unreadable = Could not read the scenario { $path }.
scenario-invalid = The scenario { $name } is not valid.
scenario-invalid-at = The scenario { $name } is not valid at line { $line }, column { $column }.
scenario-unknown = No shipped scenario is named { $name }.
support-review-not-waiting = This case is not waiting for a review.
support-review-no-case = The demo service no longer has this case.
