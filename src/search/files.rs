//! Names and wrapping of the generated data files.
//!
//! Every file is a script calling `window.__hbSearch.add(name, data)`, so the
//! browser loads it with a `<script>` tag: that works from `file://`, where
//! `fetch`/XHR are refused, as well as over HTTP.

/// Directory under the site root holding every generated file.
pub const DIR: &str = "search";
/// Bumped whenever a file format changes; the browser refuses other versions.
pub const FORMAT_VERSION: u32 = 5;

pub const MANIFEST: &str = "index";
pub const PINYIN: &str = "pinyin";
pub const ROLES: &str = "roles";

/// Chunk of the Traditional→Simplified table holding code point `cp`; the
/// browser loads only the chunks of the chars it is asked to fold.
pub fn fold_name(cp: u32, chunks: u32) -> String {
    format!("f{}", cp % chunks.max(1))
}

/// Chars below this code point are never in the fold table (its first key is
/// U+346E), so folding ASCII and punctuation loads no table chunk.
pub const FOLD_TABLE_START: u32 = 0x3400;

/// File of a heavy key's posting list (see [`crate::search::format::Shard`]).
pub fn heavy_name(n: usize) -> String {
    format!("h{n}")
}

/// File of bucket group `g` of split key `n`: by the following char (`hNnG`) or by the
/// preceding char (`hNpG`).
pub fn group_name(n: usize, back: bool, g: u32) -> String {
    format!("h{n}{}{g}", if back { 'p' } else { 'n' })
}

/// Group of the bucket of neighbour char `c` (`'\0'`: none) among `groups`.
pub fn bucket_group(c: char, groups: u32) -> u32 {
    c as u32 % groups.max(1)
}

pub fn shard_name(n: u32) -> String {
    format!("s{n}")
}

pub fn chunk_name(n: usize) -> String {
    format!("d{n}")
}

/// Path under the site root of the file holding chunk `name`.
pub fn path(name: &str) -> String {
    format!("{DIR}/{name}.js")
}

/// Wraps a JSON payload as a loader call.
pub fn wrap(name: &str, json: &str) -> Vec<u8> {
    // U+2028/2029 are legal in JSON strings but not in pre-ES2019 JS string
    // literals; JSON has them only inside strings, so escaping is safe.
    let json = json
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029");
    format!("window.__hbSearch.add(\"{name}\",{json});\n").into_bytes()
}

/// Extracts `(name, json)` from a file written by [`wrap`].
pub fn unwrap(bytes: &[u8]) -> Option<(String, &str)> {
    let s = std::str::from_utf8(bytes).ok()?;
    let rest = s.strip_prefix("window.__hbSearch.add(\"")?;
    let (name, rest) = rest.split_once("\",")?;
    let json = rest.trim_end().strip_suffix(");")?;
    Some((name.to_string(), json))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_round_trip() {
        let bytes = wrap("s3", "{\"a\":\"x\u{2028}\"}");
        let (name, json) = unwrap(&bytes).unwrap();
        assert_eq!(name, "s3");
        let v: serde_json::Value = serde_json::from_str(json).unwrap();
        assert_eq!(v["a"], "x\u{2028}");
        assert_eq!(path("s3"), "search/s3.js");
    }
}
