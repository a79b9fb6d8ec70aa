//! Pseudo-translation: word dictionary for common words, deterministic morphology and accents for
//! the rest, transliteration into Cyrillic, Greek, Arabic, Hebrew, Katakana, Hanzi and Hangul.

use super::*;
use std::sync::LazyLock;

/// English word -> [SPA, FRE, DUT, GER, POR, ITA, CZE, RUS, JPN, CHI, KOR]; "" (`-` in the data
/// file) drops the word.
static DICT: Table<(&str, [&str; 11])> = table!("dictionary.tsv");

fn dict_col(lat: u8) -> Option<usize> {
    Some(match lat {
        SPA => 0,
        FRE => 1,
        DUT => 2,
        GER => 3,
        POR => 4,
        ITA => 5,
        CZE => 6,
        RUS => 7,
        JPN => 8,
        CHI => 9,
        KOR => 10,
        _ => return None,
    })
}

/// The rows `(LAT, a, b)` of a per-language table, by language (file order kept).
fn by_lang<A: Copy, B: Copy>(rows: &[(Lat, A, B)]) -> Vec<Vec<(A, B)>> {
    let mut by_lang = vec![Vec::new(); LANGS.len()];
    for &(Lat(lat), a, b) in rows {
        by_lang[lat as usize].push((a, b));
    }
    by_lang
}

/// Suffix rewrites per language (applied to the lowercase word, first match wins): (LAT, English
/// suffix, replacement).
static SUFFIX_RULES: Table<(Lat, &str, &str)> = table!("suffix_rules.tsv");

/// The suffix rewrites of `lat`: (English suffix, replacement).
fn suffix_rules(lat: u8) -> &'static [(&'static str, &'static str)] {
    static BY_LANG: LazyLock<Vec<Vec<(&str, &str)>>> = LazyLock::new(|| by_lang(&SUFFIX_RULES));
    BY_LANG.get(lat as usize).map_or(&[], |v| v)
}

/// Letter-level respelling: (from, to) applied left to right.
fn letter_rules(lat: u8) -> &'static [(&'static str, &'static str)] {
    match lat {
        SPA | POR | ITA => &[("ph", "f"), ("th", "t"), ("k", "c"), ("y", "i"), ("w", "v")],
        FRE => &[("k", "c")],
        GER | DUT | SWE | NOR | DAN => &[
            ("ph", "f"),
            ("th", "t"),
            ("ca", "ka"),
            ("co", "ko"),
            ("cu", "ku"),
            ("cl", "kl"),
            ("cr", "kr"),
        ],
        CZE | POL | SCR | LAV | EST | FIN | HUN | TUR | BAQ => &[
            ("ph", "f"),
            ("th", "t"),
            ("ca", "ka"),
            ("co", "ko"),
            ("cu", "ku"),
            ("cl", "kl"),
            ("cr", "kr"),
            ("qu", "kv"),
            ("w", "v"),
            ("x", "ks"),
        ],
        _ => &[],
    }
}

/// Accented replacements per language: (LAT, plain char, accented choices written as one string).
static ACCENTS: Table<(Lat, char, &str)> = table!("accents.tsv");

/// Accented replacements of one language: (plain char, accented choices).
type Accents = Vec<(char, Vec<char>)>;

/// Accented replacements of `lat`: (plain char, accented choices).
fn accent_map(lat: u8) -> &'static [(char, Vec<char>)] {
    static BY_LANG: LazyLock<Vec<Accents>> = LazyLock::new(|| {
        by_lang(&ACCENTS)
            .into_iter()
            .map(|rows| {
                rows.into_iter()
                    .map(|(c, alts)| (c, alts.chars().collect()))
                    .collect()
            })
            .collect()
    });
    BY_LANG.get(lat as usize).map_or(&[], |v| v)
}

