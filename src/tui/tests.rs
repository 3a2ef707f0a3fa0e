//! UI tests that read like a user: a key string goes through the real update loop over the demo
//! catalogue in a real temporary git repository, and the screen is rendered on a `TestBackend`
//! and compared with a snapshot. Jobs run inline, in order.

use super::app::App;
use super::keymap::parse_keys;
use super::update::{self, Msg};
use super::view;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tthc::i18n::Lang;

/// The TUI driven through its real update loop by key strings, jobs run inline: the harness of
/// every TUI test module.
pub(super) struct Ui {
    pub(super) app: App,
    terminal: Terminal<TestBackend>,
    _dir: tempfile::TempDir,
}

impl Ui {
    pub(super) fn new(width: u16, height: u16, lang: Lang) -> Ui {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("demo");
        copy_dir(demo_template(), &root);
        Ui::on(root, dir, width, height, lang)
    }

    fn on(
        root: std::path::PathBuf,
        dir: tempfile::TempDir,
        width: u16,
        height: u16,
        lang: Lang,
    ) -> Ui {
        Ui::on_day(
            root,
            dir,
            width,
            height,
            lang,
            jiff::civil::date(2022, 7, 1),
        )
    }

    /// The TUI over the catalogue at `root` (kept alive by `dir`), its today being `today`.
    pub(super) fn on_day(
        root: std::path::PathBuf,
        dir: tempfile::TempDir,
        width: u16,
        height: u16,
        lang: Lang,
        today: tthc::model::Date,
    ) -> Ui {
        let mut app = App::new(root, lang, false, today);
        app.size = (width, height);
        app.jobs.push(super::jobs::Job::LoadCatalog);
        let mut ui = Ui {
            app,
            terminal: Terminal::new(TestBackend::new(width, height)).unwrap(),
            _dir: dir,
        };
        ui.run_jobs();
        ui
    }

    /// The TUI started again on the same catalogue, as after the process was killed: nothing of
    /// this one survives but what it wrote to the disk.
    pub(super) fn restart(self) -> Ui {
        let (w, h) = self.app.size;
        let (root, lang, today) = (self.app.root.clone(), self.app.lang, self.app.today);
        Ui::on_day(root, self._dir, w, h, lang, today)
    }

    pub(super) fn run_jobs(&mut self) {
        while !self.app.jobs.is_empty() {
            let jobs: Vec<_> = self.app.jobs.drain(..).collect();
            for job in jobs {
                let result = super::jobs::run_job(&self.app.root, self.app.lang, job);
                update::handle(&mut self.app, Msg::Job(Box::new(result)));
            }
        }
    }

    pub(super) fn keys(&mut self, keys: &str) -> &mut Self {
        for key in parse_keys(keys) {
            update::handle(&mut self.app, Msg::Key(key));
            self.run_jobs();
        }
        self
    }

    fn resize(&mut self, width: u16, height: u16) -> &mut Self {
        self.terminal.backend_mut().resize(width, height);
        update::handle(&mut self.app, Msg::Resize(width, height));
        self
    }

    /// The screen as text, commit ids redacted.
    pub(super) fn screen(&mut self) -> String {
        self.terminal.draw(|f| view::render(&self.app, f)).unwrap();
        let buffer = self.terminal.backend().buffer().clone();
        let mut lines = Vec::new();
        for y in 0..buffer.area.height {
            let mut line = String::new();
            for x in 0..buffer.area.width {
                line.push_str(buffer[(x, y)].symbol());
            }
            lines.push(redact(line.trim_end()));
        }
        lines.join("\n")
    }
}

/// The demo, built once per test run and copied for each test (building it makes 59 commits).
fn demo_template() -> &'static std::path::Path {
    static TEMPLATE: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    TEMPLATE
        .get_or_init(|| {
            let dir = tempfile::tempdir().unwrap();
            tthc::workspace::build_demo(&dir.path().join("demo")).unwrap();
            dir
        })
        .path()
        .join("demo")
        .leak()
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Commit ids (8+ lowercase hex digits with at least one letter and one digit) become `########`.
fn redact(line: &str) -> String {
    let mut out = String::new();
    let chars: Vec<char> = line.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let run = chars[i..]
            .iter()
            .take_while(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
            .count();
        let word = &chars[i..i + run];
        let boundary = i == 0 || !chars[i - 1].is_alphanumeric();
        if run >= 8
            && boundary
            && word.iter().any(|c| c.is_ascii_alphabetic())
            && word.iter().any(|c| c.is_ascii_digit())
        {
            out.push_str("########");
            i += run;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

#[test]
fn opens_on_the_catalogue() {
    let mut ui = Ui::new(120, 24, Lang::Vi);
    insta::assert_snapshot!("catalogue", ui.screen());
}

#[test]
fn search_ignores_diacritics_and_case() {
    let mut ui = Ui::new(120, 16, Lang::Vi);
    let plain = ui.keys("/DANG KY KHAI SINH<enter>").screen();
    let mut ui = Ui::new(120, 16, Lang::Vi);
    let marked = ui.keys("/đăng ký khai sinh<enter>").screen();
    assert_eq!(
        plain.lines().skip(2).collect::<Vec<_>>(),
        marked.lines().skip(2).collect::<Vec<_>>()
    );
    assert!(
        plain.contains("1.001193") && plain.contains("Đăng ký lại khai sinh"),
        "{plain}"
    );
    assert!(!plain.contains("Đăng ký kết hôn "), "{plain}");
    insta::assert_snapshot!("search", marked);
    // Matches are highlighted: the cells of "khai sinh" carry the highlight modifier.
    let buffer = ui.terminal.backend().buffer().clone();
    let styled = (0..buffer.area.width).any(|x| {
        buffer[(x, 3)]
            .modifier
            .contains(ratatui::style::Modifier::UNDERLINED)
    });
    assert!(styled, "the match is highlighted without relying on colour");
}

#[test]
fn facet_filter_and_sort() {
    let mut ui = Ui::new(120, 20, Lang::Vi);
    // Level → Cấp huyện, status → Sửa đổi (amended).
    ui.keys("f<right><down><down><right><right><esc>");
    let screen = ui.screen();
    assert!(screen.contains("Lọc: Cấp huyện, Sửa đổi"), "{screen}");
    assert!(screen.contains("2.000806"), "{screen}");
    assert!(screen.contains("1/1"), "{screen}");
    ui.keys("x");
    // Overdue review on 1 July 2022 with a 12-month interval: never reviewed or before July 2021.
    ui.keys("f<up><up><up><up><down><down><down><down><space><esc>");
    let overdue = ui.screen();
    assert!(overdue.contains("quá hạn rà soát"), "{overdue}");
    insta::assert_snapshot!("overdue", overdue);
    // Sort by code, then reversed.
    ui.keys("xs");
    let by_code = ui.screen();
    assert!(by_code.contains("Mã ▲"), "{by_code}");
    let first_row = by_code.lines().nth(3).unwrap().to_owned();
    assert!(first_row.starts_with("1.000419"), "{by_code}");
    ui.keys("S");
    let reversed = ui.screen();
    assert!(reversed.contains("Mã ▼"));
    assert!(
        reversed.lines().nth(3).unwrap().starts_with("2.001263"),
        "{reversed}"
    );
}

/// Sorting a column orders the rows as collating each row's own text would, ties in file
/// order — though names come ranked with the catalogue and levels and fields are collated once
/// each (nothing is collated per row on the UI thread).
#[test]
fn columns_sort_as_their_text_collates() {
    use super::app::Column;
    use tthc::search::sort_key_vi;
    let mut ui = Ui::new(120, 20, Lang::Vi);
    for col in [Column::Name, Column::Level, Column::Field, Column::Code] {
        ui.app.catalog.sort = Some(col);
        ui.app.catalog.descending = false;
        ui.app.refresh_rows(true);
        let data = ui.app.shown().unwrap().clone();
        let m = &data.cat.manifest;
        let key = |i: u32| {
            let p = &data.cat.procedures[i as usize].record;
            match col {
                Column::Name => sort_key_vi(&p.name),
                Column::Level => sort_key_vi(m.level_name(&p.level)),
                Column::Field => sort_key_vi(m.field_name(&p.field)),
                _ => p.code.as_bytes().to_vec(),
            }
        };
        let mut expected: Vec<u32> = (0..data.cat.procedures.len() as u32).collect();
        expected.sort_by_key(|&i| key(i));
        let got: Vec<Vec<u8>> = ui.app.catalog.order.iter().map(|&i| key(i)).collect();
        let want: Vec<Vec<u8>> = expected.iter().map(|&i| key(i)).collect();
        assert_eq!(got, want, "{col:?}");
        if matches!(col, Column::Name | Column::Code) {
            assert_eq!(
                ui.app.catalog.order, expected,
                "{col:?}: ties in file order"
            );
        }
    }
}

#[test]
fn detail_page_in_official_order() {
    let mut ui = Ui::new(100, 40, Lang::Vi);
    ui.keys("/khai sinh<enter><down><enter>");
    let page = ui.screen();
    let order = [
        "THÔNG TIN CHUNG",
        "TRÌNH TỰ THỰC HIỆN",
        "CÁCH THỨC THỰC HIỆN",
        "THÀNH PHẦN, SỐ LƯỢNG HỒ SƠ",
    ];
    let positions: Vec<usize> = order
        .iter()
        .map(|h| page.find(h).unwrap_or_else(|| panic!("{h}: {page}")))
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]));
    insta::assert_snapshot!("detail", page);
    ui.keys("<pgdn>");
    let second = ui.screen();
    assert!(!second.contains("THÔNG TIN CHUNG"), "scrolled: {second}");
    ui.keys("<end>");
    assert!(
        ui.screen().contains("Rà soát lần cuối: 15/03/2022"),
        "{}",
        ui.screen()
    );
    ui.keys("<esc>");
    assert!(ui.screen().contains("Tìm: khai sinh"));
}

