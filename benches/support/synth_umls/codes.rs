//! Source codes and per-source atom strings.

use super::*;

const B34: &[u8] = b"0123456789ABCDEFGHJKLMNPQRSTUVWXYZ";
const B36: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const B62: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

fn check_digit(n: u64) -> u64 {
    let mut s = 0u64;
    let mut x = n;
    let mut i = 0;
    while x > 0 {
        let d = x % 10;
        s += if i % 2 == 0 { d * 3 } else { d };
        x /= 10;
        i += 1;
    }
    (10 - s % 10) % 10
}

/// SNOMED CT style identifier: item + partition ("00" concept, "01" description, "02" relationship) + check.
pub(super) fn sct_id(item: u64, partition: u64, out: &mut String) {
    let body = item * 100 + partition;
    push_num(out, body * 10 + check_digit(body));
}

/// Formats code number `n` (unique per source) in the style of `code`.
pub(super) fn code_string(code: Code, n: u64, out: &mut String) {
    match code {
        Code::Nocode => out.push_str("NOCODE"),
        Code::Mesh => {
            out.push('D');
            push_pad(out, n % 1_000_000, 6);
        }
        Code::Snomed => sct_id(100_000 + n, 0, out),
        Code::Nci => {
            out.push('C');
            push_num(out, 1000 + n);
        }
        Code::Mdr => push_num(out, 10_000_000 + n),
        Code::Rxnorm => push_num(out, 1 + n),
        Code::Loinc => {
            let v = 1000 + n;
            push_num(out, v);
            out.push('-');
            push_num(out, check_digit(v));
        }
        Code::Icd10cm | Code::Icd10 => {
            out.push((b'A' + (n % 26) as u8) as char);
            let q = n / 26;
            push_pad(out, q % 100, 2);
            let mut rest = q / 100;
            if rest > 0 {
                out.push('.');
                let mut digits = Vec::new();
                while rest > 0 {
                    rest -= 1;
                    digits.push(B36[(rest % 36) as usize]);
                    rest /= 36;
                }
                for d in digits.iter().rev() {
                    out.push(*d as char);
                }
            }
        }
        Code::Icd10pcs => {
            let mut x = n;
            let mut buf = [b'0'; 7];
            for i in (0..7).rev() {
                buf[i] = B34[(x % 34) as usize];
                x /= 34;
            }
            out.push_str(std::str::from_utf8(&buf).unwrap());
        }
        Code::Icd9 => {
            let (pre, m) = match n / 100_000 {
                0 => ("", n),
                1 => ("V", n - 100_000),
                _ => ("E", n % 100_000),
            };
            out.push_str(pre);
            push_pad(out, m % 1000, 3);
            let rest = m / 1000;
            if rest > 0 {
                out.push('.');
                if rest <= 10 {
                    push_num(out, rest - 1);
                } else {
                    push_pad(out, (rest - 11) % 100, 2);
                }
            }
        }
        Code::Cpt => {
            if n < 90_000 {
                push_pad(out, 10_000 + n, 5);
            } else {
                push_pad(out, n % 10_000, 4);
                out.push(if n.is_multiple_of(2) { 'F' } else { 'T' });
            }
        }
        Code::Hcpcs => {
            out.push((b'A' + (n / 10_000 % 22) as u8) as char);
            push_pad(out, n % 10_000, 4);
        }
        Code::Num(d) => push_pad(out, 1 + n, d as usize),
        Code::Pre(p, d) => {
            out.push_str(p);
            push_pad(out, 1 + n, d as usize);
        }
        Code::Omim => push_num(out, 100_000 + n % 520_000),
        Code::Atc => {
            let x = n;
            out.push(b"ABCDGHJLMNPRSV"[(x % 14) as usize] as char);
            push_pad(out, x / 14 % 100, 2);
            out.push((b'A' + (x / 1400 % 26) as u8) as char);
            out.push((b'A' + (x / 36400 % 26) as u8) as char);
            push_pad(out, x / 946_400 % 100 + 1, 2);
        }
        Code::Read => {
            let mut x = n;
            for _ in 0..5 {
                out.push(B62[(x % 62) as usize] as char);
                x /= 62;
            }
        }
        Code::Hgnc => {
            out.push_str("HGNC:");
            push_num(out, 1 + n);
        }
        Code::Src => out.push_str("V-"),
        Code::Unii => {
            let mut x = mix64(n);
            for _ in 0..10 {
                out.push(B36[(x % 36) as usize] as char);
                x /= 36;
            }
        }
        Code::Csp => {
            push_pad(out, 1000 + n / 10_000 % 9000, 4);
            out.push('-');
            push_pad(out, n % 10_000, 4);
        }
        Code::Ccs => {
            push_num(out, 1 + n % 18);
            out.push('.');
            push_num(out, 1 + n / 18 % 20);
            out.push('.');
            push_num(out, 1 + n / 360);
        }
        Code::Hl7 => {
            if n.is_multiple_of(5) {
                out.push_str("2.16.840.1.113883.5.");
                push_num(out, 1 + n / 5);
            } else {
                let mut x = mix64(n ^ 0x55);
                let len = 3 + (x % 5) as usize;
                x /= 5;
                for _ in 0..len {
                    out.push((b'A' + (x % 26) as u8) as char);
                    x /= 26;
                }
                push_num(out, n);
            }
        }
        Code::Icpc => {
            out.push(b"ABDFHKLNPRSTUWXYZ"[(n % 17) as usize] as char);
            push_pad(out, n / 17 % 100, 2);
            if n >= 1700 {
                out.push('.');
                push_num(out, n / 1700);
            }
        }
    }
}

