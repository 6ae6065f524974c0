//! Text placed where the renderer does not escape it.
//!
//! Leptos writes the children of `<textarea>` (as of `<script>`, `<style>` and `<noscript>`)
//! into the server's HTML as they are: a stored answer holding `</textarea><meta …>` would
//! end the box and put markup in the page. Every textarea that shows stored or typed text
//! takes it through [`textarea_text`].

/// The text of a `<textarea>`, as its child in a `view!`.
///
/// On the server it is escaped (`&`, `<`, `>`): the browser's parser turns the entities back
/// into the characters, so the box shows exactly the text. In the browser the child becomes a
/// DOM text node, which is never parsed as HTML, so it stays as it is (and hydration leaves a
/// textarea's children alone).
pub fn textarea_text(text: String) -> String {
    #[cfg(feature = "ssr")]
    {
        html_escape::encode_text(&text).into_owned()
    }
    #[cfg(not(feature = "ssr"))]
    {
        text
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::textarea_text;

    #[test]
    fn markup_in_a_textarea_is_text() {
        let hostile = "a</textarea><meta http-equiv=refresh content=0;url=//evil.example>&amp;";
        let out = textarea_text(hostile.into());
        assert!(!out.contains('<') && !out.contains('>'), "{out}");
        assert_eq!(out, "a&lt;/textarea&gt;&lt;meta http-equiv=refresh content=0;url=//evil.example&gt;&amp;amp;");
        assert_eq!(textarea_text("plain text, \"quoted\"\nnew line".into()), "plain text, \"quoted\"\nnew line");
    }

    /// Every `<textarea>` in the UI's code that has a child takes it through `textarea_text`,
    /// so no new one writes stored text raw.
    #[test]
    fn every_textarea_child_is_escaped() {
        fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
            for e in std::fs::read_dir(dir).expect("read the source").flatten() {
                let p = e.path();
                if p.is_dir() {
                    walk(&p, out);
                } else if p.extension().is_some_and(|x| x == "rs") && !p.ends_with("components/text.rs") {
                    out.push(p);
                }
            }
        }
        let mut files = Vec::new();
        walk(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/ui"), &mut files);
        let mut children = 0;
        for f in files {
            let src = std::fs::read_to_string(&f).expect("read a source file");
            for (start, _) in src.match_indices("<textarea") {
                let rest = &src[start..];
                let Some(end) = rest.find("</textarea>") else { continue };
                // The child follows the line that closes the tag (`>` alone, as formatted), or
                // the last `>` of a tag written on one line.
                let block = &rest[..end];
                let lines: Vec<&str> = block.lines().collect();
                let child = match lines.iter().rposition(|l| l.trim() == ">") {
                    Some(i) => lines[i + 1..].join("\n"),
                    None => block.rsplit_once('>').map(|(_, c)| c.to_owned()).unwrap_or_default(),
                };
                let child = child.trim();
                if !child.is_empty() {
                    children += 1;
                    assert!(child.contains("textarea_text("), "{}: a textarea child not escaped: {child}", f.display());
                }
            }
        }
        assert!(children >= 4, "the textareas with a child were not found ({children})");
    }
}
