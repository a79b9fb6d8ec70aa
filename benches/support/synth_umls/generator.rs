//! The generator: sources and their TTY ranks, the CUI loop, atoms and their identifiers, MRCONSO
//! and MRSTY rows.

use super::*;
use std::io;
use std::path::Path;

pub(super) struct TtyInfo {
    pub(super) tty: &'static str,
    w: f64,
    pub(super) obs: bool,
    pub(super) supy: bool,
    pub(super) rank: u32,
    pub(super) used: bool,
}

pub(super) struct Sab {
    pub(super) spec: &'static SabSpec,
    pub(super) ttys: Vec<TtyInfo>,
    second: Option<usize>,
    /// Target share of all atoms.
    share: f64,
    /// Adaptive multiplier that steers the realized share to `share`.
    m: f64,
    pub(super) atoms: u64,
    pub(super) cuis: u64,
    last_cui: u64,
    pub(super) code_perm: Perm,
    code_ctr: u64,
    pub(super) aux_perm: Perm,
    aux_ctr: u64,
    pub(super) vsab: String,
    pub(super) vcui: String,
    pub(super) rcui: String,
}

#[derive(Default)]
pub(super) struct Atom {
    lat: u8,
    pub(super) sab: usize,
    tty: usize,
    s: String,
    code: String,
    scui: String,
    sdui: String,
    saui: String,
    supp: u8,
    cvf: &'static str,
    lui: u32,
    sui: u32,
    pub(super) aui: u64,
    key: u64,
    ts: u8,
    stt: &'static str,
    ispref: u8,
    first: bool,
}

/// What MRREL needs to know about a recent CUI.
pub(super) struct RelInfo {
    pub(super) cui: u64,
    pub(super) group: usize,
    /// (sab, aui of its first atom, source id used for STYPE SCUI/SDUI)
    pub(super) sabs: Vec<(usize, u64)>,
    /// pairs of atoms of one source (for SY rows): (sab, aui1, aui2)
    pub(super) pair: Option<(usize, u64, u64)>,
}

pub(super) struct Pending {
    pub(super) info: RelInfo,
    pub(super) rows: Vec<String>,
}

const CVFS: &[&str] = &[
    "256", "256", "256", "4096", "1280", "2304", "16640", "4352", "8192", "320", "1792",
];
const TAIL_CAP: usize = 2000;
/// Translations are strongly preferred once their English head is in the CUI (real releases
/// translate the heavily named concepts into many languages).
const TRANSLATION_BOOST: f64 = 6.0;

/// Heads of translated families (MSH, SNOMEDCT_US, MDR, LNC, ...) go preferentially to CUIs with
/// many atoms, which is where their translations have room.
fn head_bias(n: usize) -> f64 {
    (n as f64 / 8.0).powf(1.5).clamp(0.05, 30.0)
}
pub(super) const REL_WINDOW: usize = 1024;

pub(super) struct Gen {
    pub(super) cfg: SynthConfig,
    pub(super) r: Rng,
    pub(super) rd: Rng,
    pub(super) rr: Rng,
    pub(super) sabs: Vec<Sab>,
    pub(super) src: usize,
    group_sabs: Vec<Vec<usize>>,
    group_primary: Vec<Vec<usize>>,
    group_nonen: Vec<Vec<usize>>,
    n_cdf: Vec<f64>,
    pub(super) group_wt: Vec<Wt>,
    pub(super) sty_primary: Vec<Wt>,
    pub(super) sty_extra: Vec<Wt>,
    sty_factor: f64,
    pub(super) def_factor: f64,
    cum_atoms: u64,
    cui_num: u64,
    mean_step: f64,
    lui_ctr: u64,
    sui_ctr: u64,
    pub(super) lui_perm: Perm,
    pub(super) sui_perm: Perm,
    pub(super) aui_perm: Perm,
    pub(super) atui_perm: Perm,
    pub(super) def_atui_perm: Perm,
    pub(super) rui_perm: Perm,
    sty_ctr: u64,
    pub(super) def_ctr: u64,
    pub(super) rel_ctr: u64,
    sty_rows: u64,
    pub(super) cache_sui: Cache,
    pub(super) cache_lui: Cache,
    ring: Vec<String>,
    ring_pos: usize,
    pub(super) mat: Mat,
    pub(super) atoms: Vec<Atom>,
    pub(super) na: usize,
    blocks: Vec<(usize, usize)>,
    cand: Vec<(usize, f64)>,
    lines: Vec<String>,
    fam: Vec<Option<(String, String, String)>>,
    pub(super) local_sui: IdMap<(u32, u32)>,
    pub(super) local_lui: IdMap<u32>,
    pub(super) best_lui: IdMap<usize>,
    pub(super) best_sui: IdMap<usize>,
    src_start: u64,
    pub(super) pending: std::collections::VecDeque<Pending>,
    msh_scr: bool,
}

pub(super) fn parse_ttys(spec: &'static SabSpec) -> (Vec<TtyInfo>, Option<usize>) {
    let mut v = Vec::new();
    let mut second = None;
    for (i, tok) in spec.ttys.split(',').enumerate() {
        let (name, w) = match tok.split_once(':') {
            Some((n, w)) => (n, w.parse::<f64>().unwrap_or(1.0)),
            None => (tok, 1.0),
        };
        let name = if let Some(n) = name.strip_suffix('!') {
            second = Some(i);
            n
        } else {
            name
        };
        v.push(TtyInfo {
            tty: name,
            w,
            obs: OBSOLETE_TTYS.contains(&name),
            supy: SUPPRESSIBLE_TTYS.contains(&name),
            rank: 0,
            used: false,
        });
    }
    (v, second)
}

