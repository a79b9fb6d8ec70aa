//! Concept material: the English names and facts from which every atom string of a CUI is built.

use super::*;

#[derive(Default)]
pub(super) struct Mat {
    pub(super) group: usize,
    /// Canonical English name (sentence case).
    pub(super) base: String,
    /// A true English synonym (may be empty).
    pub(super) alt: String,
    /// Acronym, symbol or short form (may be empty).
    pub(super) abbr: String,
    pub(super) anat: &'static str,
    pub(super) anat_adj: &'static str,
    pub(super) side: &'static str,
    // LOINC-like observation
    pub(super) lab: bool,
    pub(super) comp: String,
    prop: usize,
    time: &'static str,
    pub(super) sys: usize,
    scale: &'static str,
    method: Option<usize>,
    question: bool,
    // clinical drug
    pub(super) drug: bool,
    pub(super) ings: Vec<(String, &'static str, &'static str)>,
    pub(super) form: &'static str,
    pub(super) brand: String,
    // organism
    pub(super) genus: String,
    pub(super) epithet: String,
    pub(super) org_rest: String,
    pub(super) virus: bool,
    // chemistry / genes
    pub(super) sysname: String,
    pub(super) symbol: String,
    pub(super) fullname: String,
}

impl Mat {
    pub(super) fn clear(&mut self, group: usize) {
        self.group = group;
        self.base.clear();
        self.alt.clear();
        self.abbr.clear();
        self.anat = "";
        self.anat_adj = "";
        self.side = "";
        self.lab = false;
        self.comp.clear();
        self.question = false;
        self.method = None;
        self.drug = false;
        self.ings.clear();
        self.brand.clear();
        self.genus.clear();
        self.epithet.clear();
        self.org_rest.clear();
        self.virus = false;
        self.sysname.clear();
        self.symbol.clear();
        self.fullname.clear();
    }
}

pub(super) fn pseudo(r: &mut Rng, nsyl: usize) -> String {
    let mut s = String::new();
    for _ in 0..nsyl {
        s.push_str(r.pick(SYL));
    }
    s
}
pub(super) fn surname(r: &mut Rng) -> String {
    if r.chance(0.45) {
        return r.pick(&EPONYMS).to_string();
    }
    let n = r.range(1, 2);
    cap_first(&(pseudo(r, n) + r.pick(SURNAME_END)))
}
pub(super) fn place(r: &mut Rng) -> String {
    let n = r.range(1, 2);
    cap_first(&(pseudo(r, n) + r.pick(PLACE_END)))
}
pub(super) fn brand(r: &mut Rng) -> String {
    let n = r.range(2, 3);
    let mut b = cap_first(&pseudo(r, n));
    if r.chance(0.12) {
        b.push_str(r.pick(&[" XR", " ER", " Forte", " HCT", "-D", " SR", " Plus", " ODT"]));
    }
    b
}
pub(super) fn inn(r: &mut Rng) -> String {
    let n = r.range(1, 2);
    pseudo(r, n) + r.pick(&INN_SUFFIX)
}
pub(super) fn gene_symbol(r: &mut Rng) -> String {
    if r.chance(0.8) {
        let mut s = r.pick(GENE_FAMILIES).to_string();
        let n = if r.chance(0.7) {
            r.range(1, 30)
        } else {
            r.range(31, 999)
        };
        push_num(&mut s, n as u64);
        if r.chance(0.3) {
            s.push((b'A' + r.below(6) as u8) as char);
            if r.chance(0.3) {
                push_num(&mut s, r.range(1, 9) as u64);
            }
        }
        s
    } else {
        let mut s = String::new();
        for _ in 0..r.range(3, 5) {
            s.push((b'A' + r.below(26) as u8) as char);
        }
        if r.chance(0.6) {
            push_num(&mut s, r.range(1, 20) as u64);
        }
        s
    }
}
pub(super) fn genus(r: &mut Rng) -> String {
    r.pick(&GENUS_PRE).to_string() + r.pick(&GENUS_ROOT)
}
pub(super) fn epithet(r: &mut Rng) -> String {
    match r.below(10) {
        0..=5 => r.pick(&EPITHETS).to_string(),
        6 => pseudo(r, 2) + "ensis",
        7 => surname(r).to_lowercase().replace([' ', '-'], "") + "ii",
        8 => r.pick(LATIN_ADJ).to_string() + r.pick(&["us", "a", "um", "escens", "icans"]),
        _ => pseudo(r, 2) + r.pick(&["ae", "us", "a", "um", "ica", "oides"]),
    }
}
pub(super) fn organ(r: &mut Rng) -> (&'static str, &'static str) {
    r.pick(&ORGANS)
}
pub(super) fn chem_substituent(r: &mut Rng, depth: usize) -> String {
    let mut s = String::new();
    s.push_str(r.pick(LOCANTS));
    s.push('-');
    if depth < 2 && r.chance(0.18) {
        s.push('(');
        s.push_str(&chem_substituent(r, depth + 1));
        s.push(')');
        s.push_str(r.pick(&[
            "amino", "oxy", "methyl", "ethyl", "carbonyl", "sulfonyl", "phenyl",
        ]));
    } else {
        s.push_str(r.pick(&SUBSTITUENTS));
    }
    s
}
pub(super) fn chem_sysname(r: &mut Rng) -> String {
    let mut s = String::new();
    if r.chance(0.3) {
        s.push_str(r.pick(STEREO));
    }
    let k = 1 + r.expo(1.3).min(7);
    for i in 0..k {
        if i > 0 {
            s.push('-');
        }
        s.push_str(&chem_substituent(r, 0));
    }
    s.push_str(r.pick(&CORES));
    if r.chance(0.15) {
        s.push(' ');
        s.push_str(r.pick(&SALTS));
    }
    s
}
pub(super) fn short_disorder(r: &mut Rng) -> String {
    let (o, a) = organ(r);
    match r.below(4) {
        0 => format!("{} {}", a, r.pick(&DISEASE_HEADS)),
        1 => format!("{}{}", r.pick(&STEMS), r.pick(&SUFFIX_DISEASE)),
        2 => format!("{} of {}", r.pick(&DISEASE_HEADS), o),
        _ => format!("{} {} {}", r.pick(&MODIFIERS), a, r.pick(&DISEASE_HEADS)),
    }
}
pub(super) fn analyte(r: &mut Rng) -> String {
    static COMMON: Table<&str> = table!("common_analytes.txt");
    match r.below(10) {
        0..=4 => r.pick(&COMMON).to_string(),
        5..=6 => cap_first(&inn(r)),
        7 => cap_first(&(r.pick(&ENZYME_SUBSTRATES).to_string() + " " + r.pick(&ENZYME_HEADS))),
        8 => gene_symbol(r) + " protein",
        _ => cap_first(&chem_sysname(r)),
    }
}

/// Fills a PROTEIN_FAMILIES pattern: # number, @ letter, % roman numeral, & Greek letter, $ symbol.
pub(super) fn fill_pattern(r: &mut Rng, pat: &str, sym: &str) -> String {
    let mut s = String::with_capacity(pat.len() + 8);
    for c in pat.chars() {
        match c {
            '#' => push_num(
                &mut s,
                if r.chance(0.8) {
                    r.range(1, 30)
                } else {
                    r.range(31, 400)
                } as u64,
            ),
            '@' => s.push((b'A' + r.below(8) as u8) as char),
            '%' => s.push_str(r.pick(ROMAN)),
            '&' => s.push_str(r.pick(GREEK)),
            '$' => s.push_str(sym),
            _ => s.push(c),
        }
    }
    s
}