fn is_romance(lat: u8) -> bool {
    matches!(lat, SPA | FRE | POR | ITA)
}
pub(super) fn no_spaces(lat: u8) -> bool {
    matches!(lat, JPN | CHI)
}

/// Latin-script morphology of one lowercase ASCII-ish word.
fn morph_word(w: &str, lat: u8, out: &mut String) {
    let h = hash_bytes(w.as_bytes(), 0x77 + lat as u64);
    let mut s = String::with_capacity(w.len() + 4);
    let mut done = false;
    for (from, to) in suffix_rules(lat) {
        if w.len() > from.len() + 1 && w.ends_with(from) {
            s.push_str(&w[..w.len() - from.len()]);
            s.push_str(to);
            done = true;
            break;
        }
    }
    if !done {
        s.push_str(w);
    }
    for (from, to) in letter_rules(lat) {
        if s.contains(from) {
            s = s.replace(from, to);
        }
    }
    let am = accent_map(lat);
    if !am.is_empty() && h % 100 < 55 {
        let cands: Vec<(usize, &'static [char])> = s
            .char_indices()
            .filter_map(|(i, c)| {
                am.iter()
                    .find(|(p, _)| *p == c)
                    .map(|(_, a)| (i, a.as_slice()))
            })
            .collect();
        if !cands.is_empty() {
            let (pos, choices) = cands[((h >> 8) as usize) % cands.len()];
            let ch = choices[((h >> 20) as usize) % choices.len()];
            let old = s[pos..].chars().next().unwrap();
            s.replace_range(pos..pos + old.len_utf8(), ch.encode_utf8(&mut [0u8; 4]));
        }
    }
    out.push_str(&s);
}

/// Transliteration per language: (LAT, Latin letters, script). At each position the first match
/// wins, so longer spellings come first.
static TRANSLIT: Table<(Lat, &str, &str)> = table!("transliteration.tsv");

/// The transliteration of `lat`: (Latin letters, script).
fn translit_table(lat: u8) -> &'static [(&'static str, &'static str)] {
    static BY_LANG: LazyLock<Vec<Vec<(&str, &str)>>> = LazyLock::new(|| by_lang(&TRANSLIT));
    BY_LANG.get(lat as usize).map_or(&[], |v| v)
}

fn transliterate(w: &str, lat: u8, out: &mut String) {
    let t = translit_table(lat);
    let b = w.as_bytes();
    let mut i = 0;
    let start = out.len();
    while i < b.len() {
        let mut hit = false;
        for (from, to) in t {
            if b[i..].starts_with(from.as_bytes()) {
                out.push_str(to);
                i += from.len();
                hit = true;
                break;
            }
        }
        if !hit {
            let c = w[i..].chars().next().unwrap();
            out.push(c);
            i += c.len_utf8();
        }
    }
    if lat == GRE && out.ends_with('σ') {
        out.truncate(out.len() - 'σ'.len_utf8());
        out.push('ς');
    }
    let _ = start;
}