pub(super) fn vsab_of(sp: &SabSpec) -> String {
    if sp.rsab == "MTH" || sp.rsab == "SRC" {
        return sp.rsab.to_string();
    }
    if sp.rsab.contains(['_', '-']) || sp.rsab.ends_with(|c: char| c.is_ascii_digit()) {
        format!("{}_{}", sp.rsab, sp.ver)
    } else {
        format!("{}{}", sp.rsab, sp.ver)
    }
}

impl Gen {
    pub(super) fn new(cfg: &SynthConfig) -> Gen {
        let cuis = cfg.cuis as u64;
        let atoms = cfg.atoms;
        let ktot: f64 = SABS.iter().map(|s| s.k).sum();
        let mut sabs: Vec<Sab> = Vec::with_capacity(SABS.len());
        for (i, sp) in SABS.iter().enumerate() {
            let (ttys, second) = parse_ttys(sp);
            let share = sp.k / ktot;
            let est_codes = (share * atoms as f64 / sp.bs.max(1.0) * 3.0) as u64 + 5000;
            let code_space = match sp.code {
                Code::Mesh => 900_000,
                Code::Snomed => 90_000_000,
                Code::Mdr => 9_000_000,
                Code::Icd10pcs => 3_000_000_000,
                Code::Nci => 3_000_000,
                Code::Loinc => 9_000_000,
                Code::Rxnorm => 3_000_000,
                _ => 0,
            };
            sabs.push(Sab {
                spec: sp,
                ttys,
                second,
                share,
                m: 1.0,
                atoms: 0,
                cuis: 0,
                last_cui: 0,
                code_perm: Perm::new(
                    est_codes.max(code_space),
                    0,
                    cfg.seed ^ (i as u64 * 7919 + 1),
                ),
                code_ctr: 0,
                aux_perm: Perm::new(
                    (est_codes * 4).max(code_space),
                    0,
                    cfg.seed ^ (i as u64 * 104_729 + 3),
                ),
                aux_ctr: 0,
                vsab: vsab_of(sp),
                vcui: String::new(),
                rcui: String::new(),
            });
        }
        // MRRANK: non-suppressible (SAB order, TTY order) above suppressible ones.
        let total_rank: u32 = sabs.iter().map(|s| s.ttys.len() as u32).sum();
        let mut next = total_rank;
        for pass in 0..2 {
            for s in sabs.iter_mut() {
                for t in s.ttys.iter_mut() {
                    let sup = t.obs || t.supy;
                    if (pass == 0) != sup {
                        t.rank = next;
                        next -= 1;
                    }
                }
            }
        }
        let src = sabs
            .iter()
            .position(|s| s.spec.style == Style::Src)
            .unwrap();
        let mut group_sabs = vec![Vec::new(); NG];
        let mut group_primary = vec![Vec::new(); NG];
        let mut group_nonen = vec![Vec::new(); NG];
        for (i, s) in sabs.iter().enumerate() {
            for g in 0..NG {
                if s.spec.groups & (1 << g) != 0 && s.spec.style != Style::Src {
                    group_sabs[g].push(i);
                    if s.spec.lat == ENG && s.spec.style != Style::Mth {
                        group_primary[g].push(i);
                    }
                    if s.spec.lat != ENG {
                        group_nonen[g].push(i);
                    }
                }
            }
        }
        // atoms-per-CUI distribution: fixed head, Pareto tail fitted to the mean.
        let mean = atoms as f64 / cuis as f64;
        let n_cdf = atoms_cdf(mean);
        let mut group_wt = Vec::new();
        for b in 0..5 {
            let w: Vec<f64> = (0..NG).map(|g| GROUP_BUCKET_W[g][b]).collect();
            group_wt.push(Wt::new(&w));
        }
        let sty_primary = GROUP_STY
            .iter()
            .map(|g| Wt::new(&g.primary.iter().map(|x| x.1).collect::<Vec<_>>()))
            .collect();
        let sty_extra = GROUP_STY
            .iter()
            .map(|g| Wt::new(&g.extra.iter().map(|x| x.1).collect::<Vec<_>>()))
            .collect();
        let nsab = sabs.len() as u64;
        let src_start = if cuis >= nsab * 2 * 40 {
            (cuis as f64 * 0.27) as u64
        } else {
            u64::MAX
        };
        Gen {
            cfg: cfg.clone(),
            r: Rng::new(cfg.seed),
            rd: Rng::new(cfg.seed ^ 0xDEF0_DEF0),
            rr: Rng::new(cfg.seed ^ 0x0E1_0E1),
            sabs,
            src,
            group_sabs,
            group_primary,
            group_nonen,
            n_cdf,
            group_wt,
            sty_primary,
            sty_extra,
            sty_factor: 1.0,
            def_factor: 1.0,
            cum_atoms: 0,
            cui_num: 4,
            mean_step: (5_600_000.0 / cuis as f64).max(1.0),
            lui_ctr: 0,
            sui_ctr: 0,
            lui_perm: Perm::new(atoms + 1000, 0, cfg.seed ^ 11),
            sui_perm: Perm::new(atoms + 1000, 0, cfg.seed ^ 13),
            aui_perm: Perm::new(atoms * 8 / 5 + 1000, 0, cfg.seed ^ 17),
            atui_perm: Perm::new(cuis * 3 + 1000, 10_000_000, cfg.seed ^ 19),
            def_atui_perm: Perm::new(cuis + 1000, 40_000_000, cfg.seed ^ 23),
            rui_perm: Perm::new(cuis * 40 + 1000, 100_000_000, cfg.seed ^ 29),
            sty_ctr: 0,
            def_ctr: 0,
            rel_ctr: 0,
            sty_rows: 0,
            cache_sui: Cache::new(21),
            cache_lui: Cache::new(21),
            ring: Vec::new(),
            ring_pos: 0,
            mat: Mat::default(),
            atoms: Vec::new(),
            na: 0,
            blocks: Vec::new(),
            cand: Vec::new(),
            lines: Vec::new(),
            fam: vec![None; 16],
            local_sui: IdMap::default(),
            local_lui: IdMap::default(),
            best_lui: IdMap::default(),
            best_sui: IdMap::default(),
            src_start,
            pending: std::collections::VecDeque::new(),
            msh_scr: false,
        }
    }

