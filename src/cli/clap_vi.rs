//! The command line in the user's language: clap reads it, but its help and its errors are
//! worded here. The English help is the doc comments of the argument types (one place, next to
//! the code); the Vietnamese help is the table below, applied to the same command tree at run
//! time, and a test keeps the two covering the same commands and arguments. Errors are rendered
//! from clap's error kind and context, never from its English text.

use super::Cli;
use super::input::InputError;
use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Command, CommandFactory, FromArgMatches};
use std::ffi::OsString;
use std::process::ExitCode;
use tthc::i18n::Lang;

/// Parse the command line; on `--help` and `--version` print them, on a mistake say what is
/// wrong, and give the exit code instead.
pub fn parse(args: Vec<OsString>, lang: Lang) -> Result<Cli, ExitCode> {
    let mut cmd = command(lang);
    let matches = match cmd.try_get_matches_from_mut(args) {
        Ok(m) => m,
        Err(e) => return Err(report(&e, lang)),
    };
    Cli::from_arg_matches(&matches).map_err(|e| report(&e, lang))
}

/// The command tree, built, in `lang`.
pub fn command(lang: Lang) -> Command {
    let mut cmd = Cli::command();
    cmd.build();
    if lang == Lang::Vi {
        localize(&mut cmd, "");
    }
    cmd
}

fn report(e: &clap::Error, lang: Lang) -> ExitCode {
    match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            // The help, already in the user's language (in colour on a terminal only).
            let _ = e.print();
            ExitCode::SUCCESS
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = e.print();
            ExitCode::from(2)
        }
        _ => {
            super::output::note!("{}", message(e, lang));
            ExitCode::from(2)
        }
    }
}

/// `tthc help [COMMAND…]` is `tthc [COMMAND…] --help`.
pub fn help_word_to_flag(args: &mut Vec<OsString>) {
    let mut i = 1;
    while i < args.len() {
        let a = args[i].to_string_lossy();
        if a == "--" {
            return;
        }
        if matches!(a.as_ref(), "-C" | "--catalog" | "--lang") {
            i += 2;
            continue;
        }
        if a.starts_with('-') {
            i += 1;
            continue;
        }
        if a == "help" {
            args.remove(i);
            args.push("--help".into());
        }
        return;
    }
}

/// The visible command nearest to `word`, for "did you mean".
pub fn nearest_command(word: &str) -> Option<String> {
    let cmd = Cli::command();
    let names: Vec<&str> = cmd
        .get_subcommands()
        .filter(|c| !c.is_hide_set())
        .map(|c| c.get_name())
        .collect();
    tthc::i18n::nearest(word, names).map(str::to_owned)
}

/// What clap refused, in words.
fn message(e: &clap::Error, lang: Lang) -> String {
    let vi = lang == Lang::Vi;
    let get = |k: ContextKind| match e.get(k) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        Some(ContextValue::Strings(v)) => Some(v.join(", ")),
        Some(ContextValue::StyledStr(s)) => Some(s.to_string()),
        Some(ContextValue::StyledStrs(v)) => Some(
            v.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", "),
        ),
        Some(ContextValue::Number(n)) => Some(n.to_string()),
        _ => None,
    };
    let arg = get(ContextKind::InvalidArg).unwrap_or_default();
    let value = get(ContextKind::InvalidValue).unwrap_or_default();
    let mut text = match e.kind() {
        ErrorKind::InvalidValue if value.is_empty() => {
            format!("{arg} {}", lang.pick("cần một giá trị", "needs a value"))
        }
        ErrorKind::InvalidValue => {
            let mut s = if vi {
                format!("giá trị `{value}` không dùng được cho {arg}")
            } else {
                format!("`{value}` is not a value {arg} accepts")
            };
            if let Some(valid) = get(ContextKind::ValidValue) {
                s.push_str(&format!(
                    "; {}: {valid}",
                    lang.pick("các giá trị được nhận", "it accepts")
                ));
            }
            s
        }
        ErrorKind::ValueValidation => {
            match std::error::Error::source(e).and_then(|s| s.downcast_ref::<InputError>()) {
                Some(input) => format!("{arg}: {}", input.message(lang)),
                None if std::error::Error::source(e)
                    .is_some_and(|s| s.is::<std::num::ParseIntError>()) =>
                {
                    if vi {
                        format!("{arg}: `{value}` không phải số nguyên")
                    } else {
                        format!("{arg}: `{value}` is not a whole number")
                    }
                }
                None => {
                    if vi {
                        format!("giá trị `{value}` không dùng được cho {arg}")
                    } else {
                        format!("`{value}` is not a value {arg} accepts")
                    }
                }
            }
        }
        ErrorKind::UnknownArgument if !arg.starts_with('-') => {
            if vi {
                format!("thừa `{arg}`: lệnh này không nhận thêm đối số đó")
            } else {
                format!("unexpected `{arg}`: this command takes no such argument")
            }
        }
        ErrorKind::UnknownArgument => {
            if vi {
                format!("lệnh này không có tùy chọn {arg}")
            } else {
                format!("this command has no option {arg}")
            }
        }
        ErrorKind::InvalidSubcommand => {
            let word = get(ContextKind::InvalidSubcommand).unwrap_or_default();
            if vi {
                format!("không có lệnh `{word}`")
            } else {
                format!("there is no command `{word}`")
            }
        }
        ErrorKind::NoEquals => {
            if vi {
                format!("{arg} cần giá trị viết liền sau dấu =")
            } else {
                format!("{arg} needs its value after an =")
            }
        }
        ErrorKind::TooManyValues => {
            if vi {
                format!("{arg} nhận quá nhiều giá trị (`{value}` là thừa)")
            } else {
                format!("{arg} takes fewer values (`{value}` is one too many)")
            }
        }
        ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            if vi {
                format!("{arg}: số giá trị không đúng")
            } else {
                format!("{arg}: wrong number of values")
            }
        }
        ErrorKind::ArgumentConflict => {
            let prior = get(ContextKind::PriorArg).unwrap_or_default();
            if prior.is_empty() || prior == arg {
                if vi {
                    format!("{arg} chỉ được dùng một lần")
                } else {
                    format!("{arg} can be given only once")
                }
            } else if vi {
                format!("{arg} không dùng cùng với {prior}")
            } else {
                format!("{arg} cannot be used with {prior}")
            }
        }
        ErrorKind::MissingRequiredArgument => {
            format!("{}: {arg}", lang.pick("còn thiếu", "missing"))
        }
        ErrorKind::MissingSubcommand => {
            let name = get(ContextKind::InvalidSubcommand).unwrap_or_default();
            let valid = get(ContextKind::ValidSubcommand).unwrap_or_default();
            if vi {
                format!("`{name}` cần một lệnh con: {valid}")
            } else {
                format!("`{name}` needs one of: {valid}")
            }
        }
        ErrorKind::InvalidUtf8 => lang
            .pick(
                "đối số không phải văn bản UTF-8 hợp lệ",
                "an argument is not valid UTF-8",
            )
            .into(),
        _ => match lang {
            Lang::Vi => "dòng lệnh không hợp lệ".into(),
            Lang::En => e.render().to_string(),
        },
    };
    let suggestion = get(ContextKind::SuggestedSubcommand)
        .or_else(|| get(ContextKind::SuggestedArg))
        .or_else(|| get(ContextKind::SuggestedValue));
    if let Some(s) = suggestion {
        text.push_str(&if vi {
            format!("; có phải ý bạn là `{s}`?")
        } else {
            format!("; did you mean `{s}`?")
        });
    }
    if let Some(ContextValue::StyledStr(usage)) = e.get(ContextKind::Usage) {
        let usage = usage.to_string();
        let usage = usage.trim().trim_start_matches("Usage:").trim();
        // The command itself: the words of the usage line before its first placeholder.
        let command: Vec<&str> = usage
            .split_whitespace()
            .take_while(|w| !w.starts_with(['[', '<', '-']))
            .collect();
        text.push_str(&format!(
            "\n\n{} {usage}\n{} {} --help",
            lang.pick("Cách dùng:", "Usage:"),
            lang.pick("Xem thêm:", "More:"),
            command.join(" ")
        ));
    }
    format!("tthc: {text}")
}

