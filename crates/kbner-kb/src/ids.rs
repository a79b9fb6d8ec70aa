//! Id namespaces: which of a concept's ids to write when the user prefers some namespaces.
//!
//! A concept may be known under several ids: a MEDIC concept listed `OMIM:608446|D009203` has the
//! concept id `OMIM:608446` and the alternative id `MESH:D009203`; a UMLS concept has its CUI and
//! a code in each source (`MSH:D009203`, `SNOMEDCT_US:22298006`). The namespace of an id is its
//! prefix before `:`; MeSH is one namespace however it is spelt (`MESH`, `MeSH`, `MSH`).

/// The namespace `ns` as compared: upper case, MeSH's spellings as `MESH`.
fn canonical_namespace(ns: &str) -> String {
    let ns = ns.trim().to_ascii_uppercase();
    if ns == "MSH" {
        "MESH".to_string()
    } else {
        ns
    }
}

/// True when `id` is in namespace `ns` (`MESH:D009203` and `MSH:D009203` are both in `MESH`
/// and in `MSH`; case does not matter). An id without a prefix is in no namespace.
///
/// ```
/// use kbner_kb::id_in_namespace;
/// assert!(id_in_namespace("MSH:D009203", "mesh"));
/// assert!(id_in_namespace("OMIM:608446", "OMIM"));
/// assert!(!id_in_namespace("D009203", "MESH"));
/// ```
pub fn id_in_namespace(id: &str, ns: &str) -> bool {
    id.split_once(':')
        .is_some_and(|(prefix, _)| canonical_namespace(prefix) == canonical_namespace(ns))
}

/// The id to write for a concept whose ids are `ids` (its concept id first): its id in the first
/// namespace of `prefer` that it has, else the first id. `None` only for an empty list.
///
/// ```
/// use kbner_kb::preferred_id;
/// let ids = ["OMIM:608446".to_string(), "MESH:D009203".to_string()];
/// assert_eq!(preferred_id(&ids, &["MESH".to_string()]), Some("MESH:D009203"));
/// assert_eq!(preferred_id(&ids, &["HP".to_string()]), Some("OMIM:608446"));
/// assert_eq!(preferred_id(&ids, &[]), Some("OMIM:608446"));
/// ```
pub fn preferred_id<'a>(ids: &'a [String], prefer: &[String]) -> Option<&'a str> {
    prefer
        .iter()
        .find_map(|ns| ids.iter().find(|id| id_in_namespace(id, ns)))
        .or_else(|| ids.first())
        .map(String::as_str)
}
