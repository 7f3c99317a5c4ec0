# Keeper Recovery: русский.
# Every file in i18n/ has the same message ids and the same placeables; the tests check it.
# Times, dates and waits arrive as ready-made text ($until, $eta, $wait); counts as numbers.
# Counts select one / few / many (1 файл, 2 файла, 5 файлов); "other" is for fractions.

## Application

app-title = Keeper Recovery
no-display = Дисплей не найден: Keeper Recovery нужен графический рабочий стол (X11 или Wayland). Запустите приложение из сеанса рабочего стола.

## Start view: mirrors WebMoney's "What do you want?" page

start-heading = Что вы хотите сделать?
start-intro = Выберите в списке ниже проблему, похожую на вашу. Если вы не можете сами определить, в чём проблема, обратитесь в службу технической поддержки и подробно опишите её.
start-contact-support = Написать в службу технической поддержки
start-choose-topic = Выберите подходящую тему в списке.
topics-show = Темы
start-open-cases = Незавершённые восстановления
start-open-case = { $topic }: { $state } (номер обращения { $reference })
start-no-open-cases = Незавершённых восстановлений нет.
start-secrets-link = Пароль, код доступа, код активации: что есть что?

## Keys: said to screen readers with the step whose choices show these digits

keys-topics = Нажмите клавишу от 1 до 9, чтобы открыть тему.
keys-choices = Нажмите клавишу от 1 до { $count }, чтобы выбрать.

## The nine topics, in the page's order

topic-restore-password-title = Восстановить пароль WebMoney Keeper
topic-restore-password-intro =
    Укажите WMID, доступ к которому утерян, и нажмите «Продолжить».
    Если вы не помните WMID, укажите номер телефона или адрес e-mail из ваших персональных данных. Результат поиска WM-аккаунтов (список найденных WMID) будет отправлен вам в SMS или на e-mail.

topic-change-phone-title = Сменить номер телефона
topic-change-phone-intro = Чтобы самостоятельно сменить номер телефона, нужен доступ к вашему WebMoney Keeper.
topic-change-phone-wiki = Подробная инструкция по смене номера телефона есть на сайте wiki.webmoney.com.vn

topic-deactivate-phone-title = Деактивировать номер мобильного телефона
topic-deactivate-phone-intro = Если при регистрации в системе WebMoney или при смене номера телефона для вашего WMID вы получили сообщение, что этот номер уже использовался для регистрации другого WM-аккаунта, вы можете подать запрос на деактивацию этого номера.

topic-reregister-sim-title = Перерегистрировать SIM-карту после замены
topic-reregister-sim-intro = Если вы сменили (заменили) SIM-карту, например перешли на телефон с SIM-картой другого размера или восстановили номер после потери устройства, номер SIM-карты меняется, и SMS могут перестать приходить. Перерегистрируйте новую SIM-карту: для этого нужен доступ к WMID в основной версии Keeper.

topic-change-email-title = Сменить e-mail
topic-change-email-intro = Чтобы самостоятельно сменить адрес e-mail, нужен доступ к вашему WebMoney Keeper.
topic-change-email-wiki = Подробная инструкция по смене адреса e-mail есть на сайте wiki.webmoney.com.vn

topic-change-security-question-title = Сменить контрольный вопрос
topic-change-security-question-intro =
    Сменить контрольный вопрос можно, только если выполнено одно из условий:
    1. Вы точно знаете контрольный вопрос и ответ на него, которые задали ранее для своего WebMoney Keeper
    2. Для входа на сайт смены контрольного вопроса используется подтверждение по SMS или E-NUM. Если вы не помните ответ на контрольный вопрос, зайдите на сайт security.wmtransfer.com и настройте для своего WebMoney Keeper способ подтверждения операций. После этого вы сможете задать для своего WebMoney Keeper новый контрольный вопрос и ответ.
topic-change-security-question-wiki = Подробнее о смене ответа на контрольный вопрос — на сайте wiki.webmoney.ru

topic-find-accounts-title = Найти мои WM-аккаунты
topic-find-accounts-intro = Вы можете найти все WM-аккаунты, зарегистрированные на ваш номер мобильного телефона или e-mail. Результат поиска WM-аккаунтов (список найденных WMID) будет отправлен вам в SMS или на e-mail.

topic-restore-keyfile-title = Восстановить файл ключей или цифровой сертификат
topic-restore-keyfile-intro =
    Укажите WMID, доступ к которому утерян, и нажмите «Продолжить».
    Если вы не помните WMID, укажите номер телефона или адрес e-mail из ваших персональных данных. Результат поиска WM-аккаунтов (список найденных WMID) будет отправлен вам в SMS или на e-mail.

topic-restore-enum-title = Восстановить доступ к аккаунту E-NUM
topic-restore-enum-intro = Если вы переустановили E-NUM или сменили телефон, подтвердите действие кодом из SMS, и новый код активации придёт вам в SMS.

## Access to the Keeper (asked before changing the phone, the email or the SIM)

keeper-access-question = У вас есть доступ к вашему WebMoney Keeper?
answer-yes = Да
answer-no = Нет
keeper-access-no = Без доступа к Keeper это изменение нельзя сделать самостоятельно. Сначала восстановите доступ к Keeper (пароль, файл ключей или сертификат) или обратитесь в службу технической поддержки.
wiki-instructions = Инструкция в wiki

## Naming the account