/// Headings and words of clap's own help, in Vietnamese.
const HEADING_ARGS: &str = "Đối số";
const HEADING_OPTIONS: &str = "Tùy chọn";

/// The Vietnamese help of the command at `path` (`""` for tthc itself, `"proposal advance"`)
/// and of its arguments, everywhere in the tree.
fn localize(cmd: &mut Command, path: &str) {
    let mut c = std::mem::take(cmd);
    if let Some(about) = about_vi(path) {
        c = c.about(about).long_about(None::<&str>);
    }
    c = c
        .subcommand_help_heading("Lệnh")
        .subcommand_value_name("LỆNH")
        .help_template("{about-with-newline}\nCách dùng: {usage}\n\n{all-args}{after-help}");
    c = c.mut_args(|a| {
        let id = a.get_id().as_str().to_owned();
        let mut a = a;
        if let Some(help) = arg_vi(path, &id) {
            let mut help = help.to_owned();
            let defaults: Vec<String> = a
                .get_default_values()
                .iter()
                .map(|v| v.to_string_lossy().into_owned())
                .collect();
            let values: Vec<String> = a
                .get_possible_values()
                .iter()
                .filter(|v| !v.is_hide_set())
                .map(|v| v.get_name().to_owned())
                .collect();
            if !values.is_empty() {
                help.push_str(&format!(" [{}: {}]", "giá trị", values.join(", ")));
            }
            if !defaults.is_empty()
                && !a.is_hide_default_value_set()
                && a.get_action().takes_values()
            {
                help.push_str(&format!(" [{}: {}]", "mặc định", defaults.join(",")));
            }
            a = a
                .help(help)
                .long_help(None::<&str>)
                .hide_default_value(true)
                .hide_possible_values(true);
        }
        if let Some(names) = a.get_value_names() {
            let names: Vec<clap::builder::Str> = names
                .iter()
                .map(|n| value_name_vi(n.as_str()).map_or_else(|| n.clone(), Into::into))
                .collect();
            a = a.value_names(names);
        }
        let heading = if a.is_positional() {
            HEADING_ARGS
        } else {
            HEADING_OPTIONS
        };
        a.help_heading(heading)
    });
    // The usage line as clap makes it, with its English placeholders in Vietnamese.
    let usage = c.render_usage().to_string();
    let usage = usage
        .trim()
        .trim_start_matches("Usage:")
        .trim()
        .replace("[OPTIONS]", "[TÙY_CHỌN]");
    c = c.override_usage(usage);
    for sub in c.get_subcommands_mut() {
        let sub_path = if path.is_empty() {
            sub.get_name().to_owned()
        } else {
            format!("{path} {}", sub.get_name())
        };
        localize(sub, &sub_path);
    }
    *cmd = c;
}

