//! Explain events and their plain-text rendering.