identifier-label = Укажите WMID, номер телефона или e-mail:
identifier-label-phone-email = Укажите номер телефона или e-mail:
identifier-label-wmid-purse = Укажите WMID или номер кошелька:
identifier-label-phone = Укажите номер телефона:
identifier-label-wmid-purse-phone = Укажите WMID, номер кошелька или телефона:
identifier-placeholder = например, 405002833238, +84 912 345 678 или name@example.com
identifier-placeholder-phone-email = например, +84 912 345 678 или name@example.com
identifier-placeholder-wmid-purse = например, 405002833238 или Z238479008342
identifier-placeholder-phone = например, +84 912 345 678
identifier-placeholder-wmid-purse-phone = например, 405002833238 или +84 912 345 678

## Buttons

button-continue = Продолжить
button-back = Назад
button-cancel = Отмена
button-cancel-case = Отменить восстановление
cancel-confirm = Отменить восстановление? Сделанные шаги пропадут, и начинать придётся сначала.
cancel-confirm-review = Отменить восстановление? Поддержка прекратит проверку ваших документов; чтобы продолжить позже, придётся начать заново и отправить их ещё раз.
button-cancel-confirm = Да, отменить
button-cancel-keep = Нет, продолжить
button-confirm = Подтвердить
button-retry = Повторить
button-forget = Убрать из списка
button-restore-access = Сначала восстановить доступ
button-resume = Продолжить
open-case-exists = Восстановление для этих данных уже открыто на этом компьютере ({ $reference }). Продолжите его: новое отправит ещё один код, а число кодов в день ограничено.
button-continue-open-case = Продолжить то восстановление
button-new-case-anyway = Начать новое
button-stop = Не ждать
button-send-code = Отправить код
button-send-again = Отправить ещё раз
button-send-again-in = Отправить ещё раз через { $wait }
button-send-again-in-at = Отправить ещё раз через { $wait } ({ $until })
button-verify = Проверить
button-upload = Отправить документы
button-download = Скачать файл ключей
button-save-keyfile = Сохранить файл ключей
button-check-keyfile = Проверить файл ключей
button-replace = Заменить
button-choose-files = Выбрать файлы
button-refresh = Обновить
button-start-again = Начать заново
button-close = Закрыть
button-settings = Настройки
button-copy = Копировать

## Progress

progress-connecting = Подключение…
progress-waiting = Ожидание ответа сервиса…

## Where codes are sent

channel-sms = SMS
channel-email = E-mail
channel-enum = E-NUM
channel-keeper = WebMoney Keeper
channel-sms-detail = SMS на номер телефона аккаунта
channel-email-detail = Письмо на e-mail аккаунта
channel-enum-detail = Подтверждение в приложении E-NUM
channel-keeper-detail = Сообщение в WebMoney Keeper на вашем устройстве
channel-sms-to = SMS на { $destination }
channel-email-to = Письмо на { $destination }
channel-enum-to = Подтверждение в приложении E-NUM ({ $destination })
choose-channel = Куда отправить код?
choose-channel-accounts = Куда отправить список ваших WMID?

## Typing the code

code-sent-to = Код отправлен на { $destination }.
code-label = Код
attempts-left =
    { $count ->
        [one] Осталась { $count } попытка
        [few] Осталось { $count } попытки
        [many] Осталось { $count } попыток
       *[other] Осталось { $count } попытки
    }
code-limit-daily = Код не отправлен: { $identifier } получил сегодня столько кодов, сколько разрешено, считая все его восстановления. Следующий можно отправить через { $wait }, в { $until }.
code-limit-daily-no-time = Код не отправлен: { $identifier } получил сегодня столько кодов, сколько разрешено, считая все его восстановления. Попробуйте завтра.
code-limit-cooldown = На этот раз код не отправлен: код на { $identifier } ушёл только что (из этого или другого восстановления). Следующий можно отправить через { $wait }, в { $until }.
code-limit-cooldown-no-time = На этот раз код не отправлен: код на { $identifier } ушёл только что (из этого или другого восстановления). Подождите немного и запросите снова.
code-limit-over = Ожидание закончилось: код для { $identifier } можно запросить снова.
sends-none = Сегодня для { $identifier } больше нельзя отправить коды. Уже отправленный код действует, пока не истечёт.
sends-left =
    { $count ->
        [one] Сегодня можно запросить ещё { $count } код.
        [few] Сегодня можно запросить ещё { $count } кода.
        [many] Сегодня можно запросить ещё { $count } кодов.
       *[other] Сегодня можно запросить ещё { $count } кода.
    }
code-not-arriving-sms = Код не приходит? Проверьте, что номер выше ваш, и подождите минуту. Чтобы не тратить лишние SMS, новый код можно запросить только после короткой паузы и лишь несколько раз в день.
code-not-arriving-email = Код не приходит? Проверьте, что адрес выше ваш, загляните в папку «Спам» и подождите минуту. Новый код можно запросить только после короткой паузы и лишь несколько раз в день.
code-not-arriving-enum = Код не приходит? Откройте приложение E-NUM на телефоне выше и посмотрите запросы; это может занять минуту. Новый код можно запросить только после короткой паузы и лишь несколько раз в день.
code-not-arriving-keeper = Код не приходит? Откройте Keeper и посмотрите сообщения; это может занять минуту. Новый код можно запросить только после короткой паузы и лишь несколько раз в день.

