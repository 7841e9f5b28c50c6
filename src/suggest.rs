//! "Did you mean": the known name closest to a misspelt one, by edit distance (strsim's
//! optimal string alignment, so a swap of two letters counts as one edit; strsim is
//! already built for clap's own suggestions).

/// The candidate closest to `word`, if it is near enough to be a likely typo: at most one
/// edit for short words, up to a third of the word's length (at most 3) for longer ones.
/// Case and the separators `-`, `_` and space do not count.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let norm = normalize(word);
    if norm.is_empty() {
        return None;
    }
    let limit = (norm.chars().count() / 3).clamp(1, 3);
    let mut best: Option<(usize, &'a str)> = None;
    for cand in candidates {
        let c = normalize(cand);
        if c == norm && cand != word {
            return Some(cand);
        }
        let d = strsim::osa_distance(&norm, &c);
        if d <= limit && best.is_none_or(|(bd, bc)| d < bd || (d == bd && cand < bc)) {
            best = Some((d, cand));
        }
    }
    best.map(|(_, c)| c).filter(|c| *c != word)
}

/// ` (did you mean `x`?)`, or nothing: to append to a message.
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    closest(word, candidates).map(|c| format!("did you mean `{c}`?")).unwrap_or_default()
}

fn normalize(s: &str) -> String {
    s.chars().filter(|c| !matches!(c, '-' | '_' | ' ')).flat_map(char::to_lowercase).collect()
}

#[cfg(test)]
mod tests {
    use super::closest;

    #[test]
    fn typos_find_the_intended_name() {
        let names = ["title", "summary", "keywords", "related", "weight"];
        assert_eq!(closest("titel", names), Some("title"));
        assert_eq!(closest("keyword", names), Some("keywords"));
        assert_eq!(closest("wieght", names), Some("weight"));
        assert_eq!(closest("colour", names), None);
        assert_eq!(closest("Kinesis Data Stream", ["kinesis-data-streams", "s3"]), Some("kinesis-data-streams"));
    }
}
