# Keeper Recovery: tiếng Việt.
# Every file in i18n/ has the same message ids and the same placeables; the tests check it.
# The start view and the topics keep the wording of WebMoney's Vietnamese "Bạn muốn gì?" page.
# Times, dates and waits arrive as ready-made text ($until, $eta, $wait); counts as numbers.
# Vietnamese has no plural forms, so counts need no selectors.

## Application

app-title = Keeper Recovery
no-display = Không tìm thấy màn hình: Keeper Recovery cần một môi trường đồ họa (X11 hoặc Wayland). Hãy mở ứng dụng từ phiên làm việc trên desktop.

## Start view: mirrors WebMoney's "What do you want?" page

start-heading = Bạn muốn gì?
start-intro = Hãy chọn trong danh sách bên dưới vấn đề tương tự mà bạn đang gặp phải. Nếu bạn không thể tự xác định được bạn gặp vấn đề gì, hãy liên hệ với bộ phận hỗ trợ kỹ thuật, và nêu rõ một cách chi tiết vấn đề bạn đang gặp phải.
start-contact-support = Liên hệ với bộ phận hỗ trợ kỹ thuật
start-choose-topic = Hãy chọn một vấn đề trong danh sách.
topics-show = Các vấn đề
start-open-cases = Các yêu cầu khôi phục đang mở
start-open-case = { $topic }: { $state } (mã tham chiếu { $reference })
start-no-open-cases = Không có yêu cầu khôi phục nào đang thực hiện.
start-secrets-link = Mật khẩu, mã truy cập, mã kích hoạt: cái nào là cái nào?

## Keys: said to screen readers with the step whose choices show these digits

keys-topics = Nhấn phím từ 1 đến 9 để mở một vấn đề.
keys-choices = Nhấn phím từ 1 đến { $count } để chọn.

## The nine topics, in the page's order and with its wording

topic-restore-password-title = Khôi phục lại mật khẩu của WebMoney Keeper
topic-restore-password-intro =
    Vui lòng khai báo số WMID, mà bị mất quyền kiểm soát và nhấn nút «Tiếp tục».
    Nếu bạn không nhớ WMID - hãy cho biết số điện thoại hoặc địa chỉ email, mà bạn đã khai báo trong thông tin cá nhân. Kết quả tìm kiếm tài khoản WM (danh sách WMID được tìm thấy) sẽ được gửi vào tin nhắn điện thoại hoặc email.

topic-change-phone-title = Thay đổi số điện thoại
topic-change-phone-intro = Để có thể tự thay đổi được số điện thoại, bạn cần phải có quyền truy cập vào WebMoney Keeper của bạn.
topic-change-phone-wiki = Hướng dẫn chi tiết cách thay đổi số điện thoại bạn có thể xem tại trang wiki.webmoney.com.vn

topic-deactivate-phone-title = Hủy kích hoạt số điện thoại di động
topic-deactivate-phone-intro = Nếu khi đăng ký trên hệ thống WebMoney hoặc khi thay đổi số điện thoại dành cho WMID của bạn, bạn nhận được tin nhắn rằng với số điện thoại này trước đây đã được sử dụng để đăng ký một tài khoản WM khác, bạn có thể gửi yêu cầu để huỷ kích hoạt số điện thoại di động đó.

# The page gives this topic in English only; this is our translation.
topic-reregister-sim-title = Đăng ký lại thẻ SIM sau khi thay thẻ
topic-reregister-sim-intro = Nếu bạn đã đổi (thay) thẻ SIM, ví dụ khi chuyển sang điện thoại dùng thẻ SIM có kích thước khác hoặc khi khôi phục lại số sau khi mất máy, thì số sê-ri của thẻ SIM sẽ thay đổi và bạn có thể không còn nhận được tin nhắn SMS. Hãy đăng ký lại thẻ SIM mới; để làm việc này, bạn cần có quyền truy cập vào WMID bằng phiên bản chính của Keeper.

topic-change-email-title = Thay đổi Email
topic-change-email-intro = Để có thể tự thay đổi được địa chỉ email, bạn cần phải có quyền truy cập vào WebMoney Keeper của bạn.
topic-change-email-wiki = Hướng dẫn chi tiết cách thay đổi địa chỉ email bạn có thể xem tại trang wiki.webmoney.com.vn

topic-change-security-question-title = Thay đổi câu hỏi bảo mật
topic-change-security-question-intro =
    Thay đổi câu hỏi bảo mật chỉ có thể khi thực hiện một trong các điều kiện sau:
    1. Biết rõ câu hỏi bảo mật và câu trả lời cho nó mà bạn đã thiết lập trước đây đối với WebMoney Keeper của bạn
    2. Để đăng nhập vào website để thay đổi câu hỏi bảo mật, bắt buộc phải sử dụng phương thức xác thực thông qua tin nhắn xác nhận SMS hoặc E-NUM. Nếu bạn không nhớ câu trả lời cho câu hỏi bảo mật của mình, hãy truy cập và trang security.wmtransfer.com và thiết lập cho WebMoney Keeper của bạn phương thức xác nhận giao dịch. Sau đó, bạn sẽ có thể cài đặt cho WebMoney Keeper của bạn câu hỏi bảo mật và câu trả lời mới.
topic-change-security-question-wiki = Xem thêm hướng dẫn cách thay đổi câu trả lời cho câu hỏi bảo mật tại trang web wiki.webmoney.ru

topic-find-accounts-title = Tìm kiếm tài khoản WM của tôi
topic-find-accounts-intro = Bạn có thể tìm thấy tất cả các tài khoản WM bạn đã đăng ký bằng số điện thoại di động hoặc email. Kết quả tìm kiếm tài khoản WM (danh sách WMID được tìm thấy) sẽ được gửi vào tin nhắn điện thoại hoặc email.

topic-restore-keyfile-title = Khôi phục keyfile hoặc chứng chỉ kỹ thuật số
topic-restore-keyfile-intro =
    Vui lòng khai báo số WMID, mà bị mất quyền kiểm soát và nhấn nút «Tiếp tục».
    Nếu bạn không nhớ WMID - hãy cho biết số điện thoại hoặc địa chỉ email, mà bạn đã khai báo trong thông tin cá nhân. Kết quả tìm kiếm tài khoản WM (danh sách WMID được tìm thấy) sẽ được gửi vào tin nhắn điện thoại hoặc email.

