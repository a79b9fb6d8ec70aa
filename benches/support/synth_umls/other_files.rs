//! MRDEF, MRREL, MRSAB, MRRANK, MRFILES and release.dat.

use super::*;
use std::io;
use std::path::Path;

const DEF_P: [f64; NG] = [
    0.01, 0.09, 0.005, 0.2, 0.12, 0.3, 0.3, 0.02, 0.1, 0.12, 0.12, 0.03, 0.12, 0.08, 0.3, 0.06,
];
static ROLES: Table<&str> = table!("definition_roles.txt");
static EFFECTS: Table<&str> = table!("definition_effects.txt");
static FEATURES: Table<&str> = table!("definition_features.txt");

pub(super) fn def_text(r: &mut Rng, m: &Mat, out: &mut String) {
    let b = m.base.as_str();
    let sym = if m.symbol.is_empty() {
        gene_symbol(r)
    } else {
        m.symbol.clone()
    };
    let first = match m.group {
        G_DISO | G_NEOP | G_INJ => format!(
            "A {} {} characterized by {} of the {}{}.",
            r.pick(&[
                "rare",
                "common",
                "chronic",
                "acute",
                "progressive",
                "inherited",
                "acquired",
                "severe"
            ]),
            if m.group == G_NEOP {
                r.pick(&["malignant neoplasm", "benign neoplasm", "tumor", "neoplasm"])
            } else {
                r.pick(&["disorder", "condition", "disease", "syndrome"])
            },
            r.pick(&FEATURES),
            m.anat,
            if r.chance(0.5) {
                format!(", resulting in {}", r.pick(&EFFECTS))
            } else {
                String::new()
            }
        ),
        G_CHEM | G_DRUG => format!(
            "A {} that is {} in which {} hydrogens have been replaced by {} groups.",
            r.pick(&[
                "member of the class of benzamides",
                "organic compound",
                "synthetic compound",
                "natural product",
                "carboxylic acid",
                "monocarboxylic acid amide",
                "small molecule"
            ]),
            r.pick(&CORES),
            r.pick(&["one of the", "two of the", "the", "three"]),
            r.pick(&SUBSTITUENTS)
        ),
        G_PROT | G_GENE => format!(
            "{} ({} aa, ~{} kDa) is encoded by the human {} gene. This protein is involved in {}.",
            b,
            r.range(80, 3500),
            r.range(9, 400),
            sym,
            r.pick(&PROCESSES)
        ),
        G_PHYS => match r.below(3) {
            0 => format!(
                "Any process that modulates the frequency, rate or extent of {}.",
                r.pick(&PROCESSES)
            ),
            1 => format!(
                "Catalysis of the reaction: {} + H2O = {} + phosphate.",
                r.pick(&ENZYME_SUBSTRATES),
                r.pick(&ENZYME_SUBSTRATES)
            ),
            _ => format!(
                "Binding to {}, {}.",
                r.pick(&MOLECULES),
                r.pick(&[
                    "any of a group of ions",
                    "a nucleic acid",
                    "a protein complex",
                    "a small molecule"
                ])
            ),
        },
        G_ANAT => format!(
            "The {} of the {} that {}.",
            r.pick(&ANAT_PARTS),
            m.anat,
            r.pick(&[
                "is continuous with the adjacent tissue",
                "lies between the two layers",
                "contains the main vascular supply",
                "is lined by epithelium",
                "forms the boundary of the cavity"
            ])
        ),
        G_PROC | G_LAB => format!(
            "A {} in which {} is {}{}.",
            r.pick(&[
                "procedure",
                "test",
                "surgical procedure",
                "diagnostic procedure",
                "quantitative measurement"
            ]),
            if m.lab {
                m.comp.to_lowercase()
            } else {
                format!("the {}", m.anat)
            },
            r.pick(&[
                "examined",
                "measured",
                "removed",
                "repaired",
                "visualized",
                "sampled",
                "treated"
            ]),
            if r.chance(0.5) {
                format!(
                    " using {}",
                    r.pick(&[
                        "an endoscope",
                        "imaging guidance",
                        "a needle",
                        "an immunoassay",
                        "mass spectrometry",
                        "a laser"
                    ])
                )
            } else {
                String::new()
            }
        ),
        G_ORG => format!(
            "A species of {} in the genus {}. {} is found in {}.",
            r.pick(&["bacteria", "fungi", "plants", "insects", "viruses"]),
            m.genus,
            b,
            r.pick(&[
                "soil",
                "water",
                "the human gut",
                "marine sediments",
                "hot springs",
                "plants"
            ])
        ),
        _ => format!(
            "{} is a {} that {}.",
            b,
            r.pick(&["concept", "term", "device", "category", "measure", "group"]),
            r.pick(&[
                "is used in clinical documentation",
                "describes a property of a patient",
                "is used to classify findings",
                "is used for research purposes"
            ])
        ),
    };
    out.push_str(&first);
    while out.len() < 4000 && r.chance(if out.len() < 150 { 0.85 } else { 0.5 }) {
        out.push(' ');
        let s = match r.below(10) {
            0 => format!(
                "Signs and symptoms include {}, {}, and {}.",
                r.pick(&FIND_HEADS).to_lowercase(),
                r.pick(&FIND_HEADS).to_lowercase(),
                r.pick(&FIND_HEADS).to_lowercase()
            ),
            1 => format!("It is caused by {}.", short_disorder(r)),
            2 => format!(
                "It is more common in {}.",
                r.pick(&POP_GROUPS).to_lowercase()
            ),
            3 => format!(
                "Treatment may include {} and {}.",
                r.pick(&THERAPY),
                r.pick(&THERAPY)
            ),
            4 => format!(
                "It is associated with mutations in the {} gene.",
                gene_symbol(r)
            ),
            5 => format!(
                "It has a role as a {} and a {}.",
                r.pick(&ROLES),
                r.pick(&ROLES)
            ),
            6 => format!(
                "Upon administration, {} binds to and inhibits {}, which may result in {}.",
                inn(r),
                gene_symbol(r),
                r.pick(&EFFECTS)
            ),
            7 => format!(
                "Expression of this gene is upregulated in {}.",
                short_disorder(r)
            ),
            8 => format!(
                "The {} is located {} to the {}.",
                m.anat,
                r.pick(&POSITIONS),
                organ(r).0
            ),
            _ => format!(
                "It is used to assess {} in patients with {}.",
                r.pick(&[
                    "severity",
                    "prognosis",
                    "response to treatment",
                    "risk",
                    "function"
                ]),
                short_disorder(r)
            ),
        };
        out.push_str(&s);
    }
}