    pub(super) fn run(&mut self, dir: &Path) -> io::Result<SynthSummary> {
        let mut conso = Out::create(&dir.join("MRCONSO.RRF"))?;
        let mut sty = Out::create(&dir.join("MRSTY.RRF"))?;
        let mut def = if self.cfg.with_mrdef {
            Some(Out::create(&dir.join("MRDEF.RRF"))?)
        } else {
            None
        };
        let mut rel = if self.cfg.with_mrrel {
            Some(Out::create(&dir.join("MRREL.RRF"))?)
        } else {
            None
        };
        let cuis = self.cfg.cuis as u64;
        for i in 0..cuis {
            self.gen_cui(i, &mut conso, &mut sty, def.as_mut(), rel.as_mut())?;
            if (i + 1) % 1024 == 0 {
                self.adapt(i + 1);
            }
        }
        if let Some(rel) = rel.as_mut() {
            while let Some(p) = self.pending.pop_front() {
                flush_pending(p, rel)?;
            }
        }
        let mut files: Vec<(String, String, String, u64, u64)> = Vec::new(); // (file, des, fmt, rows, bytes)
        let (r, b) = conso.finish()?;
        files.push((
            "MRCONSO.RRF".into(),
            "Concept names and sources".into(),
            "CUI,LAT,TS,LUI,STT,SUI,ISPREF,AUI,SAUI,SCUI,SDUI,SAB,TTY,CODE,STR,SRL,SUPPRESS,CVF"
                .into(),
            r,
            b,
        ));
        let (r, b) = sty.finish()?;
        files.push((
            "MRSTY.RRF".into(),
            "Semantic Types".into(),
            "CUI,TUI,STN,STY,ATUI,CVF".into(),
            r,
            b,
        ));
        if let Some(d) = def {
            let (r, b) = d.finish()?;
            files.push((
                "MRDEF.RRF".into(),
                "Definitions".into(),
                "CUI,AUI,ATUI,SATUI,SAB,DEF,SUPPRESS,CVF".into(),
                r,
                b,
            ));
        }
        if let Some(d) = rel {
            let (r, b) = d.finish()?;
            files.push((
                "MRREL.RRF".into(),
                "Related Concepts".into(),
                "CUI1,AUI1,STYPE1,REL,CUI2,AUI2,STYPE2,RELA,RUI,SRUI,SAB,SL,RG,DIR,SUPPRESS,CVF"
                    .into(),
                r,
                b,
            ));
        }
        let (r, b) = self.write_mrsab(dir)?;
        files.push(("MRSAB.RRF".into(), "Source Metadata".into(), "VCUI,RCUI,VSAB,RSAB,SON,SF,SVER,VSTART,VEND,IMETA,RMETA,SLC,SCC,SRL,TFR,CFR,CXTY,TTYL,ATNL,LAT,CENC,CURVER,SABIN,SSN,SCIT".into(), r, b));
        let (r, b) = self.write_mrrank(dir)?;
        files.push((
            "MRRANK.RRF".into(),
            "Concept Name Ranking".into(),
            "RANK,SAB,TTY,SUPPRESS".into(),
            r,
            b,
        ));
        let (r, b) = self.write_release_dat(dir)?;
        let release = ("release.dat".to_string(), r, b);
        let (r, b) = write_mrfiles(dir, &files)?;
        let mut summary = SynthSummary::default();
        for f in &files {
            summary.files.push((f.0.clone(), f.3, f.4));
        }
        summary.files.push(("MRFILES.RRF".into(), r, b));
        summary.files.push(release);
        Ok(summary)
    }

    /// Steers SAB shares, MRSTY rows per CUI and MRDEF rows per CUI towards their targets.
    fn adapt(&mut self, done: u64) {
        let total = self.cum_atoms as f64;
        // family totals: an English head is steered by how far its whole family (head plus
        // translations) is from target, since the translations can only follow the head
        let mut fam_target = [0.0f64; 16];
        let mut fam_actual = [0.0f64; 16];
        for s in &self.sabs {
            let f = s.spec.fam as usize;
            if f != 0 {
                fam_target[f] += s.share * total;
                fam_actual[f] += s.atoms as f64;
            }
        }
        for s in self.sabs.iter_mut() {
            if s.share <= 0.0 {
                continue;
            }
            let f = s.spec.fam as usize;
            let ratio = if f != 0 && s.spec.lat == ENG {
                (fam_target[f] + 30.0) / (fam_actual[f] + 30.0)
            } else {
                (s.share * total + 30.0) / (s.atoms as f64 + 30.0)
            };
            s.m = (s.m * ratio.powf(0.35)).clamp(0.01, 500.0);
        }
        let want = 1.5 * done as f64;
        self.sty_factor =
            (self.sty_factor * (want / self.sty_rows.max(1) as f64).powf(0.5)).clamp(0.2, 5.0);
        if self.cfg.with_mrdef {
            let want = 0.12 * done as f64;
            self.def_factor = (self.def_factor
                * ((want + 10.0) / (self.def_ctr as f64 + 10.0)).powf(0.5))
            .clamp(0.2, 8.0);
        }
    }

