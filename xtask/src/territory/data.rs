//! The open data the generators read: `communes.csv` of a territory and
//! `emergency-bases.csv` (`../shared/data/README.md`). Parsed by hand so that this crate
//! keeps no dependency: UTF-8, comma-separated, a header line, columns found by name,
//! fields optionally quoted with `"` (a `""` inside a quoted field is one quote); a field
//! spanning two lines is refused rather than misread.

/// One row of `communes.csv`: the columns the generators use.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Commune {
    /// INSEE code (COG 2026), the place id in the instances.
    pub(crate) insee: String,
    /// Official name.
    pub(crate) name: String,
    /// INSEE population municipale 2023.
    pub(crate) population: u32,
    /// Town-hall point (or the fallback the data README describes), WGS84 degrees.
    pub(crate) lat: f64,
    /// See `lat`.
    pub(crate) lon: f64,
    /// Short name of the intercommunalité.
    pub(crate) epci_name: String,
}

impl Commune {
    /// (lat, lon), for distances.
    pub(crate) fn point(&self) -> (f64, f64) {
        (self.lat, self.lon)
    }
}

/// One row of `emergency-bases.csv`.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct EmergencyBase {
    /// Stable id (`smur-48-mende`).
    pub(crate) id: String,
    /// Name, as the data file gives it.
    pub(crate) name: String,
    /// `smur`, `smur-antenna`, `heli-seasonal`, `hospital-site`, `local-hospital`,
    /// `emergency-dept`, `care-centre-24h`.
    pub(crate) kind: String,
    /// INSEE code of the commune of the unit.
    pub(crate) insee: String,
    /// Town-hall point of the commune of the unit, WGS84 degrees.
    pub(crate) lat: f64,
    /// See `lat`.
    pub(crate) lon: f64,
}

impl EmergencyBase {
    /// (lat, lon), for distances.
    pub(crate) fn point(&self) -> (f64, f64) {
        (self.lat, self.lon)
    }
}

/// The kind of row an instance takes as an emergency base: a SMUR base, whose teams leave
/// at any hour all year. Antennas of uncertain opening, seasonal helicopters, hospital
/// sites and emergency departments are left out by this rule.
pub(crate) const SMUR_KIND: &str = "smur";

/// Splits the bases into those whose kind is exactly [`SMUR_KIND`] and the others, each
/// in file order.
pub(crate) fn split_smur(bases: &[EmergencyBase]) -> (Vec<EmergencyBase>, Vec<EmergencyBase>) {
    bases.iter().cloned().partition(|b| b.kind == SMUR_KIND)
}

/// Parses `communes.csv`, sorted by INSEE code.
pub(crate) fn parse_communes(text: &str) -> Result<Vec<Commune>, String> {
    let table = Table::parse("communes.csv", text)?;
    let (insee, name, population) = (
        table.column("insee")?,
        table.column("name")?,
        table.column("population")?,
    );
    let (lat, lon, epci_name) = (
        table.column("lat")?,
        table.column("lon")?,
        table.column("epci_name")?,
    );
    let mut communes = Vec::new();
    for row in &table.rows {
        communes.push(Commune {
            insee: row.text(insee),
            name: row.text(name),
            population: row.number(population, "population")?,
            lat: row.number(lat, "lat")?,
            lon: row.number(lon, "lon")?,
            epci_name: row.text(epci_name),
        });
    }
    communes.sort_by(|a, b| a.insee.cmp(&b.insee));
    Ok(communes)
}

/// The canton of every commune of `communes.csv`, by INSEE code: (canton code, canton
/// name). Kept apart from [`Commune`] since only `gen-network` spreads its villages by
/// canton.
pub(crate) fn parse_cantons(
    text: &str,
) -> Result<std::collections::BTreeMap<String, (String, String)>, String> {
    let table = Table::parse("communes.csv", text)?;
    let (insee, canton, canton_name) = (
        table.column("insee")?,
        table.column("canton")?,
        table.column("canton_name")?,
    );
    Ok(table
        .rows
        .iter()
        .map(|row| (row.text(insee), (row.text(canton), row.text(canton_name))))
        .collect())
}