/// Syllabic scripts: consonant class x (a, i, u, e, o, alone).
const KANA: &[(&str, [&str; 6])] = &[
    ("", ["ア", "イ", "ウ", "エ", "オ", ""]),
    ("k", ["カ", "キ", "ク", "ケ", "コ", "ク"]),
    ("g", ["ガ", "ギ", "グ", "ゲ", "ゴ", "グ"]),
    ("s", ["サ", "シ", "ス", "セ", "ソ", "ス"]),
    ("z", ["ザ", "ジ", "ズ", "ゼ", "ゾ", "ズ"]),
    ("t", ["タ", "ティ", "トゥ", "テ", "ト", "ト"]),
    ("d", ["ダ", "ディ", "ドゥ", "デ", "ド", "ド"]),
    ("n", ["ナ", "ニ", "ヌ", "ネ", "ノ", "ン"]),
    ("h", ["ハ", "ヒ", "フ", "ヘ", "ホ", ""]),
    ("b", ["バ", "ビ", "ブ", "ベ", "ボ", "ブ"]),
    ("p", ["パ", "ピ", "プ", "ペ", "ポ", "プ"]),
    ("m", ["マ", "ミ", "ム", "メ", "モ", "ム"]),
    ("y", ["ヤ", "イ", "ユ", "エ", "ヨ", "イ"]),
    ("r", ["ラ", "リ", "ル", "レ", "ロ", "ル"]),
    ("w", ["ワ", "ウィ", "ウ", "ウェ", "ウォ", "ウ"]),
    ("f", ["ファ", "フィ", "フ", "フェ", "フォ", "フ"]),
    ("v", ["ヴァ", "ヴィ", "ヴ", "ヴェ", "ヴォ", "ヴ"]),
    ("j", ["ジャ", "ジ", "ジュ", "ジェ", "ジョ", "ジ"]),
    ("ch", ["チャ", "チ", "チュ", "チェ", "チョ", "チ"]),
    ("sh", ["シャ", "シ", "シュ", "シェ", "ショ", "シュ"]),
    ("ts", ["ツァ", "ツィ", "ツ", "ツェ", "ツォ", "ツ"]),
];
const HANZI: &[(&str, [&str; 6])] = &[
    ("", ["阿", "伊", "乌", "埃", "奥", ""]),
    ("k", ["卡", "奇", "库", "克", "科", "克"]),
    ("g", ["加", "吉", "古", "格", "戈", "格"]),
    ("s", ["萨", "西", "苏", "塞", "索", "斯"]),
    ("z", ["扎", "齐", "祖", "泽", "佐", "兹"]),
    ("t", ["塔", "蒂", "图", "特", "托", "特"]),
    ("d", ["达", "迪", "杜", "德", "多", "德"]),
    ("n", ["纳", "尼", "努", "内", "诺", "恩"]),
    ("h", ["哈", "希", "胡", "赫", "霍", "赫"]),
    ("b", ["巴", "比", "布", "贝", "博", "布"]),
    ("p", ["帕", "皮", "普", "佩", "波", "普"]),
    ("m", ["马", "米", "穆", "梅", "莫", "姆"]),
    ("y", ["亚", "伊", "尤", "耶", "约", "伊"]),
    ("r", ["拉", "里", "鲁", "雷", "罗", "尔"]),
    ("w", ["瓦", "维", "乌", "韦", "沃", "乌"]),
    ("f", ["法", "菲", "夫", "费", "福", "夫"]),
    ("v", ["瓦", "维", "武", "维", "沃", "夫"]),
    ("j", ["贾", "吉", "朱", "杰", "乔", "吉"]),
    ("ch", ["查", "奇", "丘", "切", "乔", "奇"]),
    ("sh", ["沙", "希", "舒", "谢", "肖", "什"]),
    ("ts", ["察", "齐", "楚", "策", "措", "茨"]),
];