    fn draw_n(&mut self, i: u64) -> usize {
        let cuis = self.cfg.cuis as u64;
        let rem_cuis = cuis - i;
        let rem_atoms = self.cfg.atoms - self.cum_atoms;
        if rem_cuis == 1 {
            return rem_atoms as usize;
        }
        let x = self.r.f64();
        let mut n = self.n_cdf.partition_point(|&c| c <= x) + 1;
        n = n.min(TAIL_CAP);
        let expected = (self.cfg.atoms as u128 * (i as u128 + 1) / cuis as u128) as i64;
        let diff = self.cum_atoms as i64 + n as i64 - expected;
        if diff > 64 && n > 2 {
            n -= 1;
        } else if diff < -64 && n >= 2 {
            n += 1;
        }
        let max_n = rem_atoms - (rem_cuis - 1);
        n.clamp(1, max_n.min(usize::MAX as u64) as usize)
    }

    fn next_cui(&mut self) -> u64 {
        let step = 1 + (self.r.expo(self.mean_step - 1.0 + 0.5)).min(10_000);
        self.cui_num += step as u64;
        self.cui_num
    }

    fn new_atom(&mut self) -> usize {
        if self.na == self.atoms.len() {
            self.atoms.push(Atom::default());
        }
        let a = &mut self.atoms[self.na];
        a.s.clear();
        a.code.clear();
        a.scui.clear();
        a.sdui.clear();
        a.saui.clear();
        self.na += 1;
        self.na - 1
    }

    fn sample_from(&mut self, list_is_primary: bool, g: usize, nonen: bool, n: usize) -> usize {
        let list = if nonen {
            &self.group_nonen[g]
        } else if list_is_primary {
            &self.group_primary[g]
        } else {
            &self.group_sabs[g]
        };
        let mut tot = 0.0;
        self.cand.clear();
        for &s in list {
            let sb = &self.sabs[s];
            if sb.share <= 0.0 {
                continue;
            }
            tot += sb.share
                * sb.m
                * if sb.spec.fam != 0 && sb.spec.lat == ENG {
                    head_bias(n)
                } else {
                    1.0
                };
            self.cand.push((s, tot));
        }
        if self.cand.is_empty() {
            return self.group_primary[G_CONC][0];
        }
        let x = self.r.f64() * tot;
        let k = self
            .cand
            .partition_point(|c| c.1 <= x)
            .min(self.cand.len() - 1);
        self.cand[k].0
    }

    fn block_size(&mut self, s: usize, rem: usize, n: usize, nonen: bool) -> usize {
        let sp = self.sabs[s].spec;
        if sp.style == Style::Mth {
            return 1;
        }
        let mut k = 1 + self.r.expo((sp.bs - 0.5).max(0.0));
        if sp.fam != 0 && sp.lat == ENG && !nonen && n >= 4 {
            // leave room for the family's translations
            k = k.min((n / if sp.fam == F_SCT { 3 } else { 2 }).max(2));
        }
        if self.sabs[s].second.is_some() {
            k = k.max(2);
        }
        k.min(rem).min(60)
    }

    fn choose_blocks(&mut self, n: usize, g: usize, nonen: bool) {
        self.blocks.clear();
        let mut used = [0u64; 4];
        let mut fams: u32 = 0;
        let p = self.sample_from(true, g, nonen, n);
        let sz = self.block_size(p, n, n, nonen);
        self.blocks.push((p, sz));
        used[p / 64] |= 1 << (p % 64);
        let psp = self.sabs[p].spec;
        if psp.fam != 0 {
            fams |= 1 << psp.fam;
        }
        let mut rem = n - sz;
        while rem > 0 {
            self.cand.clear();
            let mut tot = 0.0;
            for &s in &self.group_sabs[g] {
                if used[s / 64] & (1 << (s % 64)) != 0 {
                    continue;
                }
                let sb = &self.sabs[s];
                let sp = sb.spec;
                if nonen {
                    if sp.lat == ENG {
                        continue;
                    }
                } else if sp.lat != ENG && (sp.fam == 0 || fams & (1 << sp.fam) == 0) {
                    continue;
                }
                let mut w = sb.share * sb.m / sp.bs;
                if sp.lat != ENG && !nonen {
                    w *= TRANSLATION_BOOST;
                } else if sp.lat == ENG && sp.fam != 0 {
                    w *= head_bias(n);
                }
                tot += w;
                self.cand.push((s, tot));
            }
            if self.cand.is_empty() {
                // every eligible source is used: add synonyms to existing blocks
                let w: Vec<f64> = self
                    .blocks
                    .iter()
                    .map(|&(s, _)| {
                        if self.sabs[s].spec.style == Style::Mth {
                            0.0
                        } else {
                            self.sabs[s].spec.bs - 0.7
                        }
                    })
                    .collect();
                let wt = Wt::new(&w);
                for _ in 0..rem {
                    let b = wt.sample(&mut self.r);
                    self.blocks[b].1 += 1;
                }
                break;
            }
            let x = self.r.f64() * tot;
            let k = self
                .cand
                .partition_point(|c| c.1 <= x)
                .min(self.cand.len() - 1);
            let s = self.cand[k].0;
            let sz = self.block_size(s, rem, n, nonen);
            self.blocks.push((s, sz));
            used[s / 64] |= 1 << (s % 64);
            let sp = self.sabs[s].spec;
            if sp.fam != 0 && (sp.lat == ENG || nonen) {
                fams |= 1 << sp.fam;
            }
            rem -= sz;
        }
    }

    fn tty_allowed(&self, s: usize, tty: &str, g: usize) -> bool {
        let sp = self.sabs[s].spec;
        match sp.style {
            Style::Rxnorm => {
                if g == G_DRUG {
                    !matches!(tty, "IN" | "PIN" | "MIN")
                } else {
                    matches!(tty, "IN" | "PIN" | "MIN" | "BN" | "SY")
                }
            }
            Style::Mesh if sp.lat == ENG => {
                if self.msh_scr {
                    matches!(tty, "N1" | "CE" | "PCE")
                } else {
                    !matches!(tty, "NM" | "CE" | "PCE")
                }
            }
            Style::Loinc => {
                if self.mat.lab {
                    !matches!(tty, "LA" | "LPN" | "LPDN" | "CN" | "LC")
                } else if g == G_FIND {
                    matches!(tty, "LA")
                } else {
                    matches!(tty, "LPN" | "LPDN" | "CN")
                }
            }
            Style::DrugList => {
                if g == G_DRUG {
                    !matches!(tty, "IN" | "SU" | "GN")
                } else {
                    matches!(tty, "IN" | "SU" | "GN")
                }
            }
            _ => true,
        }
    }

