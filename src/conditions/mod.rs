//! Condition operators: one file per operator family, plus the IfExists / ForAnyValue / ForAllValues / Null
//! rules of spec/conditions.md.