fn syllabic(w: &str, table: &[(&str, [&str; 6])], out: &mut String) {
    let b: Vec<u8> = w.bytes().map(|c| c.to_ascii_lowercase()).collect();
    let vowel = |c: u8| match c {
        b'a' => Some(0),
        b'i' => Some(1),
        b'u' => Some(2),
        b'e' => Some(3),
        b'o' => Some(4),
        b'y' => Some(1),
        _ => None,
    };
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if !c.is_ascii_alphabetic() {
            match c {
                b'-' | b' ' | b'/' => out.push('・'),
                b'0'..=b'9' => out.push(c as char),
                _ => {}
            }
            i += 1;
            continue;
        }
        // consonant class
        let (cls, len) = if b[i..].starts_with(b"ch") {
            ("ch", 2)
        } else if b[i..].starts_with(b"sh") {
            ("sh", 2)
        } else if b[i..].starts_with(b"ts") {
            ("ts", 2)
        } else if b[i..].starts_with(b"ph") {
            ("f", 2)
        } else if b[i..].starts_with(b"th") {
            ("s", 2)
        } else if vowel(c).is_some() && c != b'y' {
            ("", 0)
        } else {
            let cl = match c {
                b'k' | b'c' | b'q' => "k",
                b'g' => "g",
                b's' => "s",
                b'z' | b'x' => "z",
                b't' => "t",
                b'd' => "d",
                b'n' => "n",
                b'h' => "h",
                b'b' => "b",
                b'p' => "p",
                b'm' => "m",
                b'y' => "y",
                b'r' | b'l' => "r",
                b'w' => "w",
                b'f' => "f",
                b'v' => "v",
                b'j' => "j",
                _ => "k",
            };
            (cl, 1)
        };
        let row = &table.iter().find(|r| r.0 == cls).unwrap().1;
        let j = i + len;
        if j < b.len() {
            if let Some(v) = vowel(b[j]) {
                out.push_str(row[v]);
                i = j + 1;
                continue;
            }
        }
        if len == 0 {
            // lone vowel handled above; unreachable
            i += 1;
        } else {
            out.push_str(row[5]);
            i = j;
        }
    }
}

fn hangul(w: &str, out: &mut String) {
    let b: Vec<u8> = w.bytes().map(|c| c.to_ascii_lowercase()).collect();
    let ini = |c: u8| -> Option<u32> {
        Some(match c {
            b'g' => 0,
            b'n' => 2,
            b'd' => 3,
            b'r' | b'l' => 5,
            b'm' => 6,
            b'b' | b'v' => 7,
            b's' => 9,
            b'j' | b'z' => 12,
            b'c' | b'k' | b'q' | b'x' => 15,
            b't' => 16,
            b'p' | b'f' => 17,
            b'h' => 18,
            _ => return None,
        })
    };
    let vow = |c: u8| -> Option<u32> {
        Some(match c {
            b'a' => 0,
            b'e' => 5,
            b'i' | b'y' => 20,
            b'o' => 8,
            b'u' | b'w' => 13,
            _ => return None,
        })
    };
    let fin = |c: u8| -> Option<u32> {
        Some(match c {
            b'n' => 4,
            b'm' => 16,
            b'l' | b'r' => 8,
            b'k' | b'c' => 1,
            b'p' => 17,
            b't' => 7,
            b's' => 19,
            _ => return None,
        })
    };
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if !c.is_ascii_alphabetic() {
            if c.is_ascii_digit() {
                out.push(c as char);
            } else if c == b' ' || c == b'-' {
                out.push(' ');
            }
            i += 1;
            continue;
        }
        let (init, mut j) = match ini(c) {
            Some(x) => (x, i + 1),
            None => (11, i), // silent ieung before a vowel
        };
        let v = if j < b.len() { vow(b[j]) } else { None };
        let v = match v {
            Some(v) => {
                j += 1;
                v
            }
            None => {
                if j == i {
                    j += 1; // unknown letter: consume
                }
                18
            }
        };
        let mut f = 0;
        if j < b.len() {
            if let Some(ff) = fin(b[j]) {
                let next_vowel = j + 1 < b.len() && vow(b[j + 1]).is_some();
                if !next_vowel {
                    f = ff;
                    j += 1;
                }
            }
        }
        out.push(char::from_u32(0xAC00 + (init * 21 + v) * 28 + f).unwrap_or('가'));
        i = j;
    }
}