    fn pick_tty(&mut self, s: usize, k: usize, g: usize) -> usize {
        let sp = self.sabs[s].spec;
        if k == 0 {
            let want: Option<&str> = match sp.style {
                Style::Rxnorm => Some(if g == G_DRUG {
                    if self.r.chance(0.3) {
                        "SBD"
                    } else {
                        "SCD"
                    }
                } else {
                    "IN"
                }),
                Style::Mesh if sp.lat == ENG && self.msh_scr => Some("NM"),
                Style::Loinc => Some(if self.mat.lab {
                    if sp.lat == ENG {
                        "LC"
                    } else {
                        "LN"
                    }
                } else if g == G_FIND {
                    "LA"
                } else {
                    "LPN"
                }),
                Style::DrugList if g != G_DRUG => {
                    Some(if sp.ttys.contains("SU") { "SU" } else { "IN" })
                }
                _ => None,
            };
            if let Some(w) = want {
                if let Some(i) = self.sabs[s].ttys.iter().position(|t| t.tty == w) {
                    return i;
                }
            }
            return 0;
        }
        if k == 1 {
            if let Some(sec) = self.sabs[s].second {
                return sec;
            }
        }
        let second = self.sabs[s].second;
        let mut tot = 0.0;
        let n = self.sabs[s].ttys.len();
        let mut ws = [0.0f64; 32];
        for i in 1..n.min(32) {
            if Some(i) == second {
                continue;
            }
            let t = self.sabs[s].ttys[i].tty;
            if self.tty_allowed(s, t, g) {
                ws[i] = self.sabs[s].ttys[i].w;
                tot += ws[i];
            }
        }
        if tot <= 0.0 {
            // repeat the preferred TTY (e.g. more LOINC answers)
            return self.pick_tty(s, 0, g);
        }
        let mut x = self.r.f64() * tot;
        for (i, &w) in ws.iter().enumerate().take(n.min(32)) {
            if x < w {
                return i;
            }
            x -= w;
        }
        0
    }

    /// Codes shared by the atoms of one block (code, scui, sdui); translations reuse their head's.
    fn block_codes(&mut self, s: usize) -> (String, String, String) {
        let sp = self.sabs[s].spec;
        if sp.style == Style::Mth {
            return ("NOCODE".into(), String::new(), String::new());
        }
        if sp.fam != 0 {
            if let Some(c) = &self.fam[sp.fam as usize] {
                return c.clone();
            }
        }
        let sb = &mut self.sabs[s];
        let n = sb.code_perm.get(sb.code_ctr);
        sb.code_ctr += 1;
        let mut code = String::new();
        let mut scui = String::new();
        let mut sdui = String::new();
        match sp.style {
            Style::Mesh => {
                if self.msh_scr {
                    code.push('C');
                    push_pad(&mut code, n, 6 + (n % 4) as usize);
                } else {
                    code_string(Code::Mesh, n, &mut code);
                }
                let a = sb.aux_perm.get(sb.aux_ctr);
                sb.aux_ctr += 1;
                scui.push('M');
                push_pad(&mut scui, a % 10_000_000, 7);
                sdui.push_str(&code);
            }
            Style::Mdr => {
                code_string(sp.code, n, &mut code);
                sdui.push_str(&code);
            }
            Style::Loinc => {
                if !self.mat.lab {
                    code.push_str(if self.mat.group == G_FIND { "LA" } else { "LP" });
                }
                code_string(sp.code, n, &mut code);
                scui.push_str(&code);
            }
            Style::Icd | Style::Pcs | Style::Cpt | Style::Hcpcs | Style::DrugList | Style::Chv => {
                code_string(sp.code, n, &mut code);
            }
            _ => {
                code_string(sp.code, n, &mut code);
                scui.push_str(&code);
            }
        }
        let c = (code, scui, sdui);
        if sp.fam != 0 {
            self.fam[sp.fam as usize] = Some(c.clone());
        }
        c
    }