/// A legal-basis row citing a text by number shows the register's facts (issue 16).
#[test]
fn the_page_shows_the_registers_facts_for_a_row_cited_by_number() {
    let mut ui = Ui::new(120, 40, Lang::Vi);
    ui.keys("/2.000986<enter><enter>");
    let page = ui.app.screen.page().expect("the procedure page");
    let text: Vec<String> = super::view::page_lines(page, Lang::Vi, false)
        .iter()
        .map(ToString::to_string)
        .collect();
    let text = text.join("\n");
    assert!(
        text.contains("05/2015/TTLT-BTP-BCA-BYT")
            && text.contains("được sửa đổi bởi 63/2024/NĐ-CP"),
        "{text}"
    );
    assert!(
        text.contains("63/2024/NĐ-CP — Quy định thực hiện liên thông điện tử 02 nhóm"),
        "{text}"
    );
}

#[test]
fn history_of_a_procedure_and_a_commit_diff() {
    let mut ui = Ui::new(120, 20, Lang::Vi);
    ui.keys("/1.001193<enter>h");
    let log = ui.screen();
    assert!(log.contains("Lịch sử của 1.001193 (Cấp xã)"), "{log}");
    insta::assert_snapshot!("procedure_history", log);
    // The newest two commits are the 2022 online-mode update and the 2025 completion of the
    // record; the third is the review of March 2022.
    ui.keys("<down><down><enter>");
    let diff = ui.screen();
    assert!(
        diff.contains("ngày rà soát (thêm): {+15/03/2022+}"),
        "{diff}"
    );
    // Compare two versions: mark the older one, select the newer, compare.
    ui.keys("<esc><down><space><up>c");
    let compared = ui.screen();
    assert!(compared.contains("So sánh"), "{compared}");
    assert!(compared.contains("~ Sửa xa/1.001193"), "{compared}");
    // The whole catalogue as of the first publication, read-only.
    ui.keys("<esc>a<end>b");
    ui.keys("x");
    let old = ui.screen();
    assert!(old.contains("CHỈ ĐỌC — danh mục tại"), "{old}");
    assert!(
        old.contains("/5"),
        "five procedures were published in June 2021: {old}"
    );
    ui.keys("<esc>");
    assert!(ui.screen().contains("/49"));
}

#[test]
fn help_is_generated_from_the_key_table() {
    let mut ui = Ui::new(100, 40, Lang::Vi);
    let help = ui.keys("?").screen();
    insta::assert_snapshot!("help", help);
}

impl Ui {
    /// The text inside the help's box, every page of it (scrolled with PgDn), one string with
    /// wrapped lines joined and runs of spaces collapsed.
    fn whole_help(&mut self) -> String {
        let mut seen: Vec<String> = Vec::new();
        let mut last = String::new();
        loop {
            let screen = self.screen();
            if screen == last {
                break;
            }
            for line in screen.lines().skip(2) {
                let Some(start) = line.find('│') else {
                    continue;
                };
                let inner = &line[start + '│'.len_utf8()..];
                let inner = inner.rsplit_once('│').map_or(inner, |(l, _)| l);
                seen.push(inner.to_owned());
            }
            last = screen;
            self.keys("<pgdn>");
        }
        seen.join(" ")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// Every binding of the key table — screens, form, text boxes, dialogs — is in the help, with
/// its keys and its words, at 80×24 as at 160×45, in both languages.
#[test]
fn help_lists_every_binding_of_the_key_table() {
    use super::keymap::{Context, KEYS, keys_label};
    for (w, h, lang) in [(80, 24, Lang::Vi), (160, 45, Lang::En)] {
        let mut ui = Ui::new(w, h, lang);
        let help = ui.keys("?").whole_help();
        for ctx in Context::ALL {
            assert!(help.contains(ctx.title(lang)), "{ctx:?} in {help}");
        }
        for b in KEYS {
            let entry = format!("{} {}", keys_label(b), b.description(lang));
            let entry = entry.split_whitespace().collect::<Vec<_>>().join(" ");
            assert!(
                help.contains(&entry),
                "{entry:?} ({:?}) missing from the help",
                b.context
            );
        }
    }
    // F1 opens it from inside a dialog too, starting with that dialog's keys.
    let mut ui = Ui::new(100, 30, Lang::Vi);
    ui.keys("/1.004837<enter>a<f1>");
    let screen = ui.screen();
    assert!(screen.contains("Đề xuất bãi bỏ — đang dùng"), "{screen}");
    ui.keys("<esc>");
    assert!(
        ui.app.modal.is_some(),
        "closing the help leaves the dialog open"
    );
}

/// Undo is ctrl-z wherever text is typed: in the form's list and inside its text boxes.
#[test]
fn undo_is_the_same_key_in_the_form_and_in_a_text_box() {
    let mut ui = editing_khai_sinh();
    ui.goto("Tên thủ tục", 0).keys("<enter> mới");
    assert_eq!(ui.value("name"), "Đăng ký khai sinh mới");
    ui.keys("<ctrl-z>");
    assert_eq!(
        ui.value("name"),
        "Đăng ký khai sinh mớ",
        "ctrl-z in the text box"
    );
    ui.keys("<ctrl-y><esc>");
    assert_eq!(ui.value("name"), "Đăng ký khai sinh mới", "ctrl-y redoes");
    ui.keys("<ctrl-z>");
    assert_eq!(ui.value("name"), "Đăng ký khai sinh", "ctrl-z in the form");
}

#[test]
fn the_palette_matches_fuzzily_without_diacritics() {
    let mut ui = Ui::new(100, 30, Lang::Vi);
    let palette = ui.keys(":loc").screen();
    assert!(palette.contains("Lọc: cấp"), "{palette}");
    insta::assert_snapshot!("palette", palette);
    ui.keys("<enter>");
    assert!(
        ui.screen().contains("◀ Tất cả ▶"),
        "the palette ran the filter action"
    );
}

#[test]
fn a_tiny_terminal_gets_a_message_and_any_size_renders() {
    let mut ui = Ui::new(59, 14, Lang::Vi);
    let tiny = ui.screen();
    assert!(tiny.contains("Cửa sổ quá nhỏ"), "{tiny}");
    insta::assert_snapshot!("tiny", tiny);
    for (w, h) in [(60, 15), (1, 1), (0, 0), (300, 80), (61, 15)] {
        ui.resize(w, h);
        ui.screen();
        ui.keys("<down><enter>h<esc>?<esc>:<esc>3<enter><esc>1");
        ui.screen();
    }
}

#[test]
fn english_ui() {
    let mut ui = Ui::new(120, 16, Lang::En);
    let screen = ui.keys("/chung thuc<enter>").screen();
    assert!(
        screen.contains("Catalogue") && screen.contains("Search: chung thuc"),
        "{screen}"
    );
    insta::assert_snapshot!("english", screen);
}

#[test]
fn catalogue_text_cannot_send_escape_sequences() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("c");
    copy_dir(demo_template(), &root);
    let file = root.join("procedures/xa/1.001193.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        text.replacen(
            "name: Đăng ký khai sinh",
            "name: \"Đăng ký \\e]0;pwned\\a\\e[2J khai sinh\"",
            1,
        ),
    )
    .unwrap();
    let mut ui = Ui::on(root, dir, 120, 20, Lang::Vi);
    ui.keys("/pwned<enter>");
    ui.screen();
    let buffer = ui.terminal.backend().buffer().clone();
    for cell in buffer.content() {
        assert!(
            !cell.symbol().chars().any(|c| c.is_control()),
            "a control character reached the screen"
        );
    }
    let screen = ui.screen();
    assert!(
        screen.contains("\\u{001b}]0;pwned"),
        "shown visibly: {screen}"
    );
    ui.keys("<enter>");
    for cell in ui.terminal.backend().buffer().content() {
        assert!(!cell.symbol().chars().any(|c| c.is_control()));
    }
}

