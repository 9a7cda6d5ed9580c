//! JSON with comments and trailing commas (tsconfig.json, bun.lock), made
//! plain JSON for serde_json by blanking what JSON does not allow.
//!
//! Blanking replaces comments and trailing commas with spaces (newlines are
//! kept), so the result has the same length and line breaks as the input:
//! byte offsets found in it (serde_json's `RawValue`) point at the same
//! place in the original text.

/// `text` with `//` and `/* */` comments and trailing commas (a comma
/// before `}` or `]`, across whitespace and comments) replaced by spaces.
/// Strings are left alone. Never fails: malformed input stays malformed
/// for the JSON parser to report.
pub fn blank(text: &str) -> String {
    let mut out = text.as_bytes().to_vec();
    let bytes = text.as_bytes();
    // The last comma seen outside strings and comments that only whitespace
    // or comments have followed so far.
    let mut pending_comma: Option<usize> = None;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                pending_comma = None;
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    out[i] = b' ';
                    i += 1;
                }
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                let end = text.get(i + 2..).and_then(|rest| rest.find("*/")).map_or(bytes.len(), |p| i + 2 + p + 2);
                for b in &mut out[i..end] {
                    if *b != b'\n' {
                        *b = b' ';
                    }
                }
                i = end;
            }
            b',' => {
                pending_comma = Some(i);
                i += 1;
            }
            b'}' | b']' => {
                if let Some(at) = pending_comma.take() {
                    out[at] = b' ';
                }
                i += 1;
            }
            b' ' | b'\t' | b'\r' | b'\n' => i += 1,
            _ => {
                pending_comma = None;
                i += 1;
            }
        }
    }
    // Only ASCII bytes outside strings were replaced by ASCII spaces, and a
    // comment's bytes are replaced whole, so the result is still UTF-8.
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_and_trailing_commas_become_spaces_at_the_same_offsets() {
        let src = "{\n // c\n \"a\": [1, 2,], /* x\n y */ \"b\": \"//not, }\",\n}";
        let out = blank(src);
        assert_eq!(out.len(), src.len());
        assert_eq!(out.matches('\n').count(), src.matches('\n').count());
        let v: serde_json::Value = serde_json::from_str(&out).expect("plain JSON");
        assert_eq!(v["a"], serde_json::json!([1, 2]));
        assert_eq!(v["b"], "//not, }");
        assert_eq!(out.find("\"b\""), src.find("\"b\""));
    }

    #[test]
    fn a_comma_between_values_stays() {
        let src = "[1, /* c */ 2 , // x\n 3 ,\n]";
        let v: serde_json::Value = serde_json::from_str(&blank(src)).expect("plain JSON");
        assert_eq!(v, serde_json::json!([1, 2, 3]));
    }

    #[test]
    fn unterminated_input_does_not_panic() {
        for src in ["\"abc", "/* open", "{\"a\\", "// é", "[1,", "é,]"] {
            let _ = blank(src);
        }
    }
}
