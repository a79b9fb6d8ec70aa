//! Vocabulary: small hand-written word lists; open classes are completed by pseudo-words.
//!
//! The long lists are in `data/` (one item per line; tab-separated columns for tuples), embedded
//! at build time; the short ones stay here.

use super::*;

/// (noun, adjective) for organs and regions.
pub(super) static ORGANS: Table<(&str, &str)> = table!("organs.tsv");

pub(super) static ANAT_PARTS: Table<&str> = table!("anat_parts.txt");

pub(super) const SIDES: &[&str] = &["left", "right", "bilateral"];
pub(super) static POSITIONS: Table<&str> = table!("positions.txt");
pub(super) const ORDINALS: &[&str] = &[
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
    "eleventh", "twelfth",
];
pub(super) const ROMAN: &[&str] = &[
    "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII",
];
pub(super) const GREEK: &[&str] = &[
    "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa",
    "lambda", "mu", "nu", "xi", "pi", "rho", "sigma", "tau", "phi", "chi", "psi", "omega",
];

pub(super) static DISEASE_HEADS: Table<&str> = table!("disease_heads.txt");

pub(super) static MODIFIERS: Table<&str> = table!("modifiers.txt");

pub(super) static STEMS: Table<&str> = table!("stems.txt");
pub(super) static SUFFIX_DISEASE: Table<&str> = table!("suffix_disease.txt");
pub(super) static SUFFIX_PROC: Table<&str> = table!("suffix_proc.txt");

pub(super) static EPONYMS: Table<&str> = table!("eponyms.txt");

/// Syllables of pseudo-words (surnames, brands, drug stems, places, genera).
pub(super) const SYL: &[&str] = &[
    "ka", "ro", "vel", "mar", "tin", "zo", "len", "sa", "bri", "dor", "qui", "lo", "fen", "ta",
    "mi", "ver", "na", "gal", "to", "ri", "bel", "cor", "da", "lum", "pra", "sen", "ti", "vo",
    "xa", "zer", "al", "ben", "cal", "der", "el", "fal", "gor", "hal", "il", "jor", "kel", "lan",
    "mon", "nor", "ol", "pen", "ran", "sol", "tor", "ul", "var", "wen", "yar", "zan", "ar", "bo",
    "ce", "di", "es", "fi", "go", "ha", "is", "ju", "ke", "li", "mo", "ne", "os", "pi", "ra", "se",
    "tu", "ur", "vi", "wa", "xe", "ya", "zu", "stra", "bren", "clo", "dra", "fle", "gra", "kra",
    "plo", "tri", "vra",
];
pub(super) const SURNAME_END: &[&str] = &[
    "son", "sen", "berg", "stein", "mann", "ler", "ini", "elli", "ez", "ov", "ova", "ski", "ska",
    "ard", "et", "ier", "ey", "er", "in", "an", "ton", "well", "ford", "ström", "ek", "ić", "escu",
    "oğlu", "ard", "ault",
];
pub(super) const PLACE_END: &[&str] = &[
    "ville", "burg", "ton", "ford", "stad", "grad", "polis", "abad", "pur", "berg", "holm", "wick",
    "field", "mouth", "dale", "haven", "port",
];

pub(super) static INN_SUFFIX: Table<&str> = table!("inn_suffix.txt");
pub(super) static SALTS: Table<&str> = table!("salts.txt");
pub(super) static SUBSTITUENTS: Table<&str> = table!("substituents.txt");
pub(super) static CORES: Table<&str> = table!("cores.txt");
pub(super) const LOCANTS: &[&str] = &[
    "1", "2", "3", "4", "5", "6", "7", "8", "N", "N,N", "O", "2,4", "1,3", "3,5", "1,2", "2,6",
    "4'", "5'", "3'", "N'", "S", "1,3,5",
];
pub(super) const STEREO: &[&str] = &[
    "(S)-", "(R)-", "(2S)-", "(2R,3S)-", "(E)-", "(Z)-", "L-", "D-", "cis-", "trans-", "(+)-",
    "(-)-", "rac-", "alpha-", "beta-",
];
pub(super) static ELEMENTS: Table<&str> = table!("elements.txt");
pub(super) static ANIONS: Table<&str> = table!("anions.txt");
pub(super) const AMINO: &[&str] = &[
    "Ala", "Arg", "Asn", "Asp", "Cys", "Gln", "Glu", "Gly", "His", "Ile", "Leu", "Lys", "Met",
    "Phe", "Pro", "Ser", "Thr", "Trp", "Tyr", "Val",
];

pub(super) static DOSE_FORMS: Table<&str> = table!("dose_forms.txt");
pub(super) const STRENGTHS: &[&str] = &[
    "0.025", "0.05", "0.1", "0.125", "0.25", "0.4", "0.5", "1", "2", "2.5", "4", "5", "7.5", "10",
    "12.5", "15", "20", "25", "30", "40", "50", "60", "75", "80", "100", "120", "125", "150",
    "200", "250", "300", "325", "400", "500", "600", "750", "800", "1000", "1200",
];
pub(super) static UNITS: Table<&str> = table!("units.txt");