pub(super) fn gen_material(r: &mut Rng, m: &mut Mat) {
    let g = m.group;
    let (o, a) = organ(r);
    m.anat = o;
    m.anat_adj = a;
    m.side = r.pick(SIDES);
    match g {
        G_ORG => gen_organism(r, m),
        G_CHEM => gen_chemical(r, m),
        G_DRUG => gen_drug(r, m),
        G_PROT => gen_protein(r, m),
        G_GENE => gen_gene(r, m),
        G_DISO => gen_disorder(r, m),
        G_NEOP => gen_neoplasm(r, m),
        G_INJ => gen_injury(r, m),
        G_FIND => gen_finding(r, m),
        G_ANAT => gen_anatomy(r, m),
        G_PROC => gen_procedure(r, m),
        G_LAB => gen_lab(r, m),
        G_CONC => gen_concept(r, m),
        G_DEVI => gen_device(r, m),
        G_PHYS => gen_physiology(r, m),
        _ => gen_misc(r, m),
    }
    if m.base.is_empty() {
        m.base = short_disorder(r);
    }
    if !m.lab && !m.drug && r.chance(0.3) {
        qualify(r, m);
    }
    m.base = cap_first(&m.base);
    if m.abbr.is_empty() && r.chance(0.5) {
        m.abbr = words_initials(&m.base);
    }
    if m.alt.is_empty() && r.chance(0.6) {
        let s = synonym_swap(&m.base);
        if s != m.base {
            m.alt = s;
        }
    }
    if m.fullname.is_empty() {
        m.fullname = m.base.to_lowercase();
    }
}

/// Appends a group-specific qualifier (real names are often long, qualified phrases).
pub(super) fn qualify(r: &mut Rng, m: &mut Mat) {
    let q: String = match m.group {
        G_DISO | G_NEOP | G_INJ => match r.below(9) {
            0 => ", unspecified".into(),
            1 => " with complication".into(),
            2 => ", recurrent".into(),
            3 => " in remission".into(),
            4 => format!(", {}", r.pick(SIDES)),
            5 => " of unknown etiology".into(),
            6 => format!(" associated with {}", short_disorder(r)),
            7 => format!(" due to {}", short_disorder(r)),
            _ => format!(" of {} {}", r.pick(SIDES), organ(r).0),
        },
        G_CHEM => r
            .pick(&[
                " hydrochloride",
                ", (+)-isomer",
                " monohydrate",
                " sodium salt",
                " conjugate",
                ", radiolabeled",
                " dimer",
                " analog",
                ", (R)-isomer",
                " derivative",
            ])
            .to_string(),
        G_PROT | G_GENE => r
            .pick(&[
                ", human",
                " isoform 2",
                " precursor",
                ", mitochondrial",
                " homolog",
                " subunit alpha",
                ", mouse",
                " (fragment)",
                " variant 1",
                " pseudogene",
            ])
            .to_string(),
        G_PROC => match r.below(6) {
            0 => format!(" of {} {}", r.pick(SIDES), organ(r).0),
            1 => " with contrast".into(),
            2 => " under general anesthesia".into(),
            3 => format!(
                " using {}",
                r.pick(&[
                    "laser",
                    "ultrasound guidance",
                    "endoscope",
                    "robotic assistance",
                    "fluoroscopic guidance"
                ])
            ),
            4 => ", complete".into(),
            _ => format!(" for {}", short_disorder(r)),
        },
        G_FIND => r
            .pick(&[
                ", left side",
                " on examination",
                " during pregnancy",
                " after exercise",
                ", persistent",
                " at rest",
                " (finding)",
                ", intermittent",
                " in the morning",
            ])
            .to_string(),
        G_ANAT => r
            .pick(&[
                " proper",
                " region",
                ", left",
                ", right",
                " of adult",
                " of fetus",
                " and adjacent tissue",
                " (structure)",
            ])
            .to_string(),
        G_DEVI => r
            .pick(&[
                ", sterile",
                ", single-use",
                ", adult size",
                ", pediatric",
                ", reusable",
                ", non-sterile",
                " kit",
            ])
            .to_string(),
        G_ORG => format!(
            " {}",
            r.pick(&[
                "strain ATCC 12228",
                "isolate X-1",
                "subsp. minor",
                "var. major",
                "clone 3",
                "genomovar 2"
            ])
        ),
        _ => r
            .pick(&[
                " status",
                " value",
                " (attribute)",
                " category",
                " type",
                ", other",
                " assessment",
            ])
            .to_string(),
    };
    m.base.push_str(&q);
}

pub(super) fn gen_organism(r: &mut Rng, m: &mut Mat) {
    let k = r.below(100);
    m.genus = genus(r);
    m.epithet = epithet(r);
    if k < 22 {
        // virus
        m.virus = true;
        if r.chance(0.3) {
            let kind = if r.chance(0.5) { "A" } else { "B" };
            let host = r.pick(&[
                "",
                "swine/",
                "chicken/",
                "duck/",
                "equine/",
                "mallard/",
                "environment/",
            ]);
            let year = 1957 + r.below(67);
            let (h, n) = (r.range(1, 16), r.range(1, 9));
            m.base = format!(
                "Influenza {} virus (A/{}{}/{}/{}(H{}N{}))",
                kind,
                host,
                place(r),
                r.range(1, 9999),
                year,
                h,
                n
            );
        } else if r.chance(0.5) {
            let host = r.pick(VIRUS_HOSTS);
            m.base = format!("{} {} {}", host, r.pick(&VIRUS_KINDS), r.range(1, 120));
            if r.chance(0.3) {
                m.base = format!("{} {} type {}", host, r.pick(&VIRUS_KINDS), r.range(1, 120));
            }
        } else {
            m.base = format!(
                "{}virus {}",
                cap_first(&pseudo(r, 2)),
                r.pick(&["A", "B", "C", "1", "2", "3", "alpha", "SH-2019"])
            );
        }
        m.abbr = words_initials(&m.base);
        if m.abbr.len() > 6 {
            m.abbr.truncate(6);
        }
        return;
    }
    let mut s = format!("{} {}", m.genus, m.epithet);
    let rest = match r.below(20) {
        0..=7 => String::new(),
        8..=10 => format!("strain {} {}", r.pick(COLLECTIONS), r.range(100, 99999)),
        11..=12 => format!("subsp. {}", epithet(r)),
        13 => format!("serovar {}", place(r)),
        14..=15 => format!(
            "str. {}{}",
            (b'A' + r.below(26) as u8) as char,
            r.range(1, 9999)
        ),
        16 => format!("pv. {}", epithet(r)),
        _ => String::new(),
    };
    if k < 35 {
        s = format!(
            "{} sp. {}{}-{}",
            m.genus,
            (b'A' + r.below(26) as u8) as char,
            (b'A' + r.below(26) as u8) as char,
            r.range(1, 3000)
        );
    } else if k < 40 {
        s = format!("uncultured {} sp.", m.genus);
    } else if k < 43 {
        s = format!("Candidatus {} {}", m.genus, m.epithet);
    }
    if !rest.is_empty() {
        s.push(' ');
        s.push_str(&rest);
    }
    m.org_rest = rest;
    m.base = s;
    m.alt = format!("{}. {}", &m.genus[..1], m.epithet);
}