fn translate_long(src: &str, lat: u8, out: &mut String) {
    for (i, sent) in src.split(". ").enumerate() {
        if i > 0 {
            out.push_str(if no_spaces(lat) { "。" } else { ". " });
        }
        for (j, chunk) in sent.split(", ").enumerate() {
            if j > 0 {
                out.push_str(if no_spaces(lat) { "、" } else { ", " });
            }
            translate(chunk, lat, out);
        }
    }
}

pub(super) fn flush_pending(mut p: Pending, out: &mut Out) -> io::Result<()> {
    p.rows.sort_unstable();
    for l in &p.rows {
        out.row(l)?;
    }
    Ok(())
}

pub(super) fn stype_of(style: Style) -> &'static str {
    match style {
        Style::Snomed
        | Style::Nci
        | Style::Go
        | Style::Loinc
        | Style::Hgnc
        | Style::Omim
        | Style::Ncbi
        | Style::Rxnorm => "SCUI",
        Style::Mesh | Style::Mdr => "SDUI",
        Style::Icd | Style::Pcs | Style::Cpt | Style::Hcpcs => "CODE",
        Style::Mth => "CUI",
        _ => "AUI",
    }
}

fn ro_rela(ga: usize, gb: usize) -> (&'static str, &'static str) {
    // (RELA of the row whose CUI1 is a, RELA of the row whose CUI1 is b); RELA reads "CUI2 RELA CUI1".
    let clin = |g: usize| matches!(g, G_DISO | G_NEOP | G_INJ | G_FIND);
    let chem = |g: usize| matches!(g, G_CHEM | G_DRUG | G_PROT);
    if clin(ga) && gb == G_ANAT {
        ("finding_site_of", "has_finding_site")
    } else if ga == G_ANAT && clin(gb) {
        ("has_finding_site", "finding_site_of")
    } else if ga == G_DRUG && gb == G_CHEM {
        ("ingredient_of", "has_ingredient")
    } else if ga == G_CHEM && gb == G_DRUG {
        ("has_ingredient", "ingredient_of")
    } else if chem(ga) && clin(gb) {
        ("may_be_treated_by", "may_treat")
    } else if clin(ga) && chem(gb) {
        ("may_treat", "may_be_treated_by")
    } else if ga == G_GENE && clin(gb) {
        (
            "disease_has_associated_gene",
            "gene_associated_with_disease",
        )
    } else if clin(ga) && gb == G_GENE {
        (
            "gene_associated_with_disease",
            "disease_has_associated_gene",
        )
    } else if ga == G_PROT && gb == G_GENE {
        ("gene_encodes_gene_product", "gene_product_encoded_by_gene")
    } else if ga == G_GENE && gb == G_PROT {
        ("gene_product_encoded_by_gene", "gene_encodes_gene_product")
    } else if ga == G_PROC && gb == G_ANAT {
        ("procedure_site_of", "has_procedure_site")
    } else if ga == G_ANAT && gb == G_PROC {
        ("has_procedure_site", "procedure_site_of")
    } else if ga == G_ORG && clin(gb) {
        ("has_causative_agent", "causative_agent_of")
    } else if clin(ga) && gb == G_ORG {
        ("causative_agent_of", "has_causative_agent")
    } else if ga == G_LAB {
        ("component_of", "has_component")
    } else if gb == G_LAB {
        ("has_component", "component_of")
    } else if ga == gb {
        ("clinically_associated_with", "clinically_associated_with")
    } else {
        ("associated_with", "associated_with")
    }
}