#[test]
fn mouse_selects_tabs_rows_and_sorts() {
    use ratatui::crossterm::event::{KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
    let mut ui = Ui::new(120, 20, Lang::Vi);
    let click = |column, row| {
        Msg::Mouse(MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column,
            row,
            modifiers: KeyModifiers::NONE,
        })
    };
    update::handle(&mut ui.app, click(5, 4));
    assert_eq!(ui.app.catalog.selected, 1);
    update::handle(&mut ui.app, click(2, 2));
    assert_eq!(ui.app.catalog.sort, Some(super::app::Column::Code));
    update::handle(
        &mut ui.app,
        Msg::Mouse(MouseEvent {
            kind: MouseEventKind::ScrollDown,
            column: 5,
            row: 8,
            modifiers: KeyModifiers::NONE,
        }),
    );
    assert_eq!(ui.app.catalog.selected, 4);
    let tab_x = ui
        .screen()
        .lines()
        .next()
        .unwrap()
        .find("3 Lịch sử")
        .unwrap();
    let col = ui.screen().lines().next().unwrap()[..tab_x].chars().count() as u16;
    update::handle(&mut ui.app, click(col + 1, 0));
    ui.run_jobs();
    assert_eq!(ui.app.tab, super::action::Tab::History);
}

// --- Editing ---

impl Ui {
    /// Move the form's cursor to the first row labelled `label` (after row `after`), by keys.
    fn goto(&mut self, label: &str, after: usize) -> &mut Self {
        let form = self.app.screen.form().expect("a form is open");
        let target = form
            .rows
            .iter()
            .enumerate()
            .skip(after)
            .find(|(_, r)| r.label == label)
            .map(|(i, _)| i);
        let target = target.unwrap_or_else(|| panic!("no row {label}"));
        let keys = format!("<home>{}", "<down>".repeat(target));
        self.keys(&keys)
    }

    fn value(&self, path: &str) -> serde_json::Value {
        let form = self.app.screen.form().unwrap();
        let pointer = format!("/{}", path.replace('.', "/"));
        form.value
            .pointer(&pointer)
            .cloned()
            .unwrap_or(serde_json::Value::Null)
    }

