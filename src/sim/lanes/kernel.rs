// The lane kernel, written once against the lane operations and included
// (`include!`) into each backend module (`avx512.rs`, `avx2.rs`, `simd128.rs`,
// `portable.rs`), which defines them, its number of lanes `LANES` (eight
// or four) and `Block`/`LaneTotals` of that width:
//
// * `V`: `LANES` f64 lanes, also used for masks (all bits set where true).
//   `splat`, `load`, `array`; `add`, `sub`, `mul`, `div` (IEEE, one
//   rounding each); `and`, `or`, `xor`, `and_not` (bitwise); `gt`, `ge`,
//   `lt`, `eq` (ordered, quiet: false where a lane is NaN) giving masks;
//   `sqrt`, `floor` (as `f64::sqrt`, `f64::floor`); `select` (lanes of `a`
//   where the mask's top bit is set, of `b` elsewhere; its masks must be
//   whole, all ones or all zeros per lane, as comparisons and `widen` give
//   them: the `simd128` backend selects bit by bit); `bits` (bit l set
//   where mask lane l is set); `to_bits`/`from_bits` (as u64 lanes);
//   `trunc` (to i32 lanes toward zero; lanes out of the i32 range or NaN
//   give an unspecified value).
// * `I`: `LANES` i32 lanes. `splat`, `and`, `sub`, `mul` (wrapping), `min`,
//   `max`, `eq` (all bits set where equal), `shr_arith::<N>`, `to_f64`
//   (exact), `widen` (each lane sign-extended to 64 bits, as a `V` mask),
//   `or_all` (the OR of the lanes).
// * `U`: `LANES` u64 lanes. `load`, `splat`, `add` (wrapping), `xor`, `or`,
//   `and`, `shr::<N>` (logical), `mul` by a constant (wrapping), `low32`
//   (the low 32 bits of each lane as `I`).
// * `gather64(table, i)` and `gather16(table, i)` (tables of 64 and 16
//   entries), `gather_pairs(table, i)` (pair i of a table of pairs, as its
//   first and second entries), `gather_quads(table, i)` (pairs i and
//   i + 1, as their four entries): table lookups at i32 indices that the
//   kernel keeps in bounds.
// * `pow2(k)`: 2^k for −1022 ≤ k ≤ 1023 (other k: unspecified bits).
// * `lane_fn!(fn …)`: declares a lane function, as every function here is
//   declared: compiled with the backend's processor features enabled where
//   it has any, so that the lane functions call one another safely, and
//   inlined into the backend's `step_block`.

use crate::model::budget::UnitCosts;
use crate::model::special::{LN2_HI, LN2_LO, ln};
use crate::model::ward::{B1, B2, B3, B4, B5, TWELFTH_ROOT_MIN, monthly_hazard};

use super::super::draw::{
    EXP_SCALE, LN2_64_HI, LN2_64_LO, NORMAL_APPROX_MIN_VARIANCE, QUANTILE_GRID_FIRST,
    QUANTILE_GRID_SIZE, QUANTILE_GRID_STEPS, RECIPROCALS, SEARCH_BLOCK, SHEPPARD, SHORT_BLOCK,
    binomial_from_uniform, poisson_from_uniform,
};
use super::super::stream::GOLDEN_GAMMA;
use super::Tables;

/// Terms an exact search sums in the lanes before a lane is redone by the
/// scalar function (a multiple of [`SHORT_BLOCK`] beyond [`SEARCH_BLOCK`]).
const LANE_SEARCH_LIMIT: usize = 48;

/// The mask of all lanes, as `V::bits` gives it.
const FULL: i32 = (1 << LANES) - 1;

impl V {
    lane_fn!(
        /// `f64::max` for operands that are not NaN: `self < o ? o : self`.
        fn max(self, o: V) -> V {
            self.lt(o).select(o, self)
        }
    );
    lane_fn!(
        /// `f64::min` for operands that are not NaN: `o < self ? o : self`.
        fn min(self, o: V) -> V {
            o.lt(self).select(o, self)
        }
    );
    lane_fn!(
        /// `f64::clamp`: `self < lo ? lo : (self > hi ? hi : self)`.
        fn clamp(self, lo: V, hi: V) -> V {
            let x = self.lt(lo).select(lo, self);
            x.gt(hi).select(hi, x)
        }
    );
}

