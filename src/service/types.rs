//! The public vocabulary of the service data: access levels, condition key types, and the records that
//! lookups return (serialized camelCase for the JSON API and the CLI).

use std::fmt;

use serde::Serialize;

/// An action's access level, as the Service Authorization Reference names it. Where the source lists two
/// ("Tagging, Write"), the first, more specific one is kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum AccessLevel {
    List,
    Read,
    Write,
    Tagging,
    #[serde(rename = "Permissions management")]
    PermissionsManagement,
}

impl AccessLevel {
    /// Codes are positions in `ACCESS_LEVELS` of the refresh script.
    pub(crate) fn from_code(code: u8) -> Option<AccessLevel> {
        [
            AccessLevel::List,
            AccessLevel::Read,
            AccessLevel::Write,
            AccessLevel::Tagging,
            AccessLevel::PermissionsManagement,
        ]
        .get(usize::from(code))
        .copied()
    }

    pub fn as_str(self) -> &'static str {
        match self {
            AccessLevel::List => "List",
            AccessLevel::Read => "Read",
            AccessLevel::Write => "Write",
            AccessLevel::Tagging => "Tagging",
            AccessLevel::PermissionsManagement => "Permissions management",
        }
    }
}

/// A condition key's type, spelled as in the Service Authorization Reference (`ArrayOf...` = multivalued).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum KeyType {
    String,
    ArrayOfString,
    #[serde(rename = "ARN")]
    Arn,
    #[serde(rename = "ArrayOfARN")]
    ArrayOfArn,
    Bool,
    ArrayOfBool,
    Numeric,
    ArrayOfNumeric,
    Date,
    ArrayOfDate,
    #[serde(rename = "IPAddress")]
    IpAddress,
    #[serde(rename = "ArrayOfIPAddress")]
    ArrayOfIpAddress,
    Binary,
    ArrayOfBinary,
}

const KEY_TYPES: [KeyType; 14] = [
    KeyType::String,
    KeyType::ArrayOfString,
    KeyType::Arn,
    KeyType::ArrayOfArn,
    KeyType::Bool,
    KeyType::ArrayOfBool,
    KeyType::Numeric,
    KeyType::ArrayOfNumeric,
    KeyType::Date,
    KeyType::ArrayOfDate,
    KeyType::IpAddress,
    KeyType::ArrayOfIpAddress,
    KeyType::Binary,
    KeyType::ArrayOfBinary,
];

impl KeyType {
    /// Codes are positions in `KEY_TYPES` of the refresh script (the same order as here).
    pub(crate) fn from_code(code: u8) -> Option<KeyType> {
        KEY_TYPES.get(usize::from(code)).copied()
    }

    /// True for the `ArrayOf...` types: the request may carry several values.
    pub fn is_multivalued(self) -> bool {
        !matches!(
            self,
            KeyType::String
                | KeyType::Arn
                | KeyType::Bool
                | KeyType::Numeric
                | KeyType::Date
                | KeyType::IpAddress
                | KeyType::Binary
        )
    }

    /// The type of one element: `ArrayOfString` -> `String`.
    pub fn element(self) -> KeyType {
        match self {
            KeyType::ArrayOfString => KeyType::String,
            KeyType::ArrayOfArn => KeyType::Arn,
            KeyType::ArrayOfBool => KeyType::Bool,
            KeyType::ArrayOfNumeric => KeyType::Numeric,
            KeyType::ArrayOfDate => KeyType::Date,
            KeyType::ArrayOfIpAddress => KeyType::IpAddress,
            KeyType::ArrayOfBinary => KeyType::Binary,
            scalar => scalar,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            KeyType::String => "String",
            KeyType::ArrayOfString => "ArrayOfString",
            KeyType::Arn => "ARN",
            KeyType::ArrayOfArn => "ArrayOfARN",
            KeyType::Bool => "Bool",
            KeyType::ArrayOfBool => "ArrayOfBool",
            KeyType::Numeric => "Numeric",
            KeyType::ArrayOfNumeric => "ArrayOfNumeric",
            KeyType::Date => "Date",
            KeyType::ArrayOfDate => "ArrayOfDate",
            KeyType::IpAddress => "IPAddress",
            KeyType::ArrayOfIpAddress => "ArrayOfIPAddress",
            KeyType::Binary => "Binary",
            KeyType::ArrayOfBinary => "ArrayOfBinary",
        }
    }
}

/// A condition key as the data defines it (`name` in its documented spelling, variable parts included:
/// `aws:ResourceTag/${TagKey}`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct KeyInfo {
    pub name: &'static str,
    #[serde(rename = "type")]
    pub key_type: KeyType,
    /// A global key (`aws:SourceIp`, ...): available to every action, whatever the action's table says.
    pub global: bool,
}

/// One row of an action's resource-type table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ResourceTypeInfo {
    pub name: &'static str,
    /// `arn:${Partition}:s3:::${BucketName}/${ObjectName}`.
    pub arn_format: &'static str,
    /// The action needs a resource of this type (the reference marks it with `*`).
    pub required: bool,
    /// Keys the action's table lists on this row.
    pub condition_keys: Vec<KeyInfo>,
}

/// What [`super::describe_action`] returns.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ActionInfo {
    /// Canonical spelling: `s3:GetObject`.
    pub name: String,
    pub service: &'static str,
    /// `Amazon S3`.
    pub service_name: &'static str,
    pub access_level: AccessLevel,
    /// Empty when the action supports only `Resource: "*"`.
    pub resource_types: Vec<ResourceTypeInfo>,
    /// Keys the action's table lists for the action itself (not per resource type).
    pub condition_keys: Vec<KeyInfo>,
}

/// The resource type whose ARN format a request ARN matches.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ResourceTypeMatch {
    pub name: &'static str,
    pub arn_format: &'static str,
    pub required: bool,
}

/// The text form for terminals (`iamsim describe`): a required resource type is marked `*`, as in the
/// Service Authorization Reference.
impl fmt::Display for ActionInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let keys =
            |keys: &[KeyInfo]| keys.iter().map(|k| format!("{} ({})", k.name, k.key_type.as_str())).collect::<Vec<_>>();
        writeln!(f, "{} ({})", self.name, self.service_name)?;
        writeln!(f, "access level: {}", self.access_level.as_str())?;
        if self.resource_types.is_empty() {
            writeln!(f, "resource types: none (Resource \"*\" only)")?;
        } else {
            writeln!(f, "resource types:")?;
            for rt in &self.resource_types {
                writeln!(f, "  {}{}  {}", rt.name, if rt.required { "*" } else { "" }, rt.arn_format)?;
                for k in keys(&rt.condition_keys) {
                    writeln!(f, "    {k}")?;
                }
            }
        }
        if !self.condition_keys.is_empty() {
            writeln!(f, "condition keys:")?;
            for k in keys(&self.condition_keys) {
                writeln!(f, "  {k}")?;
            }
        }
        Ok(())
    }
}