# The page has no text under this topic; this is ours.
topic-restore-enum-title = Khôi phục quyền truy cập tài khoản E-NUM
topic-restore-enum-intro = Nếu bạn đã cài đặt lại E-NUM hoặc đổi điện thoại, hãy xác nhận bằng mã được gửi qua SMS, và mã kích hoạt mới sẽ được gửi đến bạn qua SMS.

## Access to the Keeper (asked before changing the phone, the email or the SIM)

keeper-access-question = Bạn có quyền truy cập vào WebMoney Keeper của bạn?
answer-yes = Có
answer-no = Không
keeper-access-no = Nếu không có quyền truy cập vào Keeper, bạn không thể tự thực hiện thay đổi này. Trước tiên hãy khôi phục quyền truy cập vào Keeper (mật khẩu, keyfile hoặc chứng chỉ), hoặc liên hệ với bộ phận hỗ trợ kỹ thuật.
wiki-instructions = Hướng dẫn trên trang wiki

## Naming the account

identifier-label = Khai báo WMID, số điện thoại hoặc email:
identifier-label-phone-email = Khai báo số điện thoại hoặc email:
identifier-label-wmid-purse = Khai báo WMID hoặc số ví:
identifier-label-phone = Khai báo số điện thoại:
identifier-label-wmid-purse-phone = Khai báo WMID, số ví hoặc số điện thoại:
identifier-placeholder = ví dụ: 405002833238, +84 912 345 678 hoặc name@example.com
identifier-placeholder-phone-email = ví dụ: +84 912 345 678 hoặc name@example.com
identifier-placeholder-wmid-purse = ví dụ: 405002833238 hoặc Z238479008342
identifier-placeholder-phone = ví dụ: +84 912 345 678
identifier-placeholder-wmid-purse-phone = ví dụ: 405002833238 hoặc +84 912 345 678

## Buttons

button-continue = Tiếp tục
button-back = Quay lại
button-cancel = Hủy
button-cancel-case = Hủy yêu cầu khôi phục này
cancel-confirm = Hủy yêu cầu khôi phục này? Những bước bạn đã làm sẽ mất và bạn phải bắt đầu lại từ đầu.
cancel-confirm-review = Hủy yêu cầu khôi phục này? Bộ phận hỗ trợ sẽ ngừng kiểm tra giấy tờ của bạn; muốn tiếp tục sau này, bạn phải bắt đầu lại và gửi lại giấy tờ.
button-cancel-confirm = Có, hủy yêu cầu
button-cancel-keep = Không, giữ lại
button-confirm = Xác nhận
button-retry = Thử lại
button-forget = Bỏ khỏi danh sách
button-restore-access = Khôi phục quyền truy cập trước
button-resume = Tiếp tục
open-case-exists = Đã có một yêu cầu khôi phục cho thông tin này đang mở trên máy tính này ({ $reference }). Hãy tiếp tục yêu cầu đó: yêu cầu mới sẽ gửi thêm một mã, và số mã mỗi ngày có giới hạn.
button-continue-open-case = Tiếp tục yêu cầu đó
button-new-case-anyway = Bắt đầu yêu cầu mới
button-stop = Ngừng chờ
button-send-code = Gửi mã
button-send-again = Gửi lại
button-send-again-in = Gửi lại sau { $wait }
button-send-again-in-at = Gửi lại sau { $wait }, lúc { $until }
button-verify = Xác minh
button-upload = Gửi giấy tờ
button-download = Tải keyfile về
button-save-keyfile = Lưu keyfile
button-check-keyfile = Kiểm tra keyfile
button-replace = Thay thế
button-choose-files = Chọn tệp
button-refresh = Làm mới
button-start-again = Bắt đầu lại
button-close = Đóng
button-settings = Cài đặt
button-copy = Sao chép

## Progress

progress-connecting = Đang kết nối…
progress-waiting = Đang chờ dịch vụ phản hồi…

## Where codes are sent

channel-sms = SMS
channel-email = Email
channel-enum = E-NUM
channel-keeper = WebMoney Keeper
channel-sms-detail = Tin nhắn SMS đến số điện thoại của tài khoản
channel-email-detail = Thư đến email của tài khoản
channel-enum-detail = Xác nhận trong ứng dụng E-NUM
channel-keeper-detail = Tin nhắn trong WebMoney Keeper trên thiết bị của bạn
channel-sms-to = Tin nhắn SMS đến { $destination }
channel-email-to = Thư đến { $destination }
channel-enum-to = Xác nhận trong ứng dụng E-NUM ({ $destination })
choose-channel = Bạn muốn nhận mã qua đâu?
choose-channel-accounts = Bạn muốn nhận danh sách WMID của mình qua đâu?

## Typing the code

code-sent-to = Mã đã được gửi đến { $destination }.
code-label = Mã xác nhận
attempts-left = Còn { $count } lần thử
code-limit-daily = Chưa gửi mã: { $identifier } đã nhận đủ số mã được phép trong hôm nay, tính chung cho mọi yêu cầu khôi phục của nó. Mã tiếp theo có thể được gửi sau { $wait }, lúc { $until }.
code-limit-daily-no-time = Chưa gửi mã: { $identifier } đã nhận đủ số mã được phép trong hôm nay, tính chung cho mọi yêu cầu khôi phục của nó. Hãy thử lại vào ngày mai.
code-limit-cooldown = Lần này chưa gửi mã: vừa có một mã gửi đến { $identifier } (từ yêu cầu này hoặc một yêu cầu khác). Mã khác có thể được gửi sau { $wait }, lúc { $until }.
code-limit-cooldown-no-time = Lần này chưa gửi mã: vừa có một mã gửi đến { $identifier } (từ yêu cầu này hoặc một yêu cầu khác). Hãy chờ một chút rồi yêu cầu lại.
code-limit-over = Đã hết thời gian chờ: bạn có thể yêu cầu mã cho { $identifier } lại.
sends-none = Hôm nay không thể gửi thêm mã cho { $identifier }. Mã đã gửi vẫn dùng được cho đến khi hết hạn.
sends-left = Hôm nay bạn còn có thể yêu cầu thêm { $count } mã.
code-not-arriving-sms = Không nhận được mã? Hãy kiểm tra số điện thoại ở trên có đúng của bạn không và chờ một phút. Để tiết kiệm chi phí tin nhắn, mã mới chỉ được gửi sau một khoảng chờ ngắn và chỉ vài lần mỗi ngày.
code-not-arriving-email = Không nhận được mã? Hãy kiểm tra địa chỉ email ở trên có đúng của bạn không, xem cả thư mục thư rác và chờ một phút. Mã mới chỉ được gửi sau một khoảng chờ ngắn và chỉ vài lần mỗi ngày.
code-not-arriving-enum = Không nhận được mã? Hãy mở ứng dụng E-NUM trên điện thoại ở trên và xem các yêu cầu; có thể mất một phút. Mã mới chỉ được gửi sau một khoảng chờ ngắn và chỉ vài lần mỗi ngày.
code-not-arriving-keeper = Không nhận được mã? Hãy mở Keeper và xem mục tin nhắn; có thể mất một phút. Mã mới chỉ được gửi sau một khoảng chờ ngắn và chỉ vài lần mỗi ngày.