/// Roles of TTYs for string building.
fn is_abbr_tty(t: &str) -> bool {
    matches!(
        t,
        "AB" | "ACR" | "AA" | "CS" | "QAB" | "CA2" | "CA3" | "MTH_ACR" | "RAB" | "VAB" | "SSN"
    )
}
fn is_header_tty(t: &str) -> bool {
    matches!(
        t,
        "HT" | "HG"
            | "HS"
            | "HX"
            | "HTS"
            | "HTN"
            | "GT"
            | "SC"
            | "MD"
            | "SD"
            | "MV"
            | "SX"
            | "MTH_HX"
            | "PX"
            | "PS"
            | "OS"
            | "SMQ"
            | "HTJKN"
            | "POS"
            | "RHT"
    )
}
fn is_obsolete_tty(t: &str) -> bool {
    OBSOLETE_TTYS.contains(&t)
}

pub(super) fn pick_kind(r: &mut Rng, w: &[f64]) -> usize {
    let t: f64 = w.iter().sum();
    let mut x = r.f64() * t;
    for (i, &v) in w.iter().enumerate() {
        if x < v {
            return i;
        }
        x -= v;
    }
    w.len() - 1
}

pub(super) fn header(r: &mut Rng, m: &Mat) -> String {
    let b = &m.base;
    match r.below(6) {
        0 => format!("Other and unspecified {}", lower_first(b)),
        1 => format!("{} NEC", pluralize(b)),
        2 => format!("{} disorders", cap_first(m.anat_adj)),
        3 => format!(
            "{} and {}",
            pluralize(b),
            r.pick(&[
                "other conditions",
                "related disorders",
                "impairment",
                "complications"
            ])
        ),
        4 => {
            let c = (b'A' + r.below(26) as u8) as char;
            let a = r.range(0, 90);
            format!(
                "{} ({}{:02}-{}{:02})",
                pluralize(b),
                c,
                a,
                c,
                a + r.range(1, 9)
            )
        }
        _ => format!("{} (category)", b),
    }
}

fn tall_man(s: &str) -> String {
    // upper-cases the middle of the first word (e.g. amLODIPine)
    let w_end = s.find(' ').unwrap_or(s.len());
    if w_end < 6 || !s.is_ascii() {
        return s.to_string();
    }
    let a = w_end / 3;
    let b = 2 * w_end / 3 + 1;
    format!("{}{}{}", &s[..a], s[a..b].to_uppercase(), &s[b..])
}

