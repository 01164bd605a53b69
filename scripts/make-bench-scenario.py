#!/usr/bin/env python3
"""Writes tests/fixtures/bench-scenario.json: the realistic benchmark batch of the core issue — a user with
5 identity policies x 10 statements with conditions, SCPs at two levels, a bucket policy, about 20 context
keys — plus varied requests (actions, resources, context) to run against it. Deterministic: no randomness,
so every benchmark (Rust and Node) measures the same work. Usage: scripts/make-bench-scenario.py [OUT]"""
import json
import sys

ACCOUNT = "111122223333"
SERVICES = ["s3", "ec2", "dynamodb", "sqs", "lambda"]
# Real action names (checked against the embedded service data by tests/bench_fixture.rs): a statement
# allows or denies one wildcard family and one exact action, as real policies do.
PATTERNS = {
    "s3": ["s3:Get*", "s3:PutObject", "s3:List*", "s3:DeleteObject", "s3:PutObjectTagging",
           "s3:GetBucket*", "s3:AbortMultipartUpload", "s3:DeleteObjectVersion", "s3:RestoreObject", "s3:ReplicateObject"],
    "ec2": ["ec2:Describe*", "ec2:RunInstances", "ec2:StartInstances", "ec2:StopInstances", "ec2:CreateTags",
            "ec2:TerminateInstances", "ec2:AttachVolume", "ec2:RebootInstances", "ec2:CreateSnapshot", "ec2:DeleteTags"],
    "dynamodb": ["dynamodb:Get*", "dynamodb:PutItem", "dynamodb:Query", "dynamodb:DeleteItem", "dynamodb:UpdateItem",
                 "dynamodb:Scan", "dynamodb:BatchGetItem", "dynamodb:BatchWriteItem", "dynamodb:DescribeTable", "dynamodb:ConditionCheckItem"],
    "sqs": ["sqs:SendMessage", "sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueue*", "sqs:ChangeMessageVisibility",
            "sqs:PurgeQueue", "sqs:ListQueues", "sqs:SetQueueAttributes", "sqs:TagQueue", "sqs:CreateQueue"],
    "lambda": ["lambda:InvokeFunction", "lambda:Get*", "lambda:List*", "lambda:UpdateFunctionCode", "lambda:CreateFunction",
               "lambda:DeleteFunction", "lambda:PublishVersion", "lambda:TagResource", "lambda:AddPermission", "lambda:UpdateAlias"],
}
ACTIONS = {
    "s3": ["s3:GetObject", "s3:PutObject", "s3:ListBucket", "s3:DeleteObject"],
    "ec2": ["ec2:DescribeInstances", "ec2:RunInstances", "ec2:StopInstances", "ec2:CreateTags"],
    "dynamodb": ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query", "dynamodb:DeleteItem"],
    "sqs": ["sqs:SendMessage", "sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueUrl"],
    "lambda": ["lambda:InvokeFunction", "lambda:GetFunction", "lambda:UpdateFunctionCode", "lambda:ListFunctions"],
}
RESOURCES = {
    "s3": "arn:aws:s3:::data-bucket/reports/{n}.csv",
    "ec2": "arn:aws:ec2:us-east-1:111122223333:instance/i-0abc{n:04d}",
    "dynamodb": "arn:aws:dynamodb:us-east-1:111122223333:table/orders-{n}",
    "sqs": "arn:aws:sqs:us-east-1:111122223333:jobs-{n}",
    "lambda": "arn:aws:lambda:us-east-1:111122223333:function:worker-{n}",
}


def statement(p, i):
    svc = SERVICES[p]
    effect = "Deny" if i in (7, 9) else "Allow"
    s = {
        "Sid": f"P{p}S{i}",
        "Effect": effect,
        "Action": [PATTERNS[svc][i], PATTERNS[svc][(i + 3) % 10]],
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


TAGGING_ACTIONS = {"ec2:RunInstances", "ec2:CreateTags"}
# Actions authorized against something other than the per-service ARN above.
RESOURCE_OVERRIDES = {"ec2:DescribeInstances": "*", "lambda:ListFunctions": "*",
                      "s3:ListBucket": "arn:aws:s3:::data-bucket", "sqs:GetQueueUrl": "arn:aws:sqs:us-east-1:111122223333:jobs-{n}"}


def context(n, action):
    regions = ["us-east-1", "eu-west-1", "ap-south-1"]
    ctx = {
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
        "aws:UserAgent": "aws-cli/2.15.0",
        "aws:ViaAWSService": "false",
        "aws:CalledVia": [],
        "aws:SourceVpc": "vpc-1a2b3c4d",
        "aws:ResourceAccount": ACCOUNT,
        "aws:ResourceOrgID": "o-exampleorgid",
        "aws:SourceVpce": "vpce-1a2b3c4d",
        "aws:VpcSourceIp": "10.0.0.7",
    }
    if action in TAGGING_ACTIONS:
        ctx["aws:TagKeys"] = ["env", "team"] if n % 4 else ["env", "owner"]
        ctx["aws:RequestTag/env"] = "prod"
        ctx["aws:RequestTag/team"] = "platform"
    return ctx


def requests():
    out = []
    for n in range(20):
        svc = SERVICES[n % 5]
        action = ACTIONS[svc][(n // 5) % 4]
        resource = RESOURCE_OVERRIDES.get(action, RESOURCES[svc]).format(n=n)
        out.append({
            "principal": {"kind": "user", "arn": f"arn:aws:iam::{ACCOUNT}:user/alice", "account": ACCOUNT,
                          "tags": {"team": "platform" if n % 3 else "data"}},
            "action": action,
            "resource": resource,
            "resourceAccount": ACCOUNT,
            "context": context(n, action),
        })
    return out


def main(out):
    reqs = requests()
    doc = {"policies": scenario(), "requests": reqs}
    json.dump(doc, open(out, "w"), indent=1)
    open(out, "a").write("\n")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "tests/fixtures/bench-scenario.json")