## Security question

security-answer-heading = Câu hỏi bảo mật
security-answer-question = Câu hỏi bảo mật của bạn: { $question }
security-answer-label = Câu trả lời

## New password

new-password-label = Mật khẩu mới
new-password-repeat = Nhập lại mật khẩu mới
new-password-rules = Từ 8 đến 64 ký tự, gồm cả chữ cái và chữ số.
new-password-mismatch = Hai mật khẩu không giống nhau.

## New phone or email

new-phone-label = Số điện thoại mới, theo định dạng quốc tế
new-email-label = Địa chỉ email mới
new-phone-placeholder = ví dụ +84 912 345 678
new-email-placeholder = ví dụ ten@example.com

## Confirming a change through the old contact

confirm-old-question = Bạn muốn xác nhận thay đổi bằng cách nào?
confirm-method-old-contact = Mã gửi đến số điện thoại hoặc email hiện tại
confirm-method-sms = Mã qua SMS
confirm-method-enum = E-NUM
confirm-method-security-question = Câu hỏi bảo mật
confirm-method-security-question-wait = Thay đổi chỉ có hiệu lực sau { $wait }, để bảo đảm an toàn
confirm-security-question-warning = Nếu bạn xác nhận bằng câu hỏi bảo mật, thay đổi chỉ có hiệu lực sau một thời gian chờ bảo mật vài ngày.

## Detaching a number, re-registering a SIM card

confirm-detach = Số { $phone } đang được gắn với một WMID khác. Nếu bạn xác nhận, chủ sở hữu WMID đó sẽ được thông báo qua email, và sau một thời gian chờ bảo mật, số này sẽ được gỡ khỏi WMID đó để bạn có thể sử dụng.
reregister-sim-confirm = Thẻ SIM mới của số { $phone } sẽ được đăng ký, sau đó một mã sẽ được gửi đến thẻ SIM này để kiểm tra rằng bạn nhận được tin nhắn.

## Identity documents

documents-intro = Để khôi phục, cần có giấy tờ tùy thân của bạn. Hãy đính kèm bản quét hoặc ảnh chụp rõ nét; bộ phận hỗ trợ sẽ xem xét.
documents-accepted = PDF, JPEG hoặc PNG, mỗi tệp tối đa { $megabytes } MB.
documents-min-files = Hãy đính kèm ít nhất { $count } tệp.
documents-chosen = Đã chọn { $count } tệp
documents-remove = Bỏ
no-file-dialog = Không mở được hộp thoại chọn tệp trên máy này. Hãy gõ đường dẫn đầy đủ.
typed-paths = Hộp thoại chọn tệp đang tắt (--type-paths). Hãy nhập đường dẫn đầy đủ.
bundle-path-label = Nơi lưu gói chẩn đoán: một thư mục, hoặc đường dẫn đầy đủ của tệp
bundle-path-empty = Hãy nhập nơi lưu gói chẩn đoán, ví dụ một thư mục.
bundle-path-taken = Đã có một tệp trùng tên ở đó và tệp ấy được giữ nguyên. Hãy nhập tên khác.
path-label-documents = Đường dẫn đến tệp giấy tờ (PDF, JPEG hoặc PNG)
document-not-found = Không tìm thấy { $path } trên máy tính này. Hãy kiểm tra đường dẫn; chưa có gì được gửi đi.
document-unreadable = Không đọc được { $path } trên máy tính này ({ $detail }). Chưa có gì được gửi đi.
document-too-large = { $name } lớn hơn { $megabytes } MB. Hãy đính kèm bản quét hoặc ảnh nhỏ hơn; chưa có gì được gửi đi.
document-wrong-type = { $name } không phải tệp PDF, JPEG hoặc PNG. Hãy đính kèm bản quét hoặc ảnh thuộc một trong các loại này; chưa có gì được gửi đi.
document-interrupted = Việc đọc tệp trên máy tính này đã dừng trước khi xong. Hãy chọn lại tệp.
path-label-keyfile = Nơi lưu: một thư mục, hoặc đường dẫn đầy đủ của tệp
button-add-file = Thêm
button-save-here = Lưu vào đây

## New security question

new-question-label = Câu hỏi bảo mật mới
new-answer-label = Câu trả lời
new-answer-repeat = Nhập lại câu trả lời mới
new-answer-mismatch = Hai câu trả lời không khớp. Hãy nhập cùng một câu trả lời hai lần, với cùng dấu.
button-show-typed = Hiện nội dung đã nhập
button-hide-typed = Ẩn nội dung đã nhập
new-answer-hint = Hãy chọn câu trả lời mà bạn sẽ nhớ và người khác không đoán được.

## Waiting

waiting-period = Để bảo vệ bạn, thay đổi chỉ có hiệu lực sau một thời gian chờ bảo mật, để chủ tài khoản kịp phản đối nếu không phải họ thực hiện. Thời gian chờ kết thúc lúc { $until }.
waiting-review = Bộ phận hỗ trợ đang kiểm tra giấy tờ của bạn. Dự kiến xong trước { $until }. Bạn có thể đóng ứng dụng: yêu cầu khôi phục vẫn được giữ lại.
button-add-reminder = Thêm lời nhắc vào lịch của tôi
reminder-title = Keeper Recovery: { $topic }
reminder-description = Thời gian chờ cho yêu cầu khôi phục { $reference } của bạn lẽ ra đã kết thúc. Hãy mở Keeper Recovery và nhấn “Tiếp tục” để làm tiếp.
notice-reminder-saved = Lời nhắc đã được lưu vào { $path }. Hãy mở tệp để thêm vào lịch của bạn.
notice-reminder-not-saved = Chưa lưu được lời nhắc.
notify-wait-over-title = Keeper Recovery: đã hết thời gian chờ
notify-wait-over = { $topic } ({ $reference }) có thể tiếp tục ngay bây giờ.
case-reference = Mã tham chiếu: { $reference }
case-reference-hint = Hãy cung cấp mã tham chiếu này khi liên hệ với bộ phận hỗ trợ.
case-state-label = Trạng thái: { $state }
case-eta = Dự kiến xong trước { $eta }
case-eta-unknown = Chưa có thời gian dự kiến.
case-expires = Nếu bỏ dở, yêu cầu khôi phục này được giữ đến { $until }.

