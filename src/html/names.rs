//! The short names the grid shows in its cells (`Foldoux`, or `T. Foldoux` when two
//! practitioners share a surname), derived from the instance's display names.

use std::collections::BTreeMap;

use crate::instance::Instance;

/// Titles a display name may open with, dropped from the short name.
const TITLES: [&str; 9] = [
    "dr", "dr.", "dre", "pr", "pr.", "m.", "mme", "mlle", "docteur",
];

/// One short name per practitioner, in instance order, all different.
///
/// The surname is the last word of the name once a title (`Dr`) is dropped; when two
/// practitioners share it, the initial of the first given name comes first
/// (`T. Foldoux`); when that is still shared, the id follows (`T. Foldoux (d07)`). A
/// name without a surname (or equal to the id) gives the id.
pub(super) fn short_names(instance: &Instance) -> Vec<String> {
    let words: Vec<Vec<&str>> = instance
        .practitioners
        .iter()
        .map(|p| {
            p.name
                .split_whitespace()
                .skip_while(|w| TITLES.contains(&w.to_lowercase().as_str()))
                .collect()
        })
        .collect();
    let surname = |i: usize| -> String {
        match words[i].last() {
            Some(last) if instance.practitioners[i].name != instance.practitioners[i].id.0 => {
                (*last).to_owned()
            }
            _ => instance.practitioners[i].id.0.clone(),
        }
    };
    let initial = |i: usize| -> String {
        let s = surname(i);
        match words[i].first() {
            Some(first) if words[i].len() > 1 => first
                .chars()
                .next()
                .map_or(s.clone(), |c| format!("{c}. {s}")),
            _ => s,
        }
    };
    let mut names: Vec<String> = (0..words.len()).map(surname).collect();
    for step in 0..2 {
        let mut count: BTreeMap<String, usize> = BTreeMap::new();
        for n in &names {
            *count.entry(n.clone()).or_default() += 1;
        }
        for (i, name) in names.iter_mut().enumerate() {
            if count[name.as_str()] > 1 {
                *name = match step {
                    0 => initial(i),
                    _ => format!("{} ({})", initial(i), instance.practitioners[i].id),
                };
            }
        }
    }
    names
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // STYLE.md §4: unwrap is fine in tests.
mod tests {
    use super::*;

    fn instance(names: &[(&str, &str)]) -> Instance {
        let mut toml = String::from(
            "name = \"n\"\nhorizon = { first = 2027-01-04, last = 2027-01-04 }\n\
             [[periods]]\nid = \"nuit\"\nstart = \"20:00\"\nend = \"08:00\"\n\
             [[posts]]\nid = \"a\"\nperiods = [\"nuit\"]\n",
        );
        for (id, name) in names {
            toml.push_str(&format!(
                "[[practitioners]]\nid = \"{id}\"\nname = \"{name}\"\nposts = [\"a\"]\n"
            ));
        }
        crate::instance::parse("n.toml", &toml).unwrap()
    }

    #[test]
    fn surnames_then_initials_then_ids_tell_practitioners_apart() {
        let i = instance(&[
            ("d01", "Dr Thomas Foldoux"),
            ("d02", "Dr Julien Foldoux"),
            ("d03", "Dre Anne Vernières"),
            ("d04", "Dr Jean Martin"),
            ("d05", "Dr Jacques Martin"),
            ("d06", "d06"),
            ("d07", "Pr Émilie Balac"),
        ]);
        assert_eq!(
            short_names(&i),
            [
                "T. Foldoux",
                "J. Foldoux",
                "Vernières",
                "J. Martin (d04)",
                "J. Martin (d05)",
                "d06",
                "Balac"
            ]
        );
    }
}
