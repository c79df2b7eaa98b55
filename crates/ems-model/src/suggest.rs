//! "Did you mean" suggestions for misspelt names.

/// The candidate closest to `given` by edit distance, when it is close enough to be a typo
/// (at most a third of the longer name, and at least one edit).
pub fn closest<'a>(given: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let given_lower = given.to_ascii_lowercase();
    let given_chars = given.chars().count();
    candidates
        .into_iter()
        .filter_map(|c| {
            let limit = given.len().max(c.len()).div_ceil(3).max(1);
            // The distance is at least the difference in length: skip hopeless candidates
            // without computing it, so that a huge input stays cheap.
            if given_chars.abs_diff(c.chars().count()) > limit {
                return None;
            }
            let d = edit_distance(&given_lower, &c.to_ascii_lowercase());
            (d <= limit).then_some((d, c))
        })
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Levenshtein distance between two strings, by characters.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        current[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distance_counts_insertions_deletions_and_substitutions() {
        assert_eq!(edit_distance("sdm63", "sdm630"), 1);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
    }

    #[test]
    fn a_huge_input_is_compared_cheaply_and_gets_no_suggestion() {
        let huge = "x".repeat(1_000_000);
        assert_eq!(closest(&huge, ["Europe/Rome"; 1000]), None);
    }

    #[test]
    fn a_far_name_gets_no_suggestion() {
        assert_eq!(
            closest("eastron.sdm63", ["eastron.sdm630", "abb.b23"]),
            Some("eastron.sdm630")
        );
        assert_eq!(closest("zzz", ["eastron.sdm630", "abb.b23"]), None);
    }
}
