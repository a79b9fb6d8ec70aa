//! Languages, semantic types, semantic groups and sources (SABs): what every concept and atom is
//! drawn from.

use super::*;
use std::sync::LazyLock;

pub(super) const LANGS: [&str; 26] = [
    "ENG", "SPA", "FRE", "DUT", "GER", "POR", "ITA", "JPN", "CZE", "RUS", "CHI", "KOR", "HUN",
    "TUR", "POL", "GRE", "SWE", "EST", "NOR", "ARA", "LAV", "FIN", "SCR", "DAN", "HEB", "BAQ",
];
pub(super) const ENG: u8 = 0;
pub(super) const SPA: u8 = 1;
pub(super) const FRE: u8 = 2;
pub(super) const DUT: u8 = 3;
pub(super) const GER: u8 = 4;
pub(super) const POR: u8 = 5;
pub(super) const ITA: u8 = 6;
pub(super) const JPN: u8 = 7;
pub(super) const CZE: u8 = 8;
pub(super) const RUS: u8 = 9;
pub(super) const CHI: u8 = 10;
pub(super) const KOR: u8 = 11;
pub(super) const HUN: u8 = 12;
pub(super) const TUR: u8 = 13;
pub(super) const POL: u8 = 14;
pub(super) const GRE: u8 = 15;
pub(super) const SWE: u8 = 16;
pub(super) const EST: u8 = 17;
pub(super) const NOR: u8 = 18;
pub(super) const ARA: u8 = 19;
pub(super) const LAV: u8 = 20;
pub(super) const FIN: u8 = 21;
pub(super) const SCR: u8 = 22;
pub(super) const DAN: u8 = 23;
pub(super) const HEB: u8 = 24;
pub(super) const BAQ: u8 = 25;

/// A language in a data file, written as its LAT code (`ENG`, `SPA`, ...).
#[derive(Clone, Copy)]
pub(super) struct Lat(pub(super) u8);

impl Field for Lat {
    fn parse(s: &'static str) -> Option<Self> {
        LANGS.iter().position(|&l| l == s).map(|i| Lat(i as u8))
    }
}

/// The 127 semantic types of the UMLS Semantic Network: (TUI, STN, STY).
pub(super) static STYS: Table<(&str, &str, &str)> = table!("semantic_types.tsv");

pub(super) fn sty_index(tui: &str) -> usize {
    STYS.iter()
        .position(|s| s.0 == tui)
        .unwrap_or_else(|| panic!("unknown TUI {tui}"))
}

// Semantic groups used to pick names, sources and semantic types together.
pub(super) const NG: usize = 16;
pub(super) const G_ORG: usize = 0;
pub(super) const G_CHEM: usize = 1;
pub(super) const G_DRUG: usize = 2;
pub(super) const G_PROT: usize = 3;
pub(super) const G_GENE: usize = 4;
pub(super) const G_DISO: usize = 5;
pub(super) const G_NEOP: usize = 6;
pub(super) const G_INJ: usize = 7;
pub(super) const G_FIND: usize = 8;
pub(super) const G_ANAT: usize = 9;
pub(super) const G_PROC: usize = 10;
pub(super) const G_LAB: usize = 11;
pub(super) const G_CONC: usize = 12;
pub(super) const G_DEVI: usize = 13;
pub(super) const G_PHYS: usize = 14;
const G_MISC: usize = 15;

const M_ORG: u32 = 1 << G_ORG;
const M_CHEM: u32 = 1 << G_CHEM;
const M_DRUG: u32 = 1 << G_DRUG;
const M_PROT: u32 = 1 << G_PROT;
const M_GENE: u32 = 1 << G_GENE;
const M_DISO: u32 = 1 << G_DISO;
const M_NEOP: u32 = 1 << G_NEOP;
const M_INJ: u32 = 1 << G_INJ;
const M_FIND: u32 = 1 << G_FIND;
const M_ANAT: u32 = 1 << G_ANAT;
const M_PROC: u32 = 1 << G_PROC;
const M_LAB: u32 = 1 << G_LAB;
const M_CONC: u32 = 1 << G_CONC;
const M_DEVI: u32 = 1 << G_DEVI;
const M_PHYS: u32 = 1 << G_PHYS;
const M_MISC: u32 = 1 << G_MISC;
const M_CLIN: u32 = M_DISO | M_NEOP | M_INJ | M_FIND;
const M_ALL: u32 = 0xFFFF;

/// Relative CUI share of each group by atoms-per-CUI bucket (1, 2-3, 4-9, 10-29, 30+).
pub(super) const GROUP_BUCKET_W: [[f64; 5]; NG] = [
    [30.0, 20.0, 7.0, 2.0, 0.7],   // ORG
    [15.0, 17.0, 17.0, 14.0, 9.0], // CHEM
    [10.0, 12.0, 9.0, 3.0, 0.7],   // DRUG
    [5.0, 6.0, 7.0, 8.0, 6.0],     // PROT
    [3.0, 5.0, 7.0, 5.0, 2.0],     // GENE
    [2.0, 4.0, 10.0, 19.0, 36.0],  // DISO
    [1.0, 2.0, 4.0, 6.0, 7.0],     // NEOP
    [4.0, 5.0, 6.0, 4.0, 2.0],     // INJ
    [6.0, 7.0, 8.0, 10.0, 11.0],   // FIND
    [5.0, 5.0, 6.0, 7.0, 6.0],     // ANAT
    [7.0, 7.0, 6.0, 6.0, 6.0],     // PROC
    [8.0, 7.0, 6.0, 5.0, 2.0],     // LAB
    [6.0, 5.0, 5.0, 5.0, 6.0],     // CONC
    [2.0, 2.0, 2.0, 2.0, 1.0],     // DEVI
    [3.0, 3.0, 3.0, 3.0, 3.0],     // PHYS
    [2.0, 2.0, 2.0, 2.0, 2.0],     // MISC
];