lane_fn!(
    /// [`exp_nonpositive`](super::super::draw::exp_nonpositive) on lanes with
    /// −700 ≤ x ≤ 0 (other lanes give unspecified finite or NaN values).
    fn exp_nonpositive(x: V, t: &Tables) -> V {
        let k = x.mul(V::splat(EXP_SCALE)).sub(V::splat(0.5)).trunc();
        let kf = k.to_f64();
        let r = x
            .sub(kf.mul(V::splat(LN2_64_HI)))
            .sub(kf.mul(V::splat(LN2_64_LO)));
        let r2 = r.mul(r);
        let poly = V::splat(1.0).add(r).add(
            r2.mul(
                V::splat(0.5)
                    .add(r.mul(V::splat(1.0 / 6.0)))
                    .add(r2.mul(V::splat(1.0 / 24.0).add(r.mul(V::splat(1.0 / 120.0))))),
            ),
        );
        let j = k.and(I::splat(63));
        let e = k.shr_arith::<6>();
        poly.mul(gather64(t.exp2, j)).mul(pow2(e))
    }
);

lane_fn!(
    /// [`standard_normal_from_uniform`](super::super::draw::standard_normal_from_uniform)
    /// and a mask of the lanes it settled (w ≥ 1/128; the others need AS 241).
    fn standard_normal(u: V, t: &Tables) -> (V, V) {
        let upper = u.gt(V::splat(0.5));
        let w = u.min(V::splat(1.0).sub(u));
        let x = w.mul(V::splat(QUANTILE_GRID_STEPS));
        let ok = x.ge(V::splat(QUANTILE_GRID_FIRST as f64));
        let i = x
            .trunc()
            .min(I::splat(QUANTILE_GRID_SIZE as i32 - 1))
            .max(I::splat(0));
        let s = x.sub(i.to_f64());
        // i ≤ 1023: pairs i and i + 1 lie in the grid's 1025.
        let [z0, d0, z1, d1] = gather_quads(t.grid, i);
        let delta = z1.sub(z0);
        let c2 = V::splat(3.0).mul(delta).sub(V::splat(2.0).mul(d0)).sub(d1);
        let c3 = d0.add(d1).sub(V::splat(2.0).mul(delta));
        let z = z0.add(s.mul(d0.add(s.mul(c2.add(s.mul(c3))))));
        let sign = upper.and(V::splat(-0.0));
        (z.xor(sign), ok)
    }
);

lane_fn!(
    /// ⌊x⌋ as [`floor_count`](super::super::draw) computes it: −0 becomes +0.
    fn floor_count(x: V) -> V {
        x.floor().add(V::splat(0.0))
    }
);

lane_fn!(
    /// Lanes whose bit is set in `redo` are recomputed by `f`.
    fn redo(result: V, redo: i32, f: impl Fn(usize) -> f64) -> V {
        if redo == 0 {
            return result;
        }
        let mut r = result.array();
        for (l, x) in r.iter_mut().enumerate() {
            if redo >> l & 1 != 0 {
                *x = f(l);
            }
        }
        V::load(&r)
    }
);