impl Gen {
    pub(super) fn write_def(&mut self, cui: u64, group: usize, out: &mut Out) -> io::Result<()> {
        let p = (DEF_P[group] * self.def_factor).min(0.95);
        if !self.rd.chance(p) {
            return Ok(());
        }
        let mut srcs: Vec<usize> = Vec::new();
        for k in 0..self.na {
            let s = self.atoms[k].sab;
            if self.sabs[s].spec.def && !srcs.iter().any(|&j| self.atoms[j].sab == s) {
                srcs.push(k);
            }
        }
        if srcs.is_empty() {
            return Ok(());
        }
        let want = match self.rd.below(100) {
            0..=74 => 1,
            75..=92 => 2,
            _ => 3,
        };
        let mut rows = Vec::new();
        for _ in 0..want.min(srcs.len()) {
            let j = self.rd.below(srcs.len());
            let k = srcs.swap_remove(j);
            let (aui, sab) = (self.atoms[k].aui, self.atoms[k].sab);
            let sp = self.sabs[sab].spec;
            let mut en = String::new();
            def_text(&mut self.rd, &self.mat, &mut en);
            let mut text = String::new();
            if sp.lat == ENG {
                text = en;
            } else {
                translate_long(&en, sp.lat, &mut text);
            }
            sanitize(&mut text);
            let mut l = String::with_capacity(text.len() + 64);
            l.push('C');
            push_pad(&mut l, cui, 7);
            l.push_str("|A");
            push_pad(&mut l, aui, 7);
            l.push_str("|AT");
            push_pad(&mut l, self.def_atui_perm.get(self.def_ctr), 8);
            self.def_ctr += 1;
            l.push('|');
            if self.rd.chance(0.1) {
                push_num(&mut l, self.rd.range(1, 9_999_999) as u64);
            }
            l.push('|');
            l.push_str(sp.rsab);
            l.push('|');
            l.push_str(&text);
            l.push('|');
            l.push(if self.rd.chance(0.01) { 'O' } else { 'N' });
            l.push_str("||\n");
            rows.push(l);
        }
        rows.sort_unstable();
        for l in &rows {
            out.row(l)?;
        }
        Ok(())
    }

