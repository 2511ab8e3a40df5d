//! A live HiGHS instance driven through the C API, for column generation: a master LP
//! that grows by columns and is re-optimised warm, and pricing MIPs whose objective
//! changes between solves while their rows stay.
//!
//! Hand-rolled over `highs-sys` because neither good_lp nor the `highs` crate offers
//! what column generation needs on a live instance: adding columns to a solved LP
//! without rebuilding it (HiGHS then restarts from its basis), changing a range of
//! costs, reading the row duals and the MIP's dual bound, and reading a built model's
//! matrix back. Every `unsafe` block is one C call on the instance this value owns,
//! with buffers sized from HiGHS's own counts.

use std::ffi::CString;

/// One HiGHS instance, destroyed on drop.
pub(super) struct Lp {
    ptr: *mut std::ffi::c_void,
}

/// How a run ended, as far as column generation cares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum RunStatus {
    Optimal,
    /// Stopped by a limit (time, iterations, interrupt); a MIP may hold a solution.
    Limit,
    Infeasible,
    /// Anything else (unbounded, error): no usable result.
    Failed,
}

/// A sparse matrix, compressed by columns (HiGHS's colwise format).
#[derive(Clone, Debug, Default)]
pub(super) struct Csc {
    pub(super) start: Vec<i32>,
    pub(super) index: Vec<i32>,
    pub(super) value: Vec<f64>,
}

/// A model read back from HiGHS, or to be passed to it.
#[derive(Clone, Debug, Default)]
pub(super) struct LpData {
    pub(super) cost: Vec<f64>,
    pub(super) col_lower: Vec<f64>,
    pub(super) col_upper: Vec<f64>,
    pub(super) row_lower: Vec<f64>,
    pub(super) row_upper: Vec<f64>,
    pub(super) matrix: Csc,
    pub(super) integer: Vec<bool>,
    pub(super) offset: f64,
}

impl LpData {
    pub(super) fn num_col(&self) -> usize {
        self.cost.len()
    }

    pub(super) fn num_row(&self) -> usize {
        self.row_lower.len()
    }

    /// Appends a column with its entries `(row, value)`; `matrix.start` must already
    /// hold its leading 0.
    pub(super) fn push_col(
        &mut self,
        cost: f64,
        lower: f64,
        upper: f64,
        integer: bool,
        entries: &[(usize, f64)],
    ) {
        for &(r, v) in entries {
            self.matrix.index.push(count(r));
            self.matrix.value.push(v);
        }
        self.matrix.start.push(count(self.matrix.index.len()));
        self.cost.push(cost);
        self.col_lower.push(lower);
        self.col_upper.push(upper);
        self.integer.push(integer);
    }
}

fn count(n: usize) -> i32 {
    i32::try_from(n).expect("HiGHS counts fit in 32 bits")
}

impl Lp {
    /// A new empty instance, quiet, with `threads` threads (the same value on every
    /// instance of one thread: HiGHS keeps one scheduler per calling thread).
    pub(super) fn new(threads: u32, seed: u32) -> Lp {
        // SAFETY: `Highs_create` has no precondition; the pointer is owned by `Lp`.
        let ptr = unsafe { highs_sys::Highs_create() };
        let mut lp = Lp { ptr };
        lp.set_bool("output_flag", false);
        lp.set_int("threads", i32::try_from(threads.max(1)).unwrap_or(1));
        lp.set_int("random_seed", i32::try_from(seed).unwrap_or(i32::MAX));
        lp
    }

    /// Reads the model of a `highs` crate instance (its original, not presolved, form).
    pub(super) fn read(model: &highs::Model) -> LpData {
        let h = model.as_ptr();
        // SAFETY: `h` is the live instance of `model`; the buffers below are sized by
        // the counts HiGHS gives for that same instance, as `Highs_getLp` requires.
        unsafe {
            let nc = highs_sys::Highs_getNumCol(h).max(0) as usize;
            let nr = highs_sys::Highs_getNumRow(h).max(0) as usize;
            let nz = highs_sys::Highs_getNumNz(h).max(0) as usize;
            let mut d = LpData {
                cost: vec![0.0; nc],
                col_lower: vec![0.0; nc],
                col_upper: vec![0.0; nc],
                row_lower: vec![0.0; nr],
                row_upper: vec![0.0; nr],
                matrix: Csc {
                    start: vec![0; nc + 1],
                    index: vec![0; nz],
                    value: vec![0.0; nz],
                },
                integer: vec![false; nc],
                offset: 0.0,
            };
            let mut integrality = vec![0i32; nc];
            let (mut c, mut r, mut z, mut sense) = (0, 0, 0, 0);
            highs_sys::Highs_getLp(
                h,
                highs_sys::kHighsMatrixFormatColwise,
                &mut c,
                &mut r,
                &mut z,
                &mut sense,
                &mut d.offset,
                d.cost.as_mut_ptr(),
                d.col_lower.as_mut_ptr(),
                d.col_upper.as_mut_ptr(),
                d.row_lower.as_mut_ptr(),
                d.row_upper.as_mut_ptr(),
                d.matrix.start.as_mut_ptr(),
                d.matrix.index.as_mut_ptr(),
                d.matrix.value.as_mut_ptr(),
                integrality.as_mut_ptr(),
            );
            d.matrix.start[nc] = count(nz);
            for (flag, &kind) in d.integer.iter_mut().zip(&integrality) {
                *flag = kind == highs_sys::kHighsVarTypeInteger;
            }
            d
        }
    }

