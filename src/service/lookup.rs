//! Lookups over the decoded tables: services, actions and condition keys by name (case-insensitive hash
//! indexes, see `index` and `keys`), action pattern expansion, action descriptions and key types.

use std::cmp::Ordering;

use super::arn::split_colon;
use super::data;
use super::decode::{Action, Data, Service, Tables};
use super::pattern::{Glob, has_wildcard};
use super::suggest::closest;
use super::types::{AccessLevel, ActionInfo, KeyInfo, KeyType, ResourceTypeInfo};

/// ASCII case-insensitive order: the order the refresh script sorted names in. (A plain byte loop: the
/// iterator form cost ~170 instructions per comparison.)
pub(crate) fn cmp_ci(a: &str, b: &str) -> Ordering {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    for (x, y) in a.iter().zip(b) {
        if x != y {
            let (x, y) = (x.to_ascii_lowercase(), y.to_ascii_lowercase());
            if x != y {
                return x.cmp(&y);
            }
        }
    }
    a.len().cmp(&b.len())
}

/// An action found in the data, with its service and that service's tables.
#[derive(Clone, Copy)]
pub(crate) struct Found {
    pub service: &'static Service,
    pub tables: &'static Tables,
    pub action: &'static Action,
}

impl Found {
    /// `s3:GetObject`.
    pub fn full_name(&self) -> String {
        format!("{}:{}", self.service.prefix, self.name())
    }

    pub fn name(&self) -> &'static str {
        self.tables.action_name(self.action)
    }
}

/// A service by its prefix (`s3`), in any letter case.
pub(crate) fn find_service(d: &'static Data, prefix: &str) -> Option<&'static Service> {
    d.find_service(prefix)
}

/// An action named exactly (`s3:GetObject`, any letter case).
pub(crate) fn find_action(d: &'static Data, action: &str) -> Option<Found> {
    let (prefix, name) = split_colon(action)?;
    let service = find_service(d, prefix)?;
    let tables = d.tables(service);
    Some(Found { service, tables, action: tables.find_action(name)? })
}

/// The actions a pattern matches, in data order (service prefix, then name).
pub(crate) fn matching_actions(d: &'static Data, pattern: &str) -> Vec<Found> {
    let mut out = Vec::new();
    let of_service = |service: &'static Service, glob: &Glob, full: bool, out: &mut Vec<Found>| {
        let tables = d.tables(service);
        let mut buf = String::new();
        for action in &tables.actions {
            let name = tables.action_name(action);
            let hit = if full {
                buf.clear();
                buf.push_str(service.prefix);
                buf.push(':');
                buf.push_str(name);
                glob.matches(&buf)
            } else {
                glob.matches(name)
            };
            if hit {
                out.push(Found { service, tables, action });
            }
        }
    };
    match pattern.split_once(':') {
        // The common case, `s3:Get*`: one service to decode and scan, and only its names to match.
        Some((prefix, name)) if !has_wildcard(prefix) => {
            if let Some(service) = find_service(d, prefix) {
                of_service(service, &Glob::action(name), false, &mut out);
            }
        }
        _ => {
            let glob = Glob::action(pattern);
            for service in &d.services {
                of_service(service, &glob, true, &mut out);
            }
        }
    }
    out
}

/// Whether a pattern matches any action: a hash lookup for a plain name, a scan (stopping at the first
/// hit) for a wildcard. The check runs on every simulation, so it avoids building the full list.
pub(crate) fn matches_any(d: &'static Data, pattern: &str) -> bool {
    if !has_wildcard(pattern) {
        return find_action(d, pattern).is_some();
    }
    match pattern.split_once(':') {
        Some((prefix, name)) if !has_wildcard(prefix) => find_service(d, prefix).is_some_and(|service| {
            let (t, glob) = (d.tables(service), Glob::action(name));
            t.actions.iter().any(|a| glob.matches(t.action_name(a)))
        }),
        _ => !matching_actions(d, pattern).is_empty(),
    }
}

/// Every action an Action/NotAction pattern matches, as IAM matches actions (case-insensitive, `*` any
/// run, `?` one character; `*` alone is everything): canonical names (`s3:GetObject`), sorted by service
/// prefix, then by action name case-insensitively (the data's own order, so no sorting is needed). Empty
/// when nothing matches.
pub fn expand_action(pattern: &str) -> Vec<String> {
    matching_actions(data(), pattern).iter().map(Found::full_name).collect()
}