    pub(super) fn rel_cui(
        &mut self,
        _i: u64,
        cui: u64,
        group: usize,
        src_slot: Option<(usize, bool)>,
        out: &mut Out,
    ) -> io::Result<()> {
        let mut sabs: Vec<(usize, u64)> = Vec::new();
        let mut pair = None;
        for k in 0..self.na {
            let a = &self.atoms[k];
            if let Some(e) = sabs.iter().find(|e| e.0 == a.sab) {
                if pair.is_none()
                    && self.sabs[a.sab].spec.lat == ENG
                    && self.sabs[a.sab].spec.style != Style::Mth
                {
                    pair = Some((a.sab, e.1, a.aui));
                }
            } else {
                sabs.push((a.sab, a.aui));
            }
        }
        self.pending.push_back(Pending {
            info: RelInfo {
                cui,
                group,
                sabs,
                pair,
            },
            rows: Vec::new(),
        });
        let me = self.pending.len() - 1;
        match src_slot {
            Some((_, false)) if me >= 1 => {
                let (a1, a2) = (
                    self.pending[me].info.sabs[0].1,
                    self.pending[me - 1].info.sabs[0].1,
                );
                self.add_rows(
                    me,
                    me - 1,
                    self.src,
                    ("RB", "RN"),
                    ("version_of", "has_version"),
                    a1,
                    a2,
                );
            }
            Some(_) => {}
            None => {
                let npairs = self.rr.expo(2.2);
                for _ in 0..npairs.min(20) {
                    self.make_rel(me);
                }
            }
        }
        while self.pending.len() > REL_WINDOW {
            let p = self.pending.pop_front().unwrap();
            flush_pending(p, out)?;
        }
        Ok(())
    }

