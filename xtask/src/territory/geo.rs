//! Distances, the travel-time estimate of the `[coverage]` section, the nearest-seat
//! sectors and the D'Hondt apportionment shared by the generators.

use super::data::{Commune, EmergencyBase};

/// Great-circle distance in kilometres (haversine, mean Earth radius 6371.0088 km), the
/// distance gardes uses for its travel estimate.
pub(crate) fn distance_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (lat1, lon1) = (a.0.to_radians(), a.1.to_radians());
    let (lat2, lon2) = (b.0.to_radians(), b.1.to_radians());
    let h = ((lat2 - lat1) / 2.0).sin().powi(2)
        + lat1.cos() * lat2.cos() * ((lon2 - lon1) / 2.0).sin().powi(2);
    2.0 * 6371.0088 * h.sqrt().asin()
}

/// The `[coverage]` section: the threshold and the travel-time estimate.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Coverage {
    /// A place is covered when help is within this many minutes.
    pub(crate) threshold_minutes: u32,
    /// Average road speed of an emergency car.
    pub(crate) road_speed_kmh: f64,
    /// Road kilometres per great-circle kilometre.
    pub(crate) detour_factor: f64,
    /// Added to every travel time.
    pub(crate) dispatch_minutes: f64,
}

impl Coverage {
    /// Estimated minutes from `a` to `b`, the formula of the instance format.
    pub(crate) fn minutes(&self, a: (f64, f64), b: (f64, f64)) -> f64 {
        self.dispatch_minutes + distance_km(a, b) * self.detour_factor / self.road_speed_kmh * 60.0
    }

    /// Whether `b` is within the threshold of `a`.
    pub(crate) fn reaches(&self, a: (f64, f64), b: (f64, f64)) -> bool {
        self.minutes(a, b) <= f64::from(self.threshold_minutes)
    }

    /// The straight-line speed this amounts to, in km/h.
    pub(crate) fn crow_flies_kmh(&self) -> f64 {
        self.road_speed_kmh / self.detour_factor
    }

    /// Minutes from the nearest base to `point` (infinite without a base).
    pub(crate) fn minutes_from_nearest(&self, bases: &[EmergencyBase], point: (f64, f64)) -> f64 {
        bases
            .iter()
            .map(|b| self.minutes(b.point(), point))
            .fold(f64::INFINITY, f64::min)
    }

    /// Places and inhabitants within the threshold of at least one of `bases`.
    pub(crate) fn reached(&self, bases: &[EmergencyBase], communes: &[Commune]) -> (usize, u32) {
        communes
            .iter()
            .filter(|c| bases.iter().any(|b| self.reaches(b.point(), c.point())))
            .fold((0, 0), |(n, pop), c| (n + 1, pop + c.population))
    }
}

/// For every commune, the index of the nearest seat and the distance to it in km (ties:
/// the seat listed first).
pub(crate) fn nearest_seats(communes: &[Commune], seats: &[(f64, f64)]) -> Vec<(usize, f64)> {
    communes
        .iter()
        .map(|c| {
            seats
                .iter()
                .enumerate()
                .map(|(i, s)| (i, distance_km(c.point(), *s)))
                .fold(
                    (0, f64::INFINITY),
                    |acc, (i, d)| if d < acc.1 { (i, d) } else { acc },
                )
        })
        .collect()
}

/// Index of the point nearest to `points[i]` among the others (ties: the first).
pub(crate) fn nearest_other(points: &[(f64, f64)], i: usize) -> usize {
    (0..points.len())
        .filter(|&j| j != i)
        .map(|j| (j, distance_km(points[i], points[j])))
        .fold((usize::MAX, f64::INFINITY), |acc, (j, d)| {
            if d < acc.1 {
                (j, d)
            } else {
                acc
            }
        })
        .0
}

/// Seats by the D'Hondt rule: start from `minimums`, then give the next seat to the
/// largest population / (seats + 1), compared exactly, ties to the first, until `total`.
pub(crate) fn dhondt(populations: &[u32], minimums: &[usize], total: usize) -> Vec<usize> {
    let mut counts = minimums.to_vec();
    while counts.iter().sum::<usize>() < total && !counts.is_empty() {
        let quotient_above = |a: usize, b: usize| {
            u64::from(populations[a]) * (counts[b] as u64 + 1)
                > u64::from(populations[b]) * (counts[a] as u64 + 1)
        };
        let best = (0..counts.len())
            .reduce(|a, b| if quotient_above(b, a) { b } else { a })
            .unwrap_or(0);
        counts[best] += 1;
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn great_circle_distance_matches_the_data_readme() {
        // README of the data: Mende → Meyrueis 37.9 km crow-flies.
        let km = distance_km((44.51782, 3.50117), (44.18050, 3.42928));
        assert!((km - 37.9).abs() < 0.05, "{km}");
    }

    #[test]
    fn travel_minutes_follow_the_format_formula() {
        let lozere = Coverage {
            threshold_minutes: 30,
            road_speed_kmh: 56.0,
            detour_factor: 1.4,
            dispatch_minutes: 0.0,
        };
        // 40 km/h straight-line equivalent: 37.9 km in about 57 minutes.
        assert!((lozere.crow_flies_kmh() - 40.0).abs() < 1e-9);
        let m = lozere.minutes((44.51782, 3.50117), (44.18050, 3.42928));
        assert!((m - 56.9).abs() < 0.1, "{m}");
        assert!(!lozere.reaches((44.51782, 3.50117), (44.18050, 3.42928)));
        let with_dispatch = Coverage {
            dispatch_minutes: 5.0,
            ..lozere
        };
        assert!((with_dispatch.minutes((44.0, 3.0), (44.0, 3.0)) - 5.0).abs() < 1e-12);
    }

    #[test]
    fn dhondt_starts_from_the_minimums() {
        assert_eq!(dhondt(&[100, 60, 10], &[1, 1, 1], 6), vec![3, 2, 1]);
        // A tie goes to the first.
        assert_eq!(dhondt(&[100, 50, 10], &[1, 1, 1], 6), vec![4, 1, 1]);
        assert_eq!(dhondt(&[100, 100], &[0, 0], 3), vec![2, 1]);
        assert_eq!(dhondt(&[], &[], 3), Vec::<usize>::new());
    }

    #[test]
    fn nearest_seats_and_neighbours() {
        let seats = [(44.0, 3.0), (44.5, 3.0), (44.1, 3.0)];
        assert_eq!(nearest_other(&seats, 0), 2);
        assert_eq!(nearest_other(&seats, 1), 2);
    }
}