## Security question

security-answer-heading = Контрольный вопрос
security-answer-question = Ваш контрольный вопрос: { $question }
security-answer-label = Ответ

## New password

new-password-label = Новый пароль
new-password-repeat = Повторите новый пароль
new-password-rules = От 8 до 64 символов, буквы и цифры.
new-password-mismatch = Пароли не совпадают.

## New phone or email

new-phone-label = Новый номер телефона в международном формате
new-email-label = Новый адрес e-mail
new-phone-placeholder = например, +7 912 345 67 89
new-email-placeholder = например, name@example.com

## Confirming a change through the old contact

confirm-old-question = Как вы хотите подтвердить изменение?
confirm-method-old-contact = Код на текущий телефон или e-mail
confirm-method-sms = Код в SMS
confirm-method-enum = E-NUM
confirm-method-security-question = Контрольный вопрос
confirm-method-security-question-wait = Изменение вступит в силу через { $wait }, ради безопасности
confirm-security-question-warning = Если подтвердить изменение контрольным вопросом, оно вступит в силу только после защитного периода в несколько дней.

## Detaching a number, re-registering a SIM card

confirm-detach = Номер { $phone } привязан к другому WMID. Если вы подтвердите, владелец того WMID получит письмо, а после защитного периода номер будет отвязан от него, и вы сможете его использовать.
reregister-sim-confirm = Новая SIM-карта для номера { $phone } будет зарегистрирована, затем на неё придёт код, чтобы проверить, что SMS доходят.

## Identity documents

documents-intro = Для этого восстановления нужны документы, удостоверяющие личность. Приложите чёткие сканы или фотографии; их проверит служба поддержки.
documents-accepted = PDF, JPEG или PNG, не больше { $megabytes } МБ каждый.
documents-min-files =
    { $count ->
        [one] Приложите хотя бы { $count } файл.
        [few] Приложите хотя бы { $count } файла.
        [many] Приложите хотя бы { $count } файлов.
       *[other] Приложите хотя бы { $count } файла.
    }
documents-chosen =
    { $count ->
        [one] Выбран { $count } файл
        [few] Выбрано { $count } файла
        [many] Выбрано { $count } файлов
       *[other] Выбрано { $count } файла
    }
documents-remove = Убрать
no-file-dialog = На этом рабочем столе не открывается окно выбора файлов. Введите полный путь.
typed-paths = Диалоги выбора файлов выключены (--type-paths). Введите полный путь.
bundle-path-label = Куда сохранить диагностический пакет: папка или полное имя файла
bundle-path-empty = Укажите, куда сохранить пакет, например папку.
bundle-path-taken = Файл с таким именем уже есть, и он сохранён как был. Укажите другое имя.
path-label-documents = Путь к документу (PDF, JPEG или PNG)
document-not-found = { $path } не найден на этом компьютере. Проверьте путь; ничего не отправлено.
document-unreadable = Не удалось прочитать { $path } на этом компьютере ({ $detail }). Ничего не отправлено.
document-too-large = { $name } больше { $megabytes } МБ. Приложите скан или фото поменьше; ничего не отправлено.
document-wrong-type = { $name } — не файл PDF, JPEG или PNG. Приложите скан или фото одного из этих типов; ничего не отправлено.
document-interrupted = Чтение файлов на этом компьютере прервалось. Выберите их ещё раз.
path-label-keyfile = Куда сохранить: папка или полное имя файла
button-add-file = Добавить
button-save-here = Сохранить сюда

## New security question

new-question-label = Новый контрольный вопрос
new-answer-label = Ответ
new-answer-repeat = Повторите новый ответ
new-answer-mismatch = Ответы не совпадают. Введите один и тот же ответ дважды, с теми же буквами.
button-show-typed = Показать вводимое
button-hide-typed = Скрыть вводимое
new-answer-hint = Выберите ответ, который вы не забудете, а другие не смогут угадать.

## Waiting

waiting-period = Ради вашей безопасности изменение вступит в силу после защитного периода, чтобы владелец аккаунта успел возразить, если это сделал не он. Окончание периода: { $until }.
waiting-review = Служба поддержки проверяет ваши документы. Ожидаемый срок: { $until }. Приложение можно закрыть: восстановление сохранится.
button-add-reminder = Добавить напоминание в мой календарь
reminder-title = Keeper Recovery: { $topic }
reminder-description = Ожидание по вашему восстановлению { $reference } должно закончиться. Откройте Keeper Recovery и нажмите «Продолжить».
notice-reminder-saved = Напоминание сохранено: { $path }. Откройте файл, чтобы добавить его в календарь.
notice-reminder-not-saved = Напоминание не сохранено.
notify-wait-over-title = Keeper Recovery: ожидание закончилось
notify-wait-over = { $topic } ({ $reference }) можно продолжить.
case-reference = Номер обращения: { $reference }
case-reference-hint = Назовите этот номер, когда будете писать в службу поддержки.
case-state-label = Состояние: { $state }
case-eta = Ожидаемый срок: { $eta }
case-eta-unknown = Срок пока неизвестен.
case-expires = Если не закончить, восстановление будет открыто до { $until }.

## The restored key file