    fn make_rel(&mut self, me: usize) {
        let kind = match self.rr.below(100) {
            0..=39 => 0,
            40..=54 => 1,
            55..=64 => 2,
            65..=84 => 3,
            85..=92 => 4,
            _ => 5,
        };
        if kind == 5 {
            if let Some((s, a1, a2)) = self.pending[me].info.pair {
                let relas = match self.sabs[s].spec.style {
                    Style::Mesh => ("has_permuted_term", "permuted_term_of"),
                    Style::Snomed => ("has_expanded_form", "expanded_form_of"),
                    _ => ("", ""),
                };
                self.add_rows(me, me, s, ("SY", "SY"), relas, a1, a2);
            }
            return;
        }
        if me == 0 {
            return;
        }
        let g = self.pending[me].info.group;
        let asserting = |sabs: &[Sab], s: usize| {
            let sp = sabs[s].spec;
            sp.lat == ENG && sp.style != Style::Mth && sp.style != Style::Src
        };
        let mine: Vec<(usize, u64)> = self.pending[me]
            .info
            .sabs
            .iter()
            .copied()
            .filter(|e| asserting(&self.sabs, e.0))
            .collect();
        // (target, sab, aui in me, aui in target)
        let mut pick: Option<(usize, usize, u64, u64)> = None;
        if !mine.is_empty() && self.rr.chance(0.95) {
            // a source of this CUI asserts it, towards a recent CUI of the same source (same group
            // for hierarchical relations, another group for RO when possible)
            let start = if self.rr.chance(0.5) {
                0
            } else {
                self.rr.below(mine.len())
            };
            'outer: for t in 0..mine.len().min(4) {
                let (s, a) = mine[(start + t) % mine.len()];
                for _ in 0..24 {
                    let c = me - 1 - self.rr.below(me);
                    if let Some(e) = self.pending[c].info.sabs.iter().find(|e| e.0 == s) {
                        let same = self.pending[c].info.group == g;
                        pick = Some((c, s, a, e.1));
                        if same != (kind == 3) {
                            break 'outer;
                        }
                    }
                }
                if pick.is_some() {
                    break;
                }
            }
        }
        // otherwise a Metathesaurus (MTH, CUI-level) relationship
        let (j, s, a1, a2) = pick.unwrap_or_else(|| (me - 1 - self.rr.below(me), 0, 0, 0)); // SABS[0] is MTH
        let style = self.sabs[s].spec.style;
        let isa = matches!(
            style,
            Style::Snomed | Style::Go | Style::Nci | Style::Generic
        );
        match kind {
            0 => self.add_rows(
                me,
                j,
                s,
                ("PAR", "CHD"),
                if isa {
                    ("inverse_isa", "isa")
                } else {
                    ("", "")
                },
                a1,
                a2,
            ),
            1 => self.add_rows(me, j, s, ("RB", "RN"), ("", ""), a1, a2),
            2 => self.add_rows(
                me,
                j,
                s,
                ("SIB", "SIB"),
                if style == Style::Snomed {
                    ("sib_in_isa", "sib_in_isa")
                } else {
                    ("", "")
                },
                a1,
                a2,
            ),
            3 => {
                let gj = self.pending[j].info.group;
                self.add_rows(me, j, s, ("RO", "RO"), ro_rela(g, gj), a1, a2)
            }
            _ => {
                let rl = match self.rr.below(3) {
                    0 => ("classified_as", "classifies"),
                    1 => ("mapped_to", "mapped_from"),
                    _ => ("", ""),
                };
                self.add_rows(me, j, s, ("RQ", "RQ"), rl, a1, a2)
            }
        }
    }

    /// Adds a relationship and its inverse: row 1 under pending[x], row 2 under pending[y].
    #[allow(clippy::too_many_arguments)]
    fn add_rows(
        &mut self,
        x: usize,
        y: usize,
        s: usize,
        rel: (&str, &str),
        rela: (&str, &str),
        ax: u64,
        ay: u64,
    ) {
        let sp = self.sabs[s].spec;
        let stype = stype_of(sp.style);
        let (cx, cy) = (self.pending[x].info.cui, self.pending[y].info.cui);
        let atom_level = stype != "CUI";
        let asserted_first = rela.0 != "inverse_isa";
        for (row, (c1, c2, a1, a2, rl, ra)) in [
            (cx, cy, ax, ay, rel.0, rela.0),
            (cy, cx, ay, ax, rel.1, rela.1),
        ]
        .into_iter()
        .enumerate()
        {
            let mut l = String::with_capacity(120);
            l.push('C');
            push_pad(&mut l, c1, 7);
            l.push('|');
            if atom_level {
                l.push('A');
                push_pad(&mut l, a1, 7);
            }
            l.push('|');
            l.push_str(stype);
            l.push('|');
            l.push_str(rl);
            l.push_str("|C");
            push_pad(&mut l, c2, 7);
            l.push('|');
            if atom_level {
                l.push('A');
                push_pad(&mut l, a2, 7);
            }
            l.push('|');
            l.push_str(stype);
            l.push('|');
            l.push_str(ra);
            l.push_str("|R");
            push_pad(&mut l, self.rui_perm.get(self.rel_ctr), 8);
            self.rel_ctr += 1;
            l.push('|');
            if sp.style == Style::Snomed {
                sct_id(100_000 + self.rel_ctr, 2, &mut l);
            }
            l.push('|');
            l.push_str(sp.rsab);
            l.push('|');
            l.push_str(sp.rsab);
            l.push('|');
            if sp.style == Style::Snomed && rl == "RO" {
                push_num(&mut l, self.rr.below(4) as u64);
            }
            l.push('|');
            if atom_level {
                l.push(if (row == 0) == asserted_first {
                    'Y'
                } else {
                    'N'
                });
            }
            l.push('|');
            let u = self.rr.below(1000);
            l.push(if u < 10 {
                'O'
            } else if u < 15 {
                'Y'
            } else {
                'N'
            });
            l.push_str("||\n");
            if row == 0 {
                self.pending[x].rows.push(l);
            } else {
                self.pending[y].rows.push(l);
            }
        }
    }

    pub(super) fn write_mrsab(&mut self, dir: &Path) -> io::Result<(u64, u64)> {
        let mut out = Out::create(&dir.join("MRSAB.RRF"))?;
        for s in &self.sabs {
            let sp = s.spec;
            let mut r = Rng::new(hash_bytes(sp.rsab.as_bytes(), 42));
            let org = format!("{} {}", place(&mut r), r.pick(&ORG_TYPES));
            let contact = format!(
                "{} {};{};{} {} Street;{};{};{};{};{}-{}-{};info@{}.example",
                r.pick(&["Dr.", "Ms.", "Mr.", "Prof."]),
                surname(&mut r),
                org,
                r.range(1, 9999),
                place(&mut r),
                place(&mut r),
                place(&mut r),
                r.pick(&[
                    "United States",
                    "United Kingdom",
                    "Germany",
                    "France",
                    "Spain",
                    "Japan",
                    "Netherlands",
                    "Switzerland",
                    "Canada"
                ]),
                r.range(10000, 99999),
                r.range(100, 999),
                r.range(100, 999),
                r.range(1000, 9999),
                pseudo(&mut r, 2)
            );
            let cxty = match sp.style {
                Style::Snomed | Style::Generic if sp.bs > 1.5 => "FULL-NOSIB-MULTIPLE",
                Style::Mesh | Style::Nci | Style::Mdr | Style::Go => "FULL-MULTIPLE",
                Style::Loinc | Style::Icd | Style::Pcs | Style::Ncbi => "FULL-NOSIB",
                _ => "",
            };
            let mut ttyl: Vec<&str> = s.ttys.iter().filter(|t| t.used).map(|t| t.tty).collect();
            ttyl.sort_unstable();
            let atnl = match sp.style {
                Style::Snomed => "ACTIVE,CASE_SIGNIFICANCE_ID,CTV3ID,DEFINITION_STATUS_ID,EFFECTIVE_TIME,MODIFIER_ID,SUBSET_MEMBER",
                Style::Mesh => "AN,CX,DC,DID,EC,FX,HM,HN,II,LT,MDA,MMR,MN,OL,PA,PI,PM,RN,RR,SOS,TERMUI,TH",
                Style::Loinc => "CLASS,CLASSTYPE,COMPONENT,METHOD_TYP,PROPERTY,SCALE_TYP,STATUS,SYSTEM,TIME_ASPCT",
                Style::Rxnorm => "NDC,RXAUI,RXCUI,RXN_ACTIVATED,RXN_AVAILABLE_STRENGTH,RXN_BN_CARDINALITY,RXN_HUMAN_DRUG,RXN_OBSOLETED,RXN_STRENGTH,RXTERM_FORM",
                Style::Nci => "Contributing_Source,Display_Name,FDA_UNII_Code,Legacy_Concept_Name,Semantic_Type,Subsource",
                Style::Mdr => "MDR_SMQ_ALGO,MDR_SMQ_LEVEL,MDR_SMQ_SOURCE,MDR_SMQ_STATUS,PRIMARY_SOC",
                _ => "",
            };
            let ssn = sp.son.split(',').next().unwrap_or(sp.son);
            let year = 1990 + (hash_bytes(sp.ver.as_bytes(), 1) % 34);
            let mut l = String::with_capacity(700);
            for f in [
                s.vcui.as_str(),
                s.rcui.as_str(),
                s.vsab.as_str(),
                sp.rsab,
                &format!("{}, {}", sp.son, sp.ver),
                sp.rsab,
                sp.ver,
                "",
                "",
                "2024AA",
                "",
                &contact,
                &contact,
                &sp.srl.to_string(),
                &s.atoms.to_string(),
                &s.cuis.to_string(),
                cxty,
                &ttyl.join(","),
                atnl,
                LANGS[sp.lat as usize],
                "UTF-8",
                "Y",
                "Y",
                ssn,
                &format!(
                    "{};{};Version {};{}: {};{}.",
                    org,
                    sp.son,
                    sp.ver,
                    place(&mut r),
                    org,
                    year
                ),
            ] {
                l.push_str(&f.replace('|', "/"));
                l.push('|');
            }
            l.push('\n');
            out.row(&l)?;
        }
        out.finish()
    }

    pub(super) fn write_mrrank(&mut self, dir: &Path) -> io::Result<(u64, u64)> {
        let mut rows: Vec<(u32, String)> = Vec::new();
        for s in &self.sabs {
            for t in &s.ttys {
                rows.push((
                    t.rank,
                    format!(
                        "{}|{}|{}|",
                        s.spec.rsab,
                        t.tty,
                        if t.obs || t.supy { 'Y' } else { 'N' }
                    ),
                ));
            }
        }
        rows.sort_by_key(|r| std::cmp::Reverse(r.0));
        let mut out = Out::create(&dir.join("MRRANK.RRF"))?;
        for (rank, rest) in rows {
            let mut l = String::new();
            push_pad(&mut l, rank as u64, 4);
            l.push('|');
            l.push_str(&rest);
            l.push('\n');
            out.row(&l)?;
        }
        out.finish()
    }

    pub(super) fn write_release_dat(&self, dir: &Path) -> io::Result<(u64, u64)> {
        let mut out = Out::create(&dir.join("release.dat"))?;
        // Names this generator's original single file; kept so that releases stay byte-identical.
        let text = format!(
            "# Release Metadata \n#Synthetic release (kbner benches/support/synth_umls.rs); no UMLS content\numls.lvg.version=2024\numls.release.date=20240506\numls.release.name=2024AA\nmmsys.build.date=2024_05_06_00_00_00\nmmsys.version=MMSYS-2024AA-SYNTHETIC\numls.release.description=Synthetic UMLS-layout release: seed {}, {} CUIs, {} MRCONSO rows\n",
            self.cfg.seed, self.cfg.cuis, self.cfg.atoms
        );
        for l in text.split_inclusive('\n') {
            out.row(l)?;
        }
        out.finish()
    }
}