    fn build_atoms(&mut self, g: usize) {
        self.na = 0;
        for f in self.fam.iter_mut() {
            *f = None;
        }
        let blocks = std::mem::take(&mut self.blocks);
        let mut prev = String::new();
        let mut eng = String::new();
        for &(s, size) in &blocks {
            let (code, scui, sdui) = self.block_codes(s);
            let sp = self.sabs[s].spec;
            prev.clear();
            for k in 0..size {
                let ti = self.pick_tty(s, k, g);
                let tinfo = &self.sabs[s].ttys[ti];
                let (tty, obs, supy) = (tinfo.tty, tinfo.obs, tinfo.supy);
                self.sabs[s].ttys[ti].used = true;
                eng.clear();
                english_text(
                    &mut self.r,
                    sp,
                    tty,
                    k == 0,
                    &self.mat,
                    &prev,
                    self.msh_scr,
                    &mut eng,
                );
                let idx = self.new_atom();
                {
                    let a = &mut self.atoms[idx];
                    if sp.lat == ENG {
                        a.s.push_str(&eng);
                    } else if tty.contains("JKN") {
                        kana_reading(&eng, &mut a.s);
                    } else {
                        translate(&eng, sp.lat, &mut a.s);
                    }
                    sanitize(&mut a.s);
                    a.lat = sp.lat;
                    a.sab = s;
                    a.tty = ti;
                    a.first = k == 0;
                    a.code.push_str(&code);
                    a.scui.push_str(&scui);
                    a.sdui.push_str(&sdui);
                }
                prev.clear();
                prev.push_str(&eng);
                // per-atom identifiers
                match sp.style {
                    Style::Mdr if matches!(tty, "LLT" | "LLTJKN" | "LLTJKN1" | "OL") => {
                        let sb = &mut self.sabs[s];
                        let n = sb.code_perm.get(sb.code_ctr);
                        sb.code_ctr += 1;
                        let a = &mut self.atoms[idx];
                        a.code.clear();
                        code_string(Code::Mdr, n, &mut a.code);
                    }
                    Style::Snomed => {
                        let sb = &mut self.sabs[s];
                        let n = sb.aux_perm.get(sb.aux_ctr);
                        sb.aux_ctr += 1;
                        sct_id(
                            100_000 + n,
                            if sp.lat == ENG { 1 } else { 11 },
                            &mut self.atoms[idx].saui,
                        );
                    }
                    Style::Rxnorm => {
                        let sb = &mut self.sabs[s];
                        let n = sb.aux_perm.get(sb.aux_ctr);
                        sb.aux_ctr += 1;
                        push_num(&mut self.atoms[idx].saui, 1 + n);
                    }
                    _ => {}
                }
                let supp = if obs {
                    b'O'
                } else if supy {
                    b'Y'
                } else {
                    let x = self.r.f64();
                    if x < 0.0015 {
                        b'E'
                    } else if x < 0.0065 {
                        b'O'
                    } else if x < 0.008 {
                        b'Y'
                    } else {
                        b'N'
                    }
                };
                let cvf = if self.r.chance(0.12) {
                    self.r.pick(CVFS)
                } else {
                    ""
                };
                let a = &mut self.atoms[idx];
                a.supp = supp;
                a.cvf = cvf;
            }
        }
        self.blocks = blocks;
    }

    fn src_atoms(&mut self, which: usize, root: bool) {
        self.na = 0;
        let sp = &SABS[which];
        let vsab = self.sabs[which].vsab.clone();
        let src = self.src;
        let items: Vec<(&'static str, String, String)> = if root {
            let ssn = sp.son.split(" (").next().unwrap_or(sp.son).to_string();
            vec![
                ("RPT", sp.son.to_string(), format!("V-{}", sp.rsab)),
                ("RAB", sp.rsab.to_string(), format!("V-{}", sp.rsab)),
                ("SSN", ssn, format!("V-{}", sp.rsab)),
            ]
        } else {
            vec![
                (
                    "VPT",
                    format!("{}, {}", sp.son, sp.ver),
                    format!("V-{}", vsab),
                ),
                ("VAB", vsab.clone(), format!("V-{}", vsab)),
            ]
        };
        for (tty, s, code) in items {
            let ti = self.sabs[src]
                .ttys
                .iter()
                .position(|t| t.tty == tty)
                .unwrap();
            self.sabs[src].ttys[ti].used = true;
            let idx = self.new_atom();
            let a = &mut self.atoms[idx];
            a.s.push_str(&s);
            sanitize(&mut a.s);
            a.lat = ENG;
            a.sab = src;
            a.tty = ti;
            a.first = tty == "RPT" || tty == "VPT";
            a.code.push_str(&code);
            a.supp = b'N';
            a.cvf = "";
        }
    }

    /// LUI/SUI/AUI, then TS/STT/ISPREF from MRRANK.
    fn assign_ids(&mut self) {
        self.local_sui.clear();
        self.local_lui.clear();
        for i in 0..self.na {
            let (lat, short) = (self.atoms[i].lat, self.atoms[i].s.len() <= 48);
            let ek = hash_bytes(self.atoms[i].s.as_bytes(), 0x5151 + lat as u64 * 7919);
            let (sui, lui) = if let Some(&v) = self.local_sui.get(&ek) {
                v
            } else {
                let nk = norm_key(&self.atoms[i].s, lat);
                let cached = if short { self.cache_sui.get(ek) } else { None };
                let v = match cached {
                    Some((sui, lui)) => {
                        self.local_lui.entry(nk).or_insert(lui);
                        (sui, lui)
                    }
                    None => {
                        let lui = match self.local_lui.get(&nk) {
                            Some(&l) => l,
                            None => {
                                let l = match if short { self.cache_lui.get(nk) } else { None } {
                                    Some((l, _)) => l,
                                    None => {
                                        let l = self.lui_perm.get(self.lui_ctr) as u32;
                                        self.lui_ctr += 1;
                                        if short {
                                            self.cache_lui.put(nk, l, 0);
                                        }
                                        l
                                    }
                                };
                                self.local_lui.insert(nk, l);
                                l
                            }
                        };
                        let sui = self.sui_perm.get(self.sui_ctr) as u32;
                        self.sui_ctr += 1;
                        if short {
                            self.cache_sui.put(ek, sui, lui);
                        }
                        (sui, lui)
                    }
                };
                self.local_sui.insert(ek, v);
                v
            };
            let aui = self.aui_perm.get(self.cum_atoms + i as u64);
            let a = &mut self.atoms[i];
            a.sui = sui;
            a.lui = lui;
            a.aui = aui;
            let rank = self.sabs[a.sab].ttys[a.tty].rank as u64;
            a.key = ((a.supp == b'N') as u64) << 40 | rank << 16 | (0xFFFF - (i as u64 & 0xFFFF));
        }
        // preferred atom per language, per LUI, per SUI
        let mut best_lat = [usize::MAX; 26];
        self.best_lui.clear();
        self.best_sui.clear();
        for i in 0..self.na {
            let a = &self.atoms[i];
            let bl = &mut best_lat[a.lat as usize];
            if *bl == usize::MAX || self.atoms[*bl].key < a.key {
                *bl = i;
            }
            let e = self
                .best_lui
                .entry(a.lui as u64 | (a.lat as u64) << 40)
                .or_insert(i);
            if self.atoms[*e].key < a.key {
                *e = i;
            }
            let e = self
                .best_sui
                .entry(a.sui as u64 | (a.lat as u64) << 40)
                .or_insert(i);
            if self.atoms[*e].key < a.key {
                *e = i;
            }
        }
        for i in 0..self.na {
            let (lat, lui, sui) = (self.atoms[i].lat, self.atoms[i].lui, self.atoms[i].sui);
            let pl = best_lat[lat as usize];
            let ts = if self.atoms[pl].lui == lui {
                b'P'
            } else {
                b'S'
            };
            let bl = self.best_lui[&(lui as u64 | (lat as u64) << 40)];
            let stt = if self.atoms[bl].sui == sui {
                "PF"
            } else {
                stt_of(&self.atoms[i].s, &self.atoms[bl].s)
            };
            let stt = if stt == "PF" && self.atoms[bl].sui != sui {
                "VO"
            } else {
                stt
            };
            let isp = if self.best_sui[&(sui as u64 | (lat as u64) << 40)] == i {
                b'Y'
            } else {
                b'N'
            };
            let a = &mut self.atoms[i];
            a.ts = ts;
            a.stt = stt;
            a.ispref = isp;
        }
    }