    pub(super) fn git(&self, args: &[&str]) -> String {
        let out = std::process::Command::new("git")
            .args([
                "-c",
                "user.name=Văn phòng",
                "-c",
                "user.email=vp@example.gov.vn",
            ])
            .args(args)
            .current_dir(&self.app.root)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    pub(super) fn commits(&self) -> usize {
        self.git(&["rev-list", "--count", "HEAD"])
            .trim()
            .parse()
            .unwrap()
    }

    fn file(&self, rel: &str) -> String {
        std::fs::read_to_string(self.app.root.join(rel)).unwrap()
    }
}

const KHAI_SINH: &str = "procedures/xa/1.001193.yaml";

fn editing_khai_sinh() -> Ui {
    let mut ui = Ui::new(120, 40, Lang::Vi);
    ui.keys("/1.001193<enter>e");
    assert!(ui.app.screen.form().is_some(), "the form opened");
    ui
}

#[test]
fn form_text_fields_take_typing_and_vietnamese_becomes_nfc() {
    let mut ui = editing_khai_sinh();
    ui.goto("Tên thủ tục", 0).keys("<enter>");
    // Clear the field with the text area's own keys, then type decomposed Vietnamese.
    for _ in 0..40 {
        ui.keys("<backspace>");
    }
    ui.keys("Đa\u{306}ng ky\u{301} khai sinh cho tre\u{309} em<esc>");
    assert_eq!(
        ui.value("name"),
        "Đăng ký khai sinh cho trẻ em",
        "stored NFC"
    );
    let screen = ui.screen();
    assert!(
        screen.contains("Tên thủ tục: Đăng ký khai sinh cho trẻ em"),
        "{screen}"
    );
    insta::assert_snapshot!("form", screen);
    ui.keys("<ctrl-s><enter>");
    let saved = ui.file(KHAI_SINH);
    assert!(
        saved.contains("\nname: Đăng ký khai sinh cho trẻ em\n"),
        "{saved}"
    );
    assert!(unicode_normalization::is_nfc(&saved));
}

#[test]
fn form_lists_add_edit_reorder_remove() {
    let mut ui = editing_khai_sinh();
    ui.goto("Trình tự thực hiện", 0).keys("a");
    assert_eq!(ui.value("steps").as_array().unwrap().len(), 4);
    ui.keys("<enter>Bước 4: Trả kết quả.<esc>");
    assert_eq!(ui.value("steps.3"), "Bước 4: Trả kết quả.");
    // Move it to the top.
    ui.keys("KKK");
    assert_eq!(ui.value("steps.0"), "Bước 4: Trả kết quả.");
    assert!(ui.value("steps.1").as_str().unwrap().starts_with("Bước 1"));
    ui.keys("J");
    assert_eq!(ui.value("steps.1"), "Bước 4: Trả kết quả.");
    ui.keys("d");
    assert_eq!(ui.value("steps").as_array().unwrap().len(), 3);
    // A list of groups: a new dossier document inside the first group.
    ui.goto("Giấy tờ", 0).keys("a");
    let docs = ui.value("dossier.0.documents").as_array().unwrap().len();
    assert_eq!(docs, 4);
    // The new document's name is required: the form says so beside it and in the summary.
    let screen = ui.screen();
    assert!(screen.contains("✗"), "{screen}");
    ui.keys("<ctrl-z>");
    assert_eq!(
        ui.value("dossier.0.documents").as_array().unwrap().len(),
        3,
        "undo"
    );
    ui.keys("<ctrl-y>");
    assert_eq!(
        ui.value("dossier.0.documents").as_array().unwrap().len(),
        4,
        "redo"
    );
    // A required part cannot be removed as a whole.
    ui.goto("Trình tự thực hiện", 0).keys("d");
    assert_eq!(ui.value("steps").as_array().unwrap().len(), 3);
}

#[test]
fn form_pickers_flags_numbers_and_dates() {
    let mut ui = editing_khai_sinh();
    ui.goto("Lĩnh vực", 0).keys("<enter>");
    assert!(
        ui.screen().contains("Chứng thực"),
        "the picker lists the manifest's fields"
    );
    ui.keys("<down><enter>");
    assert_eq!(ui.value("field"), "chung-thuc");
    ui.goto("Tiếp nhận hồ sơ", 0).keys("<space>");
    assert_eq!(ui.value("postal.receive"), false);
    ui.goto("Mức độ (cũ)", 0).keys("<enter><backspace>7<esc>");
    assert_eq!(ui.value("online_service.legacy_level"), 7);
    assert!(
        ui.screen()
            .contains("mức độ dịch vụ công cũ phải từ 1 đến 4"),
        "{}",
        ui.screen()
    );
    ui.keys("<enter><backspace>3<esc>");
    ui.goto("Ngày rà soát", 0).keys("<enter>");
    for _ in 0..12 {
        ui.keys("<backspace>");
    }
    ui.keys("2022-13-01<esc>");
    let before = ui.commits();
    ui.keys("<ctrl-s>");
    assert!(
        ui.app.modal.is_none(),
        "save is refused while a date is invalid"
    );
    assert!(ui.screen().contains("Chưa lưu được"), "{}", ui.screen());
    assert_eq!(ui.commits(), before);
    ui.keys("<enter><backspace><backspace><backspace><backspace><backspace>12-01<esc>");
    assert_eq!(ui.value("reviewed_on"), "2022-12-01");
    ui.keys("<ctrl-s><enter>");
    assert_eq!(ui.commits(), before + 1);
}

#[test]
fn save_is_one_commit_with_the_right_diff() {
    let mut ui = editing_khai_sinh();
    let before = ui.commits();
    let row = ui
        .app
        .screen
        .form()
        .unwrap()
        .rows
        .iter()
        .position(|r| r.label == "Thời hạn giải quyết" && r.depth == 0)
        .unwrap();
    ui.goto("Ghi chú", row).keys("<enter>");
    ui.keys(" Áp dụng cả ngày thứ Bảy.<esc><ctrl-s>");
    let review = ui.screen();
    assert!(review.contains("Lưu thay đổi"), "{review}");
    assert!(review.contains("thời hạn giải quyết › ghi chú"), "{review}");
    assert!(
        review.contains("Sửa 1.001193 (Cấp xã): thời hạn giải quyết"),
        "the prefilled message: {review}"
    );
    ui.keys("<enter>");
    assert!(ui.app.screen.form().is_none(), "closed after saving");
    assert_eq!(ui.commits(), before + 1);
    assert_eq!(
        ui.git(&["show", "--name-only", "--format=%s", "HEAD"])
            .trim(),
        format!("Sửa 1.001193 (Cấp xã): thời hạn giải quyết\n\n{KHAI_SINH}")
    );
    let diff = ui.git(&["show", "--format=", "-U0", "HEAD"]);
    assert_eq!(
        diff.lines()
            .filter(|l| l.starts_with('+') && !l.starts_with("+++"))
            .count(),
        1,
        "{diff}"
    );
    assert!(ui.git(&["status", "--porcelain"]).is_empty());
    assert!(
        tthc::workspace::journal::list(&ui.app.root)
            .unwrap()
            .is_empty(),
        "journal cleared"
    );
}

#[test]
fn validation_blocks_saving_and_leaving_asks_first() {
    let mut ui = editing_khai_sinh();
    let before = ui.commits();
    ui.goto("Tên thủ tục", 0).keys("<enter>");
    for _ in 0..30 {
        ui.keys("<backspace>");
    }
    ui.keys("<esc>");
    assert!(
        ui.screen()
            .contains("thiếu thành phần bắt buộc: Tên thủ tục"),
        "{}",
        ui.screen()
    );
    ui.keys("<ctrl-s>");
    assert!(ui.app.modal.is_none());
    assert_eq!(ui.commits(), before);
    // Leaving asks: keep editing, then discard.
    ui.keys("<esc>");
    assert!(
        ui.screen()
            .contains("s: lưu · d: bỏ thay đổi · Esc: tiếp tục sửa")
    );
    ui.keys("<esc>");
    assert!(ui.app.screen.form().is_some(), "kept editing");
    ui.keys("<esc>d");
    assert!(ui.app.screen.form().is_none());
    assert_eq!(ui.commits(), before);
    assert!(ui.file(KHAI_SINH).contains(
        "name: Đăng ký khai sinh
"
    ));
}

#[test]
fn a_new_procedure_needs_a_fresh_code() {
    let mut ui = Ui::new(120, 40, Lang::Vi);
    // Levels are huyen, xa: move to xa, try an existing code.
    ui.keys("n<right>1.001193<enter>");
    assert!(ui.app.screen.form().is_none());
    assert!(ui.screen().contains("Mã này đã có"), "{}", ui.screen());
    ui.keys("<backspace><backspace><backspace>999<enter>");
    let form = ui.app.screen.form().expect("a form for the new procedure");
    assert!(form.is_new && form.code == "1.001999" && form.level == "xa");
    assert!(
        form.errors() > 0,
        "a blank procedure is missing its required parts"
    );
}

#[test]
fn a_concurrent_change_is_detected_and_merged_without_losing_either_side() {
    let mut ui = editing_khai_sinh();
    ui.goto("Tên thủ tục", 0).keys("<enter> (bản của tôi)<esc>");
    // Meanwhile another office changes another field and commits.
    let path = ui.app.root.join(KHAI_SINH);
    let text = ui
        .file(KHAI_SINH)
        .replace("status: published", "status: amended");
    std::fs::write(&path, text).unwrap();
    ui.git(&["commit", "-qam", "Sửa ở nơi khác"]);
    ui.keys("<ctrl-s><enter>");
    let screen = ui.screen();
    assert!(screen.contains("So sánh ba phiên bản"), "{screen}");
    assert!(
        screen.contains("Không có trường nào bị sửa ở cả hai nơi"),
        "{screen}"
    );
    ui.keys("<enter>");
    assert!(ui.screen().contains("Lưu thay đổi"));
    ui.keys("<enter>");
    let saved = ui.file(KHAI_SINH);
    assert!(
        saved.contains("name: Đăng ký khai sinh (bản của tôi)")
            && saved.contains("status: amended"),
        "{saved}"
    );

    // The same field changed on both sides: choose theirs.
    ui.keys("e");
    ui.goto("Tên thủ tục", 0).keys("<enter> mới<esc>");
    let text = ui
        .file(KHAI_SINH)
        .replace("(bản của tôi)", "(bản nơi khác)");
    std::fs::write(&path, text).unwrap();
    ui.git(&["commit", "-qam", "Sửa tên ở nơi khác"]);
    ui.keys("<ctrl-s><enter>");
    let screen = ui.screen();
    assert!(screen.contains("[của tôi] tên thủ tục"), "{screen}");
    assert!(
        screen.contains("nơi khác: Đăng ký khai sinh (bản nơi khác)"),
        "{screen}"
    );
    assert!(
        screen.contains("của tôi: Đăng ký khai sinh (bản của tôi) mới"),
        "{screen}"
    );
    ui.keys("t<enter>");
    // Taking theirs leaves nothing to save.
    assert!(
        ui.screen().contains("Không có gì thay đổi để lưu") || ui.app.modal.is_some(),
        "{}",
        ui.screen()
    );
    assert!(ui.file(KHAI_SINH).contains("(bản nơi khác)"));
}

#[test]
fn the_journal_restores_an_unsaved_form() {
    let mut ui = editing_khai_sinh();
    ui.goto("Tên thủ tục", 0).keys("<enter> — chưa lưu<esc>");
    super::editing::flush_journal(&mut ui.app);
    let entries = tthc::workspace::journal::list(&ui.app.root).unwrap();
    assert_eq!(entries.len(), 1);
    // A new session on the same catalogue offers it back.
    let root = ui.app.root.clone();
    let dir = std::mem::replace(&mut ui._dir, tempfile::tempdir().unwrap());
    let mut again = Ui::on(root, dir, 120, 40, Lang::Vi);
    let screen = again.screen();
    assert!(
        screen.contains("Khôi phục")
            && screen.contains("1.001193 (Cấp xã) Đăng ký khai sinh")
            && screen.contains("đã sửa: Tên thủ tục"),
        "{screen}"
    );
    again.keys("r");
    assert_eq!(again.value("name"), "Đăng ký khai sinh — chưa lưu");
    again.keys("<ctrl-s><enter>");
    assert!(
        again
            .file(KHAI_SINH)
            .contains("name: Đăng ký khai sinh — chưa lưu")
    );
    assert!(
        tthc::workspace::journal::list(&again.app.root)
            .unwrap()
            .is_empty()
    );
}

// --- Proposals from the TUI ---

#[test]
fn proposals_are_drafted_and_advanced_from_the_tui() {
    let mut ui = Ui::new(120, 40, Lang::Vi);
    let before = ui.commits();
    // Abolish from the catalogue, with a reason.
    ui.keys("/1.004837<enter>a");
    assert!(ui.screen().contains("Đề xuất bãi bỏ"), "{}", ui.screen());
    ui.keys("Thủ tục ít phát sinh<enter>");
    assert_eq!(ui.commits(), before + 1);
    assert_eq!(ui.app.tab, super::action::Tab::Proposals);
    let list = ui.screen();
    assert!(
        list.contains("1.004837 (Cấp xã)") && list.contains("Dự thảo"),
        "{list}"
    );
    // Amend through the form: the proposal stores the full proposed record.
    ui.keys("1<esc>/1.001193<enter>m");
    assert!(
        ui.app.screen.form().is_some_and(|f| f.purpose.is_some()),
        "{}",
        ui.screen()
    );
    ui.goto("Tên thủ tục", 0)
        .keys("<enter> (sửa đổi)<esc><ctrl-s>");
    let review = ui.screen();
    assert!(review.contains("Soạn đề xuất"), "{review}");
    ui.keys("Làm rõ tên<enter>");
    assert_eq!(ui.commits(), before + 2);
    assert!(
        ui.file(KHAI_SINH).contains("name: Đăng ký khai sinh\n"),
        "the catalogue itself is unchanged"
    );
    let data = ui.app.data.clone().unwrap();
    let amend = data
        .cat
        .proposals
        .iter()
        .find(|p| {
            p.record
                .target
                .as_ref()
                .is_some_and(|t| t.code == "1.001193")
        })
        .unwrap();
    assert_eq!(
        amend.record.proposed.as_ref().unwrap().name,
        "Đăng ký khai sinh (sửa đổi)"
    );
    assert_eq!(amend.record.rationale.as_deref(), Some("Làm rõ tên"));
    // Advance the abolition: draft → submitted.
    let order = super::view::proposal_order(&data.cat);
    let row = order
        .iter()
        .position(|&i| {
            data.cat.proposals[i]
                .record
                .target
                .as_ref()
                .is_some_and(|t| t.code == "1.004837")
        })
        .unwrap();
    ui.keys(&format!("<home>{}t", "<down>".repeat(row)));
    assert!(
        ui.screen().contains("Bước tiếp theo: ◀ Đã trình ▶"),
        "{}",
        ui.screen()
    );
    ui.keys("<enter>");
    assert_eq!(ui.commits(), before + 3);
    assert!(
        ui.screen().contains("chuyển sang: đã trình"),
        "{}",
        ui.screen()
    );
}

#[test]
fn a_proposal_page_shows_its_steps_and_redline() {
    let mut ui = Ui::new(110, 45, Lang::Vi);
    ui.keys("2");
    let data = ui.app.data.clone().unwrap();
    let order = super::view::proposal_order(&data.cat);
    // 2022-005: amend 1.001612, published — its steps and the redline of the amendment.
    let row = order
        .iter()
        .position(|&i| data.cat.proposals[i].record.id == "2022-005")
        .unwrap();
    ui.keys(&format!("<home>{}<enter>", "<down>".repeat(row)));
    let page = ui.screen();
    assert!(
        page.contains("QUÁ TRÌNH") && page.contains("NỘI DUNG THAY ĐỔI"),
        "{page}"
    );
    assert!(
        page.contains("[-") && page.contains("{+"),
        "the redline reads without colour: {page}"
    );
    insta::assert_snapshot!("proposal_amend", page);
    // An abolition shows the whole record withdrawn.
    let row = order
        .iter()
        .position(|&i| data.cat.proposals[i].record.id == "2022-002")
        .unwrap();
    ui.keys(&format!("<esc><home>{}<enter>", "<down>".repeat(row)));
    let page = ui.screen();
    assert!(
        page.contains("[-MÃ THỦ TỤC") || page.contains("[-THÔNG TIN CHUNG-]"),
        "{page}"
    );
}

#[test]
fn the_publish_tab_shows_what_would_change_and_publishes() {
    let mut ui = Ui::new(120, 40, Lang::Vi);
    let before = ui.commits();
    let screen = ui.keys("4").screen();
    assert!(screen.contains("Lần niêm yết trước: chưa có"), "{screen}");
    assert!(screen.contains("1. Thủ tục công bố mới: 48"), "{screen}");
    let out = ui._dir.path().join("site");
    ui.keys("p1402/QĐ-UBND<down><down><down><down>");
    // Replace the proposed output folder with one inside the test's temporary folder.
    if let Some(super::app::Modal::Publish(super::publishing::Publish { fields, .. })) =
        &mut ui.app.modal
    {
        fields[4] = ratatui_textarea::TextArea::new(vec![out.display().to_string()]);
    }
    ui.keys("<enter>");
    assert_eq!(ui.commits(), before + 1, "{}", ui.screen());
    assert!(ui.git(&["tag"]).contains("publication/"));
    assert!(out.join("index.html").is_file());
    let screen = ui.screen();
    assert!(
        screen.contains("Lần niêm yết trước: 1402/QĐ-UBND"),
        "{screen}"
    );
    assert!(screen.contains("không có thay đổi"), "{screen}");
}

// --- The screen at the sizes people have ---

impl Ui {
    /// A screen with a heading, for the combined snapshots.
    fn shot(&mut self, title: &str) -> String {
        let (w, h) = self.app.size;
        let screen = self.screen();
        for line in screen.lines() {
            assert!(
                super::view::text::width(line) <= usize::from(w),
                "{title}: a line wider than the screen"
            );
        }
        format!("=== {title} ({w}×{h}) ===\n{screen}\n")
    }
}

/// The list, a procedure, the form and every tab at 80×24, 100×30 and 160×45: the name column
/// takes the room, other columns shrink or hide, text is cut with an ellipsis, and pages wrap.
fn screens_at(w: u16, h: u16) -> String {
    let mut ui = Ui::new(w, h, Lang::Vi);
    let mut out = ui.shot("Danh mục");
    // The longest name of the demo: cut in the list, whole on its page.
    ui.keys("/2.000294<enter>");
    out += &ui.shot("Danh mục, tìm");
    ui.keys("<enter>");
    let page = ui.shot("Trang thủ tục");
    assert!(
        page.split_whitespace().collect::<Vec<_>>().join(" ").contains(
            "Cấp giấy phép hoạt động đối với cơ sở trợ giúp xã hội thuộc thẩm quyền của Phòng Lao động"
        ),
        "the full name: {page}"
    );
    out += &page;
    ui.keys("<esc><esc>");
    ui.keys("/1.001193<enter>e");
    out += &ui.shot("Biểu mẫu");
    ui.goto("Trình tự thực hiện", 0).keys("<down>");
    out += &ui.shot("Biểu mẫu, dòng dài đang chọn");
    ui.keys("<enter>");
    out += &ui.shot("Biểu mẫu, ô nhiều dòng");
    ui.keys("<esc><esc>");
    assert!(ui.app.screen.form().is_none());
    for (key, title) in [("2", "Đề xuất"), ("3", "Lịch sử"), ("4", "Niêm yết")] {
        ui.keys(key);
        out += &ui.shot(title);
    }
    ui.keys("2<enter>");
    out += &ui.shot("Trang đề xuất");
    out
}

#[test]
fn screens_at_80x24() {
    insta::assert_snapshot!("screens_80x24", screens_at(80, 24));
}

#[test]
fn screens_at_100x30() {
    insta::assert_snapshot!("screens_100x30", screens_at(100, 30));
}

#[test]
fn screens_at_160x45() {
    insta::assert_snapshot!("screens_160x45", screens_at(160, 45));
}

/// Every dialog at the smallest size people use.
#[test]
fn dialogs_at_80x24() {
    let mut ui = Ui::new(80, 24, Lang::Vi);
    let mut out = String::new();
    ui.keys("f");
    out += &ui.shot("Lọc");
    ui.keys("<esc>:");
    out += &ui.shot("Bảng lệnh");
    ui.keys("<esc>n");
    out += &ui.shot("Thêm thủ tục mới");
    ui.keys("12<enter>");
    out += &ui.shot("Thêm thủ tục mới, mã sai");
    ui.keys("<esc>/1.004837<enter>a");
    out += &ui.shot("Đề xuất bãi bỏ");
    ui.keys("<esc><esc>/1.001193<enter>e");
    ui.goto("Tên thủ tục", 0).keys("<enter> (mới)<esc>");
    ui.keys("<ctrl-s>");
    out += &ui.shot("Lưu thay đổi");
    ui.keys("<esc><esc>");
    out += &ui.shot("Rời biểu mẫu chưa lưu");
    ui.keys("d2t");
    out += &ui.shot("Chuyển bước");
    ui.keys("<esc>w");
    out += &ui.shot("Rút đề xuất");
    ui.keys("<esc>4p");
    out += &ui.shot("Niêm yết");
    // The proposed output folder is beside the (temporary) catalogue.
    let tmp = ui._dir.path().display().to_string();
    insta::assert_snapshot!("dialogs_80x24", out.replace(&tmp, "$TMP"));
}

// --- Honest messages ---

/// The words inside the dialog's frame, wrapped lines joined.
fn boxed_words(screen: &str) -> String {
    let inside: Vec<&str> = screen
        .lines()
        .filter_map(|line| {
            let start = line.find('│')? + '│'.len_utf8();
            let inner = &line[start..];
            Some(inner.rsplit_once('│').map_or(inner, |(l, _)| l))
        })
        .collect();
    inside
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// After `t` the cursor stays on the proposal that moved, wherever its group went.
#[test]
fn the_cursor_stays_on_the_proposal_after_its_next_step() {
    let mut ui = Ui::new(100, 30, Lang::Vi);
    ui.keys("2");
    let selected = |ui: &Ui| {
        let data = ui.app.data.clone().unwrap();
        let order = super::view::proposal_order(&data.cat);
        data.cat.proposals[order[ui.app.proposals_selected]]
            .record
            .id
            .clone()
    };
    // 2022-012 is the only draft: first in the list; once submitted it goes after 2022-011.
    assert_eq!(selected(&ui), "2022-012");
    ui.keys("t<enter>");
    assert_eq!(selected(&ui), "2022-012");
    assert_eq!(ui.app.proposals_selected, 1, "it moved into the next group");
    // Twice more, with the document the step needs.
    ui.keys("t<tab>45/BC-UBND<enter>");
    assert_eq!(selected(&ui), "2022-012", "{}", ui.screen());
}

/// The four-eyes rule's refusal is shown whole, wrapped, with how to override it in the TUI
/// (not the CLI's options), and what was typed stays; the override then records the step.
#[test]
fn a_four_eyes_refusal_is_shown_whole_and_keeps_what_was_typed() {
    let mut ui = Ui::new(80, 24, Lang::Vi);
    let before = ui.commits();
    ui.keys("/1.004837<enter>aÍt phát sinh<enter>");
    ui.keys("t<enter>t<tab>45/BC-UBND<enter>");
    assert_eq!(ui.commits(), before + 3, "{}", ui.screen());
    // Approved is a four-eyes step: the drafter may not record it.
    ui.keys("t<tab>12/QĐ-UBND<enter>");
    assert_eq!(ui.commits(), before + 3);
    let screen = ui.shot("Từ chối bốn mắt");
    let words = boxed_words(&screen);
    assert!(words.contains("Quy tắc bốn mắt:"), "{screen}");
    assert!(
        words.contains("viết lý do vào ô “Lý do vượt quy tắc bốn mắt” rồi nhấn Enter"),
        "the override, in the TUI's words: {screen}"
    );
    assert!(
        !words.contains("--force"),
        "no CLI options in the TUI: {screen}"
    );
    assert!(
        words.contains("đánh dấu ⚑ vượt bốn mắt."),
        "shown whole: {screen}"
    );
    assert!(
        screen.contains("12/QĐ-UBND"),
        "the document number is kept: {screen}"
    );
    insta::assert_snapshot!("four_eyes_refusal", screen);
    // Typing again clears the refusal; the override reason records the step, flagged.
    ui.keys("<tab><tab><tab>Chủ tịch vắng, ủy quyền");
    assert!(!ui.screen().contains("Quy tắc bốn mắt:"));
    ui.keys("<enter>");
    assert_eq!(ui.commits(), before + 4, "{}", ui.screen());
    assert!(
        ui.screen().contains("⚑ vượt quy tắc bốn mắt"),
        "{}",
        ui.screen()
    );
    assert!(ui.screen().contains("⚑"), "flagged in the list");
}

/// An error on the status line goes once its cause is gone, not before.
#[test]
fn the_status_line_clears_an_error_once_its_cause_is_gone() {
    let mut ui = editing_khai_sinh();
    ui.goto("Tên thủ tục", 0).keys("<enter>");
    for _ in 0..30 {
        ui.keys("<backspace>");
    }
    ui.keys("<esc><ctrl-s>");
    assert!(
        ui.screen().contains("Lỗi: Chưa lưu được"),
        "{}",
        ui.screen()
    );
    // Moving around does not hide it: the name is still missing.
    ui.keys("<down><up>");
    assert!(
        ui.screen().contains("Lỗi: Chưa lưu được"),
        "{}",
        ui.screen()
    );
    // Typing a name removes the cause, and the message goes with it.
    ui.keys("<enter>Đăng ký khai sinh mới");
    assert!(!ui.screen().contains("Chưa lưu được"), "{}", ui.screen());
    // A message about a key goes with the next key.
    ui.keys("<esc><esc>d");
    ui.keys("Z");
    assert!(ui.screen().contains("Phím chưa dùng"), "{}", ui.screen());
    ui.keys("<down>");
    assert!(!ui.screen().contains("Phím chưa dùng"), "{}", ui.screen());
}

/// One-line fields never hold a line break: Enter ends them, and pasted text has its line
/// breaks and tabs turned into spaces; a multi-line field keeps the line breaks.
#[test]
fn one_line_fields_refuse_newlines_and_pasted_tabs_become_spaces() {
    let mut ui = editing_khai_sinh();
    ui.goto("Tên thủ tục", 0).keys("<enter>");
    update::handle(&mut ui.app, Msg::Paste(" (bản\tsao)\r\ncho trẻ".into()));
    ui.keys("<enter>");
    assert!(
        ui.app.screen.form().unwrap().edit.is_none(),
        "Enter ended it"
    );
    assert_eq!(ui.value("name"), "Đăng ký khai sinh (bản sao) cho trẻ");
    ui.goto("Trình tự thực hiện", 0).keys("<down><enter><end>");
    update::handle(&mut ui.app, Msg::Paste("\tdòng hai\r\ndòng ba".into()));
    ui.keys("<esc>");
    let step = ui.value("steps.0");
    assert!(
        step.as_str().unwrap().ends_with(" dòng hai\ndòng ba"),
        "{step}"
    );
}

/// A procedure file that does not parse is listed, marked, with its file and line — never
/// silently missing — and its page says what is wrong.
#[test]
fn an_unreadable_file_is_listed_and_marked_with_its_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("c");
    copy_dir(demo_template(), &root);
    let file = root.join(KHAI_SINH);
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replacen("steps:", "steps: [unclosed", 1)).unwrap();
    let mut ui = Ui::on(root, dir, 100, 30, Lang::Vi);
    let screen = ui.shot("Tệp không đọc được");
    assert!(
        screen.contains("/49"),
        "48 procedures and the unreadable one: {screen}"
    );
    assert!(
        screen.contains("1.001193 ⚠ Không đọc được (dòng 6:10) procedures/xa/"),
        "{screen}"
    );
    assert!(screen.contains("1 tệp không đọc được"), "{screen}");
    // Searching for its code still finds it.
    ui.keys("/1.001193<enter>");
    assert!(ui.screen().contains("⚠ Không đọc được"), "{}", ui.screen());
    ui.keys("<enter>");
    let page = ui.shot("Tệp không đọc được, trang");
    assert!(
        page.contains("Tệp không đọc được: procedures/xa/1.001193.yaml"),
        "{page}"
    );
    assert!(page.contains("dòng "), "the line: {page}");
    // It cannot be edited in the form; the TUI says why.
    ui.keys("<esc>e");
    assert!(ui.app.screen.form().is_none());
    assert!(ui.screen().contains("không đọc được"), "{}", ui.screen());
    insta::assert_snapshot!("unreadable", format!("{screen}{page}"));
}