lane_fn!(
    /// [`poisson_from_uniform`] on the lanes, with the month's uniform of
    /// flow `FLOW` (its index in docs/model.md §4 order, as in `Block::keys`;
    /// `step` as for [`uniform`]).
    ///
    /// The exact search and the normal approximation are each computed only
    /// when some lane needs it; which one a flow needs rarely changes from one
    /// month to the next, so these branches are well predicted.
    ///
    /// The flow is a const parameter so that each flow has a sampler of its
    /// own, called once, which the compiler inlines as it does any function
    /// called once. (A function compiled with processor features cannot be
    /// marked to be inlined always, and one sampler called for several flows
    /// is not inlined: the calls cost some 3% of the month.)
    fn poisson<const FLOW: usize>(
        keys: &[[u64; LANES]; 6],
        step: u64,
        mean: V,
        t: &Tables,
    ) -> V {
        let u = uniform(&keys[FLOW], step);
        let one = V::splat(1.0);
        let zero = V::splat(0.0);
        let normal = mean.ge(V::splat(NORMAL_APPROX_MIN_VARIANCE));
        let positive = mean.gt(zero);
        let mut result = zero;
        let mut unsettled = zero;
        let kinds = normal.bits();
        if kinds != 0 {
            let (z, z_ok) = standard_normal(u, t);
            let sigma = mean.sub(V::splat(SHEPPARD)).sqrt();
            let approx = floor_count(mean.add(sigma.mul(z)).add(V::splat(0.5))).max(zero);
            result = approx;
            unsettled = normal.and_not(z_ok);
        }
        if kinds != FULL {
            let mut pk = exp_nonpositive(zero.sub(mean), t);
            let mut cdf = pk;
            let mut below = u.gt(cdf).and(one);
            for &reciprocal in &RECIPROCALS[1..SHORT_BLOCK] {
                pk = pk.mul(mean.mul(V::splat(reciprocal)));
                cdf = cdf.add(pk);
                below = below.add(u.gt(cdf).and(one));
            }
            // Counts below six are final; most blocks of small flows stop here.
            if below.lt(V::splat(SHORT_BLOCK as f64)).or(normal).bits() != FULL {
                for &reciprocal in &RECIPROCALS[SHORT_BLOCK..SEARCH_BLOCK] {
                    pk = pk.mul(mean.mul(V::splat(reciprocal)));
                    cdf = cdf.add(pk);
                    below = below.add(u.gt(cdf).and(one));
                }
            }
            // Lanes with every sum so far below u search on, six terms at a
            // time, while some lane needs it (counts from 12 to 47).
            let mut terms = SEARCH_BLOCK;
            let searching = positive.and_not(normal);
            while terms < LANE_SEARCH_LIMIT
                && below.eq(V::splat(terms as f64)).and(searching).bits() != 0
            {
                for &reciprocal in &RECIPROCALS[terms..terms + SHORT_BLOCK] {
                    pk = pk.mul(mean.mul(V::splat(reciprocal)));
                    cdf = cdf.add(pk);
                    below = below.add(u.gt(cdf).and(one));
                }
                terms += SHORT_BLOCK;
            }
            result = normal.select(result, below);
            unsettled = unsettled.or(below.eq(V::splat(terms as f64)).and_not(normal));
        }
        let result = positive.and(result);
        let unsettled = unsettled.and(positive);
        let (us, means) = (u.array(), mean.array());
        redo(result, unsettled.bits(), |l| {
            poisson_from_uniform(us[l], means[l])
        })
    }
);