## The restored key file

keyfile-ready = Keyfile mới của bạn đã sẵn sàng.
keyfile-ready-hint = Hãy lưu tệp trên máy tính này, sau đó kiểm tra xem tệp có mở được bằng mã truy cập keyfile của bạn không. Mã này chỉ nằm trên máy tính này.
keyfile-exists-replace = Ở đó đã có một tệp cùng tên. Thay thế tệp đó?
keyfile-saved = Keyfile đã được lưu vào { $path }.
access-code-label = Mã truy cập keyfile
keyfile-check-ok = Keyfile mở được bằng mã truy cập này.
button-prove-keyfile = Chứng minh keyfile hoạt động
keyfile-prove-hint = Dịch vụ gửi một đoạn văn bản ngắn; máy tính này ký nó bằng keyfile và chỉ gửi lại chữ ký. Khóa và mã truy cập vẫn ở lại máy này.
keyfile-proof-ok = Dịch vụ đã chấp nhận chữ ký được tạo bằng keyfile này.
keyfile-proving = Đang ký chuỗi kiểm tra của dịch vụ trên máy tính này và gửi chữ ký…

## Saving the key file went wrong

keyfile-save-exists = { $path } đã tồn tại. Thay thế tệp đó?
keyfile-save-no-folder = Thư mục { $path } không tồn tại. Hãy chọn thư mục khác.
keyfile-save-permission-denied = Bạn không có quyền ghi vào { $path }. Hãy chọn thư mục khác.
keyfile-save-read-only = { $path } nằm trên ổ đĩa chỉ đọc. Hãy chọn thư mục khác.
keyfile-save-disk-full = Ổ đĩa đã đầy. Hãy giải phóng dung lượng hoặc chọn ổ đĩa khác.
keyfile-save-not-a-folder = { $path } là một tệp, không phải thư mục. Hãy chọn thư mục khác.
keyfile-save-other = Không thể lưu keyfile vào { $path }: { $detail }

## Checking a key file went wrong

keyfile-error-wrong-size = Đây không phải là keyfile: keyfile luôn có đúng 164 byte, còn tệp này có { $found } byte. Có thể tệp bị thiếu hoặc đây là một tệp khác.
keyfile-error-bad-body-length = Keyfile bị hỏng: phần đầu tệp không đúng. Hãy tải lại tệp.
keyfile-error-wrong-access-code = Mã truy cập này không mở được keyfile của WMID này. Hãy kiểm tra WMID và mã (có phân biệt chữ hoa, chữ thường); nếu cả hai đều đúng, có thể tệp đã bị hỏng.
keyfile-error-malformed-key = Keyfile mở được, nhưng khóa bên trong bị hỏng. Hãy tải lại tệp.

## Talking to the service went wrong

error-invalid-endpoint = Địa chỉ dịch vụ không hợp lệ. Hãy kiểm tra lại trong phần Cài đặt.
error-insecure-endpoint = Địa chỉ dịch vụ phải bắt đầu bằng https:// (chỉ được dùng http với dịch vụ trên chính máy tính này).
error-wait-over = Đã hết thời gian chờ: bạn có thể thử lại ngay bây giờ.
error-offline = Không thể kết nối với dịch vụ khôi phục. Hãy kiểm tra kết nối Internet rồi thử lại.
error-untrusted = Không thể xác minh danh tính của dịch vụ khôi phục, nên chưa có gì được gửi đi. Có thể ai đó trong mạng này đang chặn kết nối, hoặc địa chỉ dịch vụ bị sai. Hãy thử mạng khác hoặc kiểm tra lại địa chỉ.
error-timeout = Dịch vụ phản hồi quá lâu. Hãy thử lại.
error-connection-lost = Kết nối bị gián đoạn trước khi nhận được phản hồi. Hãy thử lại: không có thao tác nào bị thực hiện hai lần.
error-invalid-input = { $field }: dịch vụ không chấp nhận giá trị này; { $expected }
error-wrong-code =
    { $field ->
        [answer] Câu trả lời không đúng.
       *[other] Mã không đúng.
    } Còn { $count } lần thử.