keyfile-ready = Новый файл ключей готов.
keyfile-ready-hint = Сохраните его на этом компьютере, затем проверьте, что он открывается вашим кодом доступа к файлу ключей. Код остаётся на этом компьютере.
keyfile-exists-replace = Там уже есть файл с таким именем. Заменить его?
keyfile-saved = Файл ключей сохранён: { $path }
access-code-label = Код доступа к файлу ключей
keyfile-check-ok = Файл ключей открывается этим кодом доступа.
button-prove-keyfile = Проверить подпись
keyfile-prove-hint = Сервис присылает короткий текст; этот компьютер подписывает его файлом ключей и отправляет только подпись. Ключ и код доступа остаются здесь.
keyfile-proof-ok = Сервис принял подпись, сделанную этим файлом ключей.
keyfile-proving = Подписываем проверочный текст сервиса на этом компьютере и отправляем подпись…

## Saving the key file went wrong

keyfile-save-exists = Файл { $path } уже существует. Заменить его?
keyfile-save-no-folder = Папки { $path } не существует. Выберите другую папку.
keyfile-save-permission-denied = Нет прав на запись в { $path }. Выберите другую папку.
keyfile-save-read-only = { $path } находится на диске только для чтения. Выберите другую папку.
keyfile-save-disk-full = Диск заполнен. Освободите место или выберите другой диск.
keyfile-save-not-a-folder = { $path } — это файл, а не папка. Выберите другую папку.
keyfile-save-other = Не удалось сохранить файл ключей в { $path }: { $detail }

## Checking a key file went wrong

keyfile-error-wrong-size =
    Это не файл ключей: файл ключей занимает ровно 164 байта, а этот — { $found ->
        [one] { $found } байт
        [few] { $found } байта
        [many] { $found } байт
       *[other] { $found } байта
    }. Возможно, файл обрезан или это другой файл.
keyfile-error-bad-body-length = Файл ключей повреждён: неверный заголовок. Скачайте его ещё раз.
keyfile-error-wrong-access-code = Этот код доступа не открывает файл ключей для этого WMID. Проверьте WMID и код (регистр букв важен); если оба верны, возможно, файл повреждён.
keyfile-error-malformed-key = Файл ключей открывается, но ключ внутри повреждён. Скачайте его ещё раз.

## Talking to the service went wrong

error-invalid-endpoint = Неверный адрес сервиса. Проверьте его в настройках.
error-insecure-endpoint = Адрес сервиса должен начинаться с https:// (обычный http допустим только для сервиса на этом компьютере).
error-wait-over = Ожидание закончилось: можно попробовать снова.
error-offline = Не удаётся связаться с сервисом восстановления. Проверьте подключение к интернету и повторите.
error-untrusted = Не удалось подтвердить подлинность сервиса восстановления, поэтому ничего не отправлено. Возможно, соединение в этой сети перехватывают, или адрес сервиса неверен. Попробуйте другую сеть или проверьте адрес.
error-timeout = Сервис слишком долго не отвечает. Повторите попытку.
error-connection-lost = Соединение прервалось до получения ответа. Повторите: ничего не будет сделано дважды.
error-invalid-input = { $field }: сервис не принял это значение; { $expected }
error-wrong-code =
    { $field ->
        [answer] Неверный ответ.
       *[other] Неверный код.
    } { $count ->
        [one] Осталась { $count } попытка.
        [few] Осталось { $count } попытки.
        [many] Осталось { $count } попыток.
       *[other] Осталось { $count } попытки.
    }
error-code-expired = Срок действия кода истёк. Запросите новый.
error-bad-signature =
    Сервис отклонил подпись, сделанную этим файлом ключей: она не соответствует ключу, который сервис хранит для этого WMID. Скачайте файл ключей ещё раз. { $count ->
        [one] Осталась { $count } попытка.
        [few] Осталось { $count } попытки.
        [many] Осталось { $count } попыток.
       *[other] Осталось { $count } попытки.
    }
error-signing = Этому компьютеру не удалось подписать файлом ключей. Попробуйте ещё раз; если не получится, перезапустите приложение.
error-locked = Слишком много неверных попыток. Ради безопасности подтверждение приостановлено до { $until }. Попробуйте снова через { $wait }.
error-locked-no-time = Слишком много неверных попыток. Ради безопасности подтверждение на время приостановлено. Попробуйте позже.
error-cooldown = Код только что отправлен. Новый можно запросить через { $wait }.
error-cooldown-no-time = Код только что отправлен. Подождите немного, прежде чем запрашивать новый.
error-rate-limited = Сейчас слишком много запросов. Ограничение действует до { $until }; попробуйте снова через { $wait }.
error-rate-limited-no-time = Сейчас слишком много запросов. Попробуйте немного позже.
error-case-expired = Это восстановление истекло, потому что не было завершено. Начните заново: введённые данные сохранятся.
error-case-not-found = Сервис больше не знает об этом восстановлении. Начните заново: введённые данные сохранятся.
error-unauthorized = Сеанс подтверждения закончился. Чтобы продолжить, подтвердите действие новым кодом.
error-not-ready = Ещё не готово. Ожидаемый срок: { $eta }.
error-not-ready-no-time = Ещё не готово. Проверьте позже.
error-wrong-state = Этот шаг уже не ожидается: восстановление продвинулось дальше. Нажмите «Обновить», чтобы увидеть, на каком оно этапе.
error-unavailable = Сервис перегружен. Попробуйте снова через { $wait }.
error-unavailable-no-time = Сервис перегружен. Попробуйте снова чуть позже.
error-server = Ошибка на стороне сервиса (код { $status }). Попробуйте позже; если ошибка повторяется, обратитесь в службу поддержки.
error-protocol = Не удалось прочитать ответ сервиса. Повторите; если ошибка повторяется, обратитесь в службу поддержки.
error-too-large = Ответ сервиса слишком большой, поэтому он не принят. Обратитесь в службу поддержки.
error-checksum-mismatch = Скачанный файл ключей повреждён при передаче. Скачайте его ещё раз.
error-redirected = Сервис попытался перенаправить этот запрос на { $host }. Туда он не отправлен: адрес сервиса может быть неверным или поддельным. Проверьте его в настройках или обратитесь в поддержку.
error-redirected-no-host = Сервис попытался перенаправить этот запрос на другой адрес. Туда он не отправлен: адрес сервиса может быть неверным или поддельным. Проверьте его в настройках или обратитесь в поддержку.