lane_fn!(
    /// [`binomial_from_uniform`] on the lanes, with the month's uniform of
    /// flow `FLOW`, computing only what some lane needs, as [`poisson`]
    /// does, and a sampler of its own for each flow, for the same reason.
    fn binomial<const FLOW: usize>(
        keys: &[[u64; LANES]; 6],
        step: u64,
        n: V,
        p: V,
        t: &Tables,
    ) -> V {
        let u = uniform(&keys[FLOW], step);
        let one = V::splat(1.0);
        let zero = V::splat(0.0);
        let q = one.sub(p);
        let np = n.mul(p);
        let variance = np.mul(q);
        let normal = variance.ge(V::splat(NORMAL_APPROX_MIN_VARIANCE));
        let mut result = zero;
        let mut unsettled = zero;
        let kinds = normal.bits();
        if kinds != 0 {
            let (z, z_ok) = standard_normal(u, t);
            let sigma = variance.sub(V::splat(SHEPPARD)).sqrt();
            result = floor_count(np.add(sigma.mul(z)).add(V::splat(0.5))).clamp(zero, n);
            unsettled = normal.and_not(z_ok);
        }
        if kinds != FULL {
            // P(X = 0) = q^n by binary powering over the 12 bits of n < 4096
            // (multiplying by 1 for a clear bit, as the scalar loop's select
            // does, changes nothing). Only as many bits as the largest n of the
            // block has: the scalar loop also stops after the top bit. Lanes
            // with n ≥ 4096 (or not a count) are redone, whatever their bits.
            let ratio = p.div(q);
            let bits = n.trunc();
            let top = (bits.or_all() as u32).min(4095);
            let mut pk = one;
            let mut base = q;
            for bit in 0..(32 - top.leading_zeros()) {
                let b = I::splat(1 << bit);
                let set = bits.and(b).eq(b).widen();
                pk = pk.mul(set.select(base, one));
                base = base.mul(base);
            }
            let mut cdf = pk;
            let mut remaining = n;
            let mut below = u.gt(cdf).and(one);
            for &reciprocal in &RECIPROCALS[1..SHORT_BLOCK] {
                pk = pk.mul(ratio.mul(remaining).mul(V::splat(reciprocal)));
                remaining = remaining.sub(one);
                cdf = cdf.add(pk);
                below = below.add(u.gt(cdf).and(one));
            }
            if below.lt(V::splat(SHORT_BLOCK as f64)).or(normal).bits() != FULL {
                for &reciprocal in &RECIPROCALS[SHORT_BLOCK..SEARCH_BLOCK] {
                    pk = pk.mul(ratio.mul(remaining).mul(V::splat(reciprocal)));
                    remaining = remaining.sub(one);
                    cdf = cdf.add(pk);
                    below = below.add(u.gt(cdf).and(one));
                }
            }
            let last = n.min(V::splat(127.0)).floor();
            // As for the Poisson count: six terms at a time while some lane
            // that is not redone anyway has every sum so far below u and n
            // beyond them.
            let mut terms = SEARCH_BLOCK;
            let searching = n
                .ge(one)
                .and(p.gt(zero))
                .and(V::splat(0.5).ge(p))
                .and(n.lt(V::splat(4096.0)))
                .and_not(normal);
            while terms < LANE_SEARCH_LIMIT
                && below
                    .eq(V::splat(terms as f64))
                    .and(last.ge(V::splat(terms as f64)))
                    .and(searching)
                    .bits()
                    != 0
            {
                for &reciprocal in &RECIPROCALS[terms..terms + SHORT_BLOCK] {
                    pk = pk.mul(ratio.mul(remaining).mul(V::splat(reciprocal)));
                    remaining = remaining.sub(one);
                    cdf = cdf.add(pk);
                    below = below.add(u.gt(cdf).and(one));
                }
                terms += SHORT_BLOCK;
            }
            let block = V::splat(terms as f64);
            let open = below.ge(block).and(last.ge(block));
            result = normal.select(result, below.min(last));
            unsettled = unsettled.or(open.or(n.ge(V::splat(4096.0))).and_not(normal));
        }
        let valid = n.ge(one).and(p.gt(zero));
        let certain = p.ge(one);
        let result = valid.and(certain.select(n, result));
        let unsettled = unsettled
            .or(p.gt(V::splat(0.5)))
            .and(valid)
            .and_not(certain);
        let (us, ns, ps) = (u.array(), n.array(), p.array());
        redo(result, unsettled.bits(), |l| {
            binomial_from_uniform(us[l], ns[l], ps[l])
        })
    }
);

lane_fn!(
    /// x = 2^e·m with m in [1, 2) for positive normal x: the exponent e, the
    /// top 8 bits j of the mantissa, m, and c = 1 + j/256 ≤ m (the split that
    /// [`ln`] and [`monthly_hazard`] make with their 256-entry tables).
    fn split(x: V) -> (I, I, V, V) {
        let bits = x.to_bits();
        let e = bits.shr::<52>().low32().sub(I::splat(1023));
        let j = bits.shr::<44>().and(U::splat(255)).low32();
        let one_bits = U::splat(0x3FF0_0000_0000_0000);
        let mantissa = U::splat((1 << 52) - 1);
        let top = U::splat(((1 << 52) - 1) & !((1 << 44) - 1));
        let m = V::from_bits(bits.and(mantissa).or(one_bits));
        let c = V::from_bits(bits.and(top).or(one_bits));
        (e, j, m, c)
    }
);