error-code-expired = Mã đã hết hạn. Hãy yêu cầu mã mới.
error-bad-signature = Dịch vụ từ chối chữ ký được tạo bằng keyfile này: nó không khớp với khóa mà dịch vụ lưu cho WMID này. Hãy tải lại keyfile. Còn { $count } lần thử.
error-signing = Máy tính này không ký được bằng keyfile. Hãy thử lại; nếu vẫn lỗi, hãy khởi động lại ứng dụng.
error-locked = Bạn đã nhập sai quá nhiều lần. Để bảo vệ tài khoản, việc xác nhận tạm dừng đến { $until }. Hãy thử lại sau { $wait }.
error-locked-no-time = Bạn đã nhập sai quá nhiều lần. Để bảo vệ tài khoản, việc xác nhận tạm dừng một thời gian. Hãy thử lại sau.
error-cooldown = Mã vừa được gửi. Bạn có thể yêu cầu mã khác sau { $wait }.
error-cooldown-no-time = Mã vừa được gửi. Hãy chờ một chút trước khi yêu cầu mã khác.
error-rate-limited = Hiện có quá nhiều yêu cầu. Bạn có thể thử lại sau { $wait } (lúc { $until }).
error-rate-limited-no-time = Hiện có quá nhiều yêu cầu. Hãy thử lại sau ít phút.
error-case-expired = Yêu cầu khôi phục này đã hết hạn vì bị bỏ dở. Hãy bắt đầu lại: những gì bạn đã nhập vẫn được giữ.
error-case-not-found = Dịch vụ không còn lưu yêu cầu khôi phục này. Hãy bắt đầu lại: những gì bạn đã nhập vẫn được giữ.
error-unauthorized = Phiên xác nhận của bạn đã kết thúc. Hãy xác nhận lại bằng mã mới để tiếp tục.
error-not-ready = Chưa sẵn sàng. Dự kiến xong trước { $eta }.
error-not-ready-no-time = Chưa sẵn sàng. Hãy kiểm tra lại sau.
error-wrong-state = Bước này không còn phù hợp: yêu cầu khôi phục đã chuyển sang bước khác. Hãy nhấn «Làm mới» để xem trạng thái hiện tại.
error-unavailable = Dịch vụ đang quá tải. Hãy thử lại sau { $wait }.
error-unavailable-no-time = Dịch vụ đang quá tải. Hãy thử lại sau giây lát.
error-server = Dịch vụ gặp lỗi (mã lỗi { $status }). Hãy thử lại sau; nếu lỗi vẫn lặp lại, hãy liên hệ với bộ phận hỗ trợ.
error-protocol = Không đọc được phản hồi của dịch vụ. Hãy thử lại; nếu lỗi vẫn lặp lại, hãy liên hệ với bộ phận hỗ trợ.
error-too-large = Phản hồi của dịch vụ quá lớn nên không được chấp nhận. Hãy liên hệ với bộ phận hỗ trợ.
error-checksum-mismatch = Keyfile tải về đã bị hỏng trên đường truyền. Hãy tải lại.
error-redirected = Dịch vụ đã cố chuyển yêu cầu này sang { $host }. Yêu cầu không được gửi đến đó: địa chỉ dịch vụ có thể sai hoặc bị giả mạo. Hãy kiểm tra địa chỉ trong phần cài đặt, hoặc liên hệ bộ phận hỗ trợ.
error-redirected-no-host = Dịch vụ đã cố chuyển yêu cầu này sang một địa chỉ khác. Yêu cầu không được gửi đến đó: địa chỉ dịch vụ có thể sai hoặc bị giả mạo. Hãy kiểm tra địa chỉ trong phần cài đặt, hoặc liên hệ bộ phận hỗ trợ.

## What the user typed is not what a field expects

field-identifier = Tài khoản
field-wmid = WMID
field-purse = Số ví
field-phone = Số điện thoại
field-email = Email
field-code = Mã xác nhận
field-password = Mật khẩu
field-answer = Câu trả lời
field-question = Câu hỏi bảo mật
field-document = Giấy tờ
field-channel = Nơi nhận mã
field-method = Cách xác nhận
field-other = Yêu cầu

expect-identifier = hãy nhập WMID (12 chữ số), số ví (một chữ cái và 12 chữ số), số điện thoại theo định dạng quốc tế hoặc địa chỉ email.
expect-identifier-wmid-purse = hãy nhập WMID (12 chữ số) hoặc số ví (một chữ cái và 12 chữ số).
expect-identifier-wmid-purse-phone = hãy nhập WMID (12 chữ số), số ví (một chữ cái và 12 chữ số) hoặc số điện thoại theo định dạng quốc tế.
expect-identifier-phone-email = hãy nhập số điện thoại theo định dạng quốc tế hoặc địa chỉ email.
expect-identifier-phone = hãy nhập số điện thoại theo định dạng quốc tế, ví dụ +84 912 345 678.
expect-wmid = WMID gồm đúng 12 chữ số, ví dụ 405002833238.
expect-purse = số ví gồm một chữ cái chỉ loại tiền và 12 chữ số, ví dụ Z238479008342.
expect-phone = hãy nhập số theo định dạng quốc tế, ví dụ +84 912 345 678.
expect-email = hãy nhập địa chỉ email, ví dụ name@example.com.
expect-code = mã gồm 6 chữ số.
expect-password = hãy dùng từ 8 đến 64 ký tự, gồm cả chữ cái và chữ số.
expect-answer = hãy nhập câu trả lời cho câu hỏi bảo mật của bạn.
expect-question = hãy viết một câu hỏi mà chỉ bạn mới trả lời được.
expect-document = hãy đính kèm tệp PDF, JPEG hoặc PNG, mỗi tệp tối đa 10 MB.
expect-channel = hãy chọn cách nhận mã khác.
expect-method = hãy chọn cách xác nhận khác.
expect-other = hãy kiểm tra lại thông tin đã nhập rồi thử lại.

input-invalid = { $field }: { $expected }
input-empty = { $field }: vui lòng điền thông tin này.
input-too-long = { $field }: tối đa { $max } ký tự.

## Where a recovery stands

case-state-awaiting-challenge = Chọn nơi nhận mã
case-state-awaiting-code = Đang chờ nhập mã
case-state-awaiting-step = Đang thực hiện
case-state-waiting = Thời gian chờ bảo mật
case-state-under-review = Đang xem xét
case-state-ready = Đã sẵn sàng
case-state-completed = Đã hoàn tất
case-state-rejected = Bị từ chối
case-state-cancelled = Đã hủy
case-state-expired = Đã hết hạn

wait-reason-security-period = Thời gian chờ bảo mật
wait-reason-document-review = Xem xét giấy tờ

## How a recovery ended, and what to do next

outcome-password-changed-title = Đã đổi mật khẩu
outcome-password-changed = Mật khẩu Keeper của bạn đã được thay đổi. Hãy đăng nhập vào WebMoney Keeper bằng mật khẩu mới.
outcome-accounts-sent-title = Đã gửi yêu cầu
outcome-accounts-sent =
    { $channel ->
        [sms] Nếu có tài khoản được đăng ký bằng số điện thoại này, danh sách WMID đã được gửi đến số đó qua SMS.
        [email] Nếu có tài khoản được đăng ký bằng địa chỉ email này, danh sách WMID đã được gửi đến địa chỉ đó.
       *[other] Nếu có tài khoản được đăng ký bằng số điện thoại hoặc địa chỉ email này, danh sách WMID đã được gửi đến đó.
    } Không nhận được? Hãy kiểm tra lại số điện thoại hoặc địa chỉ email (và cả thư mục thư rác), hoặc thử bằng thông tin còn lại.