/// Fees and a legal basis that were never entered read "Chưa có thông tin", never "Không".
#[test]
fn missing_fees_and_legal_basis_are_not_shown_as_none() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("c");
    copy_dir(demo_template(), &root);
    let file = root.join(KHAI_SINH);
    let text = std::fs::read_to_string(&file).unwrap();
    let mut kept: Vec<&str> = Vec::new();
    let mut skipping = false;
    for line in text.lines() {
        if line.starts_with("fees:") || line.starts_with("legal_basis:") {
            skipping = true;
            continue;
        }
        if skipping && (line.starts_with(' ') || line.starts_with('-')) {
            continue;
        }
        skipping = false;
        kept.push(line);
    }
    std::fs::write(&file, kept.join("\n") + "\n").unwrap();
    let mut ui = Ui::on(root, dir, 100, 200, Lang::Vi);
    ui.keys("/1.001193<enter><enter>");
    let page = ui.screen();
    assert!(page.contains("PHÍ, LỆ PHÍ\n  Chưa có thông tin"), "{page}");
    assert!(
        page.contains("CĂN CỨ PHÁP LÝ\n  Chưa có thông tin"),
        "{page}"
    );
}

/// The abolition dialog asks for what the CLI asks — reason, title, plan, compliance cost — flags
/// an open proposal of the same kind for the procedure, and the proposal page shows the cost.
#[test]
fn an_abolition_asks_everything_and_flags_a_duplicate() {
    let mut ui = Ui::new(100, 30, Lang::Vi);
    // 2022-008, sent to the province, already proposes abolishing 1.001653.
    ui.keys("/1.001653<enter>a");
    let words = boxed_words(&ui.screen());
    assert!(
        words.contains("⚠ Đã có đề xuất cùng loại đang mở cho thủ tục này: 2022-008 (đã gửi tỉnh)"),
        "{words}"
    );
    ui.keys("Giấy xác nhận đã được liên thông<tab><tab>Bỏ thủ tục, dùng dữ liệu dân cư");
    ui.keys("<tab>12.000.000 đ<enter>");
    assert!(
        ui.screen().contains("cần cả hai số"),
        "both amounts or none: {}",
        ui.screen()
    );
    let before = ui.commits();
    ui.keys("4.000.000<enter>");
    assert_eq!(ui.commits(), before + 1, "{}", ui.screen());
    let data = ui.app.data.clone().unwrap();
    let drafted = data
        .cat
        .proposals
        .iter()
        .map(|p| &p.record)
        .find(|p| p.id != "2022-008" && p.target.as_ref().is_some_and(|t| t.code == "1.001653"))
        .unwrap();
    assert_eq!(
        drafted.plan.as_deref(),
        Some("Bỏ thủ tục, dùng dữ liệu dân cư")
    );
    assert_eq!(
        drafted.compliance_cost,
        Some(tthc::model::ComplianceCost {
            before: 12_000_000,
            after: 4_000_000
        })
    );
    // The cursor is on the new proposal; its page shows the cost and the saving.
    ui.keys("<enter>");
    let page = ui.screen();
    assert!(
        page.contains(
            "Chi phí tuân thủ (một năm): 12.000.000 đ → 4.000.000 đ; tiết kiệm 8.000.000 đ (66%)"
        ),
        "{page}"
    );
}

