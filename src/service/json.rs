//! The service data's records as JSON text, for the WebAssembly API (describe an action, list the
//! services and the condition keys), written by hand with the result's writer (src/api/result_json.rs):
//! with the explain trace (src/trace/json.rs) they were the last users of serde_json's serializer in the
//! .wasm. Byte for byte what `serde_json::to_string` gives for the derived `Serialize`; the tests compare
//! the two on every action and every key of the data.

use crate::api::result_json::Writer;

use super::lookup::{all_condition_keys, describe_action, service_name, service_prefixes};
use super::types::{ActionInfo, KeyInfo, ResourceTypeInfo};

/// [`describe_action`] as JSON: the [`ActionInfo`] object, or `null` for an unknown action.
pub fn describe_action_json(action: &str) -> String {
    let mut w = Writer::new();
    match describe_action(action) {
        Some(info) => w.action_info(&info),
        None => w.raw("null"),
    }
    w.finish()
}

/// Every service as `[{"prefix":"s3","name":"Amazon S3"}, ...]`, sorted by prefix.
pub fn services_json() -> String {
    let mut w = Writer::new();
    w.list(&service_prefixes(), |w, prefix| {
        w.raw("{\"prefix\":");
        w.string(prefix);
        w.raw(",\"name\":");
        w.string(service_name(prefix).unwrap_or(prefix));
        w.raw("}");
    });
    w.finish()
}

/// [`all_condition_keys`] as a JSON list of [`KeyInfo`] objects.
pub fn condition_keys_json() -> String {
    let mut w = Writer::new();
    w.list(&all_condition_keys(), Writer::key_info);
    w.finish()
}

impl Writer {
    fn key_info(&mut self, k: &KeyInfo) {
        self.raw("{\"name\":");
        self.string(k.name);
        self.raw(",\"type\":\"");
        self.raw(k.key_type.as_str());
        self.raw(if k.global { "\",\"global\":true}" } else { "\",\"global\":false}" });
    }

    fn resource_type_info(&mut self, r: &ResourceTypeInfo) {
        self.raw("{\"name\":");
        self.string(r.name);
        self.raw(",\"arnFormat\":");
        self.string(r.arn_format);
        self.raw(if r.required { ",\"required\":true" } else { ",\"required\":false" });
        self.raw(",\"conditionKeys\":");
        self.list(&r.condition_keys, Writer::key_info);
        self.raw("}");
    }

    fn action_info(&mut self, a: &ActionInfo) {
        self.raw("{\"name\":");
        self.string(&a.name);
        self.raw(",\"service\":");
        self.string(a.service);
        self.raw(",\"serviceName\":");
        self.string(a.service_name);
        self.raw(",\"accessLevel\":");
        self.string(a.access_level.as_str());
        self.raw(",\"resourceTypes\":");
        self.list(&a.resource_types, Writer::resource_type_info);
        self.raw(",\"conditionKeys\":");
        self.list(&a.condition_keys, Writer::key_info);
        self.raw("}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::service::expand_action;

    #[test]
    fn every_action_is_described_as_serde_would() {
        let actions = expand_action("*");
        assert!(actions.len() > 20_000);
        for action in &actions {
            let json = describe_action_json(action);
            assert_eq!(json, serde_json::to_string(&describe_action(action)).unwrap(), "{action}");
        }
        assert_eq!(describe_action_json("s3:NoSuchAction"), "null");
        assert_eq!(describe_action_json("s3:Get*"), serde_json::to_string(&describe_action("s3:Get*")).unwrap());
    }

    #[test]
    fn keys_and_services_are_listed_as_serde_would() {
        assert_eq!(condition_keys_json(), serde_json::to_string(&all_condition_keys()).unwrap());
        #[derive(serde::Serialize)]
        struct ServiceEntry {
            prefix: &'static str,
            name: &'static str,
        }
        let services: Vec<ServiceEntry> = service_prefixes()
            .into_iter()
            .map(|prefix| ServiceEntry { prefix, name: service_name(prefix).unwrap_or(prefix) })
            .collect();
        assert_eq!(services_json(), serde_json::to_string(&services).unwrap());
    }
}
