//! Stop words: function words that rarely begin or end a quality phrase (English, and the most
//! common Chinese function characters). Compared against normalized (lower-case) word keys.

/// English function words: articles, pronouns, auxiliaries, prepositions, conjunctions and the
/// commonest adverbs and determiners.
#[rustfmt::skip]
const ENGLISH: &[&str] = &[
    "a", "about", "above", "after", "again", "against", "all", "also", "although", "am", "among",
    "amongst", "an", "and", "any", "are", "as", "at", "be", "because", "been", "before", "being",
    "below", "besides", "between", "both", "but", "by", "can", "could", "despite", "did", "do",
    "does", "doing", "done", "down", "due", "during", "each", "either", "else", "even", "ever",
    "every", "few", "for", "from", "further", "furthermore", "had", "has", "have", "having", "he",
    "hence", "her", "here", "hers", "herself", "him", "himself", "his", "how", "however", "i",
    "if", "in", "including", "into", "is", "it", "its", "itself", "just", "may", "me", "might",
    "more", "moreover", "most", "much", "must", "my", "myself", "neither", "nevertheless", "no",
    "nor", "not", "now", "of", "off", "often", "on", "once", "only", "onto", "or", "other",
    "others", "our", "ours", "ourselves", "out", "over", "own", "per", "respectively", "same",
    "she", "should", "since", "so", "some", "such", "than", "that", "the", "their", "theirs",
    "them", "themselves", "then", "there", "thereby", "therefore", "these", "they", "this",
    "those", "though", "through", "throughout", "thus", "to", "too", "toward", "towards", "under",
    "unlike", "until", "up", "upon", "us", "versus", "very", "via", "vs", "was", "we", "were",
    "what", "when", "where", "whereas", "whereby", "wherein", "whether", "which", "while", "who",
    "whom", "whose", "why", "will", "with", "within", "without", "would", "yet", "you", "your",
    "yours", "yourself",
];

/// Chinese function characters (particles, prepositions, conjunctions, copulas).
const CHINESE: &[&str] = &[
    "的", "了", "和", "是", "在", "有", "与", "及", "或", "对", "为", "于", "以", "而", "并", "也",
    "被", "把", "从", "将", "其", "之", "等", "中", "由", "但", "则", "该", "这", "那", "个", "们",
];

/// Whether `key` (a normalized word) is a stop word.
pub(crate) fn is_stopword(key: &str) -> bool {
    ENGLISH.binary_search(&key).is_ok() || CHINESE.contains(&key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_list_is_sorted_for_binary_search() {
        assert!(ENGLISH.windows(2).all(|w| w[0] < w[1]));
        assert!(is_stopword("the") && is_stopword("whereas") && is_stopword("的"));
        assert!(!is_stopword("cancer") && !is_stopword("The"));
    }
}
