//! A scenario: one request, the policies that govern it, and engine options (design.md §3).

use super::{Context, Policy, Principal};

#[derive(Clone, Debug)]
pub struct Request {
    pub principal: Principal,
    /// As given (`s3:GetObject`); compared case-insensitively.
    pub action: String,
    /// An ARN, or `*` for actions without resource types.
    pub resource: String,
    /// Given, or the ARN's account, or the principal's account.
    pub resource_account: Option<String>,
    pub resource_in_management_account: bool,
    pub context: Context,
}

/// Every policy that takes part. SCP and RCP chains run from the organization root to the account.
#[derive(Clone, Debug, Default)]
pub struct PolicySet {
    pub identity: Vec<Policy>,
    pub permissions_boundary: Option<Policy>,
    pub session: Vec<Policy>,
    pub resource: Option<Policy>,
    pub scp: Option<Vec<Vec<Policy>>>,
    pub rcp: Option<Vec<Vec<Policy>>>,
}

impl PolicySet {
    /// Every policy, in AWS's evaluation order (SCP/RCP levels, resource-based, identity, boundary, session).
    pub fn all(&self) -> impl Iterator<Item = &Policy> {
        self.rcp
            .iter()
            .flatten()
            .flatten()
            .chain(self.scp.iter().flatten().flatten())
            .chain(self.resource.iter())
            .chain(self.identity.iter())
            .chain(self.permissions_boundary.iter())
            .chain(self.session.iter())
    }
}

/// How `NotPrincipal` decides whether the caller is covered (spec/evaluation.md §2.5).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum NotPrincipalMode {
    /// The account and every entity of the chain must be listed (the documented default).
    #[default]
    Strict,
    /// Listing the most specific identity is enough.
    Lenient,
}

#[derive(Clone, Debug)]
pub struct Options {
    /// Fill aws:PrincipalArn, aws:username, ... from the principal (explicit context always wins).
    pub derive_context: bool,
    pub not_principal_mode: NotPrincipalMode,
}

impl Default for Options {
    fn default() -> Options {
        Options { derive_context: true, not_principal_mode: NotPrincipalMode::Strict }
    }
}

#[derive(Clone, Debug)]
pub struct Scenario {
    pub request: Request,
    pub policies: PolicySet,
    pub options: Options,
}