/// Placeholders of values, as the help shows them.
fn value_name_vi(name: &str) -> Option<&'static str> {
    Some(match name {
        "DIR" => "THƯ_MỤC",
        "LANG" => "NGÔN_NGỮ",
        "CODE" => "MÃ",
        "LEVEL" => "CẤP",
        "FIELD" => "LĨNH_VỰC",
        "STATUS" => "TÌNH_TRẠNG",
        "SEARCH" => "TỪ_KHÓA",
        "SORT" => "THỨ_TỰ",
        "FORMAT" => "ĐỊNH_DẠNG",
        "DATE" | "YYYY-MM-DD" => "NGÀY",
        "REV|DATE" => "PHIÊN_BẢN|NGÀY",
        "LIMIT" => "SỐ",
        "ID" => "MÃ_ĐỀ_XUẤT",
        "TO" => "TRẠNG_THÁI",
        "NO" => "SỐ_VĂN_BẢN",
        "NOTE" => "GHI_CHÚ",
        "REASON" => "LÝ_DO",
        "TITLE" => "TIÊU_ĐỀ",
        "PLAN" => "PHƯƠNG_ÁN",
        "VND" => "SỐ_TIỀN",
        "FILE.yaml" => "TỆP.yaml",
        "NAME" => "TÊN",
        "MESSAGE" => "LỜI_NHẮN",
        "SIGNER" => "NGƯỜI_KÝ",
        "ISSUER" => "CƠ_QUAN_BAN_HÀNH",
        "NUMBER" => "SỐ",
        "AUTHORITY" => "CƠ_QUAN",
        "DECISION" => "SỐ_QUYẾT_ĐỊNH",
        "REMOTE" => "KHO_TỪ_XA",
        "OUT" => "THƯ_MỤC",
        "PATH" => "THƯ_MỤC",
        "A" => "THỜI_ĐIỂM_A",
        "B" => "THỜI_ĐIỂM_B",
        "FROM" => "TỪ_NGÀY",
        "DECISION_ID" => "MÃ_QUYẾT_ĐỊNH",
        _ => return None,
    })
}

fn about_vi(path: &str) -> Option<&'static str> {
    ABOUT_VI
        .iter()
        .find(|(p, _)| *p == path)
        .or_else(|| super::review::ABOUT_VI.iter().find(|(p, _)| *p == path))
        .map(|(_, text)| *text)
}

/// An argument's Vietnamese help: its own, else that of the global argument it is.
fn arg_vi(path: &str, id: &str) -> Option<&'static str> {
    let shared = |p: &str| {
        p.strip_suffix('*')
            .is_some_and(|prefix| path.starts_with(prefix))
    };
    let global = |p: &str| p.is_empty() && matches!(id, "lang" | "catalog" | "help");
    ARGS_VI
        .iter()
        .find(|(p, a, _)| *p == path && *a == id)
        .or_else(|| ARGS_VI.iter().find(|(p, a, _)| shared(p) && *a == id))
        .or_else(|| ARGS_VI.iter().find(|(p, a, _)| global(p) && *a == id))
        .or_else(|| {
            let review = super::review::ARGS_VI;
            review
                .iter()
                .find(|(p, a, _)| *p == path && *a == id)
                .or_else(|| review.iter().find(|(p, a, _)| shared(p) && *a == id))
        })
        .map(|(_, _, text)| *text)
}