/// Parses `emergency-bases.csv`, in file order.
pub(crate) fn parse_bases(text: &str) -> Result<Vec<EmergencyBase>, String> {
    let table = Table::parse("emergency-bases.csv", text)?;
    let (id, name, kind) = (
        table.column("id")?,
        table.column("name")?,
        table.column("kind")?,
    );
    let (insee, lat, lon) = (
        table.column("insee")?,
        table.column("lat")?,
        table.column("lon")?,
    );
    let mut bases = Vec::new();
    for row in &table.rows {
        bases.push(EmergencyBase {
            id: row.text(id),
            name: row.text(name),
            kind: row.text(kind),
            insee: row.text(insee),
            lat: row.number(lat, "lat")?,
            lon: row.number(lon, "lon")?,
        });
    }
    Ok(bases)
}

/// A CSV file: its header and its non-empty rows.
struct Table {
    file: &'static str,
    header: Vec<String>,
    rows: Vec<Row>,
}

/// One data line, with its line number for messages.
struct Row {
    file: &'static str,
    line_no: usize,
    fields: Vec<String>,
}

impl Table {
    fn parse(file: &'static str, text: &str) -> Result<Table, String> {
        let mut lines = text.lines().enumerate();
        let (_, first) = lines.next().ok_or(format!("{file} is empty"))?;
        let header = split_line(file, 1, first)?;
        let mut rows = Vec::new();
        for (i, line) in lines {
            let line_no = i + 1;
            if line.trim().is_empty() {
                continue;
            }
            let fields = split_line(file, line_no, line)?;
            if fields.len() != header.len() {
                return Err(format!(
                    "{file} line {line_no}: {} fields, expected {}",
                    fields.len(),
                    header.len()
                ));
            }
            rows.push(Row {
                file,
                line_no,
                fields,
            });
        }
        Ok(Table { file, header, rows })
    }

    fn column(&self, name: &str) -> Result<usize, String> {
        self.header
            .iter()
            .position(|h| h == name)
            .ok_or_else(|| format!("{}: no column `{name}` in the header", self.file))
    }
}

impl Row {
    fn text(&self, col: usize) -> String {
        self.fields[col].clone()
    }

    fn number<T: std::str::FromStr>(&self, col: usize, what: &str) -> Result<T, String>
    where
        T::Err: std::fmt::Display,
    {
        let field = &self.fields[col];
        field
            .parse()
            .map_err(|e| format!("{} line {}: {what} `{field}`: {e}", self.file, self.line_no))
    }
}

