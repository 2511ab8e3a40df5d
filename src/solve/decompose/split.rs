//! The level's problem read back from HiGHS and split into blocks: one block per
//! practitioner (their binaries and every column only their rows touch), the master's
//! columns (empty seats, the worst overload, population cover: whatever links
//! practitioners), and the linking rows.
//!
//! The split is computed from the matrix HiGHS holds, not from the model's rule
//! functions: every row of the compact model is either inside one practitioner's block
//! (it goes to their pricing problem) or linking (it goes to the master). So the two
//! engines solve the same problem by construction and cannot drift apart.

use super::lp::{Csc, LpData};

/// The level's problem, split.
pub(super) struct Split {
    /// The problem: the compact model's columns and rows, the objective the current
    /// level's expression (read off its level row), the earlier levels' rows bounded at
    /// their frozen values, the later levels' rows and every level column dropped.
    pub(super) data: LpData,
    /// The blocks, in order of practitioner.
    pub(super) blocks: Vec<Block>,
    /// The master's own columns.
    pub(super) master_cols: Vec<usize>,
    /// The linking rows, in row order.
    pub(super) link_rows: Vec<usize>,
    /// The position of each linking row in `link_rows`.
    pub(super) link_of: Vec<Option<usize>>,
}

/// One practitioner's part of the problem.
pub(super) struct Block {
    /// The columns, in column order.
    pub(super) cols: Vec<usize>,
    /// The rows that only involve these columns.
    pub(super) rows: Vec<usize>,
}

impl Split {
    /// Splits the level `k` problem of `data` (HiGHS's model, read back): `level_cols`
    /// are the level columns, `owner` the practitioner of each binary's column (indexed
    /// by column, `None` for every other), `global` columns that must stay in the master
    /// (empty seats, over-cover, the worst overload). `None` when the problem has fewer
    /// than two blocks or a level column is not what `solve` makes of it.
    pub(super) fn new(
        mut data: LpData,
        level_cols: &[usize],
        k: usize,
        owner: &[Option<u32>],
        global: &[usize],
    ) -> Option<Split> {
        let (nc, nr) = (data.num_col(), data.num_row());
        let mut rows: Vec<Vec<(usize, f64)>> = vec![Vec::new(); nr];
        for j in 0..nc {
            let (a, b) = (
                data.matrix.start[j] as usize,
                data.matrix.start[j + 1] as usize,
            );
            for e in a..b {
                rows[data.matrix.index[e] as usize].push((j, data.matrix.value[e]));
            }
        }
        let mut dropped_row = vec![false; nr];
        let mut dropped_col = vec![false; nc];
        let mut cost = vec![0.0; nc];
        let mut offset = 0.0;
        for (j, &t) in level_cols.iter().enumerate() {
            let (a, b) = (
                data.matrix.start[t] as usize,
                data.matrix.start[t + 1] as usize,
            );
            if b != a + 1 {
                return None;
            }
            let r = data.matrix.index[a] as usize;
            let at = data.matrix.value[a];
            let rhs = data.row_lower[r];
            if at == 0.0 || rhs != data.row_upper[r] || !rhs.is_finite() {
                return None;
            }
            dropped_col[t] = true;
            rows[r].retain(|&(c, _)| c != t);
            let (lo, hi) = (data.col_lower[t], data.col_upper[t]);
            if j == k {
                // a_t t + Σ a y = rhs: t = rhs / a_t − Σ (a / a_t) y.
                for &(c, v) in &rows[r] {
                    cost[c] -= v / at;
                }
                offset += rhs / at;
                dropped_row[r] = true;
            } else if lo.is_finite() || hi.is_finite() {
                // Σ a y = rhs − a_t t, t ∈ [lo, hi].
                let (l, u) = if at > 0.0 {
                    (rhs - at * hi, rhs - at * lo)
                } else {
                    (rhs - at * lo, rhs - at * hi)
                };
                data.row_lower[r] = l;
                data.row_upper[r] = u;
            } else {
                dropped_row[r] = true;
            }
        }
        data.cost = cost;
        data.offset = offset;

        // Owners: the binaries' practitioners, then every column that shares a row
        // without a global column with columns of one practitioner only.
        let mut block_of: Vec<Option<u32>> =
            (0..nc).map(|j| owner.get(j).copied().flatten()).collect();
        let mut is_global = vec![false; nc];
        for &g in global {
            if g < nc {
                is_global[g] = true;
            }
        }
        for (r, row) in rows.iter().enumerate() {
            if dropped_row[r] {
                continue;
            }
            let mut first = None;
            let mut several = false;
            for &(c, _) in row {
                if let Some(p) = owner.get(c).copied().flatten() {
                    match first {
                        None => first = Some(p),
                        Some(q) if q != p => several = true,
                        _ => {}
                    }
                }
            }
            if several {
                for &(c, _) in row {
                    if block_of[c].is_none() {
                        is_global[c] = true;
                    }
                }
            }
        }
        loop {
            let mut changed = false;
            for (r, row) in rows.iter().enumerate() {
                if dropped_row[r] || row.iter().any(|&(c, _)| is_global[c]) {
                    continue;
                }
                let mut owners = row.iter().filter_map(|&(c, _)| block_of[c]);
                let Some(p) = owners.next() else { continue };
                if owners.any(|q| q != p) {
                    continue;
                }
                for &(c, _) in row {
                    if block_of[c].is_none() {
                        block_of[c] = Some(p);
                        changed = true;
                    }
                }
            }
            if !changed {
                break;
            }
        }
        let mut index_of_owner = std::collections::BTreeMap::new();
        for p in block_of.iter().flatten() {
            let n = index_of_owner.len();
            index_of_owner.entry(*p).or_insert(n);
        }
        // Blocks in order of practitioner.
        for (i, v) in index_of_owner.values_mut().enumerate() {
            *v = i;
        }
        if index_of_owner.len() < 2 {
            return None;
        }
        let mut blocks: Vec<Block> = (0..index_of_owner.len())
            .map(|_| Block {
                cols: Vec::new(),
                rows: Vec::new(),
            })
            .collect();
        let mut col_block = vec![None; nc];
        let mut master_cols = Vec::new();
        for j in 0..nc {
            if dropped_col[j] {
                continue;
            }
            match block_of[j] {
                Some(p) if !is_global[j] => {
                    let b = index_of_owner[&p];
                    col_block[j] = Some(b);
                    blocks[b].cols.push(j);
                }
                _ => master_cols.push(j),
            }
        }
        let mut link_rows = Vec::new();
        let mut link_of = vec![None; nr];
        for (r, row) in rows.iter().enumerate() {
            if dropped_row[r] || row.is_empty() {
                continue;
            }
            let b = col_block[row[0].0];
            if b.is_some() && row.iter().all(|&(c, _)| col_block[c] == b) {
                blocks[b.unwrap_or_default()].rows.push(r);
            } else {
                link_of[r] = Some(link_rows.len());
                link_rows.push(r);
            }
        }
        Some(Split {
            data,
            blocks,
            master_cols,
            link_rows,
            link_of,
        })
    }

