//! Pure matching functions: wildcard globs, action and resource patterns, ARN segments, policy variables.
