//! Character ↔ byte offset helpers. The model counts characters; Rust slices bytes.

/// The substring at character offsets `[start, end)`, or `None` when out of range.
pub fn char_slice(text: &str, start: usize, end: usize) -> Option<&str> {
    if start > end {
        return None;
    }
    if text.is_ascii() {
        return text.get(start..end);
    }
    let b0 = char_to_byte(text, start)?;
    let b1 = b0 + char_to_byte(&text[b0..], end - start)?;
    Some(&text[b0..b1])
}

/// Byte offset of character offset `c` (which may equal the character length), or `None`.
pub fn char_to_byte(text: &str, c: usize) -> Option<usize> {
    if text.is_ascii() {
        return (c <= text.len()).then_some(c);
    }
    let mut n = 0;
    for (b, _) in text.char_indices() {
        if n == c {
            return Some(b);
        }
        n += 1;
    }
    (n == c).then_some(text.len())
}

/// Number of characters in `text`.
pub fn char_len(text: &str) -> usize {
    if text.is_ascii() {
        text.len()
    } else {
        text.chars().count()
    }
}

/// Maps byte offsets to character offsets and back in O(1) for one string; built once per
/// passage when many offsets must be converted (tokenizers report bytes, the model counts chars).
#[derive(Debug, Clone)]
pub struct CharIndex {
    /// `None` for ASCII text, where both offsets coincide.
    byte_of_char: Option<Vec<usize>>,
    len_bytes: usize,
}

impl CharIndex {
    /// Builds the index for `text`.
    pub fn new(text: &str) -> Self {
        let byte_of_char = if text.is_ascii() {
            None
        } else {
            let mut v: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
            v.push(text.len());
            Some(v)
        };
        CharIndex {
            byte_of_char,
            len_bytes: text.len(),
        }
    }

    /// Byte offset of character offset `c`, `None` past the end.
    pub fn byte(&self, c: usize) -> Option<usize> {
        match &self.byte_of_char {
            None => (c <= self.len_bytes).then_some(c),
            Some(v) => v.get(c).copied(),
        }
    }

    /// Character offset of byte offset `b`; a byte inside a character maps to that character.
    pub fn char(&self, b: usize) -> Option<usize> {
        match &self.byte_of_char {
            None => (b <= self.len_bytes).then_some(b),
            Some(v) => {
                if b > self.len_bytes {
                    return None;
                }
                Some(match v.binary_search(&b) {
                    Ok(i) => i,
                    Err(i) => i - 1,
                })
            }
        }
    }

    /// Number of characters.
    pub fn char_len(&self) -> usize {
        match &self.byte_of_char {
            None => self.len_bytes,
            Some(v) => v.len() - 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slices_by_characters_not_bytes() {
        let t = "α-synuclein and β-amyloid";
        assert_eq!(char_slice(t, 0, 11), Some("α-synuclein"));
        assert_eq!(char_slice(t, 16, 25), Some("β-amyloid"));
        assert_eq!(char_slice(t, 16, 26), None);
        assert_eq!(char_slice(t, 5, 4), None);
    }

    #[test]
    fn char_index_round_trips_and_rounds_down_inside_a_char() {
        let t = "aβc";
        let ix = CharIndex::new(t);
        assert_eq!(ix.byte(1), Some(1));
        assert_eq!(ix.byte(2), Some(3));
        assert_eq!(ix.byte(3), Some(4));
        assert_eq!(ix.byte(4), None);
        assert_eq!(ix.char(2), Some(1));
        assert_eq!(ix.char(3), Some(2));
        assert_eq!(ix.char_len(), 3);
    }
}
