//! The separable CMA-ES (Ros & Hansen 2008) on the bounded simplex of line
//! shares: a normal search distribution with a diagonal covariance and a
//! global step size, updated from the ranked better half of each iteration's
//! candidates (see the parent module for how it is used).

use super::{LineBounds, MIN_SD, project_onto_bounded_simplex};
use crate::model::LINE_COUNT;

/// The separable CMA-ES state (Ros & Hansen 2008) on the bounded simplex.
#[derive(Clone, Debug)]
pub(super) struct SepCma {
    /// Mean of the search distribution (feasible).
    pub(super) mean: [f64; LINE_COUNT],
    /// Global step size.
    pub(super) sigma: f64,
    /// Diagonal of the covariance (relative to σ²).
    variances: [f64; LINE_COUNT],
    /// Evolution path of the step size.
    path_sigma: [f64; LINE_COUNT],
    /// Evolution path of the covariance.
    path_c: [f64; LINE_COUNT],
    /// Recombination weights of the parents, best first.
    weights: Vec<f64>,
    /// Variance-effective number of parents.
    mu_eff: f64,
    c_sigma: f64,
    d_sigma: f64,
    c_c: f64,
    c_1: f64,
    c_mu: f64,
    /// Expected length of an n-dimensional standard normal vector.
    chi_n: f64,
    generation: u32,
    bounds: LineBounds,
}

// Index loops: the updates read like the published formulas.
#[allow(clippy::needless_range_loop)]
impl SepCma {
    /// Search dimension: the line shares, which sum to 1.
    const N: f64 = (LINE_COUNT - 1) as f64;

    pub(super) fn new(mean: [f64; LINE_COUNT], bounds: LineBounds, candidates: usize) -> Self {
        let n = Self::N;
        let parents = (candidates / 2).max(1);
        let raw: Vec<f64> = (0..parents)
            .map(|i| (parents as f64 + 0.5).ln() - ((i + 1) as f64).ln())
            .collect();
        let sum: f64 = raw.iter().sum();
        let weights: Vec<f64> = raw.iter().map(|w| w / sum).collect();
        let mu_eff = 1.0 / weights.iter().map(|w| w * w).sum::<f64>();
        let c_sigma = (mu_eff + 2.0) / (n + mu_eff + 5.0);
        let d_sigma = 1.0 + 2.0 * (((mu_eff - 1.0) / (n + 1.0)).sqrt() - 1.0).max(0.0) + c_sigma;
        let c_c = 4.0 / (n + 4.0);
        // Learning rates of the full CMA-ES, scaled by (n + 2)/3 for the
        // diagonal (Ros & Hansen 2008, eq. 6).
        let c_1 = 2.0 / ((n + 1.3).powi(2) + mu_eff);
        let c_mu =
            (2.0 * (mu_eff - 2.0 + 1.0 / mu_eff) / ((n + 2.0).powi(2) + mu_eff)).min(1.0 - c_1);
        let scale = (n + 2.0) / 3.0;
        let (c_1, c_mu) = {
            let (a, b) = (c_1 * scale, c_mu.max(0.0) * scale);
            let total = a + b;
            if total > 0.9 {
                (a * 0.9 / total, b * 0.9 / total)
            } else {
                (a, b)
            }
        };
        // The starting spread: a quarter of each line's range.
        let variances = std::array::from_fn(|i| {
            let range = bounds.upper.0[i] - bounds.lower.0[i];
            (range / 4.0).max(MIN_SD).powi(2)
        });
        SepCma {
            mean,
            sigma: 1.0,
            variances,
            path_sigma: [0.0; LINE_COUNT],
            path_c: [0.0; LINE_COUNT],
            weights,
            mu_eff,
            c_sigma,
            d_sigma,
            c_c,
            c_1,
            c_mu,
            chi_n: n.sqrt() * (1.0 - 1.0 / (4.0 * n) + 1.0 / (21.0 * n * n)),
            generation: 0,
            bounds,
        }
    }

    /// Number of parents (the better half of the candidates).
    pub(super) fn parents(&self) -> usize {
        self.weights.len()
    }

    /// Standard deviation of each share under the current distribution.
    pub(super) fn sd(&self) -> [f64; LINE_COUNT] {
        self.variances.map(|v| self.sigma * v.sqrt())
    }

    /// A candidate from standard normal deviates `z`, repaired onto the
    /// bounded simplex.
    pub(super) fn sample(&self, z: &[f64; LINE_COUNT]) -> [f64; LINE_COUNT] {
        let sd = self.sd();
        let x = std::array::from_fn(|i| self.mean[i] + sd[i] * z[i]);
        project_onto_bounded_simplex(&x, &self.bounds)
    }