lane_fn!(
    /// [`ln`] on lanes; others than positive normal finite x are redone.
    fn ln4(x: V, t: &Tables) -> V {
        let (e, j, m, c) = split(x);
        let e = e.to_f64();
        let (inv_c, ln_c) = gather_pairs(t.ln, j);
        let tt = m.sub(c).mul(inv_c);
        let t2 = tt.mul(tt);
        let low = V::splat(-0.5).add(tt.mul(V::splat(1.0 / 3.0)));
        let high = V::splat(-0.25).add(tt.mul(V::splat(0.2).add(tt.mul(V::splat(-1.0 / 6.0)))));
        let log1p = tt.add(t2.mul(low).add(t2.mul(t2).mul(high)));
        let result = e
            .mul(V::splat(LN2_HI))
            .add(ln_c)
            .add(log1p.add(e.mul(V::splat(LN2_LO))));
        let fine = x
            .ge(V::splat(f64::MIN_POSITIVE))
            .and(x.lt(V::splat(f64::INFINITY)));
        let xs = x.array();
        redo(result, !fine.bits() & FULL, |l| ln(xs[l]))
    }
);

lane_fn!(
    /// [`monthly_hazard`] on lanes; inputs below 2⁻¹⁰⁰⁰ or NaN are redone.
    fn hazard4(continuation: V, t: &Tables) -> V {
        let x = continuation.clamp(V::splat(0.0), V::splat(1.0));
        let (e, j, m, c) = split(x);
        // q = ⌊e/12⌋ = ⌊(e + ½)/12⌋, whose fraction lies in [1/24, 23/24]: the
        // product by a rounded 1/12 (relative error below 2⁻⁵³, so absolute
        // below 2⁻⁴⁵ for |e| ≤ 1100) has the same floor, and no division is
        // needed. The remainder r = e − 12q lies in 0…11 for every e a double
        // can have.
        let q = e
            .to_f64()
            .add(V::splat(0.5))
            .mul(V::splat(1.0 / 12.0))
            .floor()
            .trunc();
        let r = e.sub(q.mul(I::splat(12)));
        let (root_c, inv_c) = gather_pairs(t.roots, j);
        let tt = m.sub(c).mul(inv_c);
        let series = tt.mul(
            V::splat(B1).add(tt.mul(
                V::splat(B2).add(tt.mul(V::splat(B3).add(tt.mul(V::splat(B4).add(tt.mul(V::splat(B5))))))),
            )),
        );
        let s = gather16(t.octaves, r).mul(root_c).mul(pow2(q));
        let h = V::splat(1.0).sub(s).sub(s.mul(series));
        let fine = x.ge(V::splat(TWELFTH_ROOT_MIN));
        let cs = continuation.array();
        redo(h, !fine.bits() & FULL, |l| monthly_hazard(cs[l]))
    }
);

lane_fn!(
    /// [`mix64`](super::super::stream::mix64) of the lanes.
    fn mix64(z: U) -> U {
        let z = z.xor(z.shr::<30>()).mul(0xBF58_476D_1CE4_E5B9);
        let z = z.xor(z.shr::<27>()).mul(0x94D0_49BB_1331_11EB);
        z.xor(z.shr::<31>())
    }
);

lane_fn!(
    /// `unit_open(nth(key, month))` of the lanes, with `step` =
    /// (month + 1)·γ: the uniform the scalar path draws for the month.
    fn uniform(keys: &[u64; LANES], step: u64) -> V {
        let bits = mix64(U::load(keys).add(U::splat(step)));
        // (bits >> 12) as f64, exactly: 2⁵² + k has k in its mantissa.
        let two52 = U::splat(0x4330_0000_0000_0000);
        let k = V::from_bits(bits.shr::<12>().or(two52)).sub(V::splat(4_503_599_627_370_496.0));
        k.add(V::splat(0.5))
            .mul(V::splat(1.0 / 4_503_599_627_370_496.0))
    }
);