## What the user typed is not what a field expects

field-identifier = Аккаунт
field-wmid = WMID
field-purse = Кошелёк
field-phone = Номер телефона
field-email = E-mail
field-code = Код
field-password = Пароль
field-answer = Ответ
field-question = Контрольный вопрос
field-document = Документы
field-channel = Куда отправить код
field-method = Способ подтверждения
field-other = Запрос

expect-identifier = укажите WMID (12 цифр), кошелёк (буква и 12 цифр), номер телефона в международном формате или адрес e-mail.
expect-identifier-wmid-purse = укажите WMID (12 цифр) или кошелёк (буква и 12 цифр).
expect-identifier-wmid-purse-phone = укажите WMID (12 цифр), кошелёк (буква и 12 цифр) или номер телефона в международном формате.
expect-identifier-phone-email = укажите номер телефона в международном формате или адрес e-mail.
expect-identifier-phone = укажите номер телефона в международном формате, например +84 912 345 678.
expect-wmid = WMID состоит ровно из 12 цифр, например 405002833238.
expect-purse = кошелёк — это буква валюты и 12 цифр, например Z238479008342.
expect-phone = укажите номер в международном формате, например +84 912 345 678.
expect-email = укажите адрес e-mail, например name@example.com.
expect-code = код состоит из 6 цифр.
expect-password = используйте от 8 до 64 символов, буквы и цифры.
expect-answer = укажите ответ на ваш контрольный вопрос.
expect-question = напишите вопрос, ответ на который знаете только вы.
expect-document = приложите файлы PDF, JPEG или PNG, не больше 10 МБ каждый.
expect-channel = выберите другой способ получения кода.
expect-method = выберите другой способ подтверждения.
expect-other = проверьте введённые данные и повторите.

input-invalid = { $field }: { $expected }
input-empty = { $field }: заполните это поле.
# "не больше 1 символа, 2 символов, 21 символа": the genitive after "не больше".
input-too-long =
    { $field }: не больше { $max ->
        [one] { $max } символа
       *[other] { $max } символов
    }.

## Where a recovery stands

case-state-awaiting-challenge = Выбор, куда отправить код
case-state-awaiting-code = Ожидается код
case-state-awaiting-step = Выполняется
case-state-waiting = Защитный период
case-state-under-review = На проверке
case-state-ready = Готово
case-state-completed = Завершено
case-state-rejected = Отклонено
case-state-cancelled = Отменено
case-state-expired = Истекло

wait-reason-security-period = Защитный период
wait-reason-document-review = Проверка документов

## How a recovery ended, and what to do next

outcome-password-changed-title = Пароль изменён
outcome-password-changed = Пароль вашего Keeper изменён. Войдите в WebMoney Keeper с новым паролем.
outcome-accounts-sent-title = Запрос отправлен
outcome-accounts-sent =
    { $channel ->
        [sms] Если на этот номер телефона зарегистрирован аккаунт, список его WMID отправлен на этот номер в SMS.
        [email] Если на этот адрес зарегистрирован аккаунт, список его WMID отправлен на этот адрес.
       *[other] Если на этот номер или адрес зарегистрирован аккаунт, список его WMID отправлен туда.
    } Ничего не пришло? Проверьте номер или адрес (и папку «Спам») или попробуйте другой.
