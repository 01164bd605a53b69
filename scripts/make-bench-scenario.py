#!/usr/bin/env python3
"""Writes tests/fixtures/bench-scenario.json: the realistic benchmark batch of the core issue — a user with
5 identity policies x 10 statements with conditions, SCPs at two levels, a bucket policy, about 20 context
keys — plus varied requests (actions, resources, context) to run against it. Deterministic: no randomness,
so every benchmark (Rust and Node) measures the same work. Usage: scripts/make-bench-scenario.py [OUT]"""
import json
import sys

ACCOUNT = "111122223333"
SERVICES = ["s3", "ec2", "dynamodb", "sqs", "lambda"]
VERBS = ["Get", "Put", "List", "Describe", "Delete", "Create", "Update", "Tag", "Start", "Send"]


def statement(p, i):
    svc = SERVICES[p]
    effect = "Deny" if i in (7, 9) else "Allow"
    s = {
        "Sid": f"P{p}S{i}",
        "Effect": effect,
        "Action": [f"{svc}:{VERBS[i]}*", f"{svc}:{VERBS[(i + 3) % 10]}Item"],
        "Resource": [f"arn:aws:{svc}:*:{ACCOUNT}:*", "arn:aws:s3:::data-${aws:PrincipalTag/team}/*"] if svc != "s3"
        else ["arn:aws:s3:::data-bucket/*", "arn:aws:s3:::home/${aws:username}/*"],
    }
    conditions = [
        {"StringEquals": {"aws:RequestedRegion": ["us-east-1", "eu-west-1"]}},
        {"Bool": {"aws:SecureTransport": "true"}},
        {"IpAddress": {"aws:SourceIp": ["192.0.2.0/24", "203.0.113.0/24"]}},
        {"StringLike": {"aws:PrincipalTag/team": ["plat*", "data*"]}},
        {"NumericLessThan": {"aws:MultiFactorAuthAge": "3600"}},
        {"DateGreaterThan": {"aws:CurrentTime": "2020-01-01T00:00:00Z"}},
        {"ForAllValues:StringEquals": {"aws:TagKeys": ["env", "team", "cost-center"]}},
        {"StringNotEqualsIfExists": {"aws:PrincipalOrgID": "o-exampleorgid"}},
        {"ArnLike": {"aws:PrincipalArn": f"arn:aws:iam::{ACCOUNT}:user/*"}},
        {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}},
    ]
    s["Condition"] = conditions[i]
    if i % 3 == 0:
        s["Condition"] = {**s["Condition"], **conditions[(i + 4) % 10]}
    return s


def scenario():
    identity = [{"id": f"policy-{p}", "document": {"Version": "2012-10-17",
                 "Statement": [statement(p, i) for i in range(10)]}} for p in range(5)]
    scp_root = [{"id": "FullAWSAccess", "document": {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "*", "Resource": "*"}]}}]
    scp_ou = [{"id": "FullAWSAccess", "document": {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "*", "Resource": "*"}]}},
        {"id": "RegionGuard", "document": {"Version": "2012-10-17", "Statement": [
            {"Sid": "DenyOutsideRegions", "Effect": "Deny",
             "NotAction": ["iam:*", "organizations:*", "sts:*", "support:*", "cloudfront:*"], "Resource": "*",
             "Condition": {"StringNotEquals": {"aws:RequestedRegion": ["us-east-1", "eu-west-1"]}}},
            {"Sid": "DenyLeaveOrg", "Effect": "Deny", "Action": "organizations:LeaveOrganization", "Resource": "*"}]}}]
    bucket = {"id": "bucket-policy", "document": {"Version": "2012-10-17", "Statement": [
        {"Sid": "DenyInsecure", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
         "Resource": ["arn:aws:s3:::data-bucket", "arn:aws:s3:::data-bucket/*"],
         "Condition": {"Bool": {"aws:SecureTransport": "false"}}},
        {"Sid": "AllowTeam", "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
         "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "arn:aws:s3:::data-bucket/*",
         "Condition": {"StringEquals": {"aws:PrincipalTag/team": "platform"}}}]}}
    return {"identity": identity, "scp": [scp_root, scp_ou], "resource": bucket}


def context(n):
    regions = ["us-east-1", "eu-west-1", "ap-south-1"]
    return {
        "aws:RequestedRegion": regions[n % 3],
        "aws:SecureTransport": "true" if n % 5 else "false",
        "aws:SourceIp": "192.0.2.10" if n % 2 else "198.51.100.7",
        "aws:CurrentTime": "2026-11-27T12:00:00Z",
        "aws:EpochTime": "1795780800",
        "aws:MultiFactorAuthPresent": "true",
        "aws:MultiFactorAuthAge": str(300 * (n % 20)),
        "aws:TokenIssueTime": "2026-11-27T11:00:00Z",
        "aws:PrincipalOrgID": "o-exampleorgid",
        "aws:PrincipalOrgPaths": ["o-exampleorgid/r-ab12/ou-ab12-11111111/"],
        "aws:TagKeys": ["env", "team"] if n % 4 else ["env", "owner"],
        "aws:RequestTag/env": "prod",
        "aws:RequestTag/team": "platform",
        "aws:UserAgent": "aws-cli/2.15.0",
        "aws:ViaAWSService": "false",
        "aws:CalledVia": [],
        "s3:prefix": "home/alice/",
        "s3:x-amz-acl": "private",
        "ec2:InstanceType": "t3.micro",
        "aws:SourceVpc": "vpc-1a2b3c4d",
    }


def requests():
    out = []
    for n in range(20):
        svc = SERVICES[n % 5]
        verb = VERBS[(n * 3) % 10]
        resource = (f"arn:aws:s3:::data-bucket/reports/{n}.csv" if svc == "s3"
                    else f"arn:aws:{svc}:us-east-1:{ACCOUNT}:thing/{n}")
        out.append({
            "principal": {"kind": "user", "arn": f"arn:aws:iam::{ACCOUNT}:user/alice", "account": ACCOUNT,
                          "tags": {"team": "platform" if n % 3 else "data"}},
            "action": f"{svc}:{verb}Object" if svc == "s3" else f"{svc}:{verb}Item",
            "resource": resource,
            "resourceAccount": ACCOUNT,
            "context": context(n),
        })
    return out


def main(out):
    reqs = requests()
    doc = {"policies": scenario(), "requests": reqs}
    json.dump(doc, open(out, "w"), indent=1)
    open(out, "a").write("\n")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "tests/fixtures/bench-scenario.json")
