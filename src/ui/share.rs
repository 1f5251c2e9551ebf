//! Share links: the whole scenario (seed included) in the URL fragment,
//! deflate-compressed and base64url-encoded, so the link alone reproduces
//! the same results and nothing is sent to any server (a fragment never
//! leaves the browser).

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use crate::scenario::Bilingual;
use crate::text::Text;

/// Fragment prefix of a share link (`#s1=…`); the digit is the link format.
pub const PREFIX: &str = "s1=";

/// Largest scenario text a link may expand to (bytes).
pub const MAX_SCENARIO_BYTES: usize = 4 * 1024 * 1024;

/// Why a link could not be read.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum LinkError {
    /// The fragment is not a Sasaeai share link.
    #[error("the link holds no scenario (its part after # does not start with \"{PREFIX}\")")]
    NotALink,
    /// Characters outside base64url, or a cut-off code.
    #[error("the link is damaged: {0}")]
    Encoding(base64::DecodeError),
    /// The compressed data is incomplete or altered.
    #[error("the link is incomplete or altered: the scenario in it cannot be unpacked")]
    Compression,
    /// It unpacks to more than [`MAX_SCENARIO_BYTES`].
    #[error("the scenario in the link is larger than {} MB", MAX_SCENARIO_BYTES / 1_048_576)]
    TooLarge,
    /// It unpacks to something that is not text.
    #[error("the link does not hold scenario text")]
    NotText,
}

impl Bilingual for LinkError {
    fn text(&self) -> Text {
        let ja = match self {
            LinkError::NotALink => format!(
                "リンクにシナリオが含まれていません（#の後が\"{PREFIX}\"で始まっていません）"
            ),
            LinkError::Encoding(e) => match e {
                base64::DecodeError::InvalidByte(at, _)
                | base64::DecodeError::InvalidLastSymbol(at, _) => {
                    format!("リンクが壊れています（位置{at}に使えない文字があります）")
                }
                base64::DecodeError::InvalidLength(n) => {
                    format!(
                        "リンクが壊れています（長さ{n}が正しくありません。途中で切れている可能性があります）"
                    )
                }
                base64::DecodeError::InvalidPadding => {
                    "リンクが壊れています（末尾が正しくありません）".into()
                }
            },
            LinkError::Compression => {
                "リンクが途中で切れているか書き換えられているため、シナリオを展開できません".into()
            }
            LinkError::TooLarge => format!(
                "リンク内のシナリオが{} MBを超えています",
                MAX_SCENARIO_BYTES / 1_048_576
            ),
            LinkError::NotText => "リンクにシナリオのテキストが含まれていません".into(),
        };
        // The English is the error's own message (its `#[error]` above).
        Text::new(self.to_string(), ja)
    }
}

/// The fragment (without `#`) of a link to `scenario_toml`.
pub fn encode(scenario_toml: &str) -> String {
    let packed = miniz_oxide::deflate::compress_to_vec(scenario_toml.as_bytes(), 9);
    format!("{PREFIX}{}", URL_SAFE_NO_PAD.encode(packed))
}

/// The scenario text of a fragment (with or without the leading `#`).
pub fn decode(fragment: &str) -> Result<String, LinkError> {
    let body = fragment
        .strip_prefix('#')
        .unwrap_or(fragment)
        .strip_prefix(PREFIX)
        .ok_or(LinkError::NotALink)?;
    let packed = URL_SAFE_NO_PAD
        .decode(body.trim())
        .map_err(LinkError::Encoding)?;
    let text = miniz_oxide::inflate::decompress_to_vec_with_limit(&packed, MAX_SCENARIO_BYTES)
        .map_err(|e| match e.status {
            miniz_oxide::inflate::TINFLStatus::HasMoreOutput => LinkError::TooLarge,
            _ => LinkError::Compression,
        })?;
    String::from_utf8(text).map_err(|_| LinkError::NotText)
}

