//! A value put in a link's query (a page to come back to, a search), the same in the browser
//! and on the server.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// Everything but the unreserved characters and `/`: a path stays readable in `?next=/cases/7`.
const QUERY_VALUE: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~').remove(b'/');

/// Percent-encodes `s` as one query value.
pub fn query_value(s: &str) -> String {
    utf8_percent_encode(s, QUERY_VALUE).to_string()
}

#[cfg(test)]
mod tests {
    use super::query_value;

    #[test]
    fn a_path_and_its_query_stay_one_value() {
        assert_eq!(
            query_value("/cases/mine?status=planning&x=ă b"),
            "/cases/mine%3Fstatus%3Dplanning%26x%3D%C4%83%20b"
        );
        assert_eq!(query_value("a-b_c.d~e/f"), "a-b_c.d~e/f");
    }
}