pub(super) static ENZYME_SUBSTRATES: Table<&str> = table!("enzyme_substrates.txt");
pub(super) static ENZYME_HEADS: Table<&str> = table!("enzyme_heads.txt");
pub(super) static PROTEIN_FAMILIES: Table<&str> = table!("protein_families.txt");
pub(super) const GENE_FAMILIES: &[&str] = &[
    "ZNF", "SLC", "TMEM", "CCDC", "FAM", "KIAA", "LRRC", "ANKRD", "TRIM", "RNF", "USP", "KRT",
    "COL", "CYP", "UGT", "ALDH", "GST", "HSP", "IL", "TNFRSF", "FGF", "BMP", "WNT", "HOXA", "SOX",
    "FOXP", "KCN", "SCN", "CACNA", "ABCB", "MAPK", "CDK", "PRKC", "ADGRL", "OR", "DEFB", "MIR",
    "LINC", "SNORD", "PCDHA", "MYO", "KIF", "DNAH", "PPP", "PTPR", "NDUFA", "MRPL", "RPL", "RPS",
    "ATP", "GPR", "TAS2R", "C", "LOC", "BRCA", "TP", "NOTCH", "SMAD", "STAT", "JAK", "ERBB",
    "PIK3C", "HLA-D", "APO", "SERPIN", "ADAMTS", "MMP",
];

pub(super) static GENUS_PRE: Table<&str> = table!("genus_pre.txt");
pub(super) static GENUS_ROOT: Table<&str> = table!("genus_root.txt");
pub(super) static EPITHETS: Table<&str> = table!("epithets.txt");
pub(super) const LATIN_ADJ: &[&str] = &[
    "rub", "alb", "virid", "flav", "nigr", "magn", "parv", "long", "brev", "lat", "angust",
    "crass", "tenu", "dens", "rar", "fulv", "cinere", "lute", "ros", "aure",
];
pub(super) const COLLECTIONS: &[&str] = &[
    "ATCC", "DSM", "JCM", "NBRC", "CCUG", "NCTC", "LMG", "KCTC", "CIP", "NRRL", "CBS", "IFO",
    "MTCC", "CGMCC",
];
pub(super) const VIRUS_HOSTS: &[&str] = &[
    "Human", "Bovine", "Porcine", "Avian", "Canine", "Feline", "Equine", "Murine", "Simian", "Bat",
    "Tomato", "Tobacco", "Potato", "Cucumber", "Rice", "Wheat", "Duck", "Chicken",
];
pub(super) static VIRUS_KINDS: Table<&str> = table!("virus_kinds.txt");

pub(super) static IMAGING: Table<&str> = table!("imaging.txt");
pub(super) static PROC_VERBS: Table<&str> = table!("proc_verbs.txt");
pub(super) static PCS_OPS: Table<&str> = table!("pcs_ops.txt");
pub(super) const PCS_APPROACH: &[&str] = &[
    "Open Approach",
    "Percutaneous Approach",
    "Percutaneous Endoscopic Approach",
    "Via Natural or Artificial Opening",
    "Via Natural or Artificial Opening Endoscopic",
    "External Approach",
];
pub(super) static PCS_DEVICES: Table<&str> = table!("pcs_devices.txt");
pub(super) static CPT_DETAILS: Table<&str> = table!("cpt_details.txt");
pub(super) static THERAPY: Table<&str> = table!("therapy.txt");
pub(super) static FIND_HEADS: Table<&str> = table!("find_heads.txt");
pub(super) static LEVELS: Table<&str> = table!("levels.txt");
pub(super) static ANSWERS: Table<&str> = table!("answers.txt");
pub(super) static ACTS: Table<&str> = table!("acts.txt");
pub(super) static SCALE_NAMES: Table<&str> = table!("scale_names.txt");
pub(super) static LNC_PROPS: Table<(&str, &str)> = table!("lnc_props.tsv");
pub(super) static LNC_SYSTEMS: Table<(&str, &str)> = table!("lnc_systems.tsv");
pub(super) const LNC_SCALES: &[&str] = &[
    "Qn", "Qn", "Qn", "Ord", "Ord", "Nom", "Nar", "OrdQn", "Doc", "Set",
];
pub(super) const LNC_TIMES: &[&str] = &[
    "Pt", "Pt", "Pt", "Pt", "Pt", "Pt", "24H", "XXX", "12H", "^Max", "8H",
];
pub(super) static LNC_METHODS: Table<(&str, &str)> = table!("lnc_methods.tsv");
// In code, not in `data/`: most of these start with a space.
pub(super) const LNC_COMP_SUFFIX: &[&str] = &[
    " Ab.IgG",
    " Ab.IgM",
    " Ab",
    " Ag",
    " DNA",
    " RNA",
    " rRNA",
    " IgE Ab",
    ".free",
    ".total",
    "/Creatinine",
    " mutation analysis",
    " identified",
    " panel",
    " deletion+duplication",
    " actual/normal",
    " metabolite",
    " glucuronide",
];
pub(super) static CELLS: Table<&str> = table!("cells.txt");
pub(super) static QUAL_VALUES: Table<&str> = table!("qual_values.txt");
pub(super) static CONCEPT_HEADS: Table<&str> = table!("concept_heads.txt");
pub(super) static MATERIALS: Table<&str> = table!("materials.txt");
pub(super) static DEVICE_HEADS: Table<&str> = table!("device_heads.txt");
pub(super) static DEVICE_MODS: Table<&str> = table!("device_mods.txt");
pub(super) static PROCESSES: Table<&str> = table!("processes.txt");
pub(super) static MOLECULES: Table<&str> = table!("molecules.txt");
pub(super) static CELL_COMPONENTS: Table<&str> = table!("cell_components.txt");
pub(super) static SPECIALTIES: Table<&str> = table!("specialties.txt");
pub(super) static POP_GROUPS: Table<&str> = table!("pop_groups.txt");
pub(super) static OCCUPATIONS: Table<&str> = table!("occupations.txt");
pub(super) static ACTIVITIES: Table<&str> = table!("activities.txt");
pub(super) static ORG_TYPES: Table<&str> = table!("org_types.txt");
/// English synonym pairs (either direction) used for true synonyms of a name.
pub(super) static SYNONYMS: Table<(&str, &str)> = table!("synonyms.tsv");
