//! The text syntax of distributions (see the table in the
//! [module docs](super)): reading it ([`parse`]: tokens, each family's
//! argument names, binding positional and named arguments), printing the
//! canonical form (`Display`), and the serde form, which is that text.

use core::fmt;
use core::str::FromStr;

use super::Distribution;
use super::error::{DistributionError, SyntaxDetail};
use super::lognormal;
use super::spec::{Num, SPECS, Spec};

impl fmt::Display for Distribution {
    /// The canonical text form, e.g. `pert(0.02,0.03,0.05)`; parsing it
    /// gives back an identical value.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Distribution::Fixed { value } => write!(f, "{}", Num(value)),
            Distribution::Uniform { min, max } => write!(f, "uniform({},{})", Num(min), Num(max)),
            Distribution::Triangular { min, mode, max } => {
                write!(f, "triangular({},{},{})", Num(min), Num(mode), Num(max))
            }
            Distribution::Pert { min, mode, max } => {
                write!(f, "pert({},{},{})", Num(min), Num(mode), Num(max))
            }
            Distribution::Normal { mean, sd, min, max } => {
                write!(f, "normal({},{}", Num(mean), Num(sd))?;
                if let Some(lo) = min {
                    write!(f, ",min={}", Num(lo))?;
                }
                if let Some(hi) = max {
                    write!(f, ",max={}", Num(hi))?;
                }
                f.write_str(")")
            }
            Distribution::LogNormal { mu, sigma } => {
                write!(f, "lognormal(mu={},sigma={})", Num(mu), Num(sigma))
            }
            Distribution::Beta { mean, sd } => write!(f, "beta({},{})", Num(mean), Num(sd)),
        }
    }
}

impl FromStr for Distribution {
    type Err = DistributionError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Distribution::parse(s)
    }
}

impl TryFrom<&str> for Distribution {
    type Error = DistributionError;

    fn try_from(s: &str) -> Result<Self, Self::Error> {
        Distribution::parse(s)
    }
}

impl serde::Serialize for Distribution {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Distribution {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        if deserializer.is_human_readable() {
            deserializer.deserialize_any(DistributionVisitor)
        } else {
            deserializer.deserialize_str(DistributionVisitor)
        }
    }
}

struct DistributionVisitor;

impl DistributionVisitor {
    fn fixed<E: serde::de::Error>(value: f64) -> Result<Distribution, E> {
        let d = Distribution::Fixed { value };
        d.validate().map_err(E::custom)?;
        Ok(d)
    }
}

impl serde::de::Visitor<'_> for DistributionVisitor {
    type Value = Distribution;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a distribution such as \"pert(1,2,4)\", or a number")
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Distribution, E> {
        Distribution::parse(v).map_err(E::custom)
    }

    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Distribution, E> {
        Self::fixed(v)
    }

    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Distribution, E> {
        Self::fixed(v as f64)
    }

    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Distribution, E> {
        Self::fixed(v as f64)
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Tok<'a> {
    Word(&'a str),
    Open,
    Close,
    Comma,
    Equals,
}

impl Tok<'_> {
    fn describe(&self) -> String {
        match self {
            Tok::Word(w) => format!("'{w}'"),
            Tok::Open => "'('".to_string(),
            Tok::Close => "')'".to_string(),
            Tok::Comma => "','".to_string(),
            Tok::Equals => "'='".to_string(),
        }
    }
}