/// A save the library refuses is reported in the app's language, not in the error's English
/// `Display`: here the repository was switched to a detached HEAD while the form was open.
#[test]
fn a_failed_save_is_reported_in_the_users_language() {
    for (lang, said, not_said) in [
        (
            Lang::Vi,
            [
                "Chưa lưu (phần sửa vẫn giữ nguyên):",
                "kho git không ở trên nhánh nào",
            ],
            "is not on a branch",
        ),
        (
            Lang::En,
            [
                "Not saved (your edit is kept):",
                "the repository is not on a branch",
            ],
            "không ở trên nhánh nào",
        ),
    ] {
        let mut ui = Ui::new(160, 40, lang);
        ui.keys("/1.001193<enter>e");
        ui.goto(lang.pick("Tên thủ tục", "Name"), 0)
            .keys("<enter> mới<esc>");
        let before = ui.commits();
        ui.git(&["checkout", "-q", "--detach"]);
        ui.keys("<ctrl-s><enter>");
        let (status, _) = ui.app.status.clone().expect("an error on the status line");
        let screen = ui.screen();
        for words in said {
            assert!(status.contains(words), "{lang:?}: {status}");
            assert!(screen.contains(words), "{lang:?}: {screen}");
        }
        assert!(!status.contains(not_said), "{lang:?}: {status}");
        assert!(ui.app.screen.form().is_some(), "the edit is kept");
        assert_eq!(ui.commits(), before);
    }
}