pub(super) fn gen_chemical(r: &mut Rng, m: &mut Mat) {
    m.sysname = chem_sysname(r);
    match r.below(100) {
        0..=29 => m.base = m.sysname.clone(),
        30..=54 => {
            m.base = inn(r);
            if r.chance(0.3) {
                m.base = format!("{} {}", m.base, r.pick(&SALTS));
            }
        }
        55..=64 => {
            let mut c = String::new();
            for _ in 0..r.range(2, 3) {
                c.push((b'A' + r.below(26) as u8) as char);
            }
            c.push(if r.chance(0.5) { '-' } else { ' ' });
            push_num(&mut c, r.range(10, 999_999) as u64);
            m.abbr = c.clone();
            m.base = c;
            m.alt = m.sysname.clone();
        }
        65..=74 => {
            m.base = {
                let k = r.range(2, 3);
                cap_first(&pseudo(r, k))
            } + r.pick(&[
                "ine", "oside", "mycin", "olide", "ene", "ol", "in", "one", "ic acid",
            ]);
            if r.chance(0.3) {
                m.base.push(' ');
                m.base.push_str(r.pick(&["A", "B", "C", "D", "I", "II"]));
            }
        }
        75..=84 => {
            let el = r.pick(&ELEMENTS);
            m.base = if r.chance(0.2) {
                format!(
                    "{}({}) {}",
                    el,
                    r.pick(&["II", "III", "IV"]),
                    r.pick(&ANIONS)
                )
            } else {
                format!("{} {}", el, r.pick(&ANIONS))
            };
        }
        85..=89 => {
            let n = r.range(3, 14);
            let mut p: Vec<&str> = (0..n).map(|_| r.pick(AMINO)).collect();
            if r.chance(0.2) {
                p[0] = "D-Phe";
            }
            m.base = if r.chance(0.25) {
                format!("Cyclo({})", p.join("-"))
            } else {
                p.join("-")
            };
        }
        90..=94 => {
            m.base = match r.below(3) {
                0 => format!("{} {} extract", genus(r), epithet(r)),
                1 => format!("{} oil", cap_first(&pseudo(r, 2))),
                _ => format!("Poly({} {})", r.pick(&SUBSTITUENTS), r.pick(&CORES)),
            }
        }
        _ => {
            m.base = format!(
                "{}, ({})-labeled",
                inn(r),
                r.pick(&["3H", "14C", "125I", "18F", "99mTc", "13C"])
            );
        }
    }
}

pub(super) fn drug_ingredient(r: &mut Rng) -> String {
    let mut s = inn(r);
    if r.chance(0.3) {
        s.push(' ');
        s.push_str(r.pick(&SALTS));
    }
    s
}

pub(super) fn scd(m: &Mat, out: &mut String) {
    for (i, (ing, st, u)) in m.ings.iter().enumerate() {
        if i > 0 {
            out.push_str(" / ");
        }
        out.push_str(ing);
        out.push(' ');
        out.push_str(st);
        out.push(' ');
        out.push_str(u);
    }
    out.push(' ');
    out.push_str(m.form);
}

pub(super) fn gen_drug(r: &mut Rng, m: &mut Mat) {
    m.drug = true;
    let n = match r.below(100) {
        0..=79 => 1,
        80..=95 => 2,
        _ => r.range(3, 4),
    };
    for _ in 0..n {
        m.ings
            .push((drug_ingredient(r), r.pick(STRENGTHS), r.pick(&UNITS)));
    }
    m.form = r.pick(&DOSE_FORMS);
    m.brand = brand(r);
    let mut b = String::new();
    scd(m, &mut b);
    m.base = b;
    m.alt = format!(
        "{} {} {} {} [{}]",
        m.ings[0].0, m.ings[0].1, m.ings[0].2, m.form, m.brand
    );
    m.abbr.clear();
}

pub(super) fn gen_protein(r: &mut Rng, m: &mut Mat) {
    m.symbol = gene_symbol(r);
    let sym = m.symbol.clone();
    match r.below(100) {
        0..=44 => {
            m.base = {
                let p = r.pick(&PROTEIN_FAMILIES);
                fill_pattern(r, p, &sym)
            }
        }
        45..=69 => {
            m.base = cap_first(&format!(
                "{} {}",
                r.pick(&ENZYME_SUBSTRATES),
                r.pick(&ENZYME_HEADS)
            ));
            if r.chance(0.4) {
                m.base.push_str(&format!(
                    " {}",
                    r.pick(&[
                        "1",
                        "2",
                        "3",
                        "A",
                        "B",
                        "isoform 2",
                        "subunit alpha",
                        "subunit beta",
                        "type II",
                        "mitochondrial",
                        "cytosolic"
                    ])
                ));
            }
        }
        70..=84 => {
            m.base = format!(
                "{} protein, {}",
                sym,
                r.pick(&[
                    "human",
                    "human",
                    "mouse",
                    "rat",
                    "Drosophila",
                    "S cerevisiae",
                    "zebrafish",
                    "C elegans",
                    "bovine",
                    "Arabidopsis"
                ])
            )
        }
        85..=94 => {
            m.base = if r.chance(0.6) {
                pseudo(r, 2) + r.pick(&["zumab", "ximab", "umab", "mab", "tuzumab", "cizumab"])
            } else {
                format!("Anti-{} monoclonal antibody {}", sym, gene_symbol(r))
            }
        }
        _ => m.base = format!("{}in {}", cap_first(&pseudo(r, 2)), r.pick(GREEK)),
    }
    m.abbr = sym;
}

pub(super) fn gen_gene(r: &mut Rng, m: &mut Mat) {
    m.symbol = gene_symbol(r);
    let sym = m.symbol.clone();
    let pat = r.pick(&PROTEIN_FAMILIES);
    let full = fill_pattern(r, pat, &sym).to_lowercase().replace(',', "");
    m.fullname = full.clone();
    m.base = match r.below(20) {
        0..=8 => format!("{} gene", sym),
        9..=13 => format!("{} gene", full),
        14..=15 => sym.clone(),
        16 => format!("{} wt Allele", sym),
        17 => format!("{} Gene Mutation", sym),
        _ => format!("{} ({})", full, sym),
    };
    m.alt = format!("{} gene", full);
    m.abbr = sym;
}