/// Known actions close to a misspelt one (`s3:GetObjects` -> `s3:GetObject`), best first, at most three;
/// for an unknown service prefix, the same action name under close prefixes that have it. Empty when
/// nothing is close, or when the action exists.
pub fn did_you_mean(action: &str) -> Vec<String> {
    let d = data();
    let Some((prefix, name)) = action.split_once(':') else { return Vec::new() };
    if find_action(d, action).is_some() {
        return Vec::new();
    }
    match find_service(d, prefix) {
        Some(service) => {
            let t = d.tables(service);
            closest(name, t.actions.iter().map(|a| t.action_name(a)))
                .into_iter()
                .map(|n| format!("{}:{n}", service.prefix))
                .collect()
        }
        None => closest(prefix, d.services.iter().map(|s| s.prefix))
            .into_iter()
            .filter_map(|p| find_action(d, &format!("{p}:{name}")))
            .map(|f| f.full_name())
            .collect(),
    }
}

/// The action's access level (`s3:GetObject` -> Read), without building a whole description (for
/// `explain`, which names it on every run).
pub fn access_level(action: &str) -> Option<AccessLevel> {
    find_action(data(), action).map(|f| f.action.level)
}

/// True when the action (exact name, any letter case) is in the data.
pub fn action_exists(action: &str) -> bool {
    find_action(data(), action).is_some()
}

pub(crate) fn key_info(d: &'static Data, id: u32) -> Option<KeyInfo> {
    let k = d.keys.get(id as usize)?;
    Some(KeyInfo { name: d.key_name(id), key_type: k.key_type, global: k.global })
}

fn keys_of(d: &'static Data, ids: &[u32]) -> Vec<KeyInfo> {
    ids.iter().filter_map(|&id| key_info(d, id)).collect()
}

/// The action's access level, resource types (ARN format, required flag, the row's condition keys) and
/// action-level condition keys. `None` for an unknown action or a pattern.
pub fn describe_action(action: &str) -> Option<ActionInfo> {
    let d = data();
    let f = find_action(d, action)?;
    let t = f.tables;
    let resource_types = t
        .links_of(f.action)
        .iter()
        .filter_map(|l| {
            let rt = t.resource_types.get(l.resource_type as usize)?;
            Some(ResourceTypeInfo {
                name: rt.name,
                arn_format: t.text(rt.arn),
                required: l.required,
                condition_keys: keys_of(d, t.id_list(&l.keys)),
            })
        })
        .collect();
    Some(ActionInfo {
        name: f.full_name(),
        service: f.service.prefix,
        service_name: f.service.name,
        access_level: f.action.level,
        resource_types,
        condition_keys: keys_of(d, t.action_keys(f.action)),
    })
}

/// Ids of every key the data ties to the action: its own, its resource-type rows', and the keys defined on
/// those resource types. Sorted, unique.
pub(crate) fn action_key_ids(f: &Found) -> Vec<u32> {
    let t = f.tables;
    let mut ids: Vec<u32> = t.action_keys(f.action).to_vec();
    for l in t.links_of(f.action) {
        ids.extend_from_slice(t.id_list(&l.keys));
        ids.extend_from_slice(t.resource_type_keys(l.resource_type));
    }
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// The condition keys that can apply to an action beyond the global ones: the action's own keys, the
/// keys of its resource-type rows and of those resource types. Sorted case-insensitively; empty for an
/// unknown action. Global keys (`aws:SourceIp`, ...) apply to every action and are listed only when the
/// action's table names them (the tag keys do: they depend on the action).
pub fn condition_keys_for_action(action: &str) -> Vec<KeyInfo> {
    let d = data();
    find_action(d, action).map(|f| keys_of(d, &action_key_ids(&f))).unwrap_or_default()
}

/// The key id a context or condition key names: an exact definition, else the most specific key with a
/// variable part that it instantiates (`aws:ResourceTag/Owner` -> `aws:ResourceTag/${TagKey}`).
pub(crate) fn find_key(d: &Data, key: &str) -> Option<u32> {
    let index = d.key_index();
    index.exact(d, key).or_else(|| index.template(d, key))
}

/// The key's definition (documented spelling, type, global flag), matching variable parts.
pub fn condition_key(key: &str) -> Option<KeyInfo> {
    let d = data();
    key_info(d, find_key(d, key)?)
}

/// The type of a condition key (`aws:SourceIp` -> `IPAddress`), case-insensitive, variable parts matched
/// (`aws:PrincipalTag/team` -> `String`). `None` for a key the data does not define.
pub fn condition_key_type(key: &str) -> Option<KeyType> {
    let d = data();
    d.keys.get(find_key(d, key)? as usize).map(|k| k.key_type)
}

/// Every key the data defines, sorted case-insensitively (for autocompletion).
pub fn all_condition_keys() -> Vec<KeyInfo> {
    let d = data();
    (0..d.keys.len()).filter_map(|i| key_info(d, u32::try_from(i).ok()?)).collect()
}

/// Every service prefix, sorted (for autocompletion and "did you mean").
pub fn service_prefixes() -> Vec<&'static str> {
    data().services.iter().map(|s| s.prefix).collect()
}