outcome-phone-changed-title = Номер телефона изменён
outcome-phone-changed = Номер телефона изменён. Коды и SMS-подтверждения теперь приходят на новый номер.
old-contacts-told-change = Уведомление об этом изменении отправлено на номер телефона и email аккаунта, какими они были до него.
old-contacts-told-period = Уведомление отправлено на текущие номер телефона и email аккаунта: оттуда изменение можно остановить, пока оно не вступило в силу.
outcome-email-changed-title = E-mail изменён
outcome-email-changed = Адрес e-mail изменён. Письма и коды теперь приходят на новый адрес.
outcome-phone-detached-title = Номер деактивирован
outcome-phone-detached = Номер отвязан от другого WMID. Теперь его можно добавить в ваш аккаунт.
outcome-sim-reregistered-title = SIM-карта перерегистрирована
outcome-sim-reregistered = Новая SIM-карта зарегистрирована. Коды в SMS снова будут приходить.
outcome-security-question-changed-title = Контрольный вопрос изменён
outcome-security-question-changed = Новый контрольный вопрос и ответ сохранены.
outcome-keyfile-issued-title = Выдан новый файл ключей
outcome-keyfile-issued = Выдан новый файл ключей. Сохраните его, проверьте кодом доступа и войдите с ним в Keeper WinPro.
outcome-keyfile-saved-at = Новый файл ключей сохранён: { $path }, и он открывается вашим кодом доступа. Войдите с ним в Keeper WinPro.
outcome-keyfile-saved-unchecked = Новый файл ключей сохранён: { $path }. Войдите с ним и кодом доступа в Keeper WinPro.
button-show-in-folder = Показать в папке
outcome-certificate-reissue-allowed-title = Можно получить новый сертификат
outcome-certificate-reissue-allowed = Теперь вы можете получить новый сертификат. Откройте сайт сертификации в браузере, в котором работаете с Keeper WebPro, и выпустите новый сертификат.
outcome-no-keyfile-for-keeper-title = Восстанавливать нечего
outcome-no-keyfile-for-keeper = Ваша версия Keeper работает без файла ключей и сертификата, поэтому восстанавливать нечего. Если вы забыли пароль, выберите «Восстановить пароль WebMoney Keeper».
outcome-enum-activation-sent-title = Код активации отправлен
outcome-enum-activation-sent = Новый код активации E-NUM отправлен на { $destination }. Введите его в приложении E-NUM, чтобы закончить.
outcome-enum-not-registered-title = E-NUM не зарегистрирован
outcome-enum-not-registered = Для этого аккаунта E-NUM не зарегистрирован, поэтому восстанавливать нечего.
outcome-documents-rejected-title = Документы не приняты
outcome-documents-rejected = Служба поддержки не смогла принять документы: { $reason }. Можно начать заново с другими документами или написать в поддержку, указав номер обращения.
outcome-cancelled-title = Отменено
outcome-cancelled = Восстановление отменено. В вашем аккаунте ничего не изменилось.

## The four secrets people confuse

secrets-heading = Четыре секрета, которые часто путают
secret-password-title = Пароль для входа
secret-password = Пароль, который вы вводите при входе в WebMoney Keeper. Если вы его забыли, восстановите его здесь («Восстановить пароль WebMoney Keeper»).
secret-access-code-title = Код доступа к файлу ключей
secret-access-code = Вы задали его сами, когда сохраняли файл ключей, чтобы защитить файл на компьютере. Он никогда не отправляется в WebMoney, поэтому восстановить его невозможно: если код утерян, восстановите файл ключей.
secret-activation-code-title = Код активации
secret-activation-code = Приходит в SMS или на e-mail, когда Keeper запускается на новом компьютере, чтобы подтвердить, что это вы. Действует один раз.
secret-registration-code-title = Регистрационный код
secret-registration-code = Выдаётся при регистрации в WebMoney. Это не пароль и не код доступа к файлу ключей.

## Settings

settings-heading = Настройки
settings-language = Язык
settings-theme = Тема
theme-system = Как в системе
theme-light = Светлая
theme-dark = Тёмная
theme-high-contrast = Высокая контрастность
settings-endpoint = Сервис восстановления
endpoint-builtin = Встроенный демонстрационный сервис
endpoint-url = Адрес сервиса (URL)
endpoint-url-placeholder = https://recovery.example.com
endpoint-url-hint = Адрес должен начинаться с https://; обычный http допустим только для сервиса на этом компьютере.
settings-for-support-staff = Для сотрудников поддержки
settings-support-mode = Режим поддержки
settings-support-mode-hint = Показывает сообщения и запросы демонстрационного сервиса, чтобы воспроизвести ситуацию пользователя.

keyring-unavailable = Системное хранилище ключей недоступно: токены хранятся только в памяти до закрытия приложения.

## Times: waits follow "через", so they are in the accusative ("через 1 минуту, 2 минуты, 5 минут")

duration-seconds =
    { $count ->
        [one] { $count } секунду
        [few] { $count } секунды
        [many] { $count } секунд
       *[other] { $count } секунды
    }
duration-minutes =
    { $count ->
        [one] { $count } минуту
        [few] { $count } минуты
        [many] { $count } минут
       *[other] { $count } минуты
    }
duration-hours =
    { $count ->
        [one] { $count } час
        [few] { $count } часа
        [many] { $count } часов
       *[other] { $count } часа
    }
duration-days =
    { $count ->
        [one] { $count } день
        [few] { $count } дня
        [many] { $count } дней
       *[other] { $count } дня
    }
date = { $day }.{ $month }.{ $year }
date-time = { $date }, { $time }

## Sign-out and saving settings
button-sign-out = Выйти на этом компьютере
sign-out-hint = Забыть перечисленные восстановления и удалить их сессии с этого компьютера.
forget-confirm = Убрать из списка «{ $recovery }»? Его сессия удаляется с этого компьютера, и продолжить его здесь будет нельзя: новое восстановление начнётся с самого начала.
button-forget-confirm = Да, убрать
button-keep-listed = Нет, оставить
sign-out-confirm = Выйти на этом компьютере? { $count ->
    [one] Восстановление { $references } будет забыто
    [few] Эти { $count } восстановления ({ $references }) будут забыты
   *[other] Эти { $count } восстановлений ({ $references }) будут забыты
} здесь вместе с сессиями, и продолжить их на этом компьютере будет нельзя.
button-sign-out-confirm = Да, выйти
button-save = Сохранить
settings-saved = Сохранено. Приложение теперь работает с этой службой.

