//! Text helpers shared by several layers: the "did you mean" of every file and option
//! read (the instance, a re-planning's changes, the desiderata). A leaf: it imports
//! nothing of the crate, and each caller words its own French message around the
//! suggestion.

/// How close a word must be to a candidate (Jaro–Winkler, case ignored) to be
/// suggested. Every suggestion in the tests scores at least 0.88; an id of three
/// characters with one wrong (`d09` for `d01`) scores 0.82 and is not suggested.
pub const SUGGESTION_THRESHOLD: f64 = 0.85;

/// The candidate closest to `word`, if any is close enough: one equal to `word` but
/// for case, else the best Jaro–Winkler score of at least [`SUGGESTION_THRESHOLD`],
/// the first of equals.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let lower = word.to_lowercase();
    let mut best: Option<(f64, &'a str)> = None;
    for c in candidates {
        let score = if c.to_lowercase() == lower {
            2.0
        } else {
            strsim::jaro_winkler(&lower, &c.to_lowercase())
        };
        if score >= SUGGESTION_THRESHOLD && best.is_none_or(|(s, _)| score > s) {
            best = Some((score, c));
        }
    }
    best.map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn did_you_mean_needs_a_close_word() {
        assert_eq!(
            did_you_mean("max_per_wek", ["max_per_week", "max_per_month"]),
            Some("max_per_week")
        );
        assert_eq!(did_you_mean("zzz", ["max_per_week"]), None);
        assert_eq!(
            did_you_mean("europe/paris", ["Europe/Paris"]),
            Some("Europe/Paris")
        );
        assert_eq!(did_you_mean("mendee", ["florac", "mende"]), Some("mende"));
        assert_eq!(did_you_mean("d09", ["d01", "d02"]), None);
    }
}