pub(super) fn gen_disorder(r: &mut Rng, m: &mut Mat) {
    let (o, a) = (m.anat, m.anat_adj);
    let k = r.below(100);
    m.base = if k < 20 {
        let h = r.pick(&DISEASE_HEADS);
        if r.chance(0.6) {
            format!("{} {} {}", r.pick(&MODIFIERS), a, h)
        } else {
            format!("{} {}", a, h)
        }
    } else if k < 32 {
        let s = format!("{}{}", r.pick(&STEMS), r.pick(&SUFFIX_DISEASE));
        match r.below(10) {
            0..=2 => format!("{} {}", r.pick(&MODIFIERS), s),
            3..=4 => format!("{}, {}", s, r.pick(&MODIFIERS)),
            _ => s,
        }
    } else if k < 47 {
        let mut s = format!(
            "{} of {}",
            r.pick(&DISEASE_HEADS),
            if r.chance(0.4) {
                format!("{} {}", m.side, o)
            } else {
                o.to_string()
            }
        );
        if r.chance(0.3) {
            s = format!("{} {}", r.pick(&MODIFIERS), s);
        }
        if r.chance(0.15) {
            s.push_str(&format!(
                ", {}",
                r.pick(&[
                    "unspecified",
                    "not elsewhere classified",
                    "with complication",
                    "without complication",
                    "recurrent"
                ])
            ));
        }
        s
    } else if k < 57 {
        let e = surname(r);
        match r.below(6) {
            0 | 1 => format!("{} disease", e),
            2 | 3 => format!("{} syndrome", e),
            4 => format!(
                "{} syndrome type {}{}",
                e,
                r.range(1, 6),
                r.pick(&["", "", "A", "B"])
            ),
            _ => format!(
                "{}'s {}",
                e,
                r.pick(&["disease", "syndrome", "palsy", "anomaly", "phenomenon"])
            ),
        }
    } else if k < 67 {
        match r.below(5) {
            0 => format!(
                "{} {}, autosomal {}{}",
                cap_first(a),
                r.pick(&DISEASE_HEADS),
                r.pick(&["recessive", "dominant"]),
                if r.chance(0.6) {
                    format!(" {}", r.range(1, 30))
                } else {
                    String::new()
                }
            ),
            1 => format!(
                "{}-related {}",
                gene_symbol(r),
                r.pick(&[
                    "disorder",
                    "syndrome",
                    "cardiomyopathy",
                    "retinopathy",
                    "neurodevelopmental disorder",
                    "ataxia"
                ])
            ),
            2 => format!(
                "{} {} deficiency",
                cap_first(r.pick(&ENZYME_SUBSTRATES)),
                r.pick(&ENZYME_HEADS)
            ),
            3 => format!(
                "{} {}{}",
                r.pick(&[
                    "Spinocerebellar ataxia",
                    "Spastic paraplegia",
                    "Retinitis pigmentosa",
                    "Epileptic encephalopathy, early infantile",
                    "Mental retardation, autosomal dominant",
                    "Charcot-Marie-Tooth disease, type",
                    "Deafness, autosomal recessive",
                    "Cone-rod dystrophy",
                    "Intellectual developmental disorder, autosomal recessive"
                ]),
                r.range(1, 99),
                r.pick(&["", "", "A", "B"])
            ),
            _ => format!(
                "{} {} {}",
                r.pick(&["Hereditary", "Familial", "Congenital", "X-linked"]),
                a,
                r.pick(&DISEASE_HEADS)
            ),
        }
    } else if k < 75 {
        static PSY: Table<&str> = table!("mental_disorder_kinds.txt");
        static SPEC: Table<&str> = table!("mental_disorder_specifiers.txt");
        match r.below(4) {
            0 => format!(
                "{} use disorder, {}",
                r.pick(&[
                    "Alcohol",
                    "Cannabis",
                    "Opioid",
                    "Stimulant",
                    "Sedative, hypnotic, or anxiolytic",
                    "Tobacco",
                    "Inhalant",
                    "Hallucinogen"
                ]),
                r.pick(&[
                    "mild",
                    "moderate",
                    "severe",
                    "in early remission",
                    "in sustained remission"
                ])
            ),
            1 => format!("Delirium due to {}", short_disorder(r)),
            _ => {
                let mut s = format!(
                    "{} {} disorder",
                    r.pick(&[
                        "Major",
                        "Generalized",
                        "Persistent",
                        "Acute",
                        "Chronic",
                        "Other specified",
                        "Unspecified",
                        "Substance-induced",
                        "Brief",
                        "Childhood-onset"
                    ]),
                    r.pick(&PSY)
                );
                if r.chance(0.6) {
                    s.push_str(", ");
                    s.push_str(r.pick(&SPEC));
                    if r.chance(0.4) {
                        s.push_str(", ");
                        s.push_str(r.pick(&SPEC));
                    }
                }
                s
            }
        }
    } else if k < 85 {
        let gs = format!("{} {}", genus(r), epithet(r));
        match r.below(4) {
            0 => format!("{} infection", gs),
            1 => format!("Infection caused by {}", gs),
            2 => format!(
                "{} {} of {}",
                r.pick(&["Viral", "Bacterial", "Fungal", "Parasitic", "Mycobacterial"]),
                r.pick(&["infection", "abscess", "inflammation"]),
                o
            ),
            _ => format!(
                "{}-associated {}",
                genus(r),
                r.pick(&[
                    "diarrhea",
                    "pneumonia",
                    "colitis",
                    "sepsis",
                    "meningitis",
                    "endocarditis"
                ])
            ),
        }
    } else if k < 93 {
        let base = match r.below(3) {
            0 => format!("Type {} diabetes mellitus", r.range(1, 2)),
            1 => format!("{} {}", cap_first(a), r.pick(&DISEASE_HEADS)),
            _ => short_disorder(r),
        };
        match r.below(3) {
            0 => format!("{} with {}", base, short_disorder(r)),
            1 => format!(
                "{} complicating pregnancy, {} trimester",
                base,
                r.pick(&["first", "second", "third", "unspecified"])
            ),
            _ => format!("{} in diseases classified elsewhere", base),
        }
    } else {
        match r.below(4) {
            0 => format!("Congenital {} of {}", r.pick(&DISEASE_HEADS), o),
            1 => format!(
                "{}{} of {}",
                cap_first(r.pick(&["hypo", "hyper", "dys", "a"])),
                r.pick(&["plasia", "trophy", "genesis"]),
                o
            ),
            2 => format!(
                "{} of {}",
                r.pick(&[
                    "Absence",
                    "Duplication",
                    "Malposition",
                    "Accessory",
                    "Atresia"
                ]),
                o
            ),
            _ => format!(
                "Congenital {} {}",
                a,
                r.pick(&["anomaly", "malformation", "cyst", "stenosis"])
            ),
        }
    };
}

pub(super) fn gen_neoplasm(r: &mut Rng, m: &mut Mat) {
    static MORPH: Table<&str> = table!("neoplasm_morphologies.txt");
    let (o, a) = (m.anat, m.anat_adj);
    let mo = r.pick(&MORPH);
    m.base = match r.below(10) {
        0 | 1 => format!("Malignant neoplasm of {} of {}", r.pick(&ANAT_PARTS), o),
        2 => format!("{} of {}", cap_first(mo), o),
        3 => format!("{} {}", cap_first(a), mo),
        4 => format!(
            "Stage {}{} {} {} AJCC v{}",
            r.pick(&["0", "I", "II", "III", "IV"]),
            r.pick(&["", "A", "B", "C"]),
            cap_first(a),
            cap_first(mo),
            r.pick(&["6", "7", "8"])
        ),
        5 => format!("Metastatic {} to {}", mo, organ(r).0),
        6 => format!(
            "{} {} {}",
            r.pick(&[
                "Recurrent",
                "Refractory",
                "Childhood",
                "Adult",
                "Locally advanced",
                "Unresectable"
            ]),
            a,
            mo
        ),
        7 => format!(
            "Grade {} {} {}",
            r.range(1, 4),
            r.pick(&[
                "invasive",
                "low grade",
                "high grade",
                "poorly differentiated",
                "well differentiated"
            ]),
            mo
        ),
        8 => format!("Secondary malignant neoplasm of {}", o),
        _ => format!("Benign neoplasm of {}", o),
    };
}