## Support mode: the demo service's inside, beside the user's screen
support-heading = Режим поддержки
support-close = Закрыть
support-tab-scenario = Сценарий
support-tab-outbox = Исходящие
support-tab-faults = Сбои
support-tab-exchanges = Запросы
support-tab-cases = Заявки
support-replay-exchanges = Это воспроизведение, на демо-сервисе: { $count } (сначала новые)
support-replay-outbox = Отправлено при этом воспроизведении: { $count } (сначала новые)
support-users-number = пользователя №{ $n }
support-users-exchanges = Запросы пользователя из пакета: { $count } (сначала новые)
support-users-outbox = Сообщения пользователя из пакета: { $count } (сначала новые, коды удалены)
support-needs-mock = Режим поддержки работает со встроенным демонстрационным сервисом.
support-use-mock = Использовать встроенный демонстрационный сервис
support-clock = Время демонстрационного сервиса: { $time }
support-clock-ahead = опережает реальное время на { $ahead }
support-running = Запущен: { $name }
support-pick-shipped = Готовый сценарий
support-open-file = Открыть файл сценария…
support-preview = Будет загружен: { $name }
support-restart = Перезапустить демонстрационный сервис с этим сценарием
support-restarted = Демонстрационный сервис начал заново со сценарием «{ $name }».
support-accounts = Учётные записи
support-account = WMID { $wmid } · { $keeper } · аттестат { $passport }
support-account-answer = Контрольный вопрос: { $question } · ответ: { $answer }
support-account-access-code = Код доступа к файлу ключей: { $code }
support-keeper-win-pro = WinPro (Classic)
support-keeper-web-pro = WebPro (Light)
support-keeper-standard = Standard (Mini)
support-keeper-mobile = Мобильное приложение
support-limits = Следующий код через { $cooldown } · { $sends ->
        [one] { $sends } код
        [few] { $sends } кода
       *[other] { $sends } кодов
    } в сутки · { $attempts ->
        [one] { $attempts } попытка
        [few] { $attempts } попытки
       *[other] { $attempts } попыток
    } · блокировка на { $lock }
support-scenario-extras = Сбои с начала: { $faults } · заблокированные идентификаторы: { $locks }
support-outbox-empty = Пока ничего не отправлено.
support-sent-to = { $channel } на { $to }
support-not-sent = Не отправлено: { $reason }
support-withheld-resend-cooldown = Не отправлено: resend_cooldown, код только что отправлялся.
support-withheld-rate-limited = Не отправлено: rate_limited, дневной лимит кодов исчерпан.
support-withheld-locked = Не отправлено: locked, слишком много неверных кодов.
support-withheld-no-account = Не отправлено: нет аккаунта с такими данными (пользователь видит обычный ответ).
support-possible-again = Снова можно в { $time }.
support-use-code = Вставить этот код
support-copy = Копировать
support-copied = Скопировано.
support-no-code-field = Экран пользователя сейчас не просит код.
support-faults-active = Включённые сбои
support-faults-none = Сбоев нет: сервис отвечает как обычно.
support-fault-route = Маршрут
support-fault-all-routes = все маршруты
support-route-list-topics = список тем
support-route-create-case = открытие заявки
support-route-get-case = чтение заявки
support-route-challenge = отправка кода
support-route-verify = проверка кода
support-route-steps = шаги
support-route-keyfile = файл ключей
support-route-keyfile-proof-challenge = файл ключей: текст
support-route-keyfile-proof = файл ключей: подпись
support-route-cancel-case = отмена заявки
support-route-object-to-change = возражение
support-fault-kind-latency = задержка
support-fault-kind-status = код ошибки HTTP
support-fault-kind-drop = обрыв соединения
support-fault-kind-drop-response = потеря ответа
support-fault-kind-malformed = испорченный ответ
support-fault-kind-truncated = обрезанный ответ
support-fault-kind-slow-body = медленный ответ
support-fault-unit-ms = миллисекунды
support-fault-unit-status = код статуса HTTP
support-holder-account = аккаунт { $wmid }
support-holder-wmid = WMID { $wmid }
support-holder-purse = кошелёк { $wmid }
support-holder-phone = телефон { $wmid }
support-holder-email = email { $wmid }
support-fault-kind = Сбой
support-fault-value = Число ({ $unit })
support-fault-count = Сколько раз (пусто: каждый раз)
support-fault-add = Включить
support-fault-remove = Убрать
support-faults-clear = Выключить все
support-fault-error-value = Число должно быть целым, например 503 или 3000.
support-fault-error-count = «Сколько раз» должно быть пустым или целым числом больше 0.
support-fault-times =
    { $count ->
        [one] ещё { $count } раз
        [few] ещё { $count } раза
       *[other] ещё { $count } раз
    }