/// Translates an English phrase into `lat` (word dictionary + morphology + script), keeping
/// digits, codes and upper-case abbreviations as they are.
pub(super) fn translate(src: &str, lat: u8, out: &mut String) {
    let col = dict_col(lat);
    let capital = src.chars().next().is_some_and(|c| c.is_uppercase());
    // reorder for Romance languages and CJK: "A B of C" patterns
    let (head, tail) = match src.find(" of ") {
        Some(p) => (&src[..p], Some(&src[p + 4..])),
        None => (src, None),
    };
    let mut words: Vec<&str> = head.split(' ').filter(|w| !w.is_empty()).collect();
    // keep trailing "NOS" / parenthetical tokens in place when reordering
    let keep_tail = words
        .iter()
        .rev()
        .take_while(|w| **w == "NOS" || w.starts_with('(') || w.ends_with(')'))
        .count();
    let nw = words.len() - keep_tail;
    if is_romance(lat) && (2..=3).contains(&nw) && !head.contains(',') {
        words[..nw].reverse();
    }
    let mut toks: Vec<String> = Vec::with_capacity(words.len() + 4);
    let emit = |w: &str, toks: &mut Vec<String>| {
        let lead_len = w.len() - w.trim_start_matches(['(', '[']).len();
        let (lead, w) = w.split_at(lead_len);
        let (core, trail) = match w.find([',', ';', ')', ']']) {
            Some(p) if p > 0 => (&w[..p], &w[p..]),
            _ => (w, ""),
        };
        let lower = core.to_lowercase();
        let mut t = String::with_capacity(core.len() + 8);
        t.push_str(lead);
        let keep = core.len() <= 1
            || core.chars().any(|c| c.is_ascii_digit())
            || (core.len() <= 6 && core.chars().all(|c| c.is_uppercase() || !c.is_alphabetic()))
            || !core.is_ascii();
        let mut hit = None;
        if let Some(ci) = col {
            if let Some(e) = DICT.iter().find(|e| e.0 == lower) {
                hit = Some(e.1[ci]);
            }
        }
        if let Some(hw) = hit {
            t.push_str(hw);
        } else if keep {
            t.push_str(core);
        } else {
            match lat {
                JPN => syllabic(&lower, KANA, &mut t),
                CHI => syllabic(&lower, HANZI, &mut t),
                KOR => hangul(&lower, &mut t),
                RUS | GRE => {
                    let mut m = String::new();
                    morph_word(&lower, lat, &mut m);
                    transliterate(&m, lat, &mut t);
                }
                ARA | HEB => transliterate(&lower, lat, &mut t),
                _ => morph_word(&lower, lat, &mut t),
            }
        }
        if t.len() > lead.len() || !trail.is_empty() {
            t.push_str(trail);
            toks.push(t);
        }
    };
    for w in &words {
        emit(w, &mut toks);
    }
    let mut tail_toks: Vec<String> = Vec::new();
    if let Some(tl) = tail {
        for w in tl.split(' ').filter(|w| !w.is_empty()) {
            emit(w, &mut tail_toks);
        }
    }
    let of = col.map(|c| DICT[0].1[c]).unwrap_or("");
    let sep = if no_spaces(lat) { "" } else { " " };
    let start = out.len();
    if matches!(lat, JPN | CHI | KOR) && tail.is_some() {
        out.push_str(&tail_toks.join(sep));
        out.push_str(of);
        if lat == KOR {
            out.push(' ');
        }
        out.push_str(&toks.join(sep));
    } else {
        out.push_str(&toks.join(sep));
        if tail.is_some() {
            if !of.is_empty() {
                out.push(' ');
                out.push_str(of);
            }
            out.push(' ');
            out.push_str(&tail_toks.join(sep));
        }
    }
    if capital && !no_spaces(lat) {
        let first = out[start..].chars().next();
        if let Some(f) = first {
            if f.is_lowercase() {
                let up: String = f.to_uppercase().collect();
                out.replace_range(start..start + f.len_utf8(), &up);
            }
        }
    }
    if out.len() == start {
        out.push_str(src);
    }
}

/// Katakana reading of an English phrase (MDRJPN *JKN TTYs).
pub(super) fn kana_reading(src: &str, out: &mut String) {
    for (i, w) in src.split(' ').enumerate() {
        if i > 0 {
            out.push('・');
        }
        syllabic(&w.to_lowercase(), KANA, out);
    }
}