/// MRFILES lists every RRF file written, including itself (its own size found by fixed point).
pub(super) fn write_mrfiles(
    dir: &Path,
    files: &[(String, String, String, u64, u64)],
) -> io::Result<(u64, u64)> {
    let mut rows: Vec<(String, String)> = files
        .iter()
        .map(|(f, d, fmt, r, b)| {
            (
                f.clone(),
                format!(
                    "{}|{}|{}|{}|{}|{}|\n",
                    f,
                    d,
                    fmt,
                    fmt.split(',').count(),
                    r,
                    b
                ),
            )
        })
        .collect();
    let others: u64 = rows.iter().map(|r| r.1.len() as u64).sum();
    let nrows = rows.len() as u64 + 1;
    let mut bytes = others;
    let own = loop {
        let line = format!(
            "MRFILES.RRF|Relation Relation|FIL,DES,FMT,CLS,RWS,BTS|6|{}|{}|\n",
            nrows, bytes
        );
        let total = others + line.len() as u64;
        if total == bytes {
            break line;
        }
        bytes = total;
    };
    rows.push(("MRFILES.RRF".into(), own));
    rows.sort();
    let mut out = Out::create(&dir.join("MRFILES.RRF"))?;
    for (_, l) in &rows {
        out.row(l)?;
    }
    out.finish()
}