/// The rates of a month in each lane that depend only on the state and the
/// programme (docs/model.md §4, steps 1–4 and 6), as `month_rates` in
/// `model::ward` computes them, with the inflow they allow.
#[derive(Clone, Copy)]
struct Rates {
    /// Trained share τ.
    tau: V,
    /// The log term of the grant per participant.
    log_grant: V,
    /// Annual continuation c.
    continuation: V,
    /// Monthly dropout hazard h(c).
    hazard: V,
    /// Monthly hazard of untrained supporters, cut by supervision.
    h_untrained: V,
    /// Monthly hazard of certified supporters, cut by supervision.
    h_certified: V,
    /// Expected inflow: demand up to the room left.
    inflow_rate: V,
    /// Demand that finds no place.
    waitlist: V,
    /// All supporters S = U + C.
    supporters: V,
    /// crowd = clamp(occupancy − o_ref, −1, 1) (docs/model.md §9.3).
    crowd: V,
    /// Capacity of the month.
    capacity: V,
    /// The referral part of demand.
    referred: V,
}

/// The state of each lane at the start of the month.
#[derive(Clone, Copy)]
struct State {
    /// Participants N.
    n: V,
    /// Untrained supporters U.
    un: V,
    /// Certified supporters C.
    ce: V,
    /// Awareness A.
    aw: V,
}

lane_fn!(
    /// The [`State`] of the wards of `block`.
    fn state(b: &Block) -> State {
        State {
            n: V::load(&b.participants),
            un: V::load(&b.untrained),
            ce: V::load(&b.certified),
            aw: V::load(&b.awareness),
        }
    }
);

lane_fn!(
    /// [`Rates`] of the wards of `block` in state `s`.
    fn rates(b: &Block, s: &State, incentive: bool, costs: &UnitCosts, t: &Tables) -> Rates {
        let ld = V::load;
        let zero = V::splat(0.0);
        let one = V::splat(1.0);
        let State { n, un, ce, aw } = *s;

        // 1.–2. Trained share, grant term, coverage, continuation, hazard.
        let supporters = un.add(ce);
        let tau = supporters.gt(zero).and(ce.div(supporters));
        let grant = ld(&b.grants_month).div(n.max(one));
        let log_grant = ln4(grant.max(one).div(ld(&b.grant_ref).max(one)), t);
        let coverage = ld(&b.supervision_month)
            .div(V::splat(costs.supervision_month).mul(supporters.max(one)))
            .min(one);
        let tau_ref = ld(&b.tau_ref);
        let coverage_ref = ld(&b.coverage_ref);
        let mut c = ld(&b.c0)
            .add(ld(&b.beta_tau).mul(tau.sub(tau_ref)))
            .add(ld(&b.beta_grant).mul(log_grant))
            .add(ld(&b.beta_sup).mul(coverage.sub(coverage_ref)));
        if incentive {
            c = c.add(ld(&b.beta_incentive));
        }
        // 4. Capacity, with the certified supporters' places, and crowding
        //    (docs/model.md §9.3).
        let places = ld(&b.site_room).add(ld(&b.leader_places).mul(ce));
        let capacity = ld(&b.caseload).mul(supporters).min(places);
        let occupancy = capacity.gt(zero).select(n.div(capacity), one);
        let crowd = occupancy
            .sub(ld(&b.occupancy_ref))
            .clamp(V::splat(-1.0), one);
        c = c.sub(ld(&b.beta_crowd).mul(crowd));
        let continuation = c.max(ld(&b.c_min)).min(ld(&b.c_max));
        let hazard = hazard4(continuation, t);
        // 3. Demand index, word of mouth's index and referrals; 6.
        //    supporter hazards.
        let need = ld(&b.need_rate).mul(ld(&b.population));
        let pool = need.sub(n).max(zero);
        let access = ld(&b.access);
        let demand_index = aw.mul(pool).mul(access).mul(ld(&b.boost));
        let wom_index = pool.mul(access).mul(n);
        let referred = need
            .gt(zero)
            .and(ld(&b.referrals_month).mul(pool.div(need)));
        let burn = one.sub(ld(&b.beta_burnout).mul(coverage.sub(coverage_ref)));
        let h_untrained = ld(&b.hazard_untrained).mul(burn).clamp(zero, one);
        let h_certified = ld(&b.hazard_certified).mul(burn).clamp(zero, one);

        let demand_index0 = ld(&b.demand_index0);
        let wom_index0 = ld(&b.wom_index0);
        let demand = demand_index0
            .gt(zero)
            .and(ld(&b.dropouts0).mul(demand_index.div(demand_index0)))
            .add(
                wom_index0
                    .gt(zero)
                    .and(ld(&b.wom_demand0).mul(wom_index.div(wom_index0))),
            )
            .add(referred);
        let inflow_rate = demand.min(capacity.sub(n).max(zero));
        let waitlist = demand.sub(inflow_rate);
        Rates {
            tau,
            log_grant,
            continuation,
            hazard,
            h_untrained,
            h_certified,
            inflow_rate,
            waitlist,
            supporters,
            crowd,
            capacity,
            referred,
        }
    }
);