support-exchanges-empty = Запросов пока нет.
support-exchanges-shown = Последние { $shown } из { $total }
support-exchanges-clear = Очистить
support-request = Запрос
support-response = Ответ
support-lock = Заблокировано: { $holder } до { $time }, после неверных кодов: { $failed }
support-lift-lock = Снять блокировку (перевести часы за её конец)
support-start-again = Начать восстановление пользователя заново
support-start-again-ended = Это восстановление уже завершено.
support-replayed = повторный ответ (тот же Idempotency-Key)
support-subject-account = учётная запись
support-subject-unknown = нет учётной записи
support-subject-lookup = поиск по адресу
support-subject-own-phone = собственный номер пользователя
support-fault-used-up = исчерпан
support-clock-minute = +1 мин
support-clock-ten-minutes = +10 мин
support-clock-hour = +1 час
support-clock-day = +1 сутки
support-cases-empty = Заявок пока нет.
support-case-identifier = Идентификатор { $identifier } · { $subject }
support-case-counters = Неверных кодов: { $failed } · осталось попыток: { $left } · кодов на сегодня: { $sends }
support-case-code-expires = Код действует до { $time }
support-case-resend-at = Следующий код можно отправить в { $time }
support-case-locked = Заблокировано до { $time }
support-case-ready = Ожидание закончится в { $time }
support-case-expires = Заявка действует до { $time }
support-expire-code = Сделать код просроченным
support-end-wait = Завершить ожидание
support-approve = Одобрить документы
support-reject = Отклонить документы
support-save-bundle = Сохранить диагностику…
support-open-bundle = Открыть файл диагностики…
support-bundle-loaded = Файл сохранён { $created } версией { $version } на { $os }, в нём { $exchanges ->
        [one] { $exchanges } запрос
        [few] { $exchanges } запроса
       *[other] { $exchanges } запросов
    }. Его сценарий и сбои сейчас включены.
support-bundle-no-scenario = Этот файл создан при работе с настоящим сервисом восстановления: в нём нет сценария для воспроизведения.

## Diagnostics
settings-diagnostics = Диагностика
settings-bundle-hint = ZIP-файл с версией приложения, настройками, журналом и запросами этого запуска, без кодов, паролей и токенов. Отправьте его в поддержку.
settings-save-bundle = Сохранить диагностику…
settings-open-logs = Открыть папку журнала
diagnostics-saving = Сохраняю диагностику…
diagnostics-saved = Диагностика сохранена в { $path }.
diagnostics-failed = Не удалось сохранить диагностику в { $path }.

## Notices: what could not be done outside a topic's steps. The OS's own words follow below them.
diagnostics-entry-failed = Не удалось добавить { $entry } в пакет диагностики.
diagnostics-unreadable = Не удалось прочитать { $path }.
diagnostics-not-a-bundle = { $path } — не пакет диагностики Keeper Recovery.
diagnostics-newer = { $path } создан более новой версией Keeper Recovery. Обновите приложение, чтобы открыть его.
diagnostics-invalid-entry = { $entry } в пакете диагностики { $path } повреждён.
storage-read = Не удалось прочитать { $path }.
storage-invalid = Файл { $path } повреждён.
storage-create-folder = Не удалось создать папку { $path }.
storage-write = Не удалось сохранить { $path }.
storage-set-aside = Не удалось отложить { $path } в сторону.
notice-set-aside = Приложение запущено с настройками по умолчанию; старый файл сохранён как { $kept }.
notice-not-set-aside = До закрытия приложение работает с настройками по умолчанию, и изменения могут не сохраниться.
notice-not-saved = Изменение действует до закрытия приложения.
keyring-refused = Системное хранилище ключей отказалось принять токен сеанса: он хранится только до закрытия приложения.
keyring-unreadable = Связка ключей системы не выдала токен сессии этого восстановления (возможно, она заблокирована). Разблокируйте её и снова нажмите «Продолжить»: восстановление остаётся в списке.
resume-no-session = На этом компьютере больше нет сессии этого восстановления (она хранилась только до закрытия приложения или была удалена), поэтому продолжить его здесь нельзя. Уберите его из списка, чтобы начать заново.
resume-other-service = Это восстановление относится к другому сервису ({ $service }). Выберите этот сервис в настройках, чтобы продолжить.
notice-recoveries-ended = { $count ->
    [one] Служба больше не знает восстановление { $references }, поэтому оно убрано из списка.
   *[other] Служба больше не знает восстановления { $references }, поэтому они убраны из списка.
}
notice-demo-recoveries-ended = Демонстрационная служба при каждом запуске приложения начинает с нуля: { $count ->
    [one] прежнее восстановление в ней убрано
    [few] { $count } прежних восстановления в ней убраны
   *[other] { $count } прежних восстановлений в ней убраны
} из списка.
instance-brought-forward = Keeper Recovery уже открыт: его окно выведено на передний план.
instance-not-answering = Keeper Recovery уже открыт для этого пользователя, но не ответил. Закройте его или дождитесь, пока он закроется, и запустите снова.
keyring-not-ready = Системное хранилище ключей ещё открывается: этот токен сеанса хранится только до закрытия приложения.
notice-mock-not-started = Не удалось запустить встроенную демонстрационную службу.
notice-not-opened = Не удалось открыть { $target }.
button-copy-address = Скопировать адрес
notice-browser-not-opened = Браузер не открыл { $url }. Скопируйте адрес рядом с кнопкой и откройте его в браузере.
notice-copied = Скопировано: { $what }
notice-interrupted = Работа прервалась, не завершившись. Попробуйте ещё раз.
scenario-unreadable = Не удалось прочитать сценарий { $path }.
scenario-invalid = Сценарий { $name } некорректен.
scenario-invalid-at = Сценарий { $name } некорректен: строка { $line }, столбец { $column }.
scenario-unknown = Встроенного сценария { $name } нет.
support-review-not-waiting = Это обращение не ждёт проверки.
support-review-no-case = В демонстрационной службе больше нет этого обращения.