/// Publishing refused by the library (uncommitted changes) says why in Vietnamese, in the
/// dialog, which keeps what was typed.
#[test]
fn a_refused_publication_is_explained_in_vietnamese() {
    let mut ui = Ui::new(160, 40, Lang::Vi);
    let before = ui.commits();
    let out = ui._dir.path().join("site");
    let screen = ui.keys("4").screen();
    assert!(screen.contains("Thủ tục công bố mới"), "{screen}");
    ui.keys("p1402/QĐ-UBND<down><down><down><down>");
    if let Some(super::app::Modal::Publish(super::publishing::Publish { fields, .. })) =
        &mut ui.app.modal
    {
        fields[4] = ratatui_textarea::TextArea::new(vec![out.display().to_string()]);
    }
    // While the dialog is open, the file is changed by hand.
    let path = ui.app.root.join(KHAI_SINH);
    let text = ui
        .file(KHAI_SINH)
        .replace("Đăng ký khai sinh", "Đăng ký khai sinh (sửa tay)");
    std::fs::write(&path, text).unwrap();
    ui.keys("<enter>");
    assert_eq!(ui.commits(), before);
    let screen = ui.screen();
    let why = ui
        .app
        .dialog_error
        .clone()
        .unwrap_or_else(|| panic!("the dialog says why: {:?}\n{screen}", ui.app.status));
    assert!(
        why.contains("danh mục có thay đổi chưa được lưu vào git"),
        "{why}"
    );
    assert!(!why.contains("uncommitted"), "{why}");
    assert!(ui.app.modal.is_some(), "the dialog stays open");
}