/// The flows of a month in each lane (docs/model.md §4, steps 5–7).
#[derive(Clone, Copy)]
struct Flows {
    /// New participants.
    inflow: V,
    /// Participants who leave.
    dropouts: V,
    /// Untrained supporters who stop.
    attrition_untrained: V,
    /// Certified supporters who stop.
    attrition_certified: V,
    /// Supporters certified: whole seats, at most the untrained left.
    trained: V,
    /// Newcomers certified in the whole seats left empty (docs/model.md §9.3).
    newcomers: V,
    /// The fraction of a seat carried to the next month.
    seat_credit: V,
    /// New untrained supporters.
    recruits: V,
}

lane_fn!(
    /// [`Flows`] of the wards of `block` in state `s` in the month whose
    /// uniforms step by `counter`, at the rates `r`.
    fn flows(b: &Block, s: &State, counter: u64, r: &Rates, t: &Tables) -> Flows {
        let ld = V::load;
        let zero = V::splat(0.0);
        let State { n, un, ce, .. } = *s;
        let keys = &b.keys;
        let inflow = poisson::<0>(keys, counter, r.inflow_rate, t);
        let dropouts = binomial::<1>(keys, counter, n, r.hazard, t);
        let attrition_untrained = binomial::<2>(keys, counter, un, r.h_untrained, t);
        let attrition_certified = binomial::<3>(keys, counter, ce, r.h_certified, t);
        let available = ld(&b.seat_credit).add(ld(&b.seats).max(zero));
        let offered = floor_count(available);
        let seat_credit = available.sub(offered);
        let trained = offered.min(floor_count(un.sub(attrition_untrained).max(zero)));
        let nu = ld(&b.nu_newcomer);
        let newcomers = if nu.gt(zero).bits() != 0 {
            binomial::<5>(keys, counter, offered.sub(trained), nu, t)
        } else {
            zero
        };
        let participants0 = ld(&b.participants0);
        let recruits_rate = participants0
            .gt(zero)
            .and(ld(&b.recruits0).mul(n.div(participants0)));
        let recruits = poisson::<4>(keys, counter, recruits_rate, t);
        Flows {
            inflow,
            dropouts,
            attrition_untrained,
            attrition_certified,
            trained,
            newcomers,
            seat_credit,
            recruits,
        }
    }
);

lane_fn!(
    /// The change of awareness `aw` in the month (docs/model.md §4, step 8): the
    /// step towards a_max and a_floor, or to the level where gain and decay
    /// balance when the step would overshoot it.
    fn awareness_change(b: &Block, aw: V) -> V {
        let ld = V::load;
        let gain = ld(&b.aw_gain).mul(ld(&b.publicity));
        let a_decay = ld(&b.a_decay);
        let a_max = ld(&b.a_max);
        let a_floor = ld(&b.a_floor);
        let balance = gain
            .mul(a_max)
            .add(a_decay.mul(a_floor))
            .div(gain.add(a_decay))
            .sub(aw);
        let step = gain.mul(a_max.sub(aw)).sub(a_decay.mul(aw.sub(a_floor)));
        gain.add(a_decay).gt(V::splat(1.0)).select(balance, step)
    }
);