outcome-phone-changed-title = Đã đổi số điện thoại
outcome-phone-changed = Số điện thoại của bạn đã được thay đổi. Từ nay mã và tin nhắn xác nhận sẽ được gửi đến số mới.
old-contacts-told-change = Thông báo về thay đổi này đã được gửi đến số điện thoại và email của tài khoản như trước khi thay đổi.
old-contacts-told-period = Thông báo đã được gửi đến số điện thoại và email hiện tại của tài khoản: từ đó có thể dừng thay đổi này cho đến khi nó có hiệu lực.
outcome-email-changed-title = Đã đổi email
outcome-email-changed = Địa chỉ email của bạn đã được thay đổi. Từ nay thư và mã xác nhận sẽ được gửi đến địa chỉ mới.
outcome-phone-detached-title = Đã hủy kích hoạt số điện thoại
outcome-phone-detached = Số điện thoại đã được gỡ khỏi WMID kia. Bây giờ bạn có thể thêm số này vào tài khoản của mình.
outcome-sim-reregistered-title = Đã đăng ký lại thẻ SIM
outcome-sim-reregistered = Thẻ SIM mới đã được đăng ký. Bạn sẽ lại nhận được mã qua SMS.
outcome-security-question-changed-title = Đã đổi câu hỏi bảo mật
outcome-security-question-changed = Câu hỏi bảo mật và câu trả lời mới của bạn đã được lưu.
outcome-keyfile-issued-title = Đã cấp keyfile mới
outcome-keyfile-issued = Keyfile mới đã được cấp. Hãy lưu tệp, kiểm tra bằng mã truy cập của bạn, rồi dùng tệp này để đăng nhập vào Keeper WinPro.
outcome-keyfile-saved-at = Keyfile mới của bạn đã được lưu tại { $path } và mở được bằng mã truy cập của bạn. Hãy dùng tệp này để đăng nhập vào Keeper WinPro.
outcome-keyfile-saved-unchecked = Keyfile mới của bạn đã được lưu tại { $path }. Hãy dùng tệp này cùng mã truy cập để đăng nhập vào Keeper WinPro.
button-show-in-folder = Mở thư mục chứa tệp
outcome-certificate-reissue-allowed-title = Có thể cấp chứng chỉ mới
outcome-certificate-reissue-allowed = Bây giờ bạn có thể nhận chứng chỉ mới. Hãy mở trang cấp chứng chỉ trong trình duyệt mà bạn dùng Keeper WebPro và tạo chứng chỉ mới.
outcome-no-keyfile-for-keeper-title = Không có gì để khôi phục
outcome-no-keyfile-for-keeper = Phiên bản Keeper của bạn đăng nhập không cần keyfile hay chứng chỉ, nên không có gì để khôi phục. Nếu bạn quên mật khẩu, hãy chọn «Khôi phục lại mật khẩu của WebMoney Keeper».
outcome-enum-activation-sent-title = Đã gửi mã kích hoạt
outcome-enum-activation-sent = Mã kích hoạt E-NUM mới đã được gửi đến { $destination }. Hãy nhập mã này trong ứng dụng E-NUM để hoàn tất.
outcome-enum-not-registered-title = Chưa đăng ký E-NUM
outcome-enum-not-registered = Tài khoản này chưa đăng ký E-NUM, nên không có gì để khôi phục.
outcome-documents-rejected-title = Giấy tờ không được chấp nhận
outcome-documents-rejected = Bộ phận hỗ trợ không thể chấp nhận giấy tờ: { $reason }. Bạn có thể bắt đầu lại với giấy tờ khác, hoặc liên hệ với bộ phận hỗ trợ và cung cấp mã tham chiếu.
outcome-cancelled-title = Đã hủy
outcome-cancelled = Yêu cầu khôi phục đã được hủy. Tài khoản của bạn không có gì thay đổi.

## The four secrets people confuse

secrets-heading = Bốn loại mật khẩu và mã dễ nhầm lẫn
secret-password-title = Mật khẩu đăng nhập
secret-password = Mật khẩu bạn nhập khi đăng nhập vào WebMoney Keeper. Nếu quên, bạn có thể khôi phục tại đây («Khôi phục lại mật khẩu của WebMoney Keeper»).
secret-access-code-title = Mã truy cập keyfile
secret-access-code = Do chính bạn đặt khi lưu keyfile, để bảo vệ tệp trên máy tính. Mã này không bao giờ được gửi đến WebMoney, nên không ai có thể khôi phục nó: nếu bạn quên, hãy khôi phục keyfile.
secret-activation-code-title = Mã kích hoạt
secret-activation-code = Được gửi qua SMS hoặc email khi Keeper khởi động trên một máy tính mới, để xác nhận đó đúng là bạn. Mã chỉ dùng được một lần.
secret-registration-code-title = Mã đăng ký
secret-registration-code = Được cấp cho bạn khi đăng ký WebMoney. Đây không phải là mật khẩu, cũng không phải mã truy cập keyfile.

## Settings

settings-heading = Cài đặt
settings-language = Ngôn ngữ
settings-theme = Giao diện
theme-system = Theo hệ thống
theme-light = Sáng
theme-dark = Tối
theme-high-contrast = Độ tương phản cao
settings-endpoint = Dịch vụ khôi phục
endpoint-builtin = Dịch vụ thử nghiệm có sẵn
endpoint-url = Địa chỉ dịch vụ (URL)
endpoint-url-placeholder = https://recovery.example.com
endpoint-url-hint = Địa chỉ phải bắt đầu bằng https://; chỉ được dùng http với dịch vụ chạy trên chính máy tính này.
settings-for-support-staff = Dành cho nhân viên hỗ trợ
settings-support-mode = Chế độ hỗ trợ
settings-support-mode-hint = Hiển thị tin nhắn và yêu cầu của dịch vụ thử nghiệm, để tái hiện tình huống của người dùng.

keyring-unavailable = Không dùng được kho khóa của hệ thống: mã phiên chỉ được giữ trong bộ nhớ cho đến khi bạn đóng ứng dụng.

## Times: waits follow "sau" ("sau 5 phút"); dates and clock times are filled in by the app

duration-seconds = { $count } giây
duration-minutes = { $count } phút
duration-hours = { $count } giờ
duration-days = { $count } ngày
date = { $day }/{ $month }/{ $year }
date-time = { $time } ngày { $date }