    pub(super) fn set_bool(&mut self, key: &str, value: bool) {
        let key = CString::new(key).expect("option names have no NUL");
        // SAFETY: live instance, NUL-terminated key. A wrong key only logs.
        unsafe {
            highs_sys::Highs_setBoolOptionValue(self.ptr, key.as_ptr(), i32::from(value));
        }
    }

    pub(super) fn set_int(&mut self, key: &str, value: i32) {
        let key = CString::new(key).expect("option names have no NUL");
        // SAFETY: as `set_bool`.
        unsafe {
            highs_sys::Highs_setIntOptionValue(self.ptr, key.as_ptr(), value);
        }
    }

    pub(super) fn set_double(&mut self, key: &str, value: f64) {
        let key = CString::new(key).expect("option names have no NUL");
        // SAFETY: as `set_bool`.
        unsafe {
            highs_sys::Highs_setDoubleOptionValue(self.ptr, key.as_ptr(), value);
        }
    }

    pub(super) fn set_string(&mut self, key: &str, value: &str) {
        let key = CString::new(key).expect("option names have no NUL");
        let value = CString::new(value).expect("option values have no NUL");
        // SAFETY: as `set_bool`.
        unsafe {
            highs_sys::Highs_setStringOptionValue(self.ptr, key.as_ptr(), value.as_ptr());
        }
    }

    /// Replaces the model by `d` (a MIP when some column is integer).
    pub(super) fn pass(&mut self, d: &LpData) {
        let integrality: Vec<i32> = d.integer.iter().map(|&i| i32::from(i)).collect();
        let mip = d.integer.iter().any(|&i| i);
        // SAFETY: every array has the length its count says (`LpData` keeps them so).
        unsafe {
            if mip {
                highs_sys::Highs_passMip(
                    self.ptr,
                    count(d.num_col()),
                    count(d.num_row()),
                    count(d.matrix.value.len()),
                    highs_sys::kHighsMatrixFormatColwise,
                    highs_sys::kHighsObjSenseMinimize,
                    d.offset,
                    d.cost.as_ptr(),
                    d.col_lower.as_ptr(),
                    d.col_upper.as_ptr(),
                    d.row_lower.as_ptr(),
                    d.row_upper.as_ptr(),
                    d.matrix.start.as_ptr(),
                    d.matrix.index.as_ptr(),
                    d.matrix.value.as_ptr(),
                    integrality.as_ptr(),
                );
            } else {
                highs_sys::Highs_passLp(
                    self.ptr,
                    count(d.num_col()),
                    count(d.num_row()),
                    count(d.matrix.value.len()),
                    highs_sys::kHighsMatrixFormatColwise,
                    highs_sys::kHighsObjSenseMinimize,
                    d.offset,
                    d.cost.as_ptr(),
                    d.col_lower.as_ptr(),
                    d.col_upper.as_ptr(),
                    d.row_lower.as_ptr(),
                    d.row_upper.as_ptr(),
                    d.matrix.start.as_ptr(),
                    d.matrix.index.as_ptr(),
                    d.matrix.value.as_ptr(),
                );
            }
        }
    }

    /// Adds one column: its cost, bounds and entries `(row, value)`.
    pub(super) fn add_col(&mut self, cost: f64, lower: f64, upper: f64, entries: &[(usize, f64)]) {
        let index: Vec<i32> = entries.iter().map(|&(r, _)| count(r)).collect();
        let value: Vec<f64> = entries.iter().map(|&(_, v)| v).collect();
        // SAFETY: `index` and `value` have `entries.len()` elements, rows are in range
        // (the caller's), HiGHS copies them.
        unsafe {
            highs_sys::Highs_addCol(
                self.ptr,
                cost,
                lower,
                upper,
                count(entries.len()),
                index.as_ptr(),
                value.as_ptr(),
            );
        }
    }