/// What each command does.
const ABOUT_VI: &[(&str, &str)] = &[
    (
        "",
        "Lưu giữ, rà soát và công bố danh mục thủ tục hành chính",
    ),
    (
        "demo",
        "Dựng bản demo — danh mục mẫu trong một kho git mới, với lịch sử kể lại năm 2021–2022 của thị xã Duy Tiên — và mở nó trong giao diện màn hình",
    ),
    (
        "init",
        "Tạo danh mục mới (trong một kho git có sẵn: thành một thư mục con của kho; nếu không: một kho git mới), với một lần ghi đầu tiên",
    ),
    (
        "validate",
        "Kiểm tra mọi tệp của danh mục và báo từng lỗi dạng TỆP:DÒNG:CỘT: error|warning: nội dung (mã thoát 0 khi không có lỗi, 1 khi có lỗi, 2 khi không đọc được danh mục)",
    ),
    (
        "fmt",
        "Viết lại mọi tệp theo dạng chuẩn (thứ tự khóa cố định, Unicode NFC, xuống dòng LF, dòng trống cuối tệp); tệp không đọc được thì để nguyên",
    ),
    ("list", "Liệt kê các thủ tục, sắp theo thứ tự tiếng Việt"),
    ("show", "Xem đầy đủ một thủ tục"),
    (
        "edit",
        "Mở tệp YAML của một thủ tục bằng trình soạn thảo ($VISUAL/$EDITOR); khi đóng, tệp được kiểm tra (có lỗi thì mở lại, lỗi ghi ở đầu tệp), rồi lưu thành một lần ghi",
    ),
    (
        "log",
        "Xem lịch sử của danh mục hoặc của một thủ tục: ngày, người sửa, lời nhắn và các tệp mỗi lần ghi đã thay đổi, mới nhất trước",
    ),
    (
        "diff",
        "So sánh danh mục ở thời điểm A với B (mặc định: các tệp hiện tại); A, B là một lần ghi, thẻ, nhánh, hoặc một ngày dd/mm/yyyy nghĩa là \"như đã ghi đến hết ngày đó\"",
    ),
    (
        "sync",
        "Đồng bộ với kho git từ xa: nhận thay đổi, hợp nhất (khi hai bên sửa khác tệp hoặc khác trường) rồi gửi lên; dừng, không đổi gì, khi hai bên cùng sửa một trường, và liệt kê từng chỗ xung đột",
    ),
    (
        "propose",
        "Soạn đề xuất bãi bỏ, sửa đổi, thay thế hoặc công bố mới một thủ tục (lưu thành một lần ghi, trạng thái dự thảo)",
    ),
    (
        "propose abolish",
        "Đề xuất bãi bỏ một thủ tục; bắt buộc nêu lý do",
    ),
    (
        "propose amend",
        "Đề xuất sửa đổi, bổ sung một thủ tục: TỆP.yaml là toàn bộ nội dung đề xuất, ví dụ bản sao procedures/CẤP/MÃ.yaml đã sửa",
    ),
    (
        "propose replace",
        "Đề xuất thay thế một thủ tục bằng nội dung trong TỆP.yaml, giữ mã cũ hoặc dùng mã mới",
    ),
    ("propose add", "Đề xuất công bố mới một thủ tục từ TỆP.yaml"),
    (
        "proposal",
        "Xem đề xuất và chuyển bước: list (danh sách), show (xem), advance (chuyển bước), withdraw (rút), apply (áp dụng)",
    ),
    (
        "proposal list",
        "Liệt kê đề xuất theo trạng thái, theo thứ tự các bước",
    ),
    (
        "proposal show",
        "Xem một đề xuất: lý do, các bước đã qua, và phần sửa đổi so với thủ tục hiện hành",
    ),
    (
        "proposal advance",
        "Ghi nhận bước tiếp theo (dự thảo → đã trình → đã gửi tỉnh → được phê duyệt | không được phê duyệt → [đã chuyển bộ, ngành] → đã sửa văn bản pháp luật → đã công bố); bước có văn bản cần số và ngày văn bản",
    ),
    (
        "proposal withdraw",
        "Rút một đề xuất (ở bất kỳ bước nào trước khi áp dụng)",
    ),
    (
        "proposal apply",
        "Áp dụng đề xuất đã công bố vào danh mục: thủ tục và đề xuất cùng thay đổi trong một lần ghi; dừng và so sánh từng trường nếu thủ tục đã thay đổi từ khi soạn đề xuất",
    ),
    (
        "decision",
        "Các quyết định công bố của tỉnh: ghi nhận (add), xem danh sách (list), xem một quyết định (show), áp dụng (apply), báo cáo theo khoảng thời gian (report)",
    ),
    (
        "decision add",
        "Ghi nhận một quyết định và các dòng của nó (mỗi thủ tục một dòng: công bố mới, sửa đổi, thay thế, bãi bỏ, chuyển cấp) từ TỆP.yaml; một lần ghi",
    ),
    (
        "decision list",
        "Liệt kê các quyết định đã ghi nhận, mới nhất trước, với số dòng đã áp dụng",
    ),
    (
        "decision show",
        "Xem một quyết định: bảng các dòng, mỗi dòng đã áp dụng ở đây hay chưa, và áp dụng thì thay đổi gì",
    ),
    (
        "decision report",
        "Các quyết định của một khoảng thời gian và những gì mỗi quyết định thay đổi: số dòng theo loại × cấp (và số dòng đã áp dụng ở đây), rồi từng quyết định với các dòng của nó",
    ),
    (
        "decision apply",
        "Áp dụng một quyết định vào danh mục trong một lần ghi: mọi dòng áp dụng được; các dòng còn lại được liệt kê kèm lý do, để xử lý và áp dụng sau",
    ),
    (
        "legal",
        "Sổ văn bản pháp luật (legal/): xem danh sách (list), thêm hoặc cập nhật một văn bản (add)",
    ),
    (
        "legal list",
        "Liệt kê các văn bản trong sổ, kèm số thủ tục dẫn từng văn bản",
    ),
    (
        "legal add",
        "Thêm một văn bản vào sổ, hoặc cập nhật văn bản cùng số hiệu (điều không ghi thì giữ nguyên); một lần ghi",
    ),
    (
        "import",
        "Nhập thủ tục từ tệp xuất của Cổng dịch vụ công quốc gia, hoặc một quyết định từ phụ lục của nó",
    ),
    (
        "import portal",
        "Nhập danh sách thủ tục của Cổng DVC quốc gia (XLSX) và các tệp chi tiết từng thủ tục (DOCX): thủ tục có tệp chi tiết thành hồ sơ đầy đủ, các thủ tục khác được đánh dấu chưa đầy đủ; thủ tục đã có được so sánh từng trường và chỉ ghi đè khi có --update; một lần ghi",
    ),
    (
        "import decision",
        "Ghi nhận một quyết định từ phụ lục (DOCX): các phần công bố mới, sửa đổi bổ sung, thay thế, bãi bỏ; cấp và lĩnh vực lấy từ các dòng nhóm; một lần ghi",
    ),
    ("report", "Báo cáo tổng hợp gửi cấp trên"),
    (
        "report proposals",
        "Các đề xuất soạn trong một kỳ, đếm theo loại × cấp × trạng thái (trạng thái vào cuối kỳ), kèm danh sách",
    ),
    (
        "export",
        "Xuất danh mục công khai: trang web tĩnh (html), CSV, XLSX, JSON và JSON-LD (CPSV-AP); thư mục xuất được dựng bên cạnh rồi thay vào một lần. Không xuất gì (mã thoát 1) khi có tệp không đọc được hoặc thủ tục không đưa được vào danh sách, trừ khi có --allow-problems; luôn từ chối khi catalog.yaml không đọc được",
    ),
    (
        "post",
        "Niêm yết danh mục (công khai danh mục áp dụng cho đơn vị): từ chối khi còn lỗi hoặc còn thay đổi chưa lưu vào git; xuất mọi định dạng vào THƯ_MỤC, ghi hồ sơ niêm yết (quyết định căn cứ, ngày, lần ghi, số lượng, thay đổi so với lần niêm yết trước, các quyết định của tỉnh được phản ánh) thành một lần ghi và gắn thẻ publication/NGÀY",
    ),
    (
        "publish",
        "Tên cũ của tthc post (chỉ UBND tỉnh công bố; văn phòng niêm yết). Công bố danh mục: từ chối khi còn lỗi hoặc còn thay đổi chưa lưu vào git; xuất mọi định dạng vào THƯ_MỤC, ghi hồ sơ công bố (quyết định, ngày, lần ghi, số lượng, thay đổi so với lần công bố trước) thành một lần ghi và gắn thẻ publication/NGÀY",
    ),
    // tthc reorganize (issue 20)
    (
        "reorganize",
        "Chuyển thủ tục giữa các cấp, đơn vị và đổi, gộp cơ quan, lĩnh vực theo một kế hoạch (KẾ_HOẠCH.yaml): thủ tục cũ được đóng (hiệu lực đến ngày hiệu lực của kế hoạch, chuyển đến thủ tục mới), thủ tục mới được tạo (chuyển từ thủ tục cũ), danh mục có cơ quan công bố, đơn vị mới và một mục thay đổi ghi ngày — một lần ghi; --dry-run in toàn bộ phần sửa đổi",
    ),
];