## Sign-out and saving settings
button-sign-out = Đăng xuất trên máy tính này
sign-out-hint = Quên các yêu cầu khôi phục trong danh sách và xóa phiên của chúng khỏi máy tính này.
forget-confirm = Bỏ “{ $recovery }” khỏi danh sách? Phiên của yêu cầu này sẽ bị xóa khỏi máy tính này và bạn không thể tiếp tục nó ở đây: yêu cầu mới sẽ phải bắt đầu lại từ đầu.
button-forget-confirm = Có, bỏ khỏi danh sách
button-keep-listed = Không, giữ lại
sign-out-confirm = Đăng xuất trên máy tính này? { $count } yêu cầu khôi phục ({ $references }) sẽ bị quên ở đây cùng với phiên của chúng, và bạn không thể tiếp tục chúng trên máy tính này.
button-sign-out-confirm = Có, đăng xuất
button-save = Lưu
settings-saved = Đã lưu. Ứng dụng đang dùng dịch vụ này.

## Support mode: the demo service's inside, beside the user's screen
support-heading = Chế độ hỗ trợ
support-close = Đóng
support-tab-scenario = Kịch bản
support-tab-outbox = Hộp thư đi
support-tab-faults = Lỗi giả lập
support-tab-exchanges = Yêu cầu
support-tab-cases = Hồ sơ
support-replay-exchanges = Lần phát lại này, trên dịch vụ thử nghiệm: { $count } (mới nhất trước)
support-replay-outbox = Đã gửi trong lần phát lại này: { $count } (mới nhất trước)
support-users-number = #{ $n } của người dùng
support-users-exchanges = Yêu cầu của người dùng, từ gói chẩn đoán: { $count } (mới nhất trước)
support-users-outbox = Tin nhắn của người dùng, từ gói chẩn đoán: { $count } (mới nhất trước, đã bỏ mã)
support-needs-mock = Chế độ hỗ trợ hoạt động với dịch vụ thử nghiệm tích hợp sẵn.
support-use-mock = Dùng dịch vụ thử nghiệm tích hợp sẵn
support-clock = Giờ của dịch vụ thử nghiệm: { $time }
support-clock-ahead = nhanh hơn giờ thực { $ahead }
support-running = Đang chạy: { $name }
support-pick-shipped = Kịch bản có sẵn
support-open-file = Mở tệp kịch bản…
support-preview = Sẽ nạp: { $name }
support-restart = Khởi động lại dịch vụ thử nghiệm với kịch bản này
support-restarted = Dịch vụ thử nghiệm đã bắt đầu lại với “{ $name }”.
support-accounts = Tài khoản
support-account = WMID { $wmid } · { $keeper } · chứng nhận { $passport }
support-account-answer = Câu hỏi bảo mật: { $question } · câu trả lời: { $answer }
support-account-access-code = Mã truy cập keyfile: { $code }
support-keeper-win-pro = WinPro (bản Classic)
support-keeper-web-pro = WebPro (bản Light)
support-keeper-standard = Standard (bản Mini)
support-keeper-mobile = Ứng dụng di động
support-limits = Mã tiếp theo sau { $cooldown } · { $sends } mã mỗi ngày · { $attempts } lần thử · khóa { $lock }
support-scenario-extras = Lỗi từ đầu: { $faults } · định danh bị khóa: { $locks }
support-outbox-empty = Chưa gửi gì.
support-sent-to = { $channel } đến { $to }
support-not-sent = Không gửi: { $reason }
support-withheld-resend-cooldown = Không gửi: resend_cooldown, mã vừa được gửi cách đây ít lâu.
support-withheld-rate-limited = Không gửi: rate_limited, đã hết số mã được gửi trong ngày.
support-withheld-locked = Không gửi: locked, nhập sai mã quá nhiều lần.
support-withheld-no-account = Không gửi: không có tài khoản nào với thông tin này (người dùng vẫn thấy câu trả lời như thường).
support-possible-again = Có thể gửi lại lúc { $time }.
support-use-code = Dùng mã này
support-copy = Sao chép
support-copied = Đã sao chép.
support-no-code-field = Màn hình của người dùng hiện không yêu cầu mã.
support-faults-active = Lỗi đang bật
support-faults-none = Không có lỗi: dịch vụ trả lời bình thường.
support-fault-route = Đường dẫn
support-fault-all-routes = mọi đường dẫn
support-route-list-topics = danh sách chủ đề
support-route-create-case = mở hồ sơ
support-route-get-case = xem hồ sơ
support-route-challenge = gửi mã
support-route-verify = kiểm tra mã
support-route-steps = các bước
support-route-keyfile = tải keyfile
support-route-keyfile-proof-challenge = keyfile: văn bản để ký
support-route-keyfile-proof = keyfile: chữ ký
support-route-cancel-case = hủy hồ sơ
support-route-object-to-change = phản đối thay đổi
support-fault-kind-latency = chậm
support-fault-kind-status = mã lỗi HTTP
support-fault-kind-drop = ngắt kết nối
support-fault-kind-drop-response = mất câu trả lời
support-fault-kind-malformed = dữ liệu hỏng
support-fault-kind-truncated = dữ liệu bị cắt
support-fault-kind-slow-body = trả về chậm
support-fault-unit-ms = mili giây
support-fault-unit-status = mã trạng thái HTTP
support-holder-account = tài khoản { $wmid }
support-holder-wmid = WMID { $wmid }
support-holder-purse = ví { $wmid }
support-holder-phone = số điện thoại { $wmid }
support-holder-email = email { $wmid }
support-fault-kind = Loại lỗi
support-fault-value = Số ({ $unit })
support-fault-count = Số lần (để trống: mọi lần)
support-fault-add = Bật
support-fault-remove = Bỏ
support-faults-clear = Tắt tất cả
support-fault-error-value = Số phải là số nguyên, ví dụ 503 hoặc 3000.
support-fault-error-count = Số lần phải để trống hoặc là số nguyên lớn hơn 0.
support-fault-times = thêm { $count } lần
support-exchanges-empty = Chưa có yêu cầu nào.
support-exchanges-shown = { $shown } mới nhất trên { $total }
support-exchanges-clear = Xóa
support-request = Yêu cầu
support-response = Phản hồi
support-lock = Bị khóa: { $holder } đến { $time }, sau { $failed } lần nhập sai mã
support-lift-lock = Gỡ khóa (chỉnh đồng hồ qua thời điểm hết khóa)
support-start-again = Bắt đầu lại quá trình khôi phục của người dùng này
support-start-again-ended = Quá trình khôi phục đó đã kết thúc.
support-replayed = trả lời lại (cùng Idempotency-Key)
support-subject-account = một tài khoản
support-subject-unknown = không có tài khoản
support-subject-lookup = tìm theo địa chỉ
support-subject-own-phone = số của chính người dùng
support-fault-used-up = đã dùng hết
support-clock-minute = +1 phút
support-clock-ten-minutes = +10 phút
support-clock-hour = +1 giờ
support-clock-day = +1 ngày
support-cases-empty = Chưa có hồ sơ nào.
support-case-identifier = Định danh { $identifier } · { $subject }
support-case-counters = Mã sai: { $failed } · còn { $left } lần thử · còn { $sends } mã hôm nay
support-case-code-expires = Mã hết hạn lúc { $time }
support-case-resend-at = Có thể gửi mã tiếp lúc { $time }
support-case-locked = Bị khóa đến { $time }
support-case-ready = Hết thời gian chờ lúc { $time }
support-case-expires = Hồ sơ hết hạn lúc { $time }
support-expire-code = Cho mã hết hạn
support-end-wait = Kết thúc thời gian chờ
support-approve = Duyệt giấy tờ
support-reject = Từ chối giấy tờ
support-save-bundle = Lưu thông tin chẩn đoán…
support-open-bundle = Mở tệp chẩn đoán…
support-bundle-loaded = Tệp được lưu lúc { $created } bởi phiên bản { $version } trên { $os }, có { $exchanges } yêu cầu. Kịch bản và lỗi giả lập của tệp đang được áp dụng.
support-bundle-no-scenario = Tệp này được tạo khi dùng dịch vụ khôi phục thật: không có kịch bản để tái hiện.