lane_fn!(
    /// Advance the wards of `block` by month `month` (docs/model.md §4, steps
    /// 1–10, stochastic mode), exactly as [`step`](crate::model::ward::step)
    /// with [`StochasticFlows`](super::super::draw::StochasticFlows) would,
    /// and add the month's quantities to `sums`, lane by lane.
    fn kernel(
        block: &mut Block,
        month: u64,
        incentive: bool,
        costs: &UnitCosts,
        t: &Tables,
        sums: &mut LaneTotals,
    ) {
        let b = &*block;
        let ld = V::load;
        let zero = V::splat(0.0);
        let one = V::splat(1.0);
        let s = state(b);
        let State { n, un, ce, aw } = s;

        // The step of the month's five uniforms, one per flow.
        let counter = month.wrapping_add(1).wrapping_mul(GOLDEN_GAMMA);

        // 1.–4., 6. Rates; 5.–7. flows.
        let r = rates(b, &s, incentive, costs, t);
        let f = flows(b, &s, counter, &r, t);
        // 8. Awareness.
        let d_awareness = awareness_change(b, aw);
        // 9. Satisfaction.
        let satisfaction = ld(&b.s0)
            .add(ld(&b.beta_sat_tau).mul(r.tau.sub(ld(&b.tau_ref))))
            .add(ld(&b.beta_sat_grant).mul(r.log_grant))
            .sub(ld(&b.beta_sat_crowd).mul(r.crowd))
            .clamp(zero, V::splat(0.99));
        // 10. Next state.
        let supervision =
            ld(&b.supervision_month).min(V::splat(costs.supervision_month).mul(r.supporters));
        let next_n = n.add(f.inflow.sub(f.dropouts));
        let next_u = un.add(f.recruits.sub(f.attrition_untrained.add(f.trained)));
        let certified = f.trained.add(f.newcomers);
        let next_c = ce.add(certified.sub(f.attrition_certified));
        let next_a = aw.add(d_awareness).clamp(zero, one);
        let spending = [
            ld(&b.staff_month),
            certified.mul(V::splat(costs.seat)),
            supervision,
            ld(&b.awareness_month),
            ld(&b.bases_month),
            ld(&b.grants_paid_month),
            ld(&b.online_month),
        ];
        let mut spent = ld(&b.spent);
        for line in spending {
            spent = spent.add(line);
        }
        let totals = [
            next_n,
            f.inflow,
            f.dropouts,
            r.waitlist,
            next_u,
            next_c,
            next_a.mul(ld(&b.population)),
            n.mul(r.continuation),
            n.mul(satisfaction),
            r.continuation,
            satisfaction,
            n,
            spending[0],
            spending[1],
            spending[2],
            spending[3],
            spending[4],
            spending[5],
            spending[6],
            r.capacity,
            f.newcomers,
            r.referred,
        ];
        for (sum, x) in sums.iter_mut().zip(totals) {
            *sum = V::load(sum).add(x).array();
        }
        let survival = ld(&b.fy_survival).mul(one.sub(r.hazard));
        let new_participants = ld(&b.new_participants).add(f.inflow);
        block.participants = next_n.array();
        block.untrained = next_u.array();
        block.certified = next_c.array();
        block.awareness = next_a.array();
        block.seat_credit = f.seat_credit.array();
        block.spent = spent.array();
        block.fy_survival = survival.array();
        block.new_participants = new_participants.array();
        block.satisfaction = satisfaction.array();
        block.waitlist = r.waitlist.array();
    }
);

lane_fn!(
    /// [`hazard4`] over `xs`, `LANES` at a time (the last block padded).
    #[cfg(test)]
    fn hazards_in_lanes(xs: &[f64]) -> Vec<f64> {
        let t = Tables::get();
        let mut out = Vec::with_capacity(xs.len());
        for chunk in xs.chunks(LANES) {
            let mut x = [0.5; LANES];
            x[..chunk.len()].copy_from_slice(chunk);
            out.extend_from_slice(&hazard4(V::load(&x), &t).array()[..chunk.len()]);
        }
        out
    }
);
