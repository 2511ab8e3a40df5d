//! Where the volunteers live: a small table of French cities by metropolitan region, each
//! region weighted by its population, so that the homes spread over France as its people
//! do.
//!
//! Populations: INSEE, 1 January 2023, in tenths of a million (rounded): the
//! *populations de référence 2023* where INSEE's regional notes give them (Île-de-France
//! 12,463,067; Bretagne 3,449,370; Bourgogne-Franche-Comté 2,802,670; Corse 355,486),
//! the other regions from their 2021 legal populations carried forward two years at their
//! recent growth. Rounded to 0.1 million, they are weights, not statistics: to be checked
//! against INSEE's table before anyone quotes them. Coordinates: the city centre, rounded
//! to 0.01° (about a kilometre), which is all a journey of hundreds of kilometres needs.

/// A city where volunteers may live.
pub(crate) struct City {
    /// The place id's tail: `home-<slug>`.
    pub(crate) slug: &'static str,
    /// Its name.
    pub(crate) name: &'static str,
    pub(crate) lat: f64,
    pub(crate) lon: f64,
}

/// A metropolitan region and its cities.
pub(crate) struct Region {
    pub(crate) name: &'static str,
    /// Population on 1 January 2023 in tenths of a million, rounded.
    pub(crate) tenths_of_million: u32,
    /// Its regional capital first, then large cities; a volunteer of the region lives in
    /// one of them, each as likely.
    pub(crate) cities: &'static [City],
}

const fn city(slug: &'static str, name: &'static str, lat: f64, lon: f64) -> City {
    City {
        slug,
        name,
        lat,
        lon,
    }
}

/// The thirteen metropolitan regions, Corsica included, most populous first.
pub(crate) const REGIONS: [Region; 13] = [
    Region {
        name: "Île-de-France",
        tenths_of_million: 125,
        cities: &[
            city("paris", "Paris", 48.86, 2.35),
            city("versailles", "Versailles", 48.80, 2.13),
            city("creteil", "Créteil", 48.79, 2.46),
            city("cergy", "Cergy", 49.04, 2.06),
        ],
    },
    Region {
        name: "Auvergne-Rhône-Alpes",
        tenths_of_million: 82,
        cities: &[
            city("lyon", "Lyon", 45.76, 4.84),
            city("grenoble", "Grenoble", 45.19, 5.72),
            city("saint-etienne", "Saint-Étienne", 45.44, 4.39),
            city("clermont-ferrand", "Clermont-Ferrand", 45.78, 3.08),
        ],
    },
    Region {
        name: "Nouvelle-Aquitaine",
        tenths_of_million: 61,
        cities: &[
            city("bordeaux", "Bordeaux", 44.84, -0.58),
            city("limoges", "Limoges", 45.83, 1.26),
            city("poitiers", "Poitiers", 46.58, 0.34),
            city("pau", "Pau", 43.30, -0.37),
        ],
    },
    Region {
        name: "Occitanie",
        tenths_of_million: 61,
        cities: &[
            city("toulouse", "Toulouse", 43.60, 1.44),
            city("montpellier", "Montpellier", 43.61, 3.88),
            city("nimes", "Nîmes", 43.84, 4.36),
            city("perpignan", "Perpignan", 42.70, 2.90),
        ],
    },
    Region {
        name: "Hauts-de-France",
        tenths_of_million: 60,
        cities: &[
            city("lille", "Lille", 50.63, 3.06),
            city("amiens", "Amiens", 49.89, 2.30),
            city("arras", "Arras", 50.29, 2.78),
        ],
    },
    Region {
        name: "Grand Est",
        tenths_of_million: 56,
        cities: &[
            city("strasbourg", "Strasbourg", 48.57, 7.75),
            city("reims", "Reims", 49.26, 4.03),
            city("metz", "Metz", 49.12, 6.18),
            city("nancy", "Nancy", 48.69, 6.18),
        ],
    },
    Region {
        name: "Provence-Alpes-Côte d'Azur",
        tenths_of_million: 52,
        cities: &[
            city("marseille", "Marseille", 43.30, 5.37),
            city("nice", "Nice", 43.70, 7.27),
            city("toulon", "Toulon", 43.12, 5.93),
            city("avignon", "Avignon", 43.95, 4.81),
        ],
    },
    Region {
        name: "Pays de la Loire",
        tenths_of_million: 39,
        cities: &[
            city("nantes", "Nantes", 47.22, -1.55),
            city("angers", "Angers", 47.47, -0.55),
            city("le-mans", "Le Mans", 48.00, 0.20),
        ],
    },
    Region {
        name: "Bretagne",
        tenths_of_million: 34,
        cities: &[
            city("rennes", "Rennes", 48.11, -1.68),
            city("brest", "Brest", 48.39, -4.49),
        ],
    },
    Region {
        name: "Normandie",
        tenths_of_million: 33,
        cities: &[
            city("rouen", "Rouen", 49.44, 1.10),
            city("caen", "Caen", 49.18, -0.37),
        ],
    },
    Region {
        name: "Bourgogne-Franche-Comté",
        tenths_of_million: 28,
        cities: &[
            city("dijon", "Dijon", 47.32, 5.04),
            city("besancon", "Besançon", 47.24, 6.02),
        ],
    },
    Region {
        name: "Centre-Val de Loire",
        tenths_of_million: 26,
        cities: &[
            city("orleans", "Orléans", 47.90, 1.90),
            city("tours", "Tours", 47.39, 0.69),
        ],
    },
    Region {
        name: "Corse",
        tenths_of_million: 4,
        cities: &[
            city("ajaccio", "Ajaccio", 41.93, 8.74),
            city("bastia", "Bastia", 42.70, 9.45),
        ],
    },
];

/// How many of `n` volunteers live in each region of [`REGIONS`]: proportional to the
/// populations, by the largest-remainder rule (ties to the region listed first), so that
/// each region's share of the volunteers is its share of the people, to one volunteer.
pub(crate) fn apportion(n: usize) -> Vec<usize> {
    let total: u64 = REGIONS.iter().map(|r| u64::from(r.tenths_of_million)).sum();
    let exact: Vec<u64> = REGIONS
        .iter()
        .map(|r| n as u64 * u64::from(r.tenths_of_million))
        .collect();
    let mut counts: Vec<usize> = exact.iter().map(|e| (e / total) as usize).collect();
    let mut order: Vec<usize> = (0..REGIONS.len()).collect();
    order.sort_by(|&a, &b| (exact[b] % total).cmp(&(exact[a] % total)).then(a.cmp(&b)));
    let missing = n - counts.iter().sum::<usize>();
    for &r in order.iter().take(missing) {
        counts[r] += 1;
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_add_up_to_france_and_apportion_exactly() {
        let total: u32 = REGIONS.iter().map(|r| r.tenths_of_million).sum();
        // Metropolitan France, about 66 million on 1 January 2023.
        assert!((655..=665).contains(&total), "{total}");
        let counts = apportion(150);
        assert_eq!(counts.iter().sum::<usize>(), 150);
        assert_eq!(counts[0], 28, "Île-de-France: 150 × 12.5 / 66.1");
        assert_eq!(counts[12], 1, "Corsica");
        let cities: usize = REGIONS.iter().map(|r| r.cities.len()).sum();
        assert!((25..=40).contains(&cities), "{cities}");
        for r in &REGIONS {
            for c in r.cities {
                assert!(c
                    .slug
                    .chars()
                    .all(|ch| ch.is_ascii_lowercase() || ch == '-'));
                assert!((41.0..51.5).contains(&c.lat) && (-5.0..10.0).contains(&c.lon));
            }
        }
    }
}