    /// Move the distribution towards `parents` (feasible points, best first).
    pub(super) fn update(&mut self, parents: &[[f64; LINE_COUNT]]) {
        let old = self.mean;
        let mut mean = [0.0; LINE_COUNT];
        for (w, x) in self.weights.iter().zip(parents) {
            for i in 0..LINE_COUNT {
                mean[i] += w * x[i];
            }
        }
        // A convex combination of feasible points is feasible; the
        // projection only removes rounding.
        self.mean = project_onto_bounded_simplex(&mean, &self.bounds);
        let d = self.variances.map(f64::sqrt);
        let y_w: [f64; LINE_COUNT] = std::array::from_fn(|i| (self.mean[i] - old[i]) / self.sigma);
        let cs = self.c_sigma;
        let norm_factor = (cs * (2.0 - cs) * self.mu_eff).sqrt();
        for i in 0..LINE_COUNT {
            self.path_sigma[i] = (1.0 - cs) * self.path_sigma[i] + norm_factor * y_w[i] / d[i];
        }
        self.generation += 1;
        let length = self.path_sigma.iter().map(|p| p * p).sum::<f64>().sqrt();
        let settled = (1.0 - (1.0 - cs).powi(2 * self.generation as i32)).sqrt();
        let h_sigma = length / settled < (1.4 + 2.0 / (Self::N + 1.0)) * self.chi_n;
        let cc = self.c_c;
        let path_factor = if h_sigma {
            (cc * (2.0 - cc) * self.mu_eff).sqrt()
        } else {
            0.0
        };
        for i in 0..LINE_COUNT {
            self.path_c[i] = (1.0 - cc) * self.path_c[i] + path_factor * y_w[i];
        }
        for i in 0..LINE_COUNT {
            let rank_mu: f64 = self
                .weights
                .iter()
                .zip(parents)
                .map(|(w, x)| w * ((x[i] - old[i]) / self.sigma).powi(2))
                .sum();
            self.variances[i] = (1.0 - self.c_1 - self.c_mu) * self.variances[i]
                + self.c_1 * self.path_c[i].powi(2)
                + self.c_mu * rank_mu;
        }
        self.sigma *= ((cs / self.d_sigma) * (length / self.chi_n - 1.0)).exp();
        // Keep every share's spread between MIN_SD and its range.
        for i in 0..LINE_COUNT {
            let range = (self.bounds.upper.0[i] - self.bounds.lower.0[i]).max(MIN_SD);
            let sd = self.sigma * self.variances[i].sqrt();
            let clamped = sd.clamp(MIN_SD, range);
            if clamped != sd {
                self.variances[i] = (clamped / self.sigma).powi(2);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::budget::Lines;
    use crate::sim::draw::standard_normal_from_uniform;
    use crate::sim::stream::{nth, unit_open};

    /// The step-adapted search on a smooth function of the shares whose
    /// maximum is known: −Σ wᵢ(xᵢ − x*ᵢ)² with x* inside the bounds.
    #[test]
    fn sep_cma_finds_an_interior_optimum() {
        let bounds = LineBounds {
            lower: Lines([0.01; LINE_COUNT]),
            upper: Lines([0.6; LINE_COUNT]),
        };
        let target = [0.05, 0.3, 0.1, 0.2, 0.2, 0.1, 0.05];
        let weights = [1.0, 3.0, 0.5, 2.0, 1.0, 5.0, 2.0];
        let f = |x: &[f64; LINE_COUNT]| -> f64 {
            -(0..LINE_COUNT)
                .map(|i| weights[i] * (x[i] - target[i]).powi(2))
                .sum::<f64>()
        };
        let mut cma = SepCma::new([1.0 / LINE_COUNT as f64; LINE_COUNT], bounds, 12);
        let key = 99;
        let mut draw = 0;
        for _ in 0..80 {
            let mut candidates: Vec<[f64; LINE_COUNT]> = (0..12)
                .map(|_| {
                    let z = std::array::from_fn(|_| {
                        draw += 1;
                        standard_normal_from_uniform(unit_open(nth(key, draw)))
                    });
                    cma.sample(&z)
                })
                .collect();
            candidates.sort_by(|a, b| f(b).total_cmp(&f(a)));
            cma.update(&candidates[..cma.parents()]);
        }
        for i in 0..LINE_COUNT {
            assert!(
                (cma.mean[i] - target[i]).abs() < 1e-3,
                "{:?} vs {target:?}",
                cma.mean
            );
        }
    }

    /// On a linear objective the optimum is a vertex of the bounded
    /// simplex; the step size must grow while the search keeps moving.
    #[test]
    fn sep_cma_reaches_a_vertex_and_lengthens_its_steps_on_the_way() {
        let bounds = LineBounds {
            lower: Lines([0.02; LINE_COUNT]),
            upper: Lines([0.7; LINE_COUNT]),
        };
        let f = |x: &[f64; LINE_COUNT]| x[3] + 0.5 * x[1];
        let mut cma = SepCma::new([1.0 / LINE_COUNT as f64; LINE_COUNT], bounds, 10);
        let mut draw = 0;
        let mut grew = false;
        for _ in 0..60 {
            let before = cma.sigma;
            let mut candidates: Vec<[f64; LINE_COUNT]> = (0..10)
                .map(|_| {
                    let z = std::array::from_fn(|_| {
                        draw += 1;
                        standard_normal_from_uniform(unit_open(nth(5, draw)))
                    });
                    cma.sample(&z)
                })
                .collect();
            candidates.sort_by(|a, b| f(b).total_cmp(&f(a)));
            cma.update(&candidates[..cma.parents()]);
            grew |= cma.sigma > before;
        }
        assert!(grew);
        // x3 at 0.7, x1 takes the rest above the floors: 1 − 0.7 − 5·0.02 = 0.2.
        assert!(
            (cma.mean[3] - 0.7).abs() < 2e-3 && (cma.mean[1] - 0.2).abs() < 5e-3,
            "{:?}",
            cma.mean
        );
    }
}