## Diagnostics
settings-diagnostics = Chẩn đoán
settings-bundle-hint = Một tệp zip gồm phiên bản ứng dụng, cài đặt, nhật ký và các yêu cầu của lần chạy này, không có mã, mật khẩu hay token. Hãy gửi cho bộ phận hỗ trợ.
settings-save-bundle = Lưu thông tin chẩn đoán…
settings-open-logs = Mở thư mục nhật ký
diagnostics-saving = Đang lưu thông tin chẩn đoán…
diagnostics-saved = Đã lưu thông tin chẩn đoán vào { $path }.
diagnostics-failed = Không lưu được thông tin chẩn đoán vào { $path }.

## Notices: what could not be done outside a topic's steps. The OS's own words follow below them.
diagnostics-entry-failed = Không đưa được { $entry } vào gói chẩn đoán.
diagnostics-unreadable = Không đọc được { $path }.
diagnostics-not-a-bundle = { $path } không phải là gói chẩn đoán của Keeper Recovery.
diagnostics-newer = { $path } được tạo bởi phiên bản Keeper Recovery mới hơn. Hãy cập nhật ứng dụng để mở.
diagnostics-invalid-entry = { $entry } trong gói chẩn đoán { $path } bị hỏng.
storage-read = Không đọc được { $path }.
storage-invalid = { $path } bị hỏng.
storage-create-folder = Không tạo được thư mục { $path }.
storage-write = Không lưu được { $path }.
storage-set-aside = Không chuyển được { $path } sang chỗ khác.
notice-set-aside = Ứng dụng dùng thiết lập mặc định; tệp cũ được giữ lại tại { $kept }.
notice-not-set-aside = Ứng dụng dùng thiết lập mặc định cho đến khi bạn đóng nó, và các thay đổi có thể không được lưu.
notice-not-saved = Thay đổi chỉ có hiệu lực cho đến khi bạn đóng ứng dụng.
keyring-refused = Kho khóa của hệ thống đã từ chối mã phiên: mã chỉ được giữ cho đến khi bạn đóng ứng dụng.
keyring-unreadable = Kho khóa của hệ thống không trả về mã phiên của yêu cầu khôi phục này (có thể kho đang bị khóa). Hãy mở khóa rồi nhấn “Tiếp tục” lần nữa: yêu cầu vẫn được giữ trong danh sách.
resume-no-session = Máy tính này không còn phiên của yêu cầu khôi phục này (phiên chỉ được giữ đến khi đóng ứng dụng, hoặc đã bị xóa), nên không thể tiếp tục ở đây. Hãy bỏ nó khỏi danh sách để bắt đầu lại.
resume-other-service = Yêu cầu khôi phục này thuộc về một dịch vụ khác ({ $service }). Hãy chọn dịch vụ đó trong Cài đặt để tiếp tục.
notice-recoveries-ended = Dịch vụ không còn biết { $count } yêu cầu khôi phục ({ $references }), nên đã bỏ khỏi danh sách.
notice-demo-recoveries-ended = Dịch vụ thử nghiệm bắt đầu trống mỗi lần mở ứng dụng: { $count } yêu cầu khôi phục làm với nó trước đây đã được bỏ khỏi danh sách.
instance-brought-forward = Keeper Recovery đã mở: cửa sổ của nó đã được đưa lên trước.
instance-not-answering = Keeper Recovery đã mở cho người dùng này nhưng không trả lời. Hãy đóng nó, hoặc đợi nó đóng, rồi mở lại.
keyring-not-ready = Kho khóa của hệ thống vẫn đang mở: mã phiên này chỉ được giữ cho đến khi bạn đóng ứng dụng.
notice-mock-not-started = Không khởi động được dịch vụ thử nghiệm có sẵn.
notice-not-opened = Không mở được { $target }.
button-copy-address = Sao chép địa chỉ
notice-browser-not-opened = Không có trình duyệt nào mở được { $url }. Hãy sao chép địa chỉ bên cạnh nút và mở nó trong trình duyệt của bạn.
notice-copied = Đã sao chép: { $what }
notice-interrupted = Công việc đã dừng trước khi xong. Vui lòng thử lại.
scenario-unreadable = Không đọc được kịch bản { $path }.
scenario-invalid = Kịch bản { $name } không hợp lệ.
scenario-invalid-at = Kịch bản { $name } không hợp lệ ở dòng { $line }, cột { $column }.
scenario-unknown = Không có kịch bản có sẵn nào tên là { $name }.
support-review-not-waiting = Hồ sơ này không đang chờ xét duyệt.
support-review-no-case = Dịch vụ thử nghiệm không còn hồ sơ này.