    pub(super) fn write_conso(&mut self, cui: u64, out: &mut Out) -> io::Result<()> {
        while self.lines.len() < self.na {
            self.lines.push(String::with_capacity(160));
        }
        for i in 0..self.na {
            let a = &self.atoms[i];
            let sb = &self.sabs[a.sab];
            let l = &mut self.lines[i];
            l.clear();
            l.push('C');
            push_pad(l, cui, 7);
            l.push('|');
            l.push_str(LANGS[a.lat as usize]);
            l.push('|');
            l.push(a.ts as char);
            l.push_str("|L");
            push_pad(l, a.lui as u64, 7);
            l.push('|');
            l.push_str(a.stt);
            l.push_str("|S");
            push_pad(l, a.sui as u64, 7);
            l.push('|');
            l.push(a.ispref as char);
            l.push_str("|A");
            push_pad(l, a.aui, 7);
            l.push('|');
            l.push_str(&a.saui);
            l.push('|');
            l.push_str(&a.scui);
            l.push('|');
            l.push_str(&a.sdui);
            l.push('|');
            l.push_str(sb.spec.rsab);
            l.push('|');
            l.push_str(sb.ttys[a.tty].tty);
            l.push('|');
            l.push_str(&a.code);
            l.push('|');
            l.push_str(&a.s);
            l.push('|');
            push_num(l, sb.spec.srl as u64);
            l.push('|');
            l.push(a.supp as char);
            l.push('|');
            l.push_str(a.cvf);
            l.push_str("|\n");
        }
        let lines = &mut self.lines[..self.na];
        lines.sort_unstable();
        for l in lines.iter() {
            out.row(l)?;
        }
        Ok(())
    }

    fn gen_cui(
        &mut self,
        i: u64,
        conso: &mut Out,
        sty: &mut Out,
        def: Option<&mut Out>,
        rel: Option<&mut Out>,
    ) -> io::Result<()> {
        let cui = self.next_cui();
        let nsab = self.sabs.len() as u64;
        let src_slot = if i >= self.src_start && i < self.src_start + 2 * nsab {
            Some((
                ((i - self.src_start) / 2) as usize,
                (i - self.src_start).is_multiple_of(2),
            ))
        } else {
            None
        };
        let group;
        if let Some((which, root)) = src_slot {
            group = G_CONC;
            self.mat.clear(group);
            self.mat.base = SABS[which].son.to_string();
            self.src_atoms(which, root);
            let cs = pad("C", cui, 7);
            if root {
                self.sabs[which].rcui = cs;
            } else {
                self.sabs[which].vcui = cs;
            }
            // keep the atom budget exact
            let rem_cuis = self.cfg.cuis as u64 - i;
            let rem_atoms = self.cfg.atoms - self.cum_atoms;
            let max_n = (rem_atoms - (rem_cuis - 1)) as usize;
            if self.na > max_n {
                self.na = max_n.max(1);
            }
            if rem_cuis == 1 && (self.na as u64) < rem_atoms {
                // last CUI: cannot happen with the SRC block placed at 27%, but stay exact
                self.na = self.na.min(rem_atoms as usize);
            }
        } else {
            let n = self.draw_n(i);
            let bucket = match n {
                1 => 0,
                2..=3 => 1,
                4..=9 => 2,
                10..=29 => 3,
                _ => 4,
            };
            group = self.group_wt[bucket].sample(&mut self.r);
            self.mat.clear(group);
            gen_material(&mut self.r, &mut self.mat);
            self.msh_scr = (group == G_CHEM || group == G_PROT) && self.r.chance(0.75);
            let nonen = n <= 4 && self.r.chance(0.03);
            self.choose_blocks(n, group, nonen);
            self.build_atoms(group);
            debug_assert_eq!(self.na, n);
            self.inject_ambiguity();
        }
        self.assign_ids();
        self.write_conso(cui, conso)?;
        // bookkeeping
        for k in 0..self.na {
            let s = self.atoms[k].sab;
            let sb = &mut self.sabs[s];
            sb.atoms += 1;
            if sb.last_cui != i + 1 {
                sb.last_cui = i + 1;
                sb.cuis += 1;
            }
        }
        // ambiguity ring: remember short English preferred names
        for k in 0..self.na {
            let a = &self.atoms[k];
            if a.lat == ENG && a.ts == b'P' && a.stt == "PF" && a.ispref == b'Y' && a.s.len() <= 48
            {
                if self.ring.len() < 4096 {
                    self.ring.push(a.s.clone());
                } else {
                    self.ring[self.ring_pos] = a.s.clone();
                    self.ring_pos = (self.ring_pos + 1) % 4096;
                }
                break;
            }
        }
        self.write_sty(cui, group, src_slot.is_some(), sty)?;
        if let Some(d) = def {
            if src_slot.is_none() {
                self.write_def(cui, group, d)?;
            }
        }
        if let Some(rl) = rel {
            self.rel_cui(i, cui, group, src_slot, rl)?;
        }
        self.cum_atoms += self.na as u64;
        Ok(())
    }