/// SNOMED CT semantic tags by group.
pub(super) const SEMTAGS: [&str; NG] = [
    "organism",
    "substance",
    "clinical drug",
    "substance",
    "substance",
    "disorder",
    "disorder",
    "disorder",
    "finding",
    "body structure",
    "procedure",
    "observable entity",
    "qualifier value",
    "physical object",
    "observable entity",
    "social concept",
];

pub(super) struct GroupSty {
    /// Primary semantic type (TUI, weight).
    pub(super) primary: Vec<(&'static str, f64)>,
    /// Further semantic types that co-occur (TUI, weight).
    pub(super) extra: Vec<(&'static str, f64)>,
    /// Probability of at least 2, 3, 4 semantic types (scaled adaptively to ≈1.5 rows per CUI).
    pub(super) p_multi: [f64; 3],
}

/// Group abbreviations, in group order (as written in the data files).
const GROUP_NAMES: [&str; NG] = [
    "ORG", "CHEM", "DRUG", "PROT", "GENE", "DISO", "NEOP", "INJ", "FIND", "ANAT", "PROC", "LAB",
    "CONC", "DEVI", "PHYS", "MISC",
];

/// A semantic group in a data file, written as its abbreviation (`ORG`, `CHEM`, ...).
#[derive(Clone, Copy)]
struct Group(usize);

impl Field for Group {
    fn parse(s: &'static str) -> Option<Self> {
        GROUP_NAMES.iter().position(|&g| g == s).map(Group)
    }
}

/// Whether a semantic type of a group is a primary one or a further, co-occurring one.
#[derive(Clone, Copy)]
enum StyRole {
    Primary,
    Extra,
}

impl Field for StyRole {
    fn parse(s: &'static str) -> Option<Self> {
        match s {
            "primary" => Some(StyRole::Primary),
            "extra" => Some(StyRole::Extra),
            _ => None,
        }
    }
}

/// Semantic types of each group: (group, `primary` or `extra`, TUI, weight).
static GROUP_STY_ROWS: Table<(Group, StyRole, &str, f64)> = table!("group_semantic_types.tsv");

/// `GroupSty::p_multi` of each group (three numbers per group read best as one row here).
const GROUP_P_MULTI: [[f64; 3]; NG] = [
    [0.03, 0.0, 0.0],    // ORG
    [0.75, 0.25, 0.04],  // CHEM
    [0.15, 0.01, 0.0],   // DRUG
    [0.85, 0.25, 0.03],  // PROT
    [0.2, 0.02, 0.0],    // GENE
    [0.3, 0.05, 0.005],  // DISO
    [0.1, 0.01, 0.0],    // NEOP
    [0.1, 0.01, 0.0],    // INJ
    [0.3, 0.04, 0.0],    // FIND
    [0.25, 0.03, 0.0],   // ANAT
    [0.3, 0.05, 0.0],    // PROC
    [0.5, 0.08, 0.0],    // LAB
    [0.35, 0.06, 0.005], // CONC
    [0.3, 0.04, 0.0],    // DEVI
    [0.4, 0.08, 0.01],   // PHYS
    [0.3, 0.05, 0.0],    // MISC
];

/// Semantic types of each group (by group index), from `GROUP_STY_ROWS` and `GROUP_P_MULTI`.
pub(super) static GROUP_STY: LazyLock<Vec<GroupSty>> = LazyLock::new(|| {
    let mut groups: Vec<GroupSty> = GROUP_P_MULTI
        .iter()
        .map(|&p_multi| GroupSty {
            primary: Vec::new(),
            extra: Vec::new(),
            p_multi,
        })
        .collect();
    for &(Group(g), role, tui, w) in GROUP_STY_ROWS.iter() {
        match role {
            StyRole::Primary => groups[g].primary.push((tui, w)),
            StyRole::Extra => groups[g].extra.push((tui, w)),
        }
    }
    groups
});

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Style {
    Generic,
    Snomed,
    Mesh,
    Nci,
    Mdr,
    Rxnorm,
    Loinc,
    Icd,
    Pcs,
    Cpt,
    Hcpcs,
    Mth,
    Ncbi,
    Omim,
    Hgnc,
    Go,
    Src,
    DrugList,
    Chv,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Code {
    Nocode,
    Mesh,
    Snomed,
    Nci,
    Mdr,
    Rxnorm,
    Loinc,
    Icd10cm,
    Icd10pcs,
    Icd9,
    Icd10,
    Cpt,
    Hcpcs,
    Num(u8),
    Pre(&'static str, u8),
    Omim,
    Atc,
    Read,
    Hgnc,
    Src,
    Unii,
    Csp,
    Ccs,
    Hl7,
    Icpc,
}

// Families: a translation (non-English SAB with fam != 0) only appears in a CUI that already has
// atoms from the English head of its family, and shares that head's codes.
const F_MSH: u8 = 1;
const F_MDR: u8 = 2;
pub(super) const F_SCT: u8 = 3;
const F_LNC: u8 = 4;
const F_ICPC: u8 = 5;
const F_WHO: u8 = 6;
const F_MST: u8 = 7;
const F_ICD10: u8 = 8;
const F_CPT: u8 = 9;
const F_MLP: u8 = 10;
const F_UMD: u8 = 11;
const F_ICPC2: u8 = 12;

pub(super) struct SabSpec {
    pub(super) rsab: &'static str,
    pub(super) lat: u8,
    pub(super) srl: u8,
    /// Target atoms, thousands (relative weight; normalized to the configured total).
    pub(super) k: f64,
    pub(super) fam: u8,
    pub(super) style: Style,
    pub(super) code: Code,
    pub(super) groups: u32,
    /// Mean atoms per CUI block.
    pub(super) bs: f64,
    /// TTYs, best-ranked first: "PREF,SECOND!:w,TTY:w,..." (weight defaults to 1).
    pub(super) ttys: &'static str,
    /// Source of definitions (MRDEF).
    pub(super) def: bool,
    pub(super) son: &'static str,
    pub(super) ver: &'static str,
}

macro_rules! sab {
    ($rsab:expr, $lat:expr, $srl:expr, $k:expr, $fam:expr, $style:ident, $code:expr, $groups:expr, $bs:expr, $ttys:expr, $def:expr, $son:expr, $ver:expr) => {
        SabSpec {
            rsab: $rsab,
            lat: $lat,
            srl: $srl,
            k: $k,
            fam: $fam,
            style: Style::$style,
            code: $code,
            groups: $groups,
            bs: $bs,
            ttys: $ttys,
            def: $def,
            son: $son,
            ver: $ver,
        }
    };
}

const MDR_TTYS: &str = "PT,LLT:3,HT:.05,HG:.02,OS:.02,SMQ:.02,OL:.3";
const MSHT_TTYS: &str = "MH,ET:2.2,PEP:.3,SY:.5,PM:.3";
const LNCT_TTYS: &str = "LN,DN:.6,OSN:.2,LPN:.3,LPDN:.2,OLC:.05";
const SCT_GROUPS: u32 = M_CLIN
    | M_ANAT
    | M_PROC
    | M_CHEM
    | M_ORG
    | M_CONC
    | M_DEVI
    | M_DRUG
    | M_MISC
    | M_PHYS
    | M_PROT
    | M_LAB;
const MSH_GROUPS: u32 = M_CHEM
    | M_PROT
    | M_DISO
    | M_NEOP
    | M_ANAT
    | M_PROC
    | M_ORG
    | M_PHYS
    | M_MISC
    | M_CONC
    | M_GENE
    | M_FIND
    | M_DEVI;
const MDR_GROUPS: u32 = M_CLIN | M_PROC | M_LAB;
const LNC_GROUPS: u32 =
    M_LAB | M_FIND | M_CHEM | M_PROT | M_ORG | M_ANAT | M_CONC | M_PROC | M_GENE;

/// About 130 sources. Order = MRRANK priority (first = best ranked).
pub(super) const SABS: &[SabSpec] = &[
    sab!("MTH", ENG, 0, 300.0, 0, Mth, Code::Nocode, M_ALL, 1.0, "PN", false, "Metathesaurus Names", "2024AA"),
    sab!("RXNORM", ENG, 0, 900.0, 0, Rxnorm, Code::Rxnorm, M_DRUG | M_CHEM | M_PROT, 2.8, "SCD,SBD:.8,SCDC:.5,SCDF:.4,SBDF:.3,SBDC:.3,SCDG:.2,SBDG:.15,IN:.1,PIN:.5,MIN:.1,BN:.6,SY:.8,TMSY:.4,PSN:.5,DF:.01,DFG:.01,BPCK:.03,GPCK:.03", false, "RXNORM", "20AA_231002F"),
    sab!("MSH", ENG, 0, 1050.0, F_MSH, Mesh, Code::Mesh, MSH_GROUPS, 3.5, "MH,NM:.01,ET:3,PM:2.5,PEP:.3,EP:.4,EN:.4,N1:.4,CE:.3,PCE:.2,DEV:.15,DSV:.15,TQ:.02,QAB:.02,HT:.02,XQ:.02", true, "Medical Subject Headings", "2024_2023_11_30"),
    sab!("MEDLINEPLUS", ENG, 0, 5.0, F_MLP, Generic, Code::Num(4), M_DISO | M_PROC | M_FIND | M_NEOP, 2.0, "PT,ET:1,SY:.5,HT:.1", true, "MedlinePlus Health Topics", "20231018"),
    sab!("SNOMEDCT_US", ENG, 9, 1500.0, F_SCT, Snomed, Code::Snomed, SCT_GROUPS, 3.0, "PT,FN!,SY:2.2,PTGB:.05,SYGB:.05,MTH_PT:.02,MTH_FN:.01,MTH_SY:.02,OAF:.08,OAP:.08,OAS:.1,OF:.05,OP:.03,IS:.05", true, "US Edition of SNOMED CT", "2023_09_01"),
    sab!("NCI", ENG, 0, 450.0, 0, Nci, Code::Nci, M_ALL, 2.4, "PT,SY:2,AB:.3,CCN:.1,CSN:.05,BN:.05,FBD:.03,HD:.02,AD:.02,DN:.05,OP:.05", true, "NCI Thesaurus", "2023_10E"),
    sab!("MDR", ENG, 3, 160.0, F_MDR, Mdr, Code::Mdr, MDR_GROUPS, 2.3, MDR_TTYS, false, "MedDRA", "26_1"),
    sab!("LNC", ENG, 0, 1600.0, F_LNC, Loinc, Code::Loinc, LNC_GROUPS, 3.2, "LC,LN:1,LPN:.3,LPDN:.3,CN:.1,DN:.6,OSN:.4,LA:.2,LS:.1,LVDN:.1,OLC:.05,LO:.05,OOSN:.03", true, "LOINC", "276"),
    sab!("HPO", ENG, 0, 60.0, 0, Generic, Code::Pre("HP:", 7), M_FIND | M_DISO, 2.0, "PT,SY:1.2,ET:.2,OP:.05,IS:.03,OET:.03", true, "Human Phenotype Ontology", "2023_10_09"),
    sab!("GO", ENG, 0, 200.0, 0, Go, Code::Pre("GO:", 7), M_PHYS | M_ANAT, 2.2, "PT,ET:1,SY:.5,OP:.1,OET:.1,IS:.05", true, "Gene Ontology", "2023_10_09"),
    sab!("OMIM", ENG, 0, 350.0, 0, Omim, Code::Omim, M_DISO | M_GENE | M_FIND | M_NEOP, 2.5, "PT,ETAL:1.5,PTAV:.5,ACR:.5,HT:.2,HTS:.1", false, "Online Mendelian Inheritance in Man", "2023_10_30"),
    sab!("HGNC", ENG, 0, 200.0, 0, Hgnc, Code::Hgnc, M_GENE, 3.0, "ACR,PT:1,NA:.5,SYN:.8,MTH_ACR:.2", false, "HUGO Gene Nomenclature Committee", "2023_10"),
    sab!("ORPHANET", ENG, 0, 30.0, 0, Generic, Code::Num(6), M_DISO | M_NEOP, 2.0, "PT,SY:1,ACR:.3", true, "ORPHANET", "4_3"),
    sab!("ICD10CM", ENG, 4, 240.0, 0, Icd, Code::Icd10cm, M_CLIN, 1.8, "PT,HT:.25,AB:.6,ET:.3", false, "International Classification of Diseases, Tenth Revision, Clinical Modification", "2024"),
    sab!("ICD10PCS", ENG, 0, 270.0, 0, Pcs, Code::Icd10pcs, M_PROC, 1.3, "PT,HT:.3,PX:.05,HX:.05,MTH_HX:.02", false, "ICD-10 Procedure Coding System", "2024"),
    sab!("CPT", ENG, 3, 60.0, F_CPT, Cpt, Code::Cpt, M_PROC | M_LAB, 1.8, "PT,SY:.5,ETCLIN:.3,ETCF:.2,POS:.1,HT:.1,AB:.3,OP:.05", false, "CPT - Current Procedural Terminology", "2024"),
    sab!("HCPCS", ENG, 0, 60.0, 0, Hcpcs, Code::Hcpcs, M_PROC | M_DEVI | M_DRUG, 1.8, "PT,AB:.8,OP:.1,OA:.1,MP:.05", false, "Healthcare Common Procedure Coding System", "2024"),
    sab!("ICD9CM", ENG, 0, 45.0, 0, Icd, Code::Icd9, M_CLIN | M_PROC, 1.6, "PT,HT:.3,AB:.6", false, "International Classification of Diseases, Ninth Revision, Clinical Modification", "2014"),
    sab!("MTHICD9", ENG, 0, 10.0, 0, Generic, Code::Icd9, M_DISO | M_FIND | M_INJ, 1.1, "ET", false, "Metathesaurus additional entry terms for ICD-9-CM", "2014"),
    sab!("ICD10", ENG, 3, 20.0, F_ICD10, Icd, Code::Icd10, M_CLIN, 1.3, "PT,HT:.3,PS:.1,PX:.05,HX:.05,HS:.05", false, "International Classification of Diseases and Related Health Problems, Tenth Revision", "2004"),
    sab!("ICD10AM", ENG, 3, 35.0, 0, Icd, Code::Icd10, M_CLIN | M_PROC, 1.3, "PT,HT:.3,PS:.1,PX:.05", false, "ICD-10, Australian Modification", "2000"),
    sab!("NCBI", ENG, 0, 800.0, 0, Ncbi, Code::Num(0), M_ORG, 1.5, "SCN,SY:.5,EQ:.1,CMN:.2,UCN:.05,USY:.05,ACR:.05,BN:.02,AUN:.05,UAUN:.02", false, "NCBI Taxonomy", "2023_10_27"),
    sab!("FMA", ENG, 0, 250.0, 0, Generic, Code::Num(0), M_ANAT, 1.7, "PT,SY:.8,OP:.02", true, "Foundational Model of Anatomy Ontology", "4_15"),
    sab!("UWDA", ENG, 0, 100.0, 0, Generic, Code::Num(0), M_ANAT, 1.4, "PT,SY:.5", true, "University of Washington Digital Anatomist", "173"),
    sab!("DRUGBANK", ENG, 0, 100.0, 0, Generic, Code::Pre("DB", 5), M_CHEM | M_PROT, 3.0, "IN,SY:2,FSY:.5,BN:.3", false, "DrugBank", "5.1_2023_01_04"),
    sab!("MTHSPL", ENG, 0, 350.0, 0, DrugList, Code::Unii, M_DRUG | M_CHEM | M_PROT, 1.5, "DP,SU:1,MTH_RXN_DP:.2", false, "FDA Structured Product Labels", "2023_10_25"),
    sab!("VANDF", ENG, 0, 60.0, 0, DrugList, Code::Num(7), M_DRUG | M_CHEM, 1.6, "CD,IN:.5,PT:.5,AB:.3", false, "National Drug File", "2023_10_02"),
    sab!("ATC", ENG, 0, 8.0, 0, Generic, Code::Atc, M_CHEM | M_DRUG, 1.2, "IN,RXN_IN:.5,RXN_PT:.3", false, "Anatomical Therapeutic Chemical Classification System", "2023_05_01"),
    sab!("MED-RT", ENG, 0, 60.0, 0, Generic, Code::Pre("N", 10), M_CHEM | M_DISO | M_PHYS | M_DRUG, 1.6, "PT,SY:.8,FN:.5", false, "Medication Reference Terminology", "2023_10_02"),
    sab!("USP", ENG, 0, 10.0, 0, DrugList, Code::Pre("USP", 6), M_DRUG | M_CHEM, 1.3, "CD,IN:.5,DF:.1", false, "USP Compendial Nomenclature", "2023_09_01"),
    sab!("CVX", ENG, 0, 1.0, 0, Generic, Code::Num(0), M_DRUG | M_CHEM | M_PROT, 1.5, "PT,AB:.5,OP:.1", false, "Vaccines Administered", "2023_10_11"),
    sab!("MMSL", ENG, 1, 120.0, 0, DrugList, Code::Num(5), M_DRUG | M_CHEM, 1.7, "CD,BD:.5,GN:.3,MS:.3,SC:.05", false, "Multum", "2023_10_02"),
    sab!("MMX", ENG, 2, 120.0, 0, DrugList, Code::Num(6), M_DRUG | M_CHEM, 1.6, "CD,BD:.6,MS:.3", false, "Micromedex RED BOOK", "2023_09_25"),
    sab!("GS", ENG, 3, 150.0, 0, DrugList, Code::Num(7), M_DRUG | M_CHEM, 1.6, "CD,BD:.6", false, "Gold Standard Drug Database", "2023_10_02"),
    sab!("NDDF", ENG, 3, 120.0, 0, DrugList, Code::Num(6), M_DRUG | M_CHEM, 1.7, "CDC,CDD:.5,CDA:.3,IN:.3,DF:.02", false, "FDB MedKnowledge", "2023_10_04"),
    sab!("MDDB", ENG, 3, 60.0, 0, DrugList, Code::Num(6), M_DRUG | M_CHEM, 1.6, "CD,IN:.5,DF:.05", false, "Master Drug Data Base", "2023_10_04"),
    sab!("MEDCIN", ENG, 3, 700.0, 0, Generic, Code::Num(6), M_CLIN | M_PROC | M_LAB | M_DRUG | M_CHEM | M_ANAT, 1.8, "FN,PT:1,XM:.3", false, "MEDCIN", "2023_09_15"),
    sab!("CHV", ENG, 0, 250.0, 0, Chv, Code::Num(10), M_CLIN | M_CHEM | M_DRUG | M_ANAT | M_PROC | M_ORG | M_MISC | M_CONC, 2.0, "PT,SY:1.5", false, "Consumer Health Vocabulary", "2011_02"),
    sab!("RCD", ENG, 3, 350.0, 0, Generic, Code::Read, M_CLIN | M_PROC | M_ANAT | M_CHEM | M_DRUG | M_ORG | M_MISC | M_CONC, 2.0, "PT,SY:.8,AB:.4,OP:.1,OA:.1,OAS:.05,OAP:.05", false, "Read Codes", "99"),
    sab!("SNOMEDCT_VET", ENG, 9, 60.0, 0, Snomed, Code::Snomed, M_ORG | M_DISO | M_FIND | M_ANAT | M_PROC, 2.6, "PT,FN!,SY:1", false, "Veterinary Extension to SNOMED CT", "2023_10_01"),
    sab!("SNMI", ENG, 9, 60.0, 0, Generic, Code::Pre("", 0), M_CLIN | M_ANAT | M_PROC | M_CHEM | M_ORG, 1.5, "PT,HT:.1,PX:.1,SY:.5", false, "SNOMED International", "1998"),
    sab!("PDQ", ENG, 0, 30.0, 0, Generic, Code::Pre("CDR", 10), M_NEOP | M_PROC | M_CHEM | M_DRUG | M_CONC, 2.0, "PT,SY:1,PSC:.1,IS:.05,OP:.05", true, "Physician Data Query", "2023_07_31"),
    sab!("CSP", ENG, 0, 25.0, 0, Generic, Code::Csp, M_CLIN | M_PROC | M_CHEM | M_PHYS | M_PROT | M_ANAT | M_CONC, 1.6, "PT,ET:1,SY:.3", true, "CRISP Thesaurus", "2006"),
    sab!("AOD", ENG, 0, 20.0, 0, Generic, Code::Num(7), M_CONC | M_MISC | M_CLIN | M_CHEM, 1.5, "DE,NP:.5,ET:.3,DS:.1,ES:.1,EX:.1,FN:.1,NS:.1,NX:.1,XD:.1", false, "Alcohol and Other Drug Thesaurus", "2000"),
    sab!("CST", ENG, 0, 5.0, 0, Generic, Code::Pre("", 0), M_CLIN, 1.3, "PT,GT:.3,HT:.1,SC:.05", false, "COSTART", "1995"),
    sab!("DXP", ENG, 0, 10.0, 0, Generic, Code::Pre("U", 6), M_CLIN, 1.5, "DI,FI:.5,SY:.5", false, "DXplain", "1994"),
    sab!("UMD", ENG, 1, 20.0, F_UMD, Generic, Code::Num(5), M_DEVI, 1.5, "PT,ET:.5,HT:.1", true, "UMDNS: product category thesaurus", "2023"),
    sab!("SPN", ENG, 0, 5.0, 0, Generic, Code::Pre("", 0), M_DEVI, 1.0, "PT", false, "Standard Product Nomenclature", "2003"),
    sab!("DDB", ENG, 3, 20.0, 0, Generic, Code::Num(5), M_DISO | M_FIND | M_CHEM | M_ORG, 1.5, "PT,SY:.5", false, "Diseases Database", "2000"),
    sab!("PSY", ENG, 3, 12.0, 0, Generic, Code::Num(5), M_DISO | M_FIND | M_MISC | M_CONC | M_PROC, 1.3, "PT,HT:.2", false, "Psychological Index Terms", "2004"),
    sab!("NEU", ENG, 3, 20.0, 0, Generic, Code::Num(4), M_ANAT | M_DISO | M_FIND, 1.4, "PT,ACR:.2,OP:.05,IS:.05", false, "Neuronames Brain Hierarchy", "99"),
    sab!("ICNP", ENG, 3, 12.0, 0, Generic, Code::Num(8), M_FIND | M_PROC | M_CONC, 1.1, "PT", false, "International Classification for Nursing Practice", "2019"),
    sab!("NIC", ENG, 3, 2.0, 0, Generic, Code::Num(4), M_PROC, 1.4, "IV,AC:.5", true, "Nursing Interventions Classification", "2008"),
    sab!("NOC", ENG, 3, 4.0, 0, Generic, Code::Num(4), M_FIND | M_CONC, 1.4, "OC,ID:.5", true, "Nursing Outcomes Classification", "2008"),
    sab!("HL7V3.0", ENG, 0, 10.0, 0, Generic, Code::Hl7, M_CONC | M_MISC, 1.4, "CDO,CSY:.3,VS:.3,BR:.1,CPR:.1", true, "HL7 Version 3.0", "2023_09"),
    sab!("LCH_NW", ENG, 0, 12.0, 0, Generic, Code::Pre("sh", 8), M_CONC | M_MISC | M_DISO, 1.2, "PT,XD:.2", false, "Library of Congress Subject Headings, Northwestern University subset", "2008"),
    sab!("MTHMST", ENG, 0, 2.0, F_MST, Generic, Code::Pre("", 0), M_FIND | M_PROC | M_ANAT, 1.3, "PT,SY:.3", false, "Minimal Standard Terminology Digestive Endoscopy", "2001"),
    sab!("ICF", ENG, 4, 3.0, 0, Generic, Code::Pre("b", 4), M_PHYS | M_FIND | M_MISC | M_CONC, 1.2, "PT,HT:.2", true, "International Classification of Functioning, Disability and Health", "2009"),
    sab!("CCS", ENG, 0, 2.0, 0, Generic, Code::Ccs, M_DISO | M_PROC, 1.2, "MD,SD:.5,MV:.3,SX:.3", false, "Clinical Classifications Software", "2005"),
    sab!("CCSR_ICD10CM", ENG, 0, 1.0, 0, Generic, Code::Pre("CIR", 3), M_DISO, 1.0, "SD", false, "Clinical Classifications Software Refined for ICD-10-CM", "2023"),
    sab!("CDT", ENG, 3, 1.5, 0, Cpt, Code::Pre("D", 4), M_PROC, 1.2, "PT,OP:.1", false, "CDT", "2024"),
    sab!("ICPC", ENG, 0, 1.0, F_ICPC, Generic, Code::Icpc, M_DISO | M_FIND | M_PROC, 1.2, "PT,CC:.2,CP:.2,CS:.2,CX:.2,HT:.1,PC:.1,PS:.1,PX:.1", false, "International Classification of Primary Care", "1993"),
    sab!("ICPC2P", ENG, 3, 20.0, 0, Generic, Code::Icpc, M_CLIN | M_PROC, 1.1, "PT,OP:.05", false, "ICPC-2 PLUS", "2005"),
    sab!("ICPC2ICD10ENG", ENG, 3, 80.0, F_ICPC2, Generic, Code::Icpc, M_CLIN, 1.3, "PT", false, "ICPC2-ICD10 Thesaurus", "200412"),
    sab!("WHO", ENG, 2, 10.0, F_WHO, Generic, Code::Pre("", 4), M_DISO | M_FIND, 1.2, "PT,HT:.1,OS:.1,IT:.1", false, "WHOART", "1997"),
    // translations and other non-English sources
    sab!("SCTSPA", SPA, 9, 2800.0, F_SCT, Snomed, Code::Snomed, SCT_GROUPS, 6.5, "PT,FN!,SY:5,OAF:.1,OAP:.1,OAS:.1,OF:.05,OP:.03,IS:.05", false, "SNOMED CT Spanish Edition", "2023_10_31"),
    sab!("MSHSPA", SPA, 3, 412.5, F_MSH, Mesh, Code::Mesh, MSH_GROUPS, 2.5, MSHT_TTYS, false, "Descriptores en Ciencias de la Salud", "2023"),
    sab!("MSHPOR", POR, 3, 412.5, F_MSH, Mesh, Code::Mesh, MSH_GROUPS, 2.5, MSHT_TTYS, true, "Descritores em Ciências da Saúde", "2023"),
    sab!("MSHFRE", FRE, 3, 412.5, F_MSH, Mesh, Code::Mesh, MSH_GROUPS, 2.5, MSHT_TTYS, false, "Thésaurus Biomédical Français/Anglais", "2023"),
    sab!("MSHGER", GER, 3, 350.0, F_MSH, Mesh, Code::Mesh, MSH_GROUPS, 2.5, MSHT_TTYS, false, "German translation of the Medical Subject Headings", "2023"),
    sab!("MSHITA", ITA, 3, 275.0, F_MSH, Mesh, Code::Mesh, MSH_GROUPS, 2.5, MSHT_TTYS, false, "Italian translation of Medical Subject Headings", "2023"),
    sab!("MSHDUT", DUT, 3, 275.0, F_MSH, Mesh, Code::Mesh, MSH_GROUPS, 2.5, MSHT_TTYS, false, "Dutch Translation of the Medical Subject Headings", "2005"),
    sab!("MSHCZE", CZE, 3, 275.0, F_MSH, Mesh, Code::Mesh, MSH_GROUPS, 2.5, MSHT_TTYS, true, "Czech translation of the Medical Subject Headings", "2023"),
    sab!("MSHJPN", JPN, 3, 450.0, F_MSH, Mesh, Code::Mesh, MSH_GROUPS, 2.9, MSHT_TTYS, false, "Japanese translation of the Medical Subject Headings", "2023"),
    sab!("MSHRUS", RUS, 3, 212.5, F_MSH, Mesh, Code::Mesh, MSH_GROUPS, 2.5, MSHT_TTYS, false, "Russian Translation of the Medical Subject Headings", "2023"),
    sab!("MSHPOL", POL, 3, 137.5, F_MSH, Mesh, Code::Mesh, MSH_GROUPS, 2.5, MSHT_TTYS, false, "Polish translation of the Medical Subject Headings", "2023"),
    sab!("MSHNOR", NOR, 3, 87.5, F_MSH, Mesh, Code::Mesh, MSH_GROUPS, 2.5, MSHT_TTYS, true, "Norwegian translation of the Medical Subject Headings", "2023"),
    sab!("MSHSWE", SWE, 3, 112.5, F_MSH, Mesh, Code::Mesh, MSH_GROUPS, 2.5, MSHT_TTYS, false, "Swedish translation of the Medical Subject Headings", "2023"),
    sab!("MSHFIN", FIN, 3, 87.5, F_MSH, Mesh, Code::Mesh, MSH_GROUPS, 2.5, MSHT_TTYS, false, "Finnish translation of the Medical Subject Headings", "2008"),
    sab!("MSHLAV", LAV, 3, 31.2, F_MSH, Mesh, Code::Mesh, MSH_GROUPS, 2.3, MSHT_TTYS, false, "Latvian translation of the Medical Subject Headings", "2012"),
    sab!("MSHSCR", SCR, 3, 56.2, F_MSH, Mesh, Code::Mesh, MSH_GROUPS, 2.3, MSHT_TTYS, true, "Croatian translation of the Medical Subject Headings", "2012"),
    sab!("MDRSPA", SPA, 3, 125.0, F_MDR, Mdr, Code::Mdr, MDR_GROUPS, 2.2, MDR_TTYS, false, "MedDRA Spanish", "26_1"),
    sab!("MDRFRE", FRE, 3, 125.0, F_MDR, Mdr, Code::Mdr, MDR_GROUPS, 2.2, MDR_TTYS, false, "MedDRA French", "26_1"),
    sab!("MDRGER", GER, 3, 125.0, F_MDR, Mdr, Code::Mdr, MDR_GROUPS, 2.2, MDR_TTYS, false, "MedDRA German", "26_1"),
    sab!("MDRITA", ITA, 3, 125.0, F_MDR, Mdr, Code::Mdr, MDR_GROUPS, 2.2, MDR_TTYS, false, "MedDRA Italian", "26_1"),
    sab!("MDRDUT", DUT, 3, 125.0, F_MDR, Mdr, Code::Mdr, MDR_GROUPS, 2.2, MDR_TTYS, false, "MedDRA Dutch", "26_1"),
    sab!("MDRPOR", POR, 3, 125.0, F_MDR, Mdr, Code::Mdr, MDR_GROUPS, 2.2, MDR_TTYS, false, "MedDRA Portuguese", "26_1"),
    sab!("MDRBPO", POR, 3, 125.0, F_MDR, Mdr, Code::Mdr, MDR_GROUPS, 2.2, MDR_TTYS, false, "MedDRA Brazilian Portuguese", "26_1"),
    sab!("MDRCZE", CZE, 3, 125.0, F_MDR, Mdr, Code::Mdr, MDR_GROUPS, 2.2, MDR_TTYS, false, "MedDRA Czech", "26_1"),
    sab!("MDRHUN", HUN, 3, 125.0, F_MDR, Mdr, Code::Mdr, MDR_GROUPS, 2.2, MDR_TTYS, false, "MedDRA Hungarian", "26_1"),
    sab!("MDRJPN", JPN, 3, 290.0, F_MDR, Mdr, Code::Mdr, MDR_GROUPS, 3.5, "PT,LLT:2,PTJKN:1,LLTJKN:1.5,PTJKN1:.3,LLTJKN1:.3,HTJKN:.05,OL:.3", false, "MedDRA Japanese", "26_1"),
    sab!("MDRRUS", RUS, 3, 125.0, F_MDR, Mdr, Code::Mdr, MDR_GROUPS, 2.2, MDR_TTYS, false, "MedDRA Russian", "26_1"),
    sab!("MDRKOR", KOR, 3, 125.0, F_MDR, Mdr, Code::Mdr, MDR_GROUPS, 2.2, MDR_TTYS, false, "MedDRA Korean", "26_1"),
    sab!("MDRARA", ARA, 3, 125.0, F_MDR, Mdr, Code::Mdr, MDR_GROUPS, 2.2, MDR_TTYS, false, "MedDRA Arabic", "26_1"),
    sab!("MDRGRE", GRE, 3, 125.0, F_MDR, Mdr, Code::Mdr, MDR_GROUPS, 2.2, MDR_TTYS, false, "MedDRA Greek", "26_1"),
    sab!("MDRSWE", SWE, 3, 125.0, F_MDR, Mdr, Code::Mdr, MDR_GROUPS, 2.2, MDR_TTYS, false, "MedDRA Swedish", "26_1"),
    sab!("MDRPOL", POL, 3, 125.0, F_MDR, Mdr, Code::Mdr, MDR_GROUPS, 2.2, MDR_TTYS, false, "MedDRA Polish", "26_1"),
    sab!("MDRLAV", LAV, 3, 125.0, F_MDR, Mdr, Code::Mdr, MDR_GROUPS, 2.2, MDR_TTYS, false, "MedDRA Latvian", "26_1"),
    sab!("LNC-ZH-CN", CHI, 0, 195.5, F_LNC, Loinc, Code::Loinc, LNC_GROUPS, 2.1, LNCT_TTYS, false, "LOINC Linguistic Variant - Chinese, China", "276"),
    sab!("LNC-ES-ES", SPA, 0, 172.5, F_LNC, Loinc, Code::Loinc, LNC_GROUPS, 2.1, LNCT_TTYS, false, "LOINC Linguistic Variant - Spanish, Spain", "276"),
    sab!("LNC-ES-AR", SPA, 0, 149.5, F_LNC, Loinc, Code::Loinc, LNC_GROUPS, 2.1, LNCT_TTYS, false, "LOINC Linguistic Variant - Spanish, Argentina", "276"),
    sab!("LNC-FR-FR", FRE, 0, 138.0, F_LNC, Loinc, Code::Loinc, LNC_GROUPS, 2.1, LNCT_TTYS, false, "LOINC Linguistic Variant - French, France", "276"),
    sab!("LNC-FR-BE", FRE, 0, 80.5, F_LNC, Loinc, Code::Loinc, LNC_GROUPS, 2.1, LNCT_TTYS, false, "LOINC Linguistic Variant - French, Belgium", "276"),
    sab!("LNC-FR-CA", FRE, 0, 115.0, F_LNC, Loinc, Code::Loinc, LNC_GROUPS, 2.1, LNCT_TTYS, false, "LOINC Linguistic Variant - French, Canada", "276"),
    sab!("LNC-DE-DE", GER, 0, 92.0, F_LNC, Loinc, Code::Loinc, LNC_GROUPS, 2.1, LNCT_TTYS, false, "LOINC Linguistic Variant - German, Germany", "276"),
    sab!("LNC-IT-IT", ITA, 0, 138.0, F_LNC, Loinc, Code::Loinc, LNC_GROUPS, 2.1, LNCT_TTYS, false, "LOINC Linguistic Variant - Italian, Italy", "276"),
    sab!("LNC-NL-NL", DUT, 0, 115.0, F_LNC, Loinc, Code::Loinc, LNC_GROUPS, 2.1, LNCT_TTYS, false, "LOINC Linguistic Variant - Dutch, Netherlands", "276"),
    sab!("LNC-PT-BR", POR, 0, 138.0, F_LNC, Loinc, Code::Loinc, LNC_GROUPS, 2.1, LNCT_TTYS, false, "LOINC Linguistic Variant - Portuguese, Brazil", "276"),
    sab!("LNC-RU-RU", RUS, 0, 80.5, F_LNC, Loinc, Code::Loinc, LNC_GROUPS, 2.1, LNCT_TTYS, false, "LOINC Linguistic Variant - Russian, Russia", "276"),
    sab!("LNC-TR-TR", TUR, 0, 138.0, F_LNC, Loinc, Code::Loinc, LNC_GROUPS, 2.1, LNCT_TTYS, false, "LOINC Linguistic Variant - Turkish, Turkey", "276"),
    sab!("LNC-ET-EE", EST, 0, 80.5, F_LNC, Loinc, Code::Loinc, LNC_GROUPS, 2.1, LNCT_TTYS, false, "LOINC Linguistic Variant - Estonian, Estonia", "276"),
    sab!("LNC-KO-KR", KOR, 0, 80.5, F_LNC, Loinc, Code::Loinc, LNC_GROUPS, 2.1, LNCT_TTYS, false, "LOINC Linguistic Variant - Korean, Korea", "276"),
    sab!("LNC-EL-GR", GRE, 0, 28.7, F_LNC, Loinc, Code::Loinc, LNC_GROUPS, 2.1, LNCT_TTYS, false, "LOINC Linguistic Variant - Greek, Greece", "276"),
    sab!("WHOFRE", FRE, 2, 10.0, F_WHO, Generic, Code::Pre("", 4), M_DISO | M_FIND, 1.2, "PT,HT:.1,OS:.1,IT:.1", false, "WHOART French", "1997"),
    sab!("WHOGER", GER, 2, 10.0, F_WHO, Generic, Code::Pre("", 4), M_DISO | M_FIND, 1.2, "PT,HT:.1,OS:.1,IT:.1", false, "WHOART German", "1997"),
    sab!("WHOPOR", POR, 2, 10.0, F_WHO, Generic, Code::Pre("", 4), M_DISO | M_FIND, 1.2, "PT,HT:.1,OS:.1,IT:.1", false, "WHOART Portuguese", "1997"),
    sab!("WHOSPA", SPA, 2, 10.0, F_WHO, Generic, Code::Pre("", 4), M_DISO | M_FIND, 1.2, "PT,HT:.1,OS:.1,IT:.1", false, "WHOART Spanish", "1997"),
    sab!("MTHMSTFRE", FRE, 0, 2.0, F_MST, Generic, Code::Pre("", 0), M_FIND | M_PROC | M_ANAT, 1.2, "PT,SY:.3", false, "Minimal Standard Terminology French", "2001"),
    sab!("MTHMSTITA", ITA, 0, 2.0, F_MST, Generic, Code::Pre("", 0), M_FIND | M_PROC | M_ANAT, 1.2, "PT,SY:.3", false, "Minimal Standard Terminology Italian", "2001"),
    sab!("DMDICD10", GER, 3, 45.0, F_ICD10, Icd, Code::Icd10, M_CLIN, 1.3, "PT,HT:.2", false, "ICD-10 German", "1995"),
    sab!("ICD10DUT", DUT, 3, 45.0, F_ICD10, Icd, Code::Icd10, M_CLIN, 1.3, "PT,HT:.2", false, "ICD10, Dutch Translation", "200403"),
    sab!("KCD5", KOR, 3, 80.0, F_ICD10, Icd, Code::Icd10, M_CLIN, 1.4, "PT,HT:.2", false, "Korean Standard Classification of Disease", "2008"),
    sab!("CPTSP", SPA, 3, 45.0, F_CPT, Cpt, Code::Cpt, M_PROC | M_LAB, 1.2, "PT", false, "CPT Spanish", "2001"),
    sab!("MEDLINEPLUS_SPA", SPA, 0, 5.0, F_MLP, Generic, Code::Num(4), M_DISO | M_PROC | M_FIND | M_NEOP, 1.8, "PT,ET:1,SY:.5", true, "MedlinePlus Spanish Health Topics", "20231018"),
    sab!("DMDUMD", GER, 1, 20.0, F_UMD, Generic, Code::Num(5), M_DEVI, 1.4, "PT,ET:.5", false, "UMDNS German", "1996"),
    sab!("ICPCFRE", FRE, 0, 1.0, F_ICPC, Generic, Code::Icpc, M_DISO | M_FIND | M_PROC, 1.1, "PT", false, "ICPC French", "1993"),
    sab!("ICPCGER", GER, 0, 1.0, F_ICPC, Generic, Code::Icpc, M_DISO | M_FIND | M_PROC, 1.1, "PT", false, "ICPC German", "1993"),
    sab!("ICPCSPA", SPA, 0, 1.0, F_ICPC, Generic, Code::Icpc, M_DISO | M_FIND | M_PROC, 1.1, "PT", false, "ICPC Spanish", "1993"),
    sab!("ICPCDUT", DUT, 0, 1.0, F_ICPC, Generic, Code::Icpc, M_DISO | M_FIND | M_PROC, 1.1, "PT", false, "ICPC Dutch", "1993"),
    sab!("ICPCHEB", HEB, 0, 1.0, F_ICPC, Generic, Code::Icpc, M_DISO | M_FIND | M_PROC, 1.1, "PT", false, "ICPC Hebrew", "1993"),
    sab!("ICPC2ICD10DUT", DUT, 3, 90.0, F_ICPC2, Generic, Code::Icpc, M_CLIN, 1.3, "PT", false, "ICPC2-ICD10 Thesaurus, Dutch Translation", "200412"),
    // source-level concepts (root/version names of every source); not sampled
    sab!("SRC", ENG, 0, 0.0, 0, Src, Code::Src, 0, 1.0, "RPT,RAB,RHT,RSY,SSN,VPT,VAB,VSY", false, "Metathesaurus Source Terminology Names", "2024AA"),
];

/// TTYs of obsolete atoms: SUPPRESS=O in MRCONSO, Y in MRRANK.
pub(super) const OBSOLETE_TTYS: &[&str] = &[
    "OP", "IS", "OAF", "OAP", "OAS", "OF", "OL", "OET", "OA", "LO", "OLC", "OOSN", "DPT", "DSY",
    "DHT", "OM", "OLX",
];
/// TTYs suppressible by (SAB, TTY): SUPPRESS=Y.
pub(super) const SUPPRESSIBLE_TTYS: &[&str] = &[
    "PTGB", "SYGB", "TMSY", "DSV", "QSV", "LS", "XM", "PXQ", "CSN", "UAUN", "UCN", "USY", "PTJKN1",
    "LLTJKN1",
];
