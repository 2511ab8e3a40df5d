//! Invented identities for the generated practitioners.

/// First names, drawn without replacement (the Lozère generator draws from this list in
/// this order: changing it changes the Lozère practitioners).
pub(crate) const FIRST_NAMES: &str = "\
Agnès Alain Amélie Antoine Aurélie Bastien Béatrice Benoît Camille Cécile \
Christophe Claire Damien Delphine Denis Élodie Émilie Étienne Fabienne Florence \
François Gaëlle Guillaume Hélène Isabelle Jacques Jeanne Julien Laure Laurent \
Lucie Marc Margaux Mathieu Nathalie Nicolas Olivier Pascale Philippe Pierre \
Raphaël Sandrine Sébastien Sophie Stéphane Sylvie Thierry Thomas Valérie \
Vincent Yannick Zoé";

/// More first names, for territories with more practitioners than [`FIRST_NAMES`].
pub(crate) const MORE_FIRST_NAMES: &str = "\
Adrien Anaïs Arnaud Brigitte Caroline Chloé Clément Corinne Dominique Estelle \
Fanny Frédéric Grégoire Hugo Inès Jérôme Karine Léa Louis Manon Maxime Mireille \
Noémie Pauline Quentin Romain Solène Victor";