    /// Sets the costs of columns `from..from + costs.len()`.
    pub(super) fn change_costs(&mut self, from: usize, costs: &[f64]) {
        if costs.is_empty() {
            return;
        }
        // SAFETY: the range is within the model's columns (the caller's), `costs` has
        // one value per column of it.
        unsafe {
            highs_sys::Highs_changeColsCostByRange(
                self.ptr,
                count(from),
                count(from + costs.len() - 1),
                costs.as_ptr(),
            );
        }
    }

    /// Sets one column's bounds.
    pub(super) fn change_bounds(&mut self, col: usize, lower: f64, upper: f64) {
        // SAFETY: the column is within the model's (the caller's).
        unsafe {
            highs_sys::Highs_changeColBounds(self.ptr, count(col), lower, upper);
        }
    }

    /// Gives HiGHS a complete MIP start (one value per column).
    pub(super) fn set_solution(&mut self, values: &[f64]) {
        if values.len() != self.num_col() {
            return;
        }
        // SAFETY: one value per column; the other arrays may be null.
        unsafe {
            highs_sys::Highs_setSolution(
                self.ptr,
                values.as_ptr(),
                std::ptr::null(),
                std::ptr::null(),
                std::ptr::null(),
            );
        }
    }

    /// Runs HiGHS and says how it ended.
    pub(super) fn run(&mut self) -> RunStatus {
        // SAFETY: live instance.
        let (call, status) = unsafe {
            highs_sys::Highs_zeroAllClocks(self.ptr);
            let call = highs_sys::Highs_run(self.ptr);
            (call, highs_sys::Highs_getModelStatus(self.ptr))
        };
        if call == highs_sys::kHighsStatusError {
            return RunStatus::Failed;
        }
        match status {
            highs_sys::kHighsModelStatusOptimal => RunStatus::Optimal,
            highs_sys::kHighsModelStatusInfeasible => RunStatus::Infeasible,
            highs_sys::kHighsModelStatusTimeLimit
            | highs_sys::kHighsModelStatusIterationLimit
            | highs_sys::kHighsModelStatusSolutionLimit
            | highs_sys::kHighsModelStatusInterrupt
            | highs_sys::kHighsModelStatusHighsInterrupt
            | highs_sys::kHighsModelStatusObjectiveBound
            | highs_sys::kHighsModelStatusObjectiveTarget => RunStatus::Limit,
            _ => RunStatus::Failed,
        }
    }

    pub(super) fn num_col(&self) -> usize {
        // SAFETY: live instance.
        unsafe { highs_sys::Highs_getNumCol(self.ptr).max(0) as usize }
    }

    pub(super) fn num_row(&self) -> usize {
        // SAFETY: live instance.
        unsafe { highs_sys::Highs_getNumRow(self.ptr).max(0) as usize }
    }

    /// Whether HiGHS holds a feasible primal solution.
    pub(super) fn has_solution(&self) -> bool {
        let mut status = 0;
        // SAFETY: live instance, NUL-terminated key.
        unsafe {
            highs_sys::Highs_getIntInfoValue(
                self.ptr,
                c"primal_solution_status".as_ptr(),
                &mut status,
            );
        }
        status == highs_sys::kHighsSolutionStatusFeasible
    }

    /// Column values and row duals.
    pub(super) fn solution(&self) -> (Vec<f64>, Vec<f64>) {
        let (nc, nr) = (self.num_col(), self.num_row());
        let mut cols = vec![0.0; nc];
        let mut col_dual = vec![0.0; nc];
        let mut rows = vec![0.0; nr];
        let mut row_dual = vec![0.0; nr];
        // SAFETY: buffers sized by HiGHS's own counts.
        unsafe {
            highs_sys::Highs_getSolution(
                self.ptr,
                cols.as_mut_ptr(),
                col_dual.as_mut_ptr(),
                rows.as_mut_ptr(),
                row_dual.as_mut_ptr(),
            );
        }
        (cols, row_dual)
    }

    pub(super) fn objective(&self) -> f64 {
        // SAFETY: live instance.
        unsafe { highs_sys::Highs_getObjectiveValue(self.ptr) }
    }

    /// An integer info value (`simplex_iteration_count`), or 0.
    pub(super) fn int_info(&self, key: &std::ffi::CStr) -> i64 {
        let mut value = 0;
        // SAFETY: live instance, NUL-terminated key.
        let status =
            unsafe { highs_sys::Highs_getIntInfoValue(self.ptr, key.as_ptr(), &mut value) };
        if status == highs_sys::kHighsStatusError {
            0
        } else {
            i64::from(value)
        }
    }
}

impl Drop for Lp {
    fn drop(&mut self) {
        // SAFETY: the instance was created by `Highs_create` and is destroyed once.
        unsafe { highs_sys::Highs_destroy(self.ptr) }
    }
}