fn lex(s: &str) -> Vec<Tok<'_>> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for (i, ch) in s.char_indices() {
        let punct = match ch {
            '(' => Some(Tok::Open),
            ')' => Some(Tok::Close),
            ',' => Some(Tok::Comma),
            '=' => Some(Tok::Equals),
            _ => None,
        };
        if punct.is_some() || ch.is_whitespace() {
            if let Some(b) = start.take() {
                out.push(Tok::Word(&s[b..i]));
            }
            if let Some(t) = punct {
                out.push(t);
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(b) = start {
        out.push(Tok::Word(&s[b..]));
    }
    out
}

fn parse_number(input: &str, text: &str) -> Result<f64, DistributionError> {
    match text.parse::<f64>() {
        Ok(x) if x.is_finite() => Ok(x),
        Ok(_) => Err(DistributionError::NonFinite {
            input: input.to_string(),
            text: text.to_string(),
        }),
        Err(_) => Err(DistributionError::NotANumber {
            input: input.to_string(),
            text: text.to_string(),
        }),
    }
}

fn syntax(input: &str, detail: SyntaxDetail) -> DistributionError {
    DistributionError::Syntax {
        input: input.to_string(),
        detail,
    }
}

/// Binds the argument tokens (between the parentheses) to `spec`'s names;
/// returns one slot per name of `required ++ optional`.
fn bind_arguments(
    input: &str,
    spec: &Spec,
    toks: &[Tok<'_>],
) -> Result<[Option<f64>; 4], DistributionError> {
    let mut slots = [None; 4];
    let names = || spec.required.iter().chain(spec.optional.iter());
    let mut positional = 0usize;
    let mut given = 0usize;
    let mut seen_named = false;
    // `split` yields one empty piece for an empty list: no arguments.
    let pieces = if toks.is_empty() {
        None
    } else {
        Some(toks.split(|t| *t == Tok::Comma))
    };
    for arg in pieces.into_iter().flatten() {
        given += 1;
        match arg {
            [] => {
                return Err(syntax(input, SyntaxDetail::EmptyArgument));
            }
            [Tok::Word(v)] => {
                if seen_named {
                    return Err(syntax(
                        input,
                        SyntaxDetail::PositionalAfterNamed {
                            arg: (*v).to_string(),
                        },
                    ));
                }
                if spec.family == "lognormal" {
                    return Err(DistributionError::LognormalForm {
                        input: input.to_string(),
                    });
                }
                let x = parse_number(input, v)?;
                if positional >= spec.required.len() {
                    // Count every argument to report the real total.
                    let total = toks.split(|t| *t == Tok::Comma).count();
                    return Err(DistributionError::ArgumentCount {
                        input: input.to_string(),
                        family: spec.family,
                        takes: spec.takes,
                        given: total,
                    });
                }
                slots[positional] = Some(x);
                positional += 1;
            }
            [Tok::Word(k), Tok::Equals, Tok::Word(v)] => {
                seen_named = true;
                let key = k.to_ascii_lowercase();
                let Some(idx) = names().position(|n| *n == key) else {
                    return Err(DistributionError::UnknownArgument {
                        input: input.to_string(),
                        family: spec.family,
                        name: (*k).to_string(),
                        allowed: spec.allowed,
                    });
                };
                if slots[idx].is_some() {
                    return Err(DistributionError::DuplicateArgument {
                        input: input.to_string(),
                        name: key,
                    });
                }
                slots[idx] = Some(parse_number(input, v)?);
            }
            [Tok::Word(k), Tok::Equals] => {
                return Err(syntax(
                    input,
                    SyntaxDetail::NoValue {
                        name: (*k).to_string(),
                    },
                ));
            }
            [first, ..] => {
                let detail = match first {
                    Tok::Word(_) => SyntaxDetail::Unreadable {
                        token: first.describe(),
                    },
                    Tok::Open | Tok::Close => SyntaxDetail::Parenthesis,
                    _ => SyntaxDetail::Unexpected {
                        token: first.describe(),
                    },
                };
                return Err(syntax(input, detail));
            }
        }
    }
    if slots[..spec.required.len()].iter().any(Option::is_none) {
        return Err(DistributionError::ArgumentCount {
            input: input.to_string(),
            family: spec.family,
            takes: spec.takes,
            given,
        });
    }
    Ok(slots)
}

/// Parses the text syntax and validates the result; see
/// [`Distribution::parse`].
pub(super) fn parse(text: &str) -> Result<Distribution, DistributionError> {
    let input = text.trim();
    if input.is_empty() {
        return Err(DistributionError::Empty);
    }
    let toks = lex(input);
    let (name, args) = match toks.as_slice() {
        [Tok::Word(w)] => return parse_word(input, w),
        [Tok::Word(name), Tok::Open, rest @ ..] => match rest.split_last() {
            Some((Tok::Close, args)) => (*name, args),
            _ => {
                let detail = match rest.iter().position(|t| *t == Tok::Close) {
                    Some(i) => SyntaxDetail::AfterClose {
                        token: rest.get(i + 1).map_or_else(String::new, Tok::describe),
                    },
                    None => SyntaxDetail::MissingClose,
                };
                return Err(syntax(input, detail));
            }
        },
        [Tok::Word(w), next, ..] => {
            return Err(syntax(
                input,
                SyntaxDetail::ExpectedOpen {
                    word: (*w).to_string(),
                    found: next.describe(),
                },
            ));
        }
        [first, ..] => {
            return Err(syntax(
                input,
                SyntaxDetail::UnexpectedStart {
                    token: first.describe(),
                },
            ));
        }
        [] => return Err(DistributionError::Empty),
    };
    let lower = name.to_ascii_lowercase();
    let Some(spec) = SPECS.iter().find(|s| s.family == lower) else {
        return Err(DistributionError::UnknownFamily {
            input: input.to_string(),
            name: name.to_string(),
        });
    };
    if args.iter().any(|t| matches!(t, Tok::Open | Tok::Close)) {
        return Err(syntax(input, SyntaxDetail::Parenthesis));
    }
    let d = from_slots(input, spec, bind_arguments(input, spec, args)?)?;
    d.validate()?;
    Ok(d)
}

/// A text of one word `w`: a number (a `fixed` distribution), or a family
/// written without its arguments.
fn parse_word(input: &str, w: &str) -> Result<Distribution, DistributionError> {
    let lower = w.to_ascii_lowercase();
    if let Some(spec) = SPECS.iter().find(|s| s.family == lower) {
        return Err(DistributionError::ArgumentCount {
            input: input.to_string(),
            family: spec.family,
            takes: spec.takes,
            given: 0,
        });
    }
    let starts_like_number = w
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_digit() || matches!(c, '+' | '-' | '.'));
    let value = match parse_number(input, w) {
        Ok(v) => v,
        Err(e @ DistributionError::NonFinite { .. }) => return Err(e),
        Err(e) if starts_like_number => return Err(e),
        Err(_) => {
            return Err(DistributionError::UnknownFamily {
                input: input.to_string(),
                name: w.to_string(),
            });
        }
    };
    let d = Distribution::Fixed { value };
    d.validate()?;
    Ok(d)
}

/// The distribution of `spec`'s family from the arguments bound to its
/// names (not yet validated).
fn from_slots(
    input: &str,
    spec: &Spec,
    s: [Option<f64>; 4],
) -> Result<Distribution, DistributionError> {
    let req = |i: usize| s[i].unwrap_or(f64::NAN);
    Ok(match spec.family {
        "fixed" => Distribution::Fixed { value: req(0) },
        "uniform" => Distribution::Uniform {
            min: req(0),
            max: req(1),
        },
        "triangular" => Distribution::Triangular {
            min: req(0),
            mode: req(1),
            max: req(2),
        },
        "pert" => Distribution::Pert {
            min: req(0),
            mode: req(1),
            max: req(2),
        },
        "normal" => Distribution::Normal {
            mean: req(0),
            sd: req(1),
            min: s[2],
            max: s[3],
        },
        "beta" => Distribution::Beta {
            mean: req(0),
            sd: req(1),
        },
        _ => lognormal::from_named(input, s)?,
    })
}