fn form_abbr(f: &str) -> &'static str {
    if f.contains("Tablet") {
        "TAB"
    } else if f.contains("Capsule") {
        "CAP"
    } else if f.contains("Inject")
        || f.contains("Syringe")
        || f.contains("Pen")
        || f.contains("Cartridge")
    {
        "INJ"
    } else if f.contains("Solution") || f.contains("Suspension") {
        "SOLN"
    } else if f.contains("Cream")
        || f.contains("Ointment")
        || f.contains("Gel")
        || f.contains("Lotion")
    {
        "TOP"
    } else {
        "MISC"
    }
}

/// English text of one atom.
#[allow(clippy::too_many_arguments)]
pub(super) fn english_text(
    r: &mut Rng,
    sp: &SabSpec,
    tty: &str,
    first: bool,
    m: &Mat,
    prev: &str,
    msh_scr: bool,
    out: &mut String,
) {
    let g = m.group;
    let b = m.base.as_str();
    let hsel = hash_bytes(b.as_bytes(), 99);
    let obs = is_obsolete_tty(tty);
    let syn = |r: &mut Rng, w: &[f64]| -> String {
        let k = pick_kind(r, w);
        variant(r, k, b, m)
    };
    let s: String = match sp.style {
        Style::Snomed => {
            let pt = if m.drug {
                let (i, st, u) = &m.ings[0];
                format!(
                    "{} {} {} {}",
                    i,
                    st,
                    u.to_lowercase().replace("mg", "milligram"),
                    m.form.to_lowercase()
                )
            } else if g == G_ANAT && hsel.is_multiple_of(2) {
                format!("Structure of {}", lower_first(b))
            } else {
                b.to_string()
            };
            match tty {
                "PT" | "MTH_PT" | "PTGB" => {
                    if tty == "PTGB" {
                        variant(r, 6, &pt, m)
                    } else {
                        pt
                    }
                }
                "FN" | "MTH_FN" => {
                    if m.drug {
                        format!("Product containing precisely {} ({})", pt, SEMTAGS[g])
                    } else {
                        format!(
                            "{} ({})",
                            pt,
                            if g == G_NEOP && hsel.is_multiple_of(3) {
                                "morphologic abnormality"
                            } else {
                                SEMTAGS[g]
                            }
                        )
                    }
                }
                _ if obs => {
                    let mut v = syn(r, OBS_KINDS);
                    if r.chance(0.2) {
                        v.push_str(" [D]");
                    }
                    v
                }
                _ => syn(r, SYN_KINDS),
            }
        }
        Style::Mesh => match tty {
            "MH" | "PEP" => {
                if hsel % 10 < 3 {
                    title_case(&invert(b))
                } else {
                    title_case(b)
                }
            }
            "NM" => b.to_string(),
            "PM" | "PCE" => invert(if prev.is_empty() { b } else { prev }),
            "N1" => {
                if !m.sysname.is_empty() {
                    cap_first(&m.sysname)
                } else {
                    syn(r, MSH_KINDS)
                }
            }
            "DEV" | "DSV" => b
                .to_uppercase()
                .replace([',', '-', '(', ')'], " ")
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" "),
            _ => {
                let v = syn(r, MSH_KINDS);
                if msh_scr || r.chance(0.5) {
                    v
                } else {
                    title_case(&v)
                }
            }
        },
        Style::Nci => match tty {
            "PT" => {
                if hsel.is_multiple_of(2) {
                    title_case(b)
                } else {
                    b.to_string()
                }
            }
            "AB" => variant(r, 7, b, m),
            "CCN" => format!(
                "{}-{}",
                words_initials(&pseudo(r, 2)),
                r.range(100, 999_999)
            ),
            "CSN" => {
                if m.sysname.is_empty() {
                    syn(r, SYN_KINDS)
                } else {
                    m.sysname.clone()
                }
            }
            "BN" => {
                if m.brand.is_empty() {
                    brand(r)
                } else {
                    m.brand.clone()
                }
            }
            _ if obs => syn(r, OBS_KINDS),
            _ => syn(r, SYN_KINDS),
        },
        Style::Mdr => match tty {
            "PT" | "PTJKN" | "PTJKN1" => b.to_string(),
            "HT" | "HG" | "HTJKN" => header(r, m),
            "OS" => format!("{} disorders", cap_first(m.anat_adj)),
            "SMQ" => format!("{} (SMQ)", pluralize(b)),
            _ if obs => syn(r, OBS_KINDS),
            _ => syn(r, MDR_KINDS),
        },
        Style::Rxnorm => {
            if m.drug {
                let (i, st, u) = &m.ings[0];
                let mut scd_s = String::new();
                scd(m, &mut scd_s);
                match tty {
                    "SCD" => scd_s,
                    "SBD" => format!("{} [{}]", scd_s, m.brand),
                    "SCDC" => format!("{} {} {}", i, st, u),
                    "SCDF" => format!("{} {}", i, m.form),
                    "SBDF" => format!("{} {} [{}]", i, m.form, m.brand),
                    "SBDC" => format!("{} {} {} [{}]", i, st, u, m.brand),
                    "SCDG" => format!(
                        "{} {} Product",
                        i,
                        m.form.split(' ').next().unwrap_or("Oral")
                    ),
                    "SBDG" => format!(
                        "{} {} Product",
                        m.brand,
                        m.form.split(' ').next().unwrap_or("Oral")
                    ),
                    "BN" => m.brand.clone(),
                    "TMSY" => format!("{} [{}]", tall_man(&scd_s), m.brand),
                    "PSN" => format!(
                        "{} {} {} {}",
                        i,
                        st,
                        u.to_lowercase(),
                        m.form.to_lowercase()
                    ),
                    "DF" => m.form.to_string(),
                    "DFG" => format!("{} Product", m.form.split(' ').next().unwrap_or("Oral")),
                    "BPCK" | "GPCK" => format!(
                        "{{{} ({}) }} Pack{}",
                        r.range(7, 84),
                        scd_s,
                        if tty == "BPCK" {
                            format!(" [{}]", m.brand)
                        } else {
                            String::new()
                        }
                    ),
                    _ => {
                        let v = format!(
                            "{} {} {} {}",
                            i,
                            st,
                            u.to_lowercase(),
                            m.form.to_lowercase()
                        );
                        if r.chance(0.5) {
                            v
                        } else {
                            format!("{} {} {} {}", m.brand, st, u, m.form)
                        }
                    }
                }
            } else {
                let lc = if b.chars().nth(1).is_some_and(|c| c.is_lowercase()) {
                    lower_first(b)
                } else {
                    b.to_string()
                };
                match tty {
                    "IN" => lc,
                    "PIN" => format!("{} {}", lc, r.pick(&SALTS)),
                    "MIN" => format!("{} / {}", lc, inn(r)),
                    "BN" => brand(r),
                    _ => syn(r, SYN_KINDS),
                }
            }
        }
        Style::Loinc => {
            if m.lab {
                match tty {
                    "LC" => b.to_string(),
                    "LN" => {
                        if sp.lat == ENG {
                            let mut s = String::new();
                            lnc_ln(m, &mut s);
                            s
                        } else {
                            b.to_string()
                        }
                    }
                    "DN" | "OSN" | "LVDN" => {
                        let mut s = String::new();
                        lnc_dn(m, &mut s);
                        s
                    }
                    "LS" => format!("{} {}", m.comp, LNC_SYSTEMS[m.sys].1),
                    "LPN" | "LPDN" | "CN" => m.comp.clone(),
                    "LA" => r.pick(&ANSWERS).to_string(),
                    _ => syn(r, OBS_KINDS),
                }
            } else {
                match tty {
                    "LPDN" => format!(
                        "{} | {}",
                        b,
                        r.pick(&[
                            "Chemistry",
                            "Microbiology",
                            "Serology",
                            "Drug/Tox",
                            "Hematology",
                            "Molecular pathology"
                        ])
                    )
                    .replace('|', "-"),
                    _ if obs => syn(r, OBS_KINDS),
                    _ => b.to_string(),
                }
            }
        }
        Style::Icd => match tty {
            "PT" => b.to_string(),
            "AB" => icd_abbrev(b),
            "HT" | "HS" | "HX" | "PS" | "PX" => header(r, m),
            _ => syn(r, SYN_KINDS),
        },
        Style::Pcs => match tty {
            "PT" => {
                let dev = if r.chance(0.5) {
                    format!(" with {}", r.pick(&PCS_DEVICES))
                } else {
                    String::new()
                };
                format!(
                    "{} {} {}{}, {}",
                    r.pick(&PCS_OPS),
                    title_case(m.side),
                    title_case(m.anat),
                    dev,
                    r.pick(PCS_APPROACH)
                )
            }
            "HT" => format!(
                "Medical and Surgical @ {} @ {}",
                title_case(m.anat_adj),
                r.pick(&PCS_OPS)
            ),
            _ => syn(r, SYN_KINDS),
        },
        Style::Cpt => match tty {
            "PT" => {
                let head = b.split(' ').next().unwrap_or("Procedure");
                format!("{}, {}; {}", head, m.anat, r.pick(&CPT_DETAILS))
            }
            "AB" => {
                let mut a = b.to_uppercase();
                a.truncate(a.char_indices().nth(28).map_or(a.len(), |(i, _)| i));
                a
            }
            "POS" | "HT" => header(r, m),
            _ if obs => syn(r, OBS_KINDS),
            _ => syn(r, SYN_KINDS),
        },
        Style::Hcpcs => {
            let pt = if m.drug {
                format!(
                    "Injection, {}, {} {}",
                    m.ings[0].0,
                    m.ings[0].1,
                    m.ings[0].2.to_lowercase()
                )
            } else if g == G_DEVI {
                format!("{}, each", b)
            } else {
                b.to_string()
            };
            match tty {
                "PT" => pt,
                "AB" => {
                    let mut a = pt.replace("Injection", "Inj");
                    a.truncate(a.char_indices().nth(28).map_or(a.len(), |(i, _)| i));
                    a
                }
                _ => syn(r, OBS_KINDS),
            }
        }
        Style::Mth => match hsel % 20 {
            0..=12 => b.to_string(),
            13 => b.to_uppercase(),
            _ => format!("{} ({})", b, SEMTAGS[g]),
        },
        Style::Ncbi => match tty {
            "SCN" => b.to_string(),
            "SY" | "EQ" | "USY" => {
                if m.virus {
                    syn(r, SYN_KINDS)
                } else {
                    format!(
                        "{} {}{}",
                        genus(r),
                        m.epithet,
                        if m.org_rest.is_empty() {
                            String::new()
                        } else {
                            format!(" {}", m.org_rest)
                        }
                    )
                }
            }
            "CMN" | "UCN" => {
                if m.virus {
                    format!("{} virus", m.abbr)
                } else {
                    format!(
                        "{} {}",
                        cap_first(&pseudo(r, 2)),
                        r.pick(&[
                            "bacterium",
                            "mouse",
                            "fish",
                            "moth",
                            "beetle",
                            "fern",
                            "moss",
                            "frog",
                            "snake",
                            "worm",
                            "fungus",
                            "alga"
                        ])
                    )
                }
            }
            "ACR" => {
                if m.abbr.is_empty() {
                    words_initials(b)
                } else {
                    m.abbr.clone()
                }
            }
            "AUN" | "UAUN" => {
                let y1 = 1780 + r.below(220);
                format!(
                    "{} ({} {}) {} {}",
                    b,
                    surname(r),
                    y1,
                    surname(r),
                    y1 + r.range(1, 80)
                )
            }
            _ => {
                if m.alt.is_empty() {
                    b.to_string()
                } else {
                    m.alt.clone()
                }
            }
        },
        Style::Omim => {
            let sym = if m.symbol.is_empty() {
                words_initials(b)
            } else {
                m.symbol.clone()
            };
            match tty {
                "PT" => {
                    if g == G_GENE {
                        format!("{}; {}", m.fullname.to_uppercase(), sym)
                    } else if hsel.is_multiple_of(2) {
                        format!("{}; {}", b.to_uppercase(), sym)
                    } else {
                        b.to_uppercase()
                    }
                }
                "PTAV" => format!(
                    "{}, {}{}{}",
                    sym,
                    r.pick(&["ARG", "GLY", "LEU", "SER", "PRO", "ALA", "CYS"]),
                    r.range(10, 2000),
                    r.pick(&[
                        "TRP",
                        "TER",
                        "HIS",
                        "ASP",
                        "GLU",
                        "VAL",
                        "1-BP DEL",
                        "IVS3DS, G-A, +1"
                    ])
                ),
                "ACR" => sym,
                _ => syn(r, SYN_KINDS).to_uppercase(),
            }
        }
        Style::Hgnc => match tty {
            "ACR" => m.abbr.clone(),
            "PT" | "NA" => m.fullname.clone(),
            "MTH_ACR" => format!("{} gene", m.abbr),
            _ => gene_symbol(r),
        },
        Style::Go => {
            let v = match tty {
                "PT" => b.to_string(),
                _ if obs => format!("obsolete {}", syn(r, OBS_KINDS)),
                _ => syn(r, SYN_KINDS),
            };
            lower_first(&v)
        }
        Style::DrugList => {
            if m.drug {
                let (i, st, u) = &m.ings[0];
                let fa = form_abbr(m.form);
                match (sp.rsab, tty) {
                    ("VANDF", "CD") => format!("{} {}{} {}", i.to_uppercase(), st, u, fa),
                    ("NDDF", "CDC") | ("NDDF", "CDD") => {
                        format!("{} {} {} {}", i, st, u.to_lowercase(), fa.to_lowercase())
                    }
                    ("MMX", "CD") => format!(
                        "{} {}{} {}",
                        cap_first(i),
                        st,
                        u.to_lowercase(),
                        cap_first(&fa.to_lowercase())
                    ),
                    (_, "CD") | (_, "CDC") | (_, "MTH_RXN_DP") => {
                        let mut s = String::new();
                        scd(m, &mut s);
                        if sp.rsab == "MMSL" {
                            title_case(&s)
                        } else {
                            s.to_lowercase()
                        }
                    }
                    (_, "BD") => format!("{} {} {} {}", m.brand, st, u.to_lowercase(), m.form),
                    (_, "MS") => format!("{} {}", m.brand, m.form),
                    (_, "DP") => {
                        format!("{} ({}) {} {} {}", m.brand, i, st, u.to_lowercase(), m.form)
                    }
                    (_, "DF") => m.form.to_string(),
                    (_, "IN") | (_, "GN") | (_, "SU") => i.clone(),
                    (_, "AB") => format!("{} {}{} {}", i.to_uppercase(), st, u, fa),
                    _ => syn(r, SYN_KINDS),
                }
            } else {
                match tty {
                    "SU" => b.to_uppercase(),
                    "IN" | "GN" | "PT" | "CD" => b.to_string(),
                    _ => syn(r, SYN_KINDS),
                }
            }
        }
        Style::Chv => {
            if first {
                b.to_lowercase()
            } else {
                syn(r, CHV_KINDS).to_lowercase()
            }
        }
        Style::Src => b.to_string(),
        Style::Generic => {
            if first {
                b.to_string()
            } else if is_abbr_tty(tty) {
                variant(r, 7, b, m)
            } else if is_header_tty(tty) {
                header(r, m)
            } else if obs {
                syn(r, OBS_KINDS)
            } else {
                syn(r, SYN_KINDS)
            }
        }
    };
    out.push_str(&s);
}

pub(super) fn sanitize(s: &mut String) {
    if s.contains(['|', '\n', '\r', '\t']) {
        *s = s.replace('|', "/").replace(['\n', '\r', '\t'], " ");
    }
    if s.is_empty() {
        s.push_str("Unnamed");
    }
}