/// The service's full name (`s3` -> `Amazon S3`).
pub fn service_name(prefix: &str) -> Option<&'static str> {
    find_service(data(), prefix).map(|s| s.name)
}

/// How many services and actions the data holds.
pub fn counts() -> (usize, usize) {
    let d = data();
    (d.services.len(), d.services.iter().map(|s| s.n_actions as usize).sum())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_actions_in_any_case() {
        assert!(action_exists("s3:GetObject"));
        assert!(action_exists("S3:GETOBJECT"));
        assert!(!action_exists("s3:GetObjects"));
        assert!(!action_exists("s3"));
        assert!(!action_exists("nosuchservice:GetObject"));
        assert_eq!(access_level("iam:PutRolePolicy"), Some(AccessLevel::PermissionsManagement));
        assert_eq!(access_level("iam:TagRole"), Some(AccessLevel::Tagging));
        assert_eq!(access_level("s3:ListBucket"), Some(AccessLevel::List));
        assert_eq!(access_level("s3:Get*"), None);
    }

    #[test]
    fn expands_service_and_global_patterns() {
        let get = expand_action("s3:Get*");
        assert!(get.iter().all(|a| a.starts_with("s3:Get")));
        assert!(get.contains(&"s3:GetObject".to_string()));
        assert_eq!(expand_action("S3:GETOBJECT"), vec!["s3:GetObject"]);
        assert_eq!(expand_action("*").len(), counts().1);
        assert!(expand_action("s3:Nothing*").is_empty());
        assert!(expand_action("nosuch:*").is_empty());
        let tag_role = expand_action("*:TagRole");
        assert_eq!(tag_role, vec!["iam:TagRole"]);
    }

    #[test]
    fn describes_get_object() {
        let info = describe_action("s3:getobject").unwrap();
        assert_eq!(info.name, "s3:GetObject");
        assert_eq!(info.service_name, "Amazon S3");
        assert_eq!(info.access_level.as_str(), "Read");
        let object = info.resource_types.iter().find(|r| r.name == "object").unwrap();
        assert_eq!(object.arn_format, "arn:${Partition}:s3:::${BucketName}/${ObjectName}");
        assert!(info.condition_keys.iter().any(|k| k.name == "s3:ExistingObjectTag/<key>"));
        assert!(describe_action("s3:Get*").is_none());
        let text = info.to_string();
        assert!(text.starts_with("s3:GetObject (Amazon S3)\naccess level: Read\nresource types:\n"), "{text}");
        assert!(text.contains("\n  object  arn:${Partition}:s3:::${BucketName}/${ObjectName}\n"), "{text}");
        assert!(text.contains("\n  s3:ExistingObjectTag/<key> (String)\n"), "{text}");
        let pass = describe_action("iam:PassRole").unwrap().to_string();
        assert!(pass.contains("\n  role*  arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}\n"), "{pass}");
        assert!(describe_action("s3:ListAllMyBuckets").unwrap().to_string().contains("resource types: none"));
    }

    #[test]
    fn suggests_near_actions() {
        assert_eq!(did_you_mean("s3:GetObjects"), ["s3:GetObject"]);
        assert_eq!(did_you_mean("S4:GetObject"), ["s3:GetObject"]);
        assert_eq!(did_you_mean("iam:PassRoles"), ["iam:PassRole"]);
        assert!(did_you_mean("s3:GetObject").is_empty());
        assert!(did_you_mean("s3:Xyzzy").is_empty());
        assert!(did_you_mean("nocolon").is_empty());
    }

    #[test]
    fn types_keys_with_variable_parts() {
        assert_eq!(condition_key_type("aws:SourceIp"), Some(KeyType::IpAddress));
        assert_eq!(condition_key_type("AWS:SOURCEIP"), Some(KeyType::IpAddress));
        assert_eq!(condition_key_type("aws:ResourceTag/Owner"), Some(KeyType::String));
        assert_eq!(condition_key_type("aws:PrincipalTag/team"), Some(KeyType::String));
        assert_eq!(condition_key_type("aws:TagKeys"), Some(KeyType::ArrayOfString));
        assert_eq!(condition_key_type("s3:ExistingObjectTag/env"), Some(KeyType::String));
        assert_eq!(condition_key_type("aws:ResourceTag/"), None);
        assert_eq!(condition_key_type("aws:NoSuchKey"), None);
        assert_eq!(condition_key("aws:resourcetag/x").unwrap().name, "aws:ResourceTag/${TagKey}");
    }
}