pub(super) fn gen_injury(r: &mut Rng, m: &mut Mat) {
    static BONES: Table<&str> = table!("bones.txt");
    static PARTS: Table<&str> = table!("bone_parts.txt");
    static ENC: Table<&str> = table!("injury_encounters.txt");
    const INTENT: &[&str] = &[
        "accidental (unintentional)",
        "intentional self-harm",
        "assault",
        "undetermined",
    ];
    let side = if r.chance(0.85) {
        r.pick(&["left", "right"])
    } else {
        "unspecified"
    };
    m.side = side;
    m.base = match r.below(8) {
        0..=2 => format!(
            "{}{} fracture of {} of {} {}, {}",
            r.pick(&["Displaced ", "Nondisplaced ", "", ""]),
            r.pick(&[
                "transverse",
                "oblique",
                "spiral",
                "comminuted",
                "segmental",
                "greenstick",
                "torus",
                "avulsion",
                "burst",
                "compression"
            ]),
            r.pick(&PARTS),
            side,
            r.pick(&BONES),
            r.pick(&ENC)
        ),
        3 => format!(
            "{} {} foreign body of {} {}{}, {}",
            r.pick(&[
                "Laceration",
                "Puncture wound",
                "Abrasion",
                "Open bite",
                "Blister (nonthermal)"
            ]),
            r.pick(&["with", "without"]),
            side,
            m.anat,
            if r.chance(0.3) {
                " without damage to nail"
            } else {
                ""
            },
            r.pick(&ENC[5..])
        ),
        4 => format!(
            "Burn of {} degree of {} {}, {}",
            r.pick(&["first", "second", "third"]),
            side,
            m.anat,
            r.pick(&ENC[5..])
        ),
        5 => format!(
            "{} {}, {}, {}",
            r.pick(&[
                "Poisoning by",
                "Adverse effect of",
                "Underdosing of",
                "Toxic effect of"
            ]),
            if r.chance(0.5) {
                inn(r)
            } else {
                r.pick(&[
                    "other antihypertensive drugs",
                    "tricyclic antidepressants",
                    "benzodiazepines",
                    "opioid analgesics",
                    "anticoagulants",
                    "4-Aminophenol derivatives",
                    "salicylates",
                    "insulin and oral hypoglycemic [antidiabetic] drugs",
                    "carbon monoxide",
                    "organophosphate insecticides",
                ])
                .to_string()
            },
            r.pick(INTENT),
            r.pick(&ENC[5..])
        ),
        6 => format!(
            "Sprain of {} of {} {}, {}",
            r.pick(&[
                "anterior cruciate ligament",
                "medial collateral ligament",
                "deltoid ligament",
                "calcaneofibular ligament",
                "ulnar collateral ligament",
                "interphalangeal joint"
            ]),
            side,
            r.pick(&["knee", "ankle", "wrist", "elbow", "thumb"]),
            r.pick(&ENC[5..])
        ),
        _ => format!(
            "{} of {} {}, {}",
            r.pick(&[
                "Dislocation",
                "Contusion",
                "Crushing injury",
                "Superficial injury",
                "Traumatic amputation",
                "Injury of blood vessel"
            ]),
            side,
            m.anat,
            r.pick(&ENC[5..])
        ),
    };
}

pub(super) fn gen_finding(r: &mut Rng, m: &mut Mat) {
    static SYMPTOMS: Table<&str> = table!("symptoms.txt");
    let (o, _a) = (m.anat, m.anat_adj);
    m.base = match r.below(20) {
        0..=2 => format!("{} of {} {}", r.pick(&FIND_HEADS), m.side, o),
        3 => format!("Pain in {} {}", r.pick(&["left", "right"]), o),
        4..=5 => format!("{} {} level", r.pick(&LEVELS), analyte(r).to_lowercase()),
        6 => format!(
            "{} of {}",
            r.pick(&[
                "History of",
                "Family history of",
                "Personal history of",
                "At risk for",
                "Suspected",
                "No history of"
            ])
            .split(" of")
            .next()
            .unwrap()
            .to_string()
                + "",
            short_disorder(r)
        ),
        7 => format!(
            "{} {}",
            r.pick(&["Able to", "Unable to", "Difficulty to", "Does not"]),
            r.pick(&[
                "walk",
                "climb stairs",
                "dress self",
                "feed self",
                "stand",
                "speak",
                "swallow",
                "concentrate",
                "sleep",
                "breathe deeply",
                "use telephone",
                "manage medication"
            ])
        ),
        8..=9 => match r.below(4) {
            0 => format!("Abnormality of the {}", o),
            1 => format!("Abnormal {} morphology", o),
            2 => format!(
                "Increased circulating {} concentration",
                analyte(r).to_lowercase()
            ),
            _ => format!(
                "{} {} {}",
                cap_first(r.pick(&POSITIONS)),
                o,
                r.pick(&FIND_HEADS).to_lowercase()
            ),
        },
        10..=11 => r.pick(&ANSWERS).to_string(),
        12..=14 => {
            let s = r.pick(&SYMPTOMS);
            match r.below(4) {
                0 => s.to_string(),
                1 => format!(
                    "{} {}",
                    r.pick(&[
                        "Intermittent",
                        "Persistent",
                        "Nocturnal",
                        "Exertional",
                        "Mild",
                        "Severe",
                        "Recurrent"
                    ]),
                    s.to_lowercase()
                ),
                2 => format!("{} with {}", s, r.pick(&SYMPTOMS).to_lowercase()),
                _ => format!(
                    "{} for {} {}",
                    s,
                    r.range(1, 14),
                    r.pick(&["days", "weeks", "months"])
                ),
            }
        }
        15 => format!(
            "{} {} present",
            cap_first(o),
            r.pick(&FIND_HEADS).to_lowercase()
        ),
        16 => format!(
            "{} {}",
            r.pick(&["Normal", "Abnormal", "Equivocal"]),
            r.pick(&[
                "electrocardiogram",
                "chest X-ray",
                "urinalysis",
                "blood pressure",
                "pulse rate",
                "reflexes",
                "gait",
                "mental status",
                "visual acuity",
                "hearing"
            ])
        ),
        _ => format!(
            "{} {}",
            r.pick(&[
                "Finding of",
                "On examination -",
                "Complaining of",
                "Observation of"
            ]),
            short_disorder(r)
        ),
    };
    // fix "History" template above (kept simple)
    if m.base.starts_with("History ")
        || m.base.starts_with("Family ")
        || m.base.starts_with("Personal ")
        || m.base.starts_with("At ")
        || m.base.starts_with("Suspected ")
        || m.base.starts_with("No ")
    {
        let p = r.pick(&[
            "History of",
            "Family history of",
            "Personal history of",
            "At risk for",
            "Suspected",
            "No history of",
        ]);
        m.base = format!("{} {}", p, short_disorder(r));
    }
}

pub(super) fn gen_anatomy(r: &mut Rng, m: &mut Mat) {
    static CELLT: Table<&str> = table!("cell_types.txt");
    let o = m.anat;
    m.base = match r.below(12) {
        0..=2 => format!("{} {} of {}", m.side, r.pick(&ANAT_PARTS), o),
        3..=4 => format!("{} of {} {}", r.pick(&ANAT_PARTS), m.side, o),
        5 => format!(
            "{} {}",
            r.pick(ORDINALS),
            r.pick(&[
                "lumbar vertebra",
                "thoracic vertebra",
                "cervical vertebra",
                "rib",
                "metatarsal bone",
                "metacarpal bone",
                "intercostal space",
                "sacral nerve"
            ])
        ),
        6..=7 => {
            let c = r.pick(&CELLT);
            if r.chance(0.5) {
                format!("{} {}", r.pick(&POSITIONS), c)
            } else {
                format!("{} of {}", c, o)
            }
        }
        8 => format!(
            "{} of {} {}",
            r.pick(&[
                "Skin",
                "Wall",
                "Mucosa",
                "Lumen",
                "Surface",
                "Region",
                "Compartment"
            ]),
            m.side,
            o
        ),
        9 => format!(
            "{} branch of {}",
            r.pick(&POSITIONS),
            r.pick(&[
                "aorta",
                "coronary artery",
                "carotid artery",
                "femoral artery",
                "vagus nerve",
                "facial nerve",
                "portal vein",
                "bronchus",
                "bile duct"
            ])
        ),
        10 => format!(
            "{} nucleus of {}",
            cap_first(&pseudo(r, 2)),
            r.pick(&[
                "thalamus",
                "hypothalamus",
                "brainstem",
                "medulla oblongata",
                "pons",
                "midbrain"
            ])
        ),
        _ => format!(
            "{} {}",
            r.pick(&["Entire", "Set of", "Structure of", "Region of"]),
            o
        ),
    };
}

