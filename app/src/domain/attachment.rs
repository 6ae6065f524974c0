//! Attachments of case forms: which files a form takes (by the type their content shows, never
//! by their name), how big, and how a file's name is kept. The server sniffs the content; the
//! browser only checks the size before spending a weak signal on a file that would be refused.

use serde::{Deserialize, Serialize};

/// The largest file a form takes unless the configuration says otherwise (10 MiB: a phone
/// photo is 2–6 MB).
pub const MAX_BYTES_DEFAULT: u64 = 10 * 1024 * 1024;

/// The longest edge of a photo's thumbnail, in pixels (sharp at 160 CSS px on a 2x screen).
pub const THUMB_EDGE: u32 = 320;

/// The longest file name kept, in characters.
pub const NAME_MAX: usize = 120;

/// What a file is, for showing it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FileKind {
    /// A photo: shown as a thumbnail, opened in the browser.
    Photo,
    /// A PDF: opened in the browser.
    Pdf,
    /// A text document: downloaded.
    Document,
}

/// The types a form takes, by the MIME type the content shows.
pub const ACCEPTED: &[(&str, FileKind)] = &[
    ("image/jpeg", FileKind::Photo),
    ("image/png", FileKind::Photo),
    ("image/webp", FileKind::Photo),
    ("image/heif", FileKind::Photo),
    ("application/pdf", FileKind::Pdf),
    ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", FileKind::Document),
    ("application/vnd.oasis.opendocument.text", FileKind::Document),
];

/// The `accept` of a file input: the phone offers its camera and its files of these types.
pub const ACCEPT_ATTR: &str = "image/jpeg,image/png,image/webp,image/heic,image/heif,.heic,.heif,\
                               application/pdf,.docx,.odt";

/// What a file of `content_type` is, or `None` when forms do not take it.
pub fn kind_of(content_type: &str) -> Option<FileKind> {
    ACCEPTED.iter().find(|(t, _)| *t == content_type).map(|(_, k)| *k)
}

/// True when the browser may show the file itself (a photo) rather than save it.
pub fn opens_inline(content_type: &str) -> bool {
    // A PDF may carry script and forms, and the browser's viewer cannot be sandboxed: saved.
    matches!(kind_of(content_type), Some(FileKind::Photo))
}

/// A thumbnail can be made of these (HEIF has no decoder here: it shows as a file).
pub fn has_decoder(content_type: &str) -> bool {
    matches!(content_type, "image/jpeg" | "image/png" | "image/webp")
}

/// The name a file is kept under: its last path part (a browser may send a whole path), without
/// control characters or quotes, at most [`NAME_MAX`] characters; `file` when nothing is left.
pub fn clean_name(raw: &str) -> String {
    let last = raw.rsplit(['/', '\\']).next().unwrap_or("");
    let kept: String = last
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, '"' | '<' | '>'))
        .collect::<String>()
        .trim()
        .chars()
        .take(NAME_MAX)
        .collect();
    if kept.trim_matches('.').is_empty() {
        "file".into()
    } else {
        kept
    }
}

/// A size for people: `820 KB`, `3.4 MB` (whole-number arithmetic: no float formatting in the
/// browser's bundle).
pub fn human_size(bytes: u64) -> String {
    const KB: u64 = 1024;
    const MB: u64 = 1024 * 1024;
    if bytes < MB {
        format!("{} KB", bytes.div_ceil(KB).max(1))
    } else {
        let tenths = (bytes * 10 + MB / 2) / MB;
        format!("{}.{} MB", tenths / 10, tenths % 10)
    }
}

/// Why a file is refused before it is stored: `empty`, `too_large` (over `max` bytes).
pub fn check_size(len: u64, max: u64) -> Result<(), &'static str> {
    if len == 0 {
        Err("empty_file")
    } else if len > max {
        Err("too_large")
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_keep_their_last_part_without_control_characters() {
        assert_eq!(clean_name("C:\\Users\\ana\\Poze\\IMG_0042.JPG"), "IMG_0042.JPG");
        assert_eq!(clean_name("../../etc/passwd"), "passwd");
        assert_eq!(clean_name("act\u{0}\n\"de\" <naștere>.pdf"), "actde naștere.pdf");
        assert_eq!(clean_name(".."), "file");
        assert_eq!(clean_name("   "), "file");
        assert_eq!(clean_name(&"ș".repeat(300)).chars().count(), NAME_MAX);
    }

    #[test]
    fn only_photos_and_documents_are_taken() {
        assert_eq!(kind_of("image/jpeg"), Some(FileKind::Photo));
        assert_eq!(kind_of("application/pdf"), Some(FileKind::Pdf));
        assert_eq!(kind_of("text/html"), None);
        assert_eq!(kind_of("image/svg+xml"), None);
        assert_eq!(kind_of("application/x-executable"), None);
        assert!(opens_inline("image/png") && !opens_inline("application/vnd.oasis.opendocument.text"));
        assert!(!opens_inline("application/pdf"));
        assert!(has_decoder("image/webp") && !has_decoder("image/heif"));
    }

    #[test]
    fn sizes() {
        assert_eq!(check_size(0, 10), Err("empty_file"));
        assert_eq!(check_size(11, 10), Err("too_large"));
        assert_eq!(check_size(10, 10), Ok(()));
        assert_eq!(human_size(1), "1 KB");
        assert_eq!(human_size(839_680), "820 KB");
        assert_eq!(human_size(3_565_158), "3.4 MB");
        assert_eq!(human_size(10 * 1024 * 1024), "10.0 MB");
    }
}