    /// Gives a synonym atom the name of another recent concept (real releases have ≈2% ambiguous strings).
    fn inject_ambiguity(&mut self) {
        if self.na < 3 || self.ring.len() < 64 || !self.r.chance(0.04) {
            return;
        }
        let cands: Vec<usize> = (0..self.na)
            .filter(|&k| {
                !self.atoms[k].first
                    && self.atoms[k].lat == ENG
                    && self.sabs[self.atoms[k].sab].spec.style != Style::Mth
            })
            .collect();
        if cands.is_empty() {
            return;
        }
        let k = self.r.pick(&cands);
        let s = self.ring[self.r.below(self.ring.len())].clone();
        let a = &mut self.atoms[k];
        a.s.clear();
        a.s.push_str(&s);
    }

    pub(super) fn write_sty(
        &mut self,
        cui: u64,
        group: usize,
        is_src: bool,
        out: &mut Out,
    ) -> io::Result<()> {
        let mut tuis: [usize; 4] = [usize::MAX; 4];
        let mut k = 0;
        if is_src {
            tuis[0] = sty_index("T170");
            k = 1;
        } else if !self.r.chance(0.0011) {
            let gs = &GROUP_STY[group];
            tuis[0] = sty_index(gs.primary[self.sty_primary[group].sample(&mut self.r)].0);
            k = 1;
            let f = self.sty_factor;
            let p2 = (gs.p_multi[0] * f).min(0.97);
            let p3 = (gs.p_multi[1] * f).min(p2);
            let p4 = (gs.p_multi[2] * f).min(p3);
            let x = self.r.f64();
            let want = if x < p4 {
                4
            } else if x < p3 {
                3
            } else if x < p2 {
                2
            } else {
                1
            };
            let mut tries = 0;
            while k < want && tries < 12 {
                tries += 1;
                let t = sty_index(gs.extra[self.sty_extra[group].sample(&mut self.r)].0);
                if !tuis[..k].contains(&t) {
                    tuis[k] = t;
                    k += 1;
                }
            }
        }
        let mut rows: Vec<String> = Vec::with_capacity(k);
        for &t in &tuis[..k] {
            let (tui, stn, sty) = STYS[t];
            let mut l = String::with_capacity(80);
            l.push('C');
            push_pad(&mut l, cui, 7);
            l.push('|');
            l.push_str(tui);
            l.push('|');
            l.push_str(stn);
            l.push('|');
            l.push_str(sty);
            l.push_str("|AT");
            push_pad(&mut l, self.atui_perm.get(self.sty_ctr), 8);
            self.sty_ctr += 1;
            l.push('|');
            if self.r.chance(0.04) {
                l.push_str("256");
            }
            l.push_str("|\n");
            rows.push(l);
        }
        rows.sort_unstable();
        for l in &rows {
            out.row(l)?;
        }
        self.sty_rows += k as u64;
        Ok(())
    }
}

/// Cumulative distribution of atoms per CUI (index k-1 = P(n ≤ k)): 28% 1, 20% 2, 13% 3, 9% 4 and
/// a discrete Pareto tail from 5 (capped at TAIL_CAP) whose exponent is fitted to `mean`.
fn atoms_cdf(mean: f64) -> Vec<f64> {
    let head = [0.28, 0.20, 0.13, 0.09];
    let head_mass: f64 = head.iter().sum();
    let head_mean: f64 = head
        .iter()
        .enumerate()
        .map(|(i, p)| (i + 1) as f64 * p)
        .sum();
    let tail_mass = 1.0 - head_mass;
    let tail_pmf = |alpha: f64| -> Vec<f64> {
        let mut v = vec![0.0; TAIL_CAP + 1];
        for k in 5..TAIL_CAP {
            v[k] = (5.0 / k as f64).powf(alpha) - (5.0 / (k + 1) as f64).powf(alpha);
        }
        v[TAIL_CAP] = (5.0 / TAIL_CAP as f64).powf(alpha);
        v
    };
    let tail_mean = |alpha: f64| -> f64 {
        tail_pmf(alpha)
            .iter()
            .enumerate()
            .map(|(k, p)| k as f64 * p)
            .sum()
    };
    let mut pmf = vec![0.0; TAIL_CAP + 1];
    let need = (mean - head_mean) / tail_mass;
    if need <= 5.0 {
        // small mean: geometric distribution with that mean
        let p = (1.0 / mean.max(1.0)).min(1.0);
        let mut q = 1.0;
        for k in 1..=TAIL_CAP {
            pmf[k] = q * p;
            q *= 1.0 - p;
        }
    } else {
        let (mut lo, mut hi) = (0.3f64, 60.0f64);
        for _ in 0..80 {
            let mid = 0.5 * (lo + hi);
            if tail_mean(mid) > need {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        let t = tail_pmf(0.5 * (lo + hi));
        pmf[1..=4].copy_from_slice(&head);
        for k in 5..=TAIL_CAP {
            pmf[k] = t[k] * tail_mass;
        }
    }
    let mut cdf = Vec::with_capacity(TAIL_CAP);
    let mut c = 0.0;
    for k in 1..=TAIL_CAP {
        c += pmf[k];
        cdf.push(c);
    }
    let last = *cdf.last().unwrap();
    for x in cdf.iter_mut() {
        *x /= last;
    }
    cdf
}