/// What each argument is: (command, argument id, help). `"propose *"` is every kind of
/// `propose`; the global arguments are given once, at `""`.
const ARGS_VI: &[(&str, &str, &str)] = &[
    // tthc reorganize (issue 20)
    (
        "reorganize",
        "plan",
        "Kế hoạch: ngày hiệu lực, văn bản căn cứ, cơ quan công bố, đơn vị, và ánh xạ cấp, cơ quan, lĩnh vực, mã thủ tục",
    ),
    (
        "reorganize",
        "dry_run",
        "Chỉ in những gì sẽ thay đổi, từng thủ tục, không thay đổi gì",
    ),
    (
        "reorganize",
        "example",
        "In một kế hoạch mẫu (thị xã Duy Tiên ngày 01/07/2025) để bắt đầu",
    ),
    ("reorganize", "format", "Định dạng đầu ra"),
    (
        "demo",
        "after_2025",
        "Câu chuyện thứ hai: cùng danh mục được sắp xếp lại từ 01/07/2025 theo một kế hoạch (bỏ cấp huyện, thủ tục chuyển về năm phường của Duy Tiên)",
    ),
    (
        "init",
        "ci",
        "Thêm quy trình CI vào kho git của danh mục (gitlab, github hoặc gitea): kiểm tra mọi lần đẩy và yêu cầu hợp nhất, công bố danh mục từ nhánh chính; một lần ghi",
    ),
    (
        "init",
        "tthc_from",
        "Cùng --ci: nơi quy trình lấy tthc — URL tệp chạy dựng sẵn, git+URL mã nguồn, hoặc đường dẫn (tệp chạy hay thư mục mã nguồn) trên máy chạy CI; mặc định: lệnh tthc có sẵn",
    ),
    (
        "export",
        "unit",
        "Chỉ danh mục của một đơn vị (mã trong units của catalog.yaml, ví dụ phuong-duy-tien): các thủ tục thuộc cấp của đơn vị áp dụng cho mọi đơn vị hoặc cho đơn vị này",
    ),
    (
        "export",
        "all_units",
        "Danh mục của từng đơn vị, mỗi đơn vị một thư mục trong THƯ_MỤC, kèm trang danh sách đơn vị (index.html, don-vi.json)",
    ),
    (
        "",
        "lang",
        "Ngôn ngữ hiển thị: vi (mặc định) hoặc en; nếu không có thì theo biến LANG",
    ),
    (
        "",
        "catalog",
        "Thư mục danh mục (mặc định: tìm từ thư mục hiện tại đi lên)",
    ),
    ("", "help", "Xem hướng dẫn"),
    ("", "version", "Xem phiên bản"),
    (
        "",
        "path",
        "Danh mục cần mở (mặc định: tìm từ thư mục hiện tại đi lên; nếu không có thì mở bản mẫu)",
    ),
    (
        "demo",
        "dir",
        "Nơi dựng bản demo (thư mục mới hoặc trống; mặc định: một thư mục mới trong thư mục tạm của hệ thống)",
    ),
    (
        "init",
        "dir",
        "Thư mục cần tạo (phải mới hoặc trống); với --ci: danh mục (mặc định: tìm từ thư mục hiện tại đi lên)",
    ),
    (
        "init",
        "sample",
        "Bắt đầu từ danh mục mẫu đi kèm (thị xã Duy Tiên, 2022; dữ liệu minh họa)",
    ),
    (
        "init",
        "authority",
        "Tên cơ quan quản lý danh mục (cho danh mục trống)",
    ),
    (
        "validate",
        "path",
        "Thư mục danh mục (mặc định: tìm từ thư mục hiện tại đi lên)",
    ),
    ("validate", "format", "Định dạng đầu ra"),
    (
        "fmt",
        "path",
        "Thư mục danh mục (mặc định: tìm từ thư mục hiện tại đi lên)",
    ),
    (
        "fmt",
        "check",
        "Không thay đổi gì; liệt kê các tệp chưa theo dạng chuẩn và thoát với mã 1 nếu có",
    ),
    (
        "fmt",
        "migrate",
        "Chuyển danh mục ở định dạng phiên bản cũ sang phiên bản hiện hành, thành một lần ghi (kèm --check: liệt kê các tệp sẽ thay đổi và thoát với mã 1 nếu cần chuyển)",
    ),
    (
        "list",
        "level",
        "Chỉ cấp này (mã hoặc tên, ví dụ xa hoặc \"Cấp xã\")",
    ),
    ("list", "field", "Chỉ lĩnh vực này (mã hoặc tên)"),
    (
        "list",
        "status",
        "Chỉ tình trạng này: tên (\"bãi bỏ\") hoặc mã (published, amended, abolished)",
    ),
    (
        "list",
        "search",
        "Từ cần tìm trong mã, tên hoặc lĩnh vực; không phân biệt dấu và chữ hoa (\"dang ky khai sinh\")",
    ),
    (
        "list",
        "overdue",
        "Chỉ thủ tục đến hạn rà soát: chưa rà soát lần nào, hoặc lần rà soát gần nhất đã quá thời hạn rà soát của danh mục",
    ),
    ("list", "sort", "Thứ tự sắp xếp"),
    (
        "list",
        "at",
        "Danh mục như đã ghi ở lần ghi, thẻ, nhánh hoặc ngày này (dd/mm/yyyy), đọc từ git",
    ),
    ("list", "format", "Định dạng đầu ra"),
    ("show", "code", "Mã thủ tục, ví dụ 1.001193"),
    ("show", "level", "Cấp (mã hoặc tên), khi mã có ở nhiều cấp"),
    (
        "show",
        "at",
        "Danh mục như đã ghi ở lần ghi, thẻ, nhánh hoặc ngày này (dd/mm/yyyy), đọc từ git",
    ),
    ("show", "format", "Định dạng đầu ra"),
    ("edit", "code", "Mã thủ tục, ví dụ 1.001193"),
    ("edit", "level", "Cấp, khi mã có ở nhiều cấp"),
    (
        "edit",
        "message",
        "Lời nhắn của lần ghi (mặc định: nêu các trường đã sửa)",
    ),
    ("log", "code", "Chỉ các lần ghi đã thay đổi thủ tục này"),
    ("log", "level", "Cấp của thủ tục, khi mã có ở nhiều cấp"),
    ("log", "limit", "Nhiều nhất bấy nhiêu lần ghi"),
    ("log", "format", "Định dạng đầu ra"),
    (
        "diff",
        "a",
        "Thời điểm trước: một lần ghi, thẻ, nhánh hoặc ngày (dd/mm/yyyy)",
    ),
    ("diff", "b", "Thời điểm sau (mặc định: các tệp hiện tại)"),
    ("diff", "format", "Định dạng đầu ra"),
    ("sync", "remote", "Kho git từ xa để đồng bộ"),
    ("sync", "format", "Định dạng đầu ra"),
    ("propose abolish", "code", "Mã thủ tục, ví dụ 1.004845"),
    (
        "propose abolish",
        "reason",
        "Lý do bãi bỏ (sự cần thiết, tính hợp lý)",
    ),
    ("propose amend", "code", "Mã thủ tục, ví dụ 1.004746"),
    (
        "propose amend",
        "from",
        "Nội dung đề xuất (YAML, cùng dạng với tệp thủ tục)",
    ),
    (
        "propose amend",
        "reason",
        "Lý do (sự cần thiết, tính hợp lý, hợp pháp)",
    ),
    ("propose replace", "code", "Mã của thủ tục bị thay thế"),
    (
        "propose replace",
        "from",
        "Nội dung đề xuất (YAML, cùng dạng với tệp thủ tục)",
    ),
    (
        "propose replace",
        "reason",
        "Lý do (sự cần thiết, tính hợp lý, hợp pháp)",
    ),
    (
        "propose add",
        "from",
        "Nội dung thủ tục mới (YAML, cùng dạng với tệp thủ tục)",
    ),
    ("propose add", "reason", "Lý do cần có thủ tục này"),
    (
        "propose *",
        "level",
        "Cấp (mã hoặc tên), bắt buộc khi mã có ở nhiều cấp",
    ),
    (
        "propose *",
        "title",
        "Tiêu đề (mặc định: \"Bãi bỏ thủ tục “…”\" và tương tự)",
    ),
    (
        "propose *",
        "plan",
        "Phương án đơn giản hóa: cụ thể thay đổi những gì",
    ),
    (
        "propose *",
        "cost_before",
        "Chi phí tuân thủ mỗi năm trước khi thay đổi, bằng đồng (ví dụ 1.500.000)",
    ),
    (
        "propose *",
        "cost_after",
        "Chi phí tuân thủ mỗi năm sau khi thay đổi, bằng đồng",
    ),
    ("propose *", "note", "Ghi chú cho bước dự thảo"),
    (
        "propose *",
        "date",
        "Ngày soạn dự thảo, dd/mm/yyyy (mặc định: hôm nay). Ngày sớm hơn dùng để nhập việc đang làm dở; hồ sơ ghi rõ là nhập hôm nay, và do ai nhập",
    ),
    (
        "proposal list",
        "status",
        "Chỉ trạng thái này: tên (\"đã trình\") hoặc mã (submitted)",
    ),
    ("proposal list", "format", "Định dạng đầu ra"),
    ("proposal show", "id", "Mã đề xuất, ví dụ 2022-003"),
    ("proposal show", "format", "Định dạng đầu ra"),
    ("proposal advance", "id", "Mã đề xuất, ví dụ 2022-003"),
    (
        "proposal advance",
        "to",
        "Trạng thái mới: tên (\"đã trình\", \"đã gửi tỉnh\"…) hoặc mã (submitted, sent_to_province…)",
    ),
    (
        "proposal advance",
        "document",
        "Số văn bản, giữ nguyên như viết (45/BC-UBND, 512/QĐ-UBND)",
    ),
    (
        "proposal advance",
        "date",
        "Ngày của bước hoặc của văn bản, dd/mm/yyyy (mặc định: hôm nay khi không có văn bản)",
    ),
    (
        "proposal advance",
        "note",
        "Ghi chú cho bước (văn bản nói gì, việc tiếp theo)",
    ),
    (
        "proposal advance",
        "force",
        "Vượt quy tắc bốn mắt (người soạn tự ghi nhận phê duyệt); cần --reason và luôn bị đánh dấu",
    ),
    ("proposal advance", "reason", "Lý do phải vượt quy tắc"),
    ("proposal withdraw", "id", "Mã đề xuất, ví dụ 2022-003"),
    ("proposal withdraw", "note", "Lý do rút"),
    ("proposal apply", "id", "Mã đề xuất, ví dụ 2022-003"),
    (
        "proposal apply",
        "rebase",
        "Chuyển đề xuất sang bản hiện hành khi các trường đã thay đổi từ lúc soạn không phải là các trường đề xuất sửa",
    ),
    (
        "proposal apply",
        "effective",
        "Ngày thay đổi có hiệu lực (mặc định: ngày của quyết định công bố): ngày hết hiệu lực của thủ tục bị bãi bỏ hoặc thay thế, ngày hiệu lực của thủ tục mới; nếu ghi rõ, cả ngày hiệu lực của bản sửa đổi",
    ),
    (
        "proposal apply",
        "date",
        "Ngày của bước, dd/mm/yyyy (mặc định: hôm nay)",
    ),
    (
        "proposal apply",
        "force",
        "Vượt quy tắc bốn mắt (người soạn tự áp dụng); cần --reason và luôn bị đánh dấu",
    ),
    ("proposal apply", "reason", "Lý do phải vượt quy tắc"),
    (
        "decision add",
        "number",
        "Số quyết định, giữ nguyên như viết, ví dụ 1203/QĐ-UBND",
    ),
    (
        "legal add",
        "number",
        "Số hiệu văn bản, giữ nguyên như viết, ví dụ 63/2024/NĐ-CP",
    ),
    ("legal add", "title", "Trích yếu; bắt buộc với văn bản mới"),
    (
        "legal add",
        "issuer",
        "Cơ quan ban hành, ví dụ \"Chính phủ\"",
    ),
    ("legal add", "signed", "Ngày ban hành (dd/mm/yyyy)"),
    ("legal add", "effective", "Ngày có hiệu lực (dd/mm/yyyy)"),
    ("legal add", "expires", "Ngày hết hiệu lực (dd/mm/yyyy)"),
    (
        "legal add",
        "status",
        "Tình trạng hiệu lực: in_force, amended, partly_expired, expired, not_yet_in_force",
    ),
    (
        "legal add",
        "amended_by",
        "Số hiệu một văn bản sửa đổi văn bản này; ghi nhiều lần cho nhiều văn bản",
    ),
    ("legal add", "notes", "Ghi chú"),
    ("decision add", "date", "Ngày ký (dd/mm/yyyy)"),
    ("decision add", "signer", "Người ký"),
    (
        "decision add",
        "issuer",
        "Cơ quan ban hành, ví dụ \"UBND tỉnh Ninh Bình\"",
    ),
    (
        "decision add",
        "effective",
        "Ngày có hiệu lực, dd/mm/yyyy (từng dòng có thể có ngày riêng)",
    ),
    ("decision add", "title", "Trích yếu"),
    (
        "decision add",
        "levels",
        "Một cấp mà quyết định áp dụng (mã hoặc tên); ghi nhiều lần cho nhiều cấp",
    ),
    (
        "decision add",
        "fields",
        "Một lĩnh vực mà quyết định áp dụng (mã hoặc tên); ghi nhiều lần cho nhiều lĩnh vực",
    ),
    (
        "decision add",
        "from",
        "Các dòng (và mọi thông tin trên) dạng YAML: `effects:` mỗi thủ tục một dòng",
    ),
    ("decision list", "format", "Định dạng đầu ra"),
    ("decision show", "id", "Mã quyết định, ví dụ 2026-001"),
    ("decision show", "format", "Định dạng đầu ra"),
    ("decision apply", "id", "Mã quyết định, ví dụ 2026-001"),
    (
        "decision apply",
        "dry_run",
        "Chỉ cho xem những gì sẽ thay đổi, không thay đổi gì",
    ),
    (
        "decision apply",
        "date",
        "Ngày áp dụng, dd/mm/yyyy (mặc định: hôm nay)",
    ),
    (
        "decision apply",
        "force",
        "Vượt quy tắc bốn mắt cho các đề xuất do bạn soạn mà quyết định này trả lời; cần --reason và luôn bị đánh dấu",
    ),
    ("decision apply", "reason", "Lý do phải vượt quy tắc"),
    (
        "decision report",
        "from",
        "Ngày đầu của khoảng thời gian (dd/mm/yyyy); mặc định: từ quyết định đầu tiên",
    ),
    (
        "decision report",
        "to",
        "Ngày cuối của khoảng thời gian, tính cả ngày này (dd/mm/yyyy); mặc định: đến quyết định cuối cùng",
    ),
    (
        "decision report",
        "format",
        "table: số đếm và các quyết định kèm các dòng; csv: số đếm (mỗi loại và cấp một dòng); json: cả hai",
    ),
    ("decision apply", "format", "Định dạng đầu ra"),
    (
        "import portal",
        "files",
        "Danh sách (DANH_SÁCH.xlsx) và các tệp chi tiết (CHI_TIẾT.docx …), theo thứ tự bất kỳ",
    ),
    (
        "import portal",
        "level",
        "Chỉ nhập các thủ tục của cấp này (mã hoặc tên)",
    ),
    (
        "import portal",
        "update",
        "Ghi phần lấy từ tệp nhập đè lên thủ tục đã có mà khác",
    ),
    (
        "import portal",
        "add_missing",
        "Thêm vào catalog.yaml các cấp, lĩnh vực, cơ quan chưa khớp",
    ),
    (
        "import portal",
        "dry_run",
        "Chỉ cho xem những gì sẽ thay đổi, không thay đổi gì",
    ),
    ("import portal", "format", "Định dạng đầu ra"),
    (
        "import decision",
        "appendix",
        "Phụ lục của quyết định (PHỤ_LỤC.docx)",
    ),
    (
        "import decision",
        "number",
        "Số quyết định, giữ nguyên như viết, ví dụ 1203/QĐ-UBND",
    ),
    ("import decision", "date", "Ngày ký (dd/mm/yyyy)"),
    (
        "import decision",
        "issuer",
        "Cơ quan ban hành, ví dụ \"UBND tỉnh Ninh Bình\"",
    ),
    ("import decision", "signer", "Người ký"),
    ("import decision", "title", "Trích yếu"),
    (
        "import decision",
        "effective",
        "Ngày có hiệu lực, dd/mm/yyyy",
    ),
    (
        "import decision",
        "add_missing",
        "Thêm vào catalog.yaml các cấp, lĩnh vực chưa khớp",
    ),
    (
        "import decision",
        "dry_run",
        "Chỉ cho xem những gì sẽ ghi nhận, không thay đổi gì",
    ),
    ("import decision", "format", "Định dạng đầu ra"),
    ("report proposals", "from", "Ngày đầu kỳ, dd/mm/yyyy"),
    (
        "report proposals",
        "to",
        "Ngày cuối kỳ (tính cả ngày đó), dd/mm/yyyy",
    ),
    (
        "report proposals",
        "format",
        "table: số liệu và danh sách; csv: số liệu (mỗi dòng một loại và cấp); json: cả hai",
    ),
    (
        "export",
        "format",
        "Định dạng, cách nhau bằng dấu phẩy hoặc ghi nhiều lần: html, csv, xlsx, json, jsonld, hoặc all (tất cả)",
    ),
    (
        "export",
        "out",
        "Thư mục xuất: được tạo mới, hoặc thay thế nếu là bản xuất trước (không bao giờ thay thư mục khác)",
    ),
    (
        "export",
        "at",
        "Danh mục như đã ghi ở lần ghi, thẻ, nhánh hoặc ngày này (dd/mm/yyyy), đọc từ git",
    ),
    (
        "export",
        "effective",
        "Chỉ các thủ tục có hiệu lực vào ngày này (dd/mm/yyyy)",
    ),
    (
        "export",
        "allow_problems",
        "Vẫn xuất khi có tệp không đọc được hoặc thủ tục không đưa được vào danh sách: chúng bị bỏ ra và được liệt kê",
    ),
    (
        "post",
        "decision",
        "Số quyết định công bố của tỉnh mà danh mục niêm yết theo, ví dụ \"1234/QĐ-UBND\"",
    ),
    ("post", "date", "Ngày ký quyết định (dd/mm/yyyy)"),
    (
        "post",
        "effective",
        "Ngày quyết định có hiệu lực; danh sách niêm yết khi đó gồm các thủ tục có hiệu lực vào ngày này",
    ),
    ("post", "signer", "Người ký quyết định"),
    (
        "post",
        "out",
        "Thư mục xuất danh sách niêm yết (mọi định dạng)",
    ),
    (
        "post",
        "dry_run",
        "Chỉ in những gì sẽ được niêm yết, không thay đổi gì",
    ),
    (
        "post",
        "reflects",
        "Các quyết định của tỉnh mà lần niêm yết này phản ánh, theo mã (tthc decision list), cách nhau bằng dấu phẩy; mặc định: các quyết định đã áp dụng ở đây từ lần niêm yết trước",
    ),
    (
        "publish",
        "reflects",
        "Các quyết định của tỉnh mà lần niêm yết này phản ánh, theo mã (tthc decision list), cách nhau bằng dấu phẩy; mặc định: các quyết định đã áp dụng ở đây từ lần niêm yết trước",
    ),
    (
        "publish",
        "decision",
        "Số quyết định công bố, ví dụ \"1234/QĐ-UBND\"",
    ),
    ("publish", "date", "Ngày ký quyết định (dd/mm/yyyy)"),
    (
        "publish",
        "effective",
        "Ngày quyết định có hiệu lực; danh sách công khai khi đó gồm các thủ tục có hiệu lực vào ngày này",
    ),
    ("publish", "signer", "Người ký quyết định"),
    (
        "publish",
        "out",
        "Thư mục xuất danh sách công khai (mọi định dạng)",
    ),
    (
        "publish",
        "dry_run",
        "Chỉ in những gì sẽ được công bố, không thay đổi gì",
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn walk(cmd: &Command, path: &str, out: &mut Vec<(String, Option<String>)>) {
        if cmd.is_hide_set() {
            return;
        }
        out.push((path.to_owned(), None));
        for a in cmd.get_arguments().filter(|a| !a.is_hide_set()) {
            out.push((path.to_owned(), Some(a.get_id().to_string())));
        }
        for sub in cmd.get_subcommands() {
            let p = if path.is_empty() {
                sub.get_name().to_owned()
            } else {
                format!("{path} {}", sub.get_name())
            };
            walk(sub, &p, out);
        }
    }

    /// Every visible command and argument has its Vietnamese help, and every entry of the
    /// tables is a command or argument that exists.
    #[test]
    fn the_vietnamese_help_covers_the_command_tree() {
        let mut cmd = Cli::command();
        cmd.build();
        let mut items = Vec::new();
        walk(&cmd, "", &mut items);
        let mut missing = Vec::new();
        for (path, arg) in &items {
            match arg {
                None if about_vi(path).is_none() => missing.push(format!("(\"{path}\", \"\"),")),
                Some(id) if arg_vi(path, id).is_none() => {
                    missing.push(format!("(\"{path}\", \"{id}\", \"\"),"))
                }
                _ => {}
            }
        }
        assert!(
            missing.is_empty(),
            "no Vietnamese help for:\n{}",
            missing.join("\n")
        );
        for (path, _) in ABOUT_VI {
            assert!(
                items.iter().any(|(p, a)| p == path && a.is_none()),
                "ABOUT_VI names no command `{path}`"
            );
        }
        for (path, id, _) in ARGS_VI {
            let prefix = path.strip_suffix('*');
            assert!(
                items.iter().any(|(p, a)| {
                    (p == path || prefix.is_some_and(|pre| p.starts_with(pre)))
                        && a.as_deref() == Some(*id)
                }),
                "ARGS_VI names no argument `{id}` of `{path}`"
            );
        }
    }

    #[test]
    fn help_words_are_vietnamese() {
        let mut cmd = command(Lang::Vi);
        let help = cmd.render_help().to_string();
        for english in [
            "Usage:",
            "Options:",
            "Arguments:",
            "Commands:",
            "Print help",
        ] {
            assert!(!help.contains(english), "{english} in\n{help}");
        }
        assert!(help.contains("Cách dùng:"), "{help}");
        let mut log = command(Lang::Vi);
        let log = log
            .find_subcommand_mut("log")
            .unwrap()
            .render_help()
            .to_string();
        assert!(
            log.contains("Tùy chọn:") && !log.contains("[default"),
            "{log}"
        );
    }

    #[test]
    fn a_help_word_becomes_the_flag() {
        let mut args: Vec<OsString> = ["tthc", "help", "proposal", "advance"]
            .iter()
            .map(OsString::from)
            .collect();
        help_word_to_flag(&mut args);
        assert_eq!(args, ["tthc", "proposal", "advance", "--help"]);
        let mut args: Vec<OsString> = ["tthc", "-C", "help", "list"]
            .iter()
            .map(OsString::from)
            .collect();
        help_word_to_flag(&mut args);
        assert_eq!(args, ["tthc", "-C", "help", "list"]);
    }

    #[test]
    fn a_mistyped_command_is_suggested() {
        assert_eq!(nearest_command("proposl").as_deref(), Some("proposal"));
        assert_eq!(nearest_command("lsit").as_deref(), Some("list"));
        assert_eq!(nearest_command("xyzzy"), None);
    }
}
