//! The standard forms as shipped: the first version of each definition, stored at start-up when
//! the store has none.

use super::definition::FormDefinition;

/// Every standard form's shipped definition.
pub fn all() -> Vec<FormDefinition> {
    Vec::new()
}
