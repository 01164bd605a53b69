//! `Action` / `NotAction` matching (evaluation spec §4.1): a case-insensitive, anchored glob over the whole
//! `service:ActionName` string. `*` may appear anywhere (`iam:*AccessKey*`) and may cross the colon;
//! the request action is a literal. Policy variables are not recognised in actions.

use super::wildcard::glob_match_ignore_ascii_case;

/// Does an Action-element pattern match the request action (`s3:GetObject`)?
pub fn action_matches(pattern: &str, action: &str) -> bool {
    glob_match_ignore_ascii_case(pattern, action)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_string_case_insensitive_glob() {
        assert!(action_matches("*", "s3:GetObject"));
        assert!(action_matches("s3:*", "s3:GetObject"));
        assert!(action_matches("S3:getobject", "s3:GetObject"));
        assert!(action_matches("s3:Get*", "S3:GETOBJECT"));
        assert!(action_matches("iam:*AccessKey*", "iam:CreateAccessKey"));
        assert!(action_matches("iam:*AccessKey*", "iam:ListAccessKeys"));
        assert!(!action_matches("iam:*AccessKey*", "iam:CreateUser"));
        assert!(action_matches("s3:GetObject?cl", "s3:GetObjectAcl"));
        assert!(action_matches("s?:Get*", "s3:GetObject"));
        assert!(action_matches("*:GetObject", "s3:GetObject"));
    }

    #[test]
    fn anchored_at_both_ends() {
        assert!(!action_matches("s3:Get", "s3:GetObject"));
        assert!(!action_matches("3:GetObject", "s3:GetObject"));
        assert!(!action_matches("s3:*", "s3x:GetObject"));
        assert!(!action_matches("ec2:*", "s3:GetObject"));
        assert!(!action_matches("", "s3:GetObject"));
    }

    #[test]
    fn variables_are_not_substituted() {
        assert!(!action_matches("s3:${aws:username}", "s3:GetObject"));
        assert!(action_matches("s3:${aws:username}", "s3:${AWS:username}"));
    }
}