/// The link as a QR code drawn in SVG, with `label` as its accessible
/// name, for the printed report; `None` when the link is longer than a QR
/// code holds (2,953 bytes). The lowest error correction keeps the modules
/// as large as possible on paper.
pub fn qr_svg(link: &str, label: &str) -> Option<String> {
    use qrcode::render::svg;
    let code =
        qrcode::QrCode::with_error_correction_level(link.as_bytes(), qrcode::EcLevel::L).ok()?;
    let drawn = code
        .render::<svg::Color<'_>>()
        .module_dimensions(1, 1)
        .dark_color(svg::Color("#000000"))
        .light_color(svg::Color("#ffffff"))
        .build();
    let label = label
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;");
    let start = drawn.find("<svg ")?;
    Some(format!(
        "<svg role=\"img\" aria-label=\"{label}\" {}",
        &drawn[start + "<svg ".len()..]
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "schema_version = 1\nname = \"x\"\n[run]\nseed = 7\n# 東京\n";

    #[test]
    fn round_trip() {
        let f = encode(TEXT);
        assert!(f.starts_with(PREFIX));
        assert!(
            f.chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_=".contains(c))
        );
        assert_eq!(decode(&f).unwrap(), TEXT);
        assert_eq!(decode(&format!("#{f}")).unwrap(), TEXT);
    }

    #[test]
    fn damaged_links_are_refused_with_a_reason() {
        let f = encode(TEXT);
        assert_eq!(decode("other=1"), Err(LinkError::NotALink));
        assert!(matches!(decode("s1=%%%"), Err(LinkError::Encoding(_))));
        let cut = &f[..f.len() / 2];
        assert!(matches!(
            decode(cut),
            Err(LinkError::Compression | LinkError::Encoding(_))
        ));
        // Flip one character in the middle: the checksum or the stream breaks.
        let mut bytes: Vec<char> = f.chars().collect();
        let mid = PREFIX.len() + (bytes.len() - PREFIX.len()) / 2;
        bytes[mid] = if bytes[mid] == 'A' { 'B' } else { 'A' };
        let tampered: String = bytes.into_iter().collect();
        assert_ne!(decode(&tampered).ok().as_deref(), Some(TEXT));
    }

    #[test]
    fn oversized_content_is_refused() {
        let big = "#".repeat(MAX_SCENARIO_BYTES + 10);
        assert_eq!(decode(&encode(&big)), Err(LinkError::TooLarge));
    }

    /// Reads the QR code of `svg` back: its dark modules are the `h1v1`
    /// squares of the path (module size 1, quiet zone included).
    fn read_qr(svg: &str) -> String {
        let size: usize = {
            let at = svg.find("width=\"").unwrap() + 7;
            svg[at..at + svg[at..].find('"').unwrap()].parse().unwrap()
        };
        let d = &svg[svg.find(" d=\"").unwrap() + 4..];
        let d = &d[..d.find('"').unwrap()];
        let mut dark = vec![false; size * size];
        for square in d.split('M').skip(1) {
            let (x, rest) = square.split_once(' ').unwrap();
            let y: String = rest.chars().take_while(char::is_ascii_digit).collect();
            let width: usize = rest[y.len() + 1..]
                .split('v')
                .next()
                .unwrap()
                .parse()
                .unwrap();
            let (x, y): (usize, usize) = (x.parse().unwrap(), y.parse().unwrap());
            for i in 0..width {
                dark[y * size + x + i] = true;
            }
        }
        // Four pixels per module, as a scanner would see a printed code.
        let scale = 4;
        let mut image =
            rqrr::PreparedImage::prepare_from_bitmap(size * scale, size * scale, |x, y| {
                dark[(y / scale) * size + x / scale]
            });
        let grids = image.detect_grids();
        assert_eq!(grids.len(), 1, "one QR code");
        grids[0].decode().unwrap().1
    }

    #[test]
    fn a_share_link_reads_back_from_its_qr_code() {
        let toml = include_str!("../../scenarios/combined-plan.toml");
        let link = format!("http://127.0.0.1:8080/#{}", encode(toml));
        let svg = qr_svg(&link, "共有リンク <QR>").unwrap();
        assert!(svg.starts_with("<svg role=\"img\" aria-label=\"共有リンク &lt;QR&gt;\""));
        assert!(!svg.contains("<?xml"));
        assert_eq!(read_qr(&svg), link);
    }

    #[test]
    fn a_link_too_long_for_a_qr_code_has_none() {
        assert!(qr_svg(&"a".repeat(2_953), "x").is_some());
        assert!(qr_svg(&"a".repeat(2_954), "x").is_none());
    }
}