    /// Block `b`'s own problem (its columns, its rows, costs 0), for its pricing MIP.
    pub(super) fn block_problem(&self, b: usize) -> LpData {
        let block = &self.blocks[b];
        let mut local = vec![usize::MAX; self.data.num_col()];
        for (i, &j) in block.cols.iter().enumerate() {
            local[j] = i;
        }
        let mut row_local = vec![usize::MAX; self.data.num_row()];
        for (i, &r) in block.rows.iter().enumerate() {
            row_local[r] = i;
        }
        let mut matrix = Csc {
            start: Vec::with_capacity(block.cols.len() + 1),
            index: Vec::new(),
            value: Vec::new(),
        };
        for &j in &block.cols {
            matrix.start.push(matrix.index.len() as i32);
            let (a, b) = (
                self.data.matrix.start[j] as usize,
                self.data.matrix.start[j + 1] as usize,
            );
            for e in a..b {
                let r = self.data.matrix.index[e] as usize;
                if row_local[r] != usize::MAX {
                    matrix.index.push(row_local[r] as i32);
                    matrix.value.push(self.data.matrix.value[e]);
                }
            }
        }
        matrix.start.push(matrix.index.len() as i32);
        LpData {
            cost: vec![0.0; block.cols.len()],
            col_lower: block.cols.iter().map(|&j| self.data.col_lower[j]).collect(),
            col_upper: block.cols.iter().map(|&j| self.data.col_upper[j]).collect(),
            row_lower: block.rows.iter().map(|&r| self.data.row_lower[r]).collect(),
            row_upper: block.rows.iter().map(|&r| self.data.row_upper[r]).collect(),
            matrix,
            integer: block.cols.iter().map(|&j| self.data.integer[j]).collect(),
            offset: 0.0,
        }
    }

    /// The entries of column `j` in linking rows: `(link index, value)`.
    pub(super) fn link_entries(&self, j: usize) -> impl Iterator<Item = (usize, f64)> + '_ {
        let (a, b) = (
            self.data.matrix.start[j] as usize,
            self.data.matrix.start[j + 1] as usize,
        );
        (a..b).filter_map(move |e| {
            let r = self.data.matrix.index[e] as usize;
            self.link_of[r].map(|l| (l, self.data.matrix.value[e]))
        })
    }
}