/// A new procedure starts as a draft, not published, and its online mode is the user's to
/// choose: until chosen it is missing and the form cannot be saved.
#[test]
fn a_new_procedure_starts_as_an_unpublished_draft_with_no_online_mode_chosen() {
    let mut ui = Ui::new(160, 45, Lang::Vi);
    ui.keys("n<right>1.001999<enter>");
    assert!(ui.app.screen.form().is_some(), "{}", ui.screen());
    assert_eq!(ui.value("status"), "draft");
    assert_eq!(ui.value("online_service.mode"), "");
    let form = ui.app.screen.form().unwrap();
    let online_mode = form
        .problems
        .iter()
        .find(|p| p.message.contains("Mức độ"))
        .unwrap_or_else(|| panic!("the online mode is missing: {:?}", form.problems));
    assert_eq!(
        online_mode.severity,
        tthc::diagnostic::Severity::Error,
        "{}",
        online_mode.message
    );
    assert!(
        online_mode.message.contains("thiếu"),
        "{}",
        online_mode.message
    );
    assert!(form.record.is_none(), "not saveable before choosing");
    ui.goto("Tình trạng", 0);
    let screen = ui.screen();
    assert!(screen.contains("Dự thảo, chưa công bố"), "{screen}");
    assert!(!screen.contains("Đang công khai"), "{screen}");
    assert!(!screen.contains("Toàn trình"), "{screen}");
}

/// An abolition that takes effect after today is shown as coming, in the list and on the page.
#[test]
fn an_abolition_effective_later_is_shown_as_coming() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("demo");
    copy_dir(demo_template(), &root);
    let file = root.join(KHAI_SINH);
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("status: published\n"), "{text}");
    let text = text.replace(
        "status: published\n",
        "status: abolished\neffective_until: 2023-01-01\n",
    );
    std::fs::write(&file, text).unwrap();
    // The tests' today is 01/07/2022.
    let mut ui = Ui::on(root, dir, 160, 45, Lang::Vi);
    ui.keys("/1.001193");
    let screen = ui.screen();
    assert!(screen.contains("Sẽ bãi bỏ"), "{screen}");
    ui.keys("<enter><enter>");
    let screen = ui.screen();
    assert!(
        screen.contains("Tình trạng: Đang công khai, sẽ bãi bỏ từ ngày 01/01/2023"),
        "{screen}"
    );
}

/// A published proposal whose target was edited since the draft, in a field it does not touch:
/// the apply dialog says which fields changed and offers to carry it over; Enter again does so,
/// keeping both changes, in one commit.
#[test]
fn a_stale_proposal_is_carried_over_from_the_apply_dialog() {
    const HKD: &str = "procedures/huyen/1.001612.yaml";
    let mut ui = Ui::new(120, 40, Lang::Vi);
    let path = ui.app.root.join(HKD);
    let text = ui.file(HKD).replace(
        "name: Đăng ký thành lập hộ kinh doanh\n",
        "name: Đăng ký thành lập hộ kinh doanh (tên sửa ở nơi khác)\n",
    );
    std::fs::write(&path, text).unwrap();
    ui.git(&["commit", "-qam", "Sửa tên ở nơi khác"]);
    ui.keys("<ctrl-r>");
    let before = ui.commits();
    ui.keys("2");
    let data = ui.app.data.clone().unwrap();
    let order = super::view::proposal_order(&data.cat);
    let row = order
        .iter()
        .position(|&i| data.cat.proposals[i].record.id == "2022-005")
        .unwrap();
    ui.keys(&format!("<home>{}p<enter>", "<down>".repeat(row)));
    let refused = ui.app.dialog_error.clone().unwrap_or_default();
    assert!(
        refused.contains("tên thủ tục") && refused.contains("nhấn Enter lần nữa"),
        "{refused}\n{}",
        ui.screen()
    );
    assert_eq!(ui.commits(), before, "nothing applied yet");
    ui.keys("<enter>");
    assert_eq!(ui.commits(), before + 1, "{}", ui.screen());
    let saved = ui.file(HKD);
    assert!(saved.contains("(tên sửa ở nơi khác)"), "{saved}");
    let proposed = &data
        .cat
        .proposals
        .iter()
        .find(|p| p.record.id == "2022-005")
        .unwrap()
        .record
        .proposed;
    let time = serde_json::to_value(&proposed.as_ref().unwrap().processing_time).unwrap();
    let now: tthc::model::Procedure =
        tthc::store::parse_text(std::path::Path::new(HKD), &saved).expect("the record parses");
    assert_eq!(serde_json::to_value(&now.processing_time).unwrap(), time);
}

/// Issue 15: the first screen comes from the summaries (outlines of the procedures), shows the
/// same list as the whole catalogue, refuses to open or edit an outline, and the whole records
/// follow without a key pressed.
#[test]
fn the_first_screen_is_the_list_from_summaries_then_the_whole_records() {
    // The harness's first load wrote the record cache and the summaries beside it.
    let mut ui = Ui::new(120, 30, Lang::En);
    let whole_screen = ui.screen();
    let jobs = super::jobs::run_job(&ui.app.root, Lang::En, super::jobs::Job::LoadFirst);
    update::handle(&mut ui.app, Msg::Job(Box::new(jobs)));
    let data = ui.app.data.clone().unwrap();
    assert!(data.partial, "the summaries served");
    // The list columns alone: no record is held while the whole ones load.
    assert!(data.cat.procedures.is_empty() && data.procedure_count() > 0);
    assert!(data.procedure_at(0).is_none());
    // The list itself is the same (the status line aside).
    let first = ui.screen();
    let body = |s: &str| s.lines().take(20).collect::<Vec<_>>().join("\n");
    assert_eq!(body(&first), body(&whole_screen));
    // Opening the selected procedure waits for the whole records.
    update::update(&mut ui.app, super::action::Action::Open);
    assert!(ui.app.screen.page().is_none());
    update::update(&mut ui.app, super::action::Action::EditProcedure);
    assert!(ui.app.screen.form().is_none());
    let said = ui.app.status.clone().map(|s| s.0).unwrap_or_default();
    assert!(said.contains("Still loading"), "{said}");
    // The whole load was queued with the outlines; once it ran, everything works.
    assert!(!ui.app.jobs.is_empty());
    ui.run_jobs();
    let data = ui.app.data.clone().unwrap();
    assert!(!data.partial);
    assert!(
        data.cat
            .procedures
            .iter()
            .any(|p| !p.record.steps.is_empty())
    );
    // What was asked last while waiting is done now (the form), and the note asking to wait
    // is gone.
    assert!(ui.app.screen.form().is_some(), "{}", ui.screen());
    let said = ui.app.status.clone().map(|s| s.0).unwrap_or_default();
    assert!(!said.contains("Still loading"), "{said}");
    ui.keys("<esc>");
    assert!(ui.app.screen.form().is_none(), "{}", ui.screen());
    ui.keys("<enter>");
    assert!(ui.app.screen.page().is_some(), "{}", ui.screen());
}

/// One mode has the keyboard, the topmost layer drawn: the help opened over a dialog (F1) takes
/// Esc and the dialog is still there under it (the import dialog used to take the keys from
/// under the help).
#[test]
fn the_help_over_a_dialog_has_the_keys() {
    use super::app::Mode;
    let mut ui = Ui::new(100, 30, Lang::Vi);
    ui.keys("i");
    assert_eq!(ui.app.mode(), Mode::Dialog);
    ui.keys("<f1>");
    assert_eq!(ui.app.mode(), Mode::Overlay);
    ui.keys("<esc>");
    assert!(ui.app.importing().is_some(), "{}", ui.screen());
    assert_eq!(ui.app.mode(), Mode::Dialog);
    ui.keys("<esc>");
    assert_eq!(ui.app.mode(), Mode::Tab);
}
