//! What the generated practitioners ask for: days or duties they cannot do
//! (`unavailable`) and weighted wishes, with the dates they block and their TOML text.

use std::collections::BTreeSet;

use super::calendar::Date;
use super::rng::SplitMix64;

/// Something a practitioner cannot do or would like: whole days, or one duty given by
/// its post index, its period (`P`, as each generator names periods) and its date.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Target<P> {
    Days(Date, Date),
    Duty(usize, P, Date),
}

impl<P> Target<P> {
    /// The first date concerned.
    pub(crate) fn first(&self) -> Date {
        match self {
            Target::Days(from, _) | Target::Duty(_, _, from) => *from,
        }
    }

    /// Every date concerned.
    pub(crate) fn dates(&self) -> impl Iterator<Item = Date> {
        let (from, to) = match self {
            Target::Days(from, to) => (*from, *to),
            Target::Duty(_, _, d) => (*d, *d),
        };
        from.through(to)
    }

    /// The inline TOML table; `names` gives the post and period ids of a duty.
    pub(crate) fn toml<'a>(&self, names: impl Fn(usize, &P) -> (&'a str, &'a str)) -> String {
        match self {
            Target::Days(from, to) if from == to => format!("{{ date = {from} }}"),
            Target::Days(from, to) => format!("{{ from = {from}, to = {to} }}"),
            Target::Duty(post, period, d) => {
                let (post, period) = names(*post, period);
                format!("{{ post = \"{post}\", period = \"{period}\", date = {d} }}")
            }
        }
    }
}

/// A weighted wish: a target wanted (`on`) or not (`off`).
pub(crate) struct Wish<P> {
    pub(crate) on: bool,
    pub(crate) target: Target<P>,
    pub(crate) weight: u32,
}

/// The `unavailable` and `wishes` lines of a practitioner, each unavailability commented
/// with its reason; nothing for an empty list. `names` as in [`Target::toml`].
pub(crate) fn requests_toml<'a, P>(
    w: &mut String,
    unavailable: &[(Target<P>, &str)],
    wishes: &[Wish<P>],
    names: impl Fn(usize, &P) -> (&'a str, &'a str),
) {
    if !unavailable.is_empty() {
        *w += "unavailable = [\n";
        for (target, why) in unavailable {
            *w += &format!("  {},   # {why}\n", target.toml(&names));
        }
        *w += "]\n";
    }
    if !wishes.is_empty() {
        *w += "wishes = [\n";
        for wish in wishes {
            let kind = if wish.on { "on" } else { "off" };
            let target = wish.target.toml(&names);
            *w += &format!("  {{ {kind} = {target}, weight = {} }},\n", wish.weight);
        }
        *w += "]\n";
    }
}

/// A generated practitioner with their unavailability and wishes (implemented with
/// [`impl_requester`]).
pub(crate) trait Requester<P> {
    fn unavailable(&self) -> &[(Target<P>, &'static str)];
    fn wishes(&self) -> &[Wish<P>];
    fn wishes_mut(&mut self) -> &mut Vec<Wish<P>>;

    /// The dates the unavailability and wishes already touch, where no other one is
    /// drawn.
    fn blocked(&self) -> BTreeSet<Date> {
        self.unavailable()
            .iter()
            .map(|(t, _)| t)
            .chain(self.wishes().iter().map(|w| &w.target))
            .flat_map(Target::dates)
            .collect()
    }
}

/// `impl_requester!(Type, Period)`: [`Requester`] for a type with the fields
/// `unavailable: Vec<(Target<Period>, &'static str)>` and `wishes: Vec<Wish<Period>>`.
macro_rules! impl_requester {
    ($t:ty, $p:ty) => {
        impl $crate::territory::requests::Requester<$p> for $t {
            fn unavailable(&self) -> &[($crate::territory::requests::Target<$p>, &'static str)] {
                &self.unavailable
            }

            fn wishes(&self) -> &[$crate::territory::requests::Wish<$p>] {
                &self.wishes
            }

            fn wishes_mut(&mut self) -> &mut Vec<$crate::territory::requests::Wish<$p>> {
                &mut self.wishes
            }
        }
    };
}
pub(crate) use impl_requester;

/// Draws `count` weighted wishes (weight 1 to 3) over `first..=last`, in at most
/// `20 × count` tries: a day off (four in ten), two days off (two in ten), a duty wanted
/// on (three in ten, where `duty` finds one for the practitioner on that date) or a day
/// wanted on; at most `per_person` each, never on a date the practitioner's
/// unavailability or wishes already touch. Each practitioner's wishes end sorted by date.
pub(crate) fn draw_wishes<P: Ord, T: Requester<P>>(
    people: &mut [T],
    (first, last): (Date, Date),
    count: usize,
    per_person: usize,
    rng: &mut SplitMix64,
    mut duty: impl FnMut(&T, Date, &mut SplitMix64) -> Option<(usize, P)>,
) {
    let days = (last.0 - first.0 + 1) as usize;
    let mut made = 0;
    for _ in 0..20 * count {
        if made == count {
            break;
        }
        let p = rng.below(people.len());
        let date = first.plus(rng.below(days) as i64);
        let kind = rng.below(10);
        let weight = 1 + rng.below(3) as u32;
        let person = &people[p];
        if person.wishes().len() >= per_person {
            continue;
        }
        let (on, target) = match kind {
            0..=3 => (false, Target::Days(date, date)),
            4..=5 => (false, Target::Days(date, date.plus(1).min(last))),
            6..=8 => match duty(person, date, rng) {
                Some((post, period)) => (true, Target::Duty(post, period, date)),
                None => continue,
            },
            _ => (true, Target::Days(date, date)),
        };
        let blocked = person.blocked();
        if target.dates().any(|d| blocked.contains(&d)) {
            continue;
        }
        people[p].wishes_mut().push(Wish { on, target, weight });
        made += 1;
    }
    for p in people.iter_mut() {
        p.wishes_mut().sort_by(|a, b| {
            a.target
                .first()
                .cmp(&b.target.first())
                .then(a.target.cmp(&b.target))
        });
    }
}