pub(super) fn gen_procedure(r: &mut Rng, m: &mut Mat) {
    let o = m.anat;
    m.base = match r.below(20) {
        0..=3 => {
            let s = format!("{}{}", r.pick(&STEMS), r.pick(&SUFFIX_PROC));
            match r.below(4) {
                0 => format!(
                    "{} {}",
                    r.pick(&[
                        "Laparoscopic",
                        "Open",
                        "Endoscopic",
                        "Percutaneous",
                        "Robotic-assisted",
                        "Partial",
                        "Total",
                        "Radical"
                    ]),
                    s
                ),
                1 => format!("{} of {} {}", s, m.side, o),
                _ => s,
            }
        }
        4..=6 => format!(
            "{} of {}{}",
            r.pick(&IMAGING),
            o,
            r.pick(&[
                "",
                " with contrast",
                " without contrast",
                " with and without contrast",
                ", limited",
                " for guidance"
            ])
        ),
        7..=9 => format!(
            "{} of {} of {} {}",
            r.pick(&PROC_VERBS),
            r.pick(&["lesion", "mass", "cyst", "foreign body", "tumor"]),
            m.side,
            o
        ),
        10..=11 => format!("{} of {}", r.pick(&PROC_VERBS), o),
        12..=13 => match r.below(4) {
            0 => format!("{} {}", cap_first(&short_disorder(r)), r.pick(&THERAPY)),
            1 => format!("Administration of {}", inn(r)),
            2 => format!(
                "{} about {}",
                r.pick(&["Counseling", "Education", "Advice", "Referral"]),
                short_disorder(r)
            ),
            _ => format!(
                "{} {}",
                cap_first(&inn(r)),
                r.pick(&["therapy", "injection", "infusion", "desensitization"])
            ),
        },
        14..=16 => match r.below(3) {
            0 => format!("{} measurement", analyte(r)),
            1 => format!(
                "Measurement of {} in {}",
                analyte(r).to_lowercase(),
                r.pick(&LNC_SYSTEMS).1.to_lowercase()
            ),
            _ => format!("{} {} culture", genus(r), epithet(r)),
        },
        _ => format!(
            "{} of {} {}, {}",
            r.pick(&PCS_OPS),
            title_case(m.side),
            title_case(o),
            r.pick(PCS_APPROACH)
        ),
    };
}

pub(super) fn gen_lab(r: &mut Rng, m: &mut Mat) {
    m.lab = true;
    m.time = r.pick(LNC_TIMES);
    m.scale = r.pick(LNC_SCALES);
    m.sys = r.below(LNC_SYSTEMS.len());
    m.prop = r.below(LNC_PROPS.len());
    m.method = if r.chance(0.45) {
        Some(r.below(LNC_METHODS.len()))
    } else {
        None
    };
    let k = r.below(100);
    if k < 12 {
        m.question = true;
        m.comp = match r.below(6) {
            0 => format!(
                "How often have you {} in the past {} {}",
                r.pick(&ACTS),
                r.range(1, 12),
                r.pick(&["days", "weeks", "months"])
            ),
            1 => format!(
                "During the past {} days, on how many days did you {}",
                r.range(2, 30),
                r.pick(&ACTS)
            ),
            2 => format!(
                "Have you ever been told by a doctor that you have {}",
                short_disorder(r)
            ),
            3 => format!("{} total score", r.pick(&SCALE_NAMES)),
            4 => format!(
                "{} item {} - {}",
                r.pick(&SCALE_NAMES),
                r.range(1, 40),
                r.pick(&ACTS)
            ),
            _ => format!(
                "Does the patient {} without assistance",
                r.pick(&[
                    "walk",
                    "bathe",
                    "dress",
                    "eat",
                    "use the toilet",
                    "transfer from bed to chair",
                    "climb stairs"
                ])
            ),
        };
        m.time = "Pt";
        m.sys = LNC_SYSTEMS.iter().position(|s| s.0 == "^Patient").unwrap();
        m.scale = r.pick(&["Ord", "Nom", "Qn", "Nar"]);
        m.prop = LNC_PROPS.iter().position(|p| p.0 == "Find").unwrap();
        m.base = m.comp.clone();
        return;
    }
    m.comp = if k < 50 {
        analyte(r)
    } else if k < 65 {
        format!("{} {}{}", genus(r), epithet(r), r.pick(LNC_COMP_SUFFIX))
    } else if k < 75 {
        format!(
            "{}{}",
            gene_symbol(r),
            r.pick(&[
                " gene mutation analysis",
                " gene targeted mutation analysis",
                " protein",
                " gene.p.Arg",
                " gene deletion+duplication"
            ])
        )
    } else if k < 85 {
        let c = r.pick(&CELLS);
        if r.chance(0.4) {
            format!("{}/100 leukocytes", c)
        } else {
            c.to_string()
        }
    } else if k < 92 {
        format!("{}{}", analyte(r), r.pick(LNC_COMP_SUFFIX))
    } else {
        format!("{} panel", analyte(r))
    };
    let (pa, pl) = LNC_PROPS[m.prop];
    let (_sa, sl) = LNC_SYSTEMS[m.sys];
    let mut lc = format!("{} [{}] in {}", m.comp, pl, sl);
    if pa == "PrThr" || pa == "Titr" {
        lc = format!("{} [{}] in {}", m.comp, pl, sl);
    }
    if let Some(mi) = m.method {
        lc.push_str(" by ");
        lc.push_str(LNC_METHODS[mi].1);
    }
    if m.time != "Pt" {
        let tl = match m.time {
            "24H" => "24 hour",
            "12H" => "12 hour",
            "8H" => "8 hour",
            "^Max" => "Maximum",
            _ => "Unspecified time",
        };
        lc = format!("{} [{}] in {} {}", m.comp, pl, tl, sl);
        if let Some(mi) = m.method {
            lc.push_str(" by ");
            lc.push_str(LNC_METHODS[mi].1);
        }
    }
    m.base = lc;
    m.abbr.clear();
}

pub(super) fn lnc_ln(m: &Mat, out: &mut String) {
    out.push_str(&m.comp);
    out.push(':');
    out.push_str(LNC_PROPS[m.prop].0);
    out.push(':');
    out.push_str(m.time);
    out.push(':');
    out.push_str(LNC_SYSTEMS[m.sys].0);
    out.push(':');
    out.push_str(m.scale);
    if let Some(mi) = m.method {
        out.push(':');
        out.push_str(LNC_METHODS[mi].0);
    }
}