/// The fields of one line: plain fields as they are, quoted fields without their quotes.
fn split_line(file: &str, line_no: usize, line: &str) -> Result<Vec<String>, String> {
    let mut fields = Vec::new();
    let mut chars = line.chars().peekable();
    loop {
        let mut field = String::new();
        if chars.peek() == Some(&'"') {
            chars.next();
            loop {
                match chars.next() {
                    Some('"') if chars.peek() == Some(&'"') => {
                        chars.next();
                        field.push('"');
                    }
                    Some('"') => break,
                    Some(c) => field.push(c),
                    None => {
                        return Err(format!(
                            "{file} line {line_no}: quoted field not closed on its line \
                             (fields over several lines are not supported)"
                        ))
                    }
                }
            }
            match chars.next() {
                None => {
                    fields.push(field);
                    return Ok(fields);
                }
                Some(',') => fields.push(field),
                Some(c) => {
                    return Err(format!(
                        "{file} line {line_no}: `{c}` after a closing quote, expected a comma"
                    ))
                }
            }
        } else {
            loop {
                match chars.next() {
                    None => {
                        fields.push(field);
                        return Ok(fields);
                    }
                    Some(',') => break,
                    Some('"') => {
                        return Err(format!(
                            "{file} line {line_no}: a quote inside an unquoted field"
                        ))
                    }
                    Some(c) => field.push(c),
                }
            }
            fields.push(field);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn communes_are_read_by_column_name() {
        let text = "insee,name,population,lat,lon,epci,epci_name\n\
                    48095,Mende,12464,44.51782,3.50117,1,CC Coeur de Lozère\n\n";
        let communes = parse_communes(text).expect("valid file");
        assert_eq!(
            communes,
            vec![Commune {
                insee: "48095".into(),
                name: "Mende".into(),
                population: 12464,
                lat: 44.51782,
                lon: 3.50117,
                epci_name: "CC Coeur de Lozère".into(),
            }]
        );
        let short = "insee,name,population,lat,lon,epci,epci_name\n48095,Mende\n";
        assert!(parse_communes(short).unwrap_err().contains("2 fields"));
        let bad = "insee,name,population,lat,lon,epci,epci_name\n48095,Mende,many,1,2,3,4\n";
        assert!(parse_communes(bad)
            .unwrap_err()
            .contains("line 2: population"));
        assert!(parse_communes("insee,name\n")
            .unwrap_err()
            .contains("population"));
    }

    #[test]
    fn quoted_fields_keep_their_commas_and_quotes() {
        let text = "id,name,kind,insee,lat,lon,note\n\
                    smur-x,\"SMUR, site \"\"A\"\"\",smur,48095,44.5,3.5,\"SURE, per press\"\n\
                    h-y,Hôpital,hospital-site,48092,44.6,3.3,NOT A BASE\n";
        let bases = parse_bases(text).expect("valid file");
        assert_eq!(bases[0].name, "SMUR, site \"A\"");
        assert_eq!(bases[1].kind, "hospital-site");
        let open = "id,name,kind,insee,lat,lon,note\nx,\"open,smur,1,2,3,n\n";
        assert!(parse_bases(open).unwrap_err().contains("not closed"));
        let stray = "id,name,kind,insee,lat,lon,note\nx,a\"b,smur,1,2,3,n\n";
        assert!(parse_bases(stray).unwrap_err().contains("quote inside"));
    }

    #[test]
    fn only_rows_of_kind_smur_are_bases() {
        let text = "id,name,kind,insee,lat,lon,note\n\
                    a,A,smur,1,44.0,3.0,x\n\
                    b,B,smur-antenna,2,44.0,3.0,x\n\
                    c,C,heli-seasonal,3,44.0,3.0,x\n\
                    d,D,SMUR,4,44.0,3.0,x\n\
                    e,E,smur,5,43.0,3.0,x\n";
        let (used, excluded) = split_smur(&parse_bases(text).expect("valid file"));
        let ids = |v: &[EmergencyBase]| v.iter().map(|b| b.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(&used), ["a", "e"]);
        assert_eq!(ids(&excluded), ["b", "c", "d"]);
    }

    /// The real files: Lozère and Cœur d'Hérault have the announced communes, and the
    /// shared list has four SMUR bases. Skipped when ../shared is not beside the project.
    #[test]
    fn the_shared_data_files_parse() {
        let root = crate::project_root().join("../shared/data");
        let read = |p: &str| std::fs::read_to_string(root.join(p)).ok();
        let (Some(lozere), Some(herault), Some(bases)) = (
            read("lozere/communes.csv"),
            read("coeur-herault/communes.csv"),
            read("emergency-bases.csv"),
        ) else {
            return;
        };
        assert_eq!(parse_communes(&lozere).map(|c| c.len()), Ok(152));
        assert_eq!(parse_communes(&herault).map(|c| c.len()), Ok(77));
        let (used, _) = split_smur(&parse_bases(&bases).expect("valid file"));
        assert!(used.iter().any(|b| b.id == "smur-48-mende"));
        assert!(used.iter().all(|b| b.kind == "smur"));
    }
}
