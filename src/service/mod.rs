//! Embedded AWS service authorization data (generated, never hand-edited).