pub(super) fn lnc_dn(m: &Mat, out: &mut String) {
    let c: String = if m.comp.len() > 24 {
        m.comp.split(' ').take(3).collect::<Vec<_>>().join(" ")
    } else {
        m.comp.clone()
    };
    out.push_str(&c);
    out.push(' ');
    out.push_str(&LNC_SYSTEMS[m.sys].0.replace(['/', ' ', '^'], ""));
    out.push('-');
    let p = LNC_PROPS[m.prop].0;
    out.push_str(match p {
        "MCnc" => "mCnc",
        "SCnc" => "sCnc",
        "ACnc" => "aCnc",
        "NCnc" => "nCnc",
        "PrThr" => "Imp",
        _ => p,
    });
}

pub(super) fn gen_concept(r: &mut Rng, m: &mut Mat) {
    m.base = match r.below(12) {
        0..=2 => r.pick(&QUAL_VALUES).to_string(),
        3 => format!("{} total score", r.pick(&SCALE_NAMES)),
        4 => format!("{} {}", r.pick(&SPECIALTIES), r.pick(&CONCEPT_HEADS)),
        5 => format!(
            "{} {} of {}",
            place(r),
            r.pick(&CONCEPT_HEADS),
            short_disorder(r)
        ),
        6 => match r.below(6) {
            0 => format!("Grade {}", r.range(0, 5)),
            1 => format!(
                "Stage {}{}",
                r.pick(&["0", "I", "II", "III", "IV"]),
                r.pick(&["", "A", "B", "C"])
            ),
            2 => format!(
                "Every {} hours",
                r.pick(&["2", "4", "6", "8", "12", "24", "48", "72"])
            ),
            3 => format!(
                "{} times per {}",
                r.range(2, 6),
                r.pick(&["day", "week", "month"])
            ),
            4 => format!(
                "{} {}/kg/day",
                r.pick(STRENGTHS),
                r.pick(&["mg", "mcg", "mL", "units"])
            ),
            _ => format!(
                "{} {} {}",
                r.pick(&["Day", "Week", "Postoperative day", "Cycle"]),
                r.range(1, 28),
                r.pick(&["", "", "of treatment"])
            )
            .trim()
            .to_string(),
        },
        7 => format!(
            "CTCAE Grade {} {}",
            r.range(1, 5),
            cap_first(&short_disorder(r))
        ),
        8 => format!(
            "{} {}",
            r.pick(&QUAL_VALUES),
            r.pick(&[
                "quality",
                "status",
                "severity",
                "priority",
                "frequency",
                "duration",
                "method",
                "route",
                "site",
                "role",
                "context",
                "outcome"
            ])
        ),
        9 => format!(
            "Protocol {}-{}",
            words_initials(&pseudo(r, 3)),
            r.range(100, 9999)
        ),
        10 => format!(
            "{} {}",
            cap_first(&pseudo(r, 2)),
            r.pick(&[
                "value set",
                "code system",
                "identifier type",
                "role class",
                "act code",
                "participation type"
            ])
        ),
        _ => format!(
            "{} {}",
            r.pick(&[
                "Number of",
                "Duration of",
                "Date of",
                "Time since",
                "Frequency of"
            ]),
            short_disorder(r)
        ),
    };
}

pub(super) fn gen_device(r: &mut Rng, m: &mut Mat) {
    let h = r.pick(&DEVICE_HEADS);
    m.base = match r.below(6) {
        0..=1 => format!(
            "{} {} {}{}",
            r.pick(&MATERIALS),
            r.pick(&DEVICE_MODS),
            h,
            if r.chance(0.4) {
                format!(
                    ", {}",
                    r.pick(&[
                        "16 French",
                        "4.5 mm",
                        "10 mL",
                        "size 8",
                        "20 gauge",
                        "large",
                        "pediatric",
                        "adult",
                        "5 cm",
                        "0.035 inch"
                    ])
                )
            } else {
                String::new()
            }
        ),
        2 => format!("{} {}", r.pick(&DEVICE_MODS), h),
        3 => format!("{}s, {}", cap_first(h), r.pick(&DEVICE_MODS)),
        4 => format!("{} {} system", brand(r), h),
        _ => format!("{} for {}", cap_first(h), short_disorder(r)),
    };
}

pub(super) fn gen_physiology(r: &mut Rng, m: &mut Mat) {
    m.base = match r.below(16) {
        0 => format!("regulation of {}", r.pick(&PROCESSES)),
        1 => format!("positive regulation of {}", r.pick(&PROCESSES)),
        2 => format!("negative regulation of {}", r.pick(&PROCESSES)),
        3 => format!("{} binding", r.pick(&MOLECULES)),
        4 => format!("{} transmembrane transporter activity", r.pick(&MOLECULES)),
        5 => format!(
            "{} {} activity",
            r.pick(&ENZYME_SUBSTRATES),
            r.pick(&ENZYME_HEADS)
        ),
        6 => format!(
            "{} {} process",
            r.pick(&ENZYME_SUBSTRATES),
            r.pick(&["biosynthetic", "catabolic", "metabolic"])
        ),
        7 => format!(
            "cellular response to {}",
            r.pick(&[
                "hypoxia",
                "insulin stimulus",
                "lipopolysaccharide",
                "DNA damage stimulus",
                "heat",
                "glucose starvation",
                "interleukin-1",
                "tumor necrosis factor",
                "oxidative stress"
            ])
        ),
        8 => r.pick(&CELL_COMPONENTS).to_string(),
        9 => format!("{} complex", gene_symbol(r)),
        10 => format!("{} development", m.anat),
        11 => format!(
            "{} differentiation",
            r.pick(&[
                "T cell",
                "B cell",
                "neuron",
                "osteoblast",
                "keratinocyte",
                "adipocyte",
                "cardiac muscle cell",
                "erythrocyte"
            ])
        ),
        12 => r.pick(&PROCESSES).to_string(),
        13 => format!("{} function", cap_first(m.anat_adj)),
        14 => format!("{} blood flow", cap_first(m.anat_adj)),
        _ => format!(
            "{} {}",
            cap_first(r.pick(&[
                "Heart",
                "Respiratory",
                "Pulse",
                "Glomerular filtration",
                "Basal metabolic",
                "Sedimentation"
            ])),
            r.pick(&["rate", "function", "capacity", "volume"])
        ),
    };
    if r.chance(0.6) && m.base.chars().next().is_some_and(|c| c.is_lowercase()) {
        // GO style keeps lower case; mark by leaving as is
    }
}

pub(super) fn gen_misc(r: &mut Rng, m: &mut Mat) {
    m.base = match r.below(10) {
        0..=1 => match r.below(3) {
            0 => place(r),
            1 => format!("{}, {}", place(r), place(r)),
            _ => format!(
                "{} {}",
                r.pick(&["Province of", "Republic of", "County of", "District of"]),
                place(r)
            ),
        },
        2..=3 => match r.below(3) {
            0 => format!("{} {}", place(r), r.pick(&ORG_TYPES)),
            1 => format!(
                "{} Society of {}",
                r.pick(&[
                    "American",
                    "European",
                    "International",
                    "British",
                    "Canadian",
                    "Japanese"
                ]),
                r.pick(&SPECIALTIES)
            ),
            _ => format!("Department of {}", r.pick(&SPECIALTIES)),
        },
        4 => format!("{} {}", r.pick(&SPECIALTIES), r.pick(&OCCUPATIONS)),
        5..=6 => {
            if r.chance(0.5) {
                r.pick(&POP_GROUPS).to_string()
            } else {
                format!("Patients with {}", short_disorder(r))
            }
        }
        _ => match r.below(3) {
            0 => r.pick(&ACTIVITIES).to_string(),
            1 => format!("{} behavior", r.pick(&ACTIVITIES)),
            _ => format!(
                "{} {}",
                r.pick(&ACTIVITIES),
                r.pick(&["cessation", "habit", "frequency", "practice", "program"])
            ),
        },
    };
}

