//! Evaluation: does a statement apply to a request, then the decision flow across policy types.