// ---- English variants ----

fn synonym_swap(s: &str) -> String {
    let low = s.to_lowercase();
    for (a, b) in SYNONYMS.iter() {
        for (from, to) in [(a, b), (b, a)] {
            if let Some(p) = find_word(&low, from) {
                let mut out = String::with_capacity(s.len() + 8);
                out.push_str(&s[..p]);
                let orig = &s[p..p + from.len()];
                if orig.chars().next().is_some_and(|c| c.is_uppercase()) {
                    out.push_str(&cap_first(to));
                } else {
                    out.push_str(to);
                }
                out.push_str(&s[p + from.len()..]);
                return out;
            }
        }
    }
    s.to_string()
}

fn find_word(hay: &str, w: &str) -> Option<usize> {
    let mut start = 0;
    while let Some(p) = hay[start..].find(w) {
        let p = start + p;
        let before_ok = p == 0 || !hay.as_bytes()[p - 1].is_ascii_alphanumeric();
        let after = p + w.len();
        let after_ok = after >= hay.len() || !hay.as_bytes()[after].is_ascii_alphanumeric();
        if before_ok && after_ok {
            return Some(p);
        }
        start = p + 1;
        if start >= hay.len() {
            break;
        }
    }
    None
}

pub(super) fn invert(s: &str) -> String {
    let titled = s
        .split(' ')
        .all(|w| w.chars().next().is_none_or(|c| !c.is_lowercase()) || SMALL_WORDS.contains(&w));
    if titled {
        // Title Case (MeSH style): permute words, keep their case
        let words: Vec<&str> = s.split(' ').collect();
        if words.len() >= 2 && !s.contains(',') && !s.contains(" of ") {
            return format!("{}, {}", words[1..].join(" "), words[0]);
        }
    }
    if let Some(p) = s.find(" of ") {
        let (a, b) = (&s[..p], &s[p + 4..]);
        if !b.contains(',') && b.split(' ').count() <= 4 {
            return format!("{} {}", cap_first(b), lower_first(a));
        }
    }
    let words: Vec<&str> = s.split(' ').collect();
    if words.len() >= 2 && !s.contains(',') {
        let first = words[0];
        let rest = words[1..].join(" ");
        return format!("{}, {}", cap_first(&rest), lower_first(first));
    }
    if let Some(p) = s.find(", ") {
        return format!("{} {}", cap_first(&s[p + 2..]), lower_first(&s[..p]));
    }
    s.to_string()
}

fn mdr_invert(s: &str) -> String {
    let words: Vec<&str> = s.split(' ').collect();
    if words.len() >= 2 && !s.contains(',') && !s.contains(" of ") {
        return format!(
            "{} {}",
            cap_first(&words[1..].join(" ")),
            lower_first(words[0])
        );
    }
    invert(s)
}

pub(super) fn pluralize(s: &str) -> String {
    let (head, tail) = match s.find([',', '(']) {
        Some(p) => (&s[..p], &s[p..]),
        None => (s, ""),
    };
    let h = head.trim_end();
    let sp = &head[h.len()..];
    let out = if let Some(st) = h.strip_suffix("sis") {
        format!("{}ses", st)
    } else if h.ends_with('y') && !h.ends_with("ay") && !h.ends_with("ey") && !h.ends_with("oy") {
        format!("{}ies", &h[..h.len() - 1])
    } else if let Some(st) = h.strip_suffix('s') {
        st.to_string()
    } else if let Some(st) = h.strip_suffix("um") {
        format!("{}a", st)
    } else {
        format!("{}s", h)
    };
    format!("{}{}{}", out, sp, tail)
}

/// Variant kinds: 1 lower, 2 upper, 3 title, 4 inversion, 5 NOS, 6 synonym, 7 acronym,
/// 8 punctuation, 9 plural, 10 unspecified/other, 11 alt name, 12 MedDRA-style inversion.
pub(super) fn variant(r: &mut Rng, kind: usize, s: &str, m: &Mat) -> String {
    match kind {
        1 => s.to_lowercase(),
        2 => s.to_uppercase(),
        3 => title_case(s),
        4 => invert(s),
        5 => match r.below(4) {
            0 => format!("{}, NOS", s),
            1 => format!("{} (NOS)", s),
            _ => format!("{} NOS", s),
        },
        6 => {
            let t = synonym_swap(s);
            if t == s {
                invert(s)
            } else {
                t
            }
        }
        7 => {
            if !m.abbr.is_empty() && r.chance(0.7) {
                m.abbr.clone()
            } else {
                let a = words_initials(s);
                if a.len() >= 2 {
                    a
                } else {
                    s.to_lowercase()
                }
            }
        }
        8 => {
            if s.contains('-') {
                s.replace('-', " ")
            } else if s.contains(", ") {
                s.replacen(", ", " ", 1)
            } else if let Some(p) = s.find(' ') {
                let mut t = s.to_string();
                t.replace_range(p..p + 1, "-");
                t
            } else {
                format!("{}, {}", s, r.pick(&["NOS", "unspecified"]))
            }
        }
        9 => pluralize(s),
        10 => match r.below(5) {
            0 => format!("Unspecified {}", lower_first(s)),
            1 => format!("{}, unspecified", s),
            2 => format!("Other {}", lower_first(s)),
            3 => format!("Other specified {}", lower_first(s)),
            _ => format!("{}, other", s),
        },
        11 => {
            if !m.alt.is_empty() {
                m.alt.clone()
            } else {
                variant(r, 6, s, m)
            }
        }
        12 => mdr_invert(s),
        _ => s.to_string(),
    }
}

pub(super) const SYN_KINDS: &[f64] = &[
    0.0, 8.0, 2.0, 8.0, 18.0, 6.0, 22.0, 6.0, 6.0, 6.0, 5.0, 13.0, 0.0,
];
pub(super) const MSH_KINDS: &[f64] = &[
    0.0, 3.0, 0.0, 10.0, 20.0, 2.0, 20.0, 5.0, 10.0, 10.0, 0.0, 20.0, 0.0,
];
pub(super) const MDR_KINDS: &[f64] = &[
    0.0, 10.0, 0.0, 0.0, 3.0, 15.0, 18.0, 2.0, 5.0, 5.0, 5.0, 12.0, 25.0,
];
pub(super) const CHV_KINDS: &[f64] = &[
    0.0, 30.0, 0.0, 0.0, 10.0, 0.0, 30.0, 5.0, 5.0, 10.0, 0.0, 10.0, 0.0,
];
pub(super) const OBS_KINDS: &[f64] = &[
    5.0, 5.0, 5.0, 5.0, 15.0, 15.0, 15.0, 2.0, 10.0, 5.0, 15.0, 5.0, 0.0,
];

pub(super) fn icd_abbrev(s: &str) -> String {
    static AB: Table<(&str, &str)> = table!("icd_abbreviations.tsv");
    let mut t = s.to_string();
    for (a, b) in AB.iter() {
        if t.contains(a) {
            t = t.replace(a, b);
        }
    }
    if t.len() > 60 {
        let mut cut = 60;
        while !t.is_char_boundary(cut) {
            cut -= 1;
        }
        t.truncate(cut);
        t = t.trim_end().to_string();
    }
    t
}
