// The examples: real-world scenarios, one click each. `expected` is the decision AWS makes for the
// stored state (per spec/evaluation.md and spec/conditions.md, defaults of §8.1); the browser tests use
// it as an oracle, so change it only with the scenario. `missingKey` (optional): a context key the
// engine reports missing, and the decision once the playground's suggested value for it is added.

const A = '111122223333';
const B = '444455556666';
const pol = (statements) => JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2);
const one = (name, text) => ({ name, text, on: true });

const FULL_AWS_ACCESS = pol([{ Effect: 'Allow', Action: '*', Resource: '*' }]);
const RCP_FULL_AWS_ACCESS = pol([{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }]);

const request = (r) => ({ principal: '', kind: '', account: '', roleArn: '', tags: [], action: '', resource: '', resourceAccount: '', ...r });
const base = (s) => ({
  identity: [],
  boundary: { text: '', on: true },
  session: { text: '', on: true },
  resource: { text: '', on: true, type: 'resource' },
  scp: { on: true, levels: [] },
  rcp: { on: true, levels: [] },
  context: [],
  ...s,
});

export const EXAMPLES = [
  {
    id: 'mfa-delete',
    title: 'MFA-protected delete',
    blurb: 'Deletes need MFA: BoolIfExists denies when aws:MultiFactorAuthPresent is false or absent (long-term access keys send no MFA key). Add the missing key to see the decision change.',
    expected: 'explicitDeny',
    missingKey: { key: 'aws:MultiFactorAuthPresent', after: 'allowed' },
    state: base({
      identity: [one('FinanceReports', pol([
        { Sid: 'BucketWork', Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:ListBucket'],
          Resource: ['arn:aws:s3:::finance-reports', 'arn:aws:s3:::finance-reports/*'] },
        { Sid: 'DenyDeleteWithoutMFA', Effect: 'Deny', Action: 's3:DeleteObject', Resource: 'arn:aws:s3:::finance-reports/*',
          Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } } },
      ]))],
      request: request({ principal: `arn:aws:iam::${A}:user/alice`, action: 's3:DeleteObject', resource: 'arn:aws:s3:::finance-reports/2026/q1.csv', resourceAccount: A }),
    }),
  },
  {
    id: 'region-lock-scp',
    title: 'Region-lock SCP',
    blurb: 'An SCP denies everything outside two Regions, with NotAction exempting global services. A developer launches an instance in ap-south-1.',
    expected: 'explicitDeny',
    state: base({
      identity: [one('DeveloperAccess', pol([
        { Sid: 'AppServices', Effect: 'Allow', Action: ['ec2:*', 's3:*', 'lambda:*', 'cloudwatch:*'], Resource: '*' },
      ]))],
      scp: { on: true, levels: [
        [one('FullAWSAccess', FULL_AWS_ACCESS)],
        [one('FullAWSAccess', FULL_AWS_ACCESS), one('RegionGuard', pol([{
          Sid: 'DenyOutsideRegions', Effect: 'Deny',
          NotAction: ['iam:*', 'organizations:*', 'sts:*', 'route53:*', 'cloudfront:*', 'support:*', 'budgets:*', 'health:*'],
          Resource: '*',
          Condition: { StringNotEquals: { 'aws:RequestedRegion': ['us-east-1', 'eu-west-1'] } },
        }]))],
      ] },
      request: request({ principal: `arn:aws:iam::${A}:user/dev-alice`, action: 'ec2:RunInstances', resource: `arn:aws:ec2:ap-south-1:${A}:instance/*` }),
      context: [{ key: 'aws:RequestedRegion', value: 'ap-south-1', list: false }],
    }),
  },
  {
    id: 'ip-allowlist',
    title: 'IP allow-list with aws:ViaAWSService',
    blurb: 'Calls from outside the office network are denied, except calls AWS services make on the user\'s behalf. Here Athena reads S3 for the analyst from an AWS address.',
    expected: 'allowed',
    state: base({
      identity: [
        one('AnalyticsData', pol([{ Sid: 'ReadWriteAnalytics', Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: 'arn:aws:s3:::analytics-data/*' }])),
        one('OfficeNetworkOnly', pol([{
          Sid: 'DenyOutsideOffice', Effect: 'Deny', Action: '*', Resource: '*',
          Condition: { NotIpAddress: { 'aws:SourceIp': ['192.0.2.0/24', '203.0.113.0/24'] }, Bool: { 'aws:ViaAWSService': 'false' } },
        }])),
      ],
      request: request({ principal: `arn:aws:iam::${A}:user/analyst`, action: 's3:GetObject', resource: 'arn:aws:s3:::analytics-data/events/2026-11-27.parquet', resourceAccount: A }),
      context: [
        { key: 'aws:SourceIp', value: '198.51.100.24', list: false },
        { key: 'aws:ViaAWSService', value: 'true', list: false },
        { key: 'aws:CalledVia', value: 'athena.amazonaws.com', list: true },
      ],
    }),
  },
  {
    id: 'boundary-delegated-admin',
    title: 'Permissions boundary on a delegated admin',
    blurb: 'The admin\'s identity policy allows everything, but the boundary only lets them create roles under /app/ that carry the same boundary. Creating a role outside /app/ fails.',
    expected: 'implicitDeny',
    state: base({
      identity: [one('AdministratorAccess', FULL_AWS_ACCESS)],
      boundary: { on: true, text: pol([
        { Sid: 'AppServices', Effect: 'Allow', Action: ['s3:*', 'lambda:*', 'dynamodb:*', 'logs:*', 'cloudwatch:*'], Resource: '*' },
        { Sid: 'CreateAppRolesWithBoundary', Effect: 'Allow',
          Action: ['iam:CreateRole', 'iam:PutRolePermissionsBoundary', 'iam:AttachRolePolicy', 'iam:PutRolePolicy'],
          Resource: `arn:aws:iam::${A}:role/app/*`,
          Condition: { StringEquals: { 'iam:PermissionsBoundary': `arn:aws:iam::${A}:policy/DeveloperBoundary` } } },
        { Sid: 'PassAppRoles', Effect: 'Allow', Action: 'iam:PassRole', Resource: `arn:aws:iam::${A}:role/app/*` },
      ]) },
      request: request({ principal: `arn:aws:iam::${A}:user/dev-admin`, action: 'iam:CreateRole', resource: `arn:aws:iam::${A}:role/admin-shadow` }),
      context: [{ key: 'iam:PermissionsBoundary', value: `arn:aws:iam::${A}:policy/DeveloperBoundary`, list: false }],
    }),
  },
  {
    id: 'cross-account-s3',
    title: 'Cross-account S3',
    blurb: 'A partner account\'s analyst reads from our bucket: the partner\'s identity policy and our bucket policy (naming the partner account) must both allow it.',
    expected: 'allowed',
    state: base({
      identity: [one('ReadPartnerBucket', pol([{ Sid: 'ReadAcmeShared', Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'],
        Resource: ['arn:aws:s3:::acme-shared-data', 'arn:aws:s3:::acme-shared-data/*'] }]))],
      resource: { on: true, type: 'resource', text: pol([{ Sid: 'AllowPartnerRead', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${B}:root` },
        Action: 's3:GetObject', Resource: 'arn:aws:s3:::acme-shared-data/*' }]) },
      request: request({ principal: `arn:aws:iam::${B}:user/analyst`, action: 's3:GetObject', resource: 'arn:aws:s3:::acme-shared-data/exports/2026-11.csv', resourceAccount: A }),
    }),
  },
  {
    id: 'kms-key-policy',
    title: 'KMS key policy',
    blurb: 'The user\'s identity policy allows kms:Decrypt, but the key policy names only two roles and lacks the "enable IAM policies" statement for the account, so IAM policies cannot grant access to this key.',
    expected: 'implicitDeny',
    state: base({
      identity: [one('UseOrdersKey', pol([{ Sid: 'UseKey', Effect: 'Allow', Action: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'],
        Resource: `arn:aws:kms:us-east-1:${A}:key/1234abcd-12ab-34cd-56ef-1234567890ab` }]))],
      resource: { on: true, type: 'kmsKey', text: pol([
        { Sid: 'KeyAdministrators', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:role/KeyAdmin` },
          Action: ['kms:Create*', 'kms:Describe*', 'kms:Enable*', 'kms:List*', 'kms:Put*', 'kms:Update*', 'kms:Revoke*', 'kms:Disable*', 'kms:Get*', 'kms:Delete*', 'kms:ScheduleKeyDeletion', 'kms:CancelKeyDeletion'],
          Resource: '*' },
        { Sid: 'OrdersServiceUse', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:role/orders-service` },
          Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: '*' },
      ]) },
      request: request({ principal: `arn:aws:iam::${A}:user/reporting-job`, action: 'kms:Decrypt', resource: `arn:aws:kms:us-east-1:${A}:key/1234abcd-12ab-34cd-56ef-1234567890ab` }),
    }),
  },
  {
    id: 'trust-external-id',
    title: 'Role trust with sts:ExternalId',
    blurb: 'A vendor\'s role assumes a read-only role in our account. The trust policy names the vendor\'s role and requires the external ID we gave them.',
    expected: 'allowed',
    state: base({
      identity: [one('AssumeCustomerRoles', pol([{ Sid: 'AssumeReadOnly', Effect: 'Allow', Action: 'sts:AssumeRole', Resource: 'arn:aws:iam::*:role/VendorReadOnly' }]))],
      resource: { on: true, type: 'trust', text: pol([{ Sid: 'TrustVendorScanner', Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${B}:role/VendorScanner` }, Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'sts:ExternalId': '7f3a9c2e-acme' } } }]) },
      request: request({ principal: `arn:aws:sts::${B}:assumed-role/VendorScanner/scan-2026-11-27`, kind: 'role-session',
        roleArn: `arn:aws:iam::${B}:role/VendorScanner`, action: 'sts:AssumeRole', resource: `arn:aws:iam::${A}:role/VendorReadOnly` }),
      context: [{ key: 'sts:ExternalId', value: '7f3a9c2e-acme', list: false }],
    }),
  },
  {
    id: 'abac-tags',
    title: 'ABAC with principal and resource tags',
    blurb: 'Engineers may start and stop instances whose Project tag equals their own Project tag (a policy variable). The instance is tagged phoenix, like the engineer\'s role.',
    expected: 'allowed',
    state: base({
      identity: [one('ProjectInstances', pol([{ Sid: 'SameProjectOnly', Effect: 'Allow', Action: ['ec2:StartInstances', 'ec2:StopInstances', 'ec2:RebootInstances'],
        Resource: `arn:aws:ec2:*:${A}:instance/*`,
        Condition: { StringEquals: { 'aws:ResourceTag/Project': '${aws:PrincipalTag/Project}' } } }]))],
      request: request({ principal: `arn:aws:sts::${A}:assumed-role/Engineer/jdoe`, kind: 'role-session', roleArn: `arn:aws:iam::${A}:role/Engineer`,
        tags: [['Project', 'phoenix'], ['Team', 'platform']], action: 'ec2:StopInstances', resource: `arn:aws:ec2:eu-west-1:${A}:instance/i-0abc1234def567890` }),
      context: [{ key: 'aws:ResourceTag/Project', value: 'phoenix', list: false }],
    }),
  },
  {
    id: 'time-window',
    title: 'Time window',
    blurb: 'The on-call DBA may reboot the production database only during the maintenance window. The request comes an hour after it closed.',
    expected: 'implicitDeny',
    state: base({
      identity: [one('MaintenanceWindow', pol([{ Sid: 'RebootDuringWindow', Effect: 'Allow', Action: ['rds:RebootDBInstance', 'rds:ModifyDBInstance'],
        Resource: `arn:aws:rds:us-east-1:${A}:db:orders-prod`,
        Condition: { DateGreaterThan: { 'aws:CurrentTime': '2026-11-28T22:00:00Z' }, DateLessThan: { 'aws:CurrentTime': '2026-11-29T02:00:00Z' } } }]))],
      request: request({ principal: `arn:aws:iam::${A}:user/dba-oncall`, action: 'rds:RebootDBInstance', resource: `arn:aws:rds:us-east-1:${A}:db:orders-prod` }),
      context: [{ key: 'aws:CurrentTime', value: '2026-11-29T03:15:00Z', list: false }],
    }),
  },
  {
    id: 'rcp-data-perimeter',
    title: 'RCP data perimeter',
    blurb: 'A resource control policy keeps S3, KMS, SQS and Secrets Manager resources inside the organization. A bucket policy mistakenly grants a contractor\'s account; the RCP still denies.',
    expected: 'explicitDeny',
    state: base({
      identity: [one('ContractorRead', pol([{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::acme-payroll/*' }]))],
      resource: { on: true, type: 'resource', text: pol([{ Sid: 'ContractorAccess', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::777788889999:root' },
        Action: 's3:GetObject', Resource: 'arn:aws:s3:::acme-payroll/*' }]) },
      rcp: { on: true, levels: [[one('RCPFullAWSAccess', RCP_FULL_AWS_ACCESS), one('DataPerimeter', pol([{
        Sid: 'EnforceOrgIdentities', Effect: 'Deny', Principal: '*',
        Action: ['s3:*', 'kms:*', 'sqs:*', 'secretsmanager:*'], Resource: '*',
        Condition: { StringNotEqualsIfExists: { 'aws:PrincipalOrgID': 'o-exampleorgid' }, BoolIfExists: { 'aws:PrincipalIsAWSService': 'false' } },
      }]))]] },
      request: request({ principal: 'arn:aws:iam::777788889999:user/contractor', action: 's3:GetObject', resource: 'arn:aws:s3:::acme-payroll/2026/11.csv', resourceAccount: A }),
      context: [{ key: 'aws:PrincipalOrgID', value: 'o-contractor9', list: false }],
    }),
  },
  {
    id: 'session-policy',
    title: 'Session policy narrowing a role',
    blurb: 'The pipeline role may do anything in the lake bucket, but this session was started with a session policy that only reads raw/. Writing curated/ is denied.',
    expected: 'implicitDeny',
    state: base({
      identity: [one('DataLakeAccess', pol([{ Sid: 'LakeFullAccess', Effect: 'Allow', Action: 's3:*', Resource: ['arn:aws:s3:::acme-lake', 'arn:aws:s3:::acme-lake/*'] }]))],
      session: { on: true, text: pol([{ Sid: 'ReadRawOnly', Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: ['arn:aws:s3:::acme-lake', 'arn:aws:s3:::acme-lake/raw/*'] }]) },
      request: request({ principal: `arn:aws:sts::${A}:assumed-role/DataPipeline/etl-nightly`, kind: 'role-session', roleArn: `arn:aws:iam::${A}:role/DataPipeline`,
        action: 's3:PutObject', resource: 'arn:aws:s3:::acme-lake/curated/orders.parquet', resourceAccount: A }),
    }),
  },
  {
    id: 'notprincipal-deny',
    title: 'NotPrincipal with Deny pitfall',
    blurb: 'The bucket policy means "deny everyone except alice", but NotPrincipal lists only her user ARN, not her account, so the Deny applies to alice too. Add arn:aws:iam::111122223333:root to NotPrincipal (or use Principal "*" with an ArnNotEquals condition).',
    expected: 'explicitDeny',
    state: base({
      identity: [one('AliceBucket', pol([{ Effect: 'Allow', Action: 's3:*', Resource: ['arn:aws:s3:::alice-private', 'arn:aws:s3:::alice-private/*'] }]))],
      resource: { on: true, type: 'resource', text: pol([{ Sid: 'DenyEveryoneButAlice', Effect: 'Deny', NotPrincipal: { AWS: `arn:aws:iam::${A}:user/alice` },
        Action: 's3:*', Resource: ['arn:aws:s3:::alice-private', 'arn:aws:s3:::alice-private/*'] }]) },
      request: request({ principal: `arn:aws:iam::${A}:user/alice`, action: 's3:GetObject', resource: 'arn:aws:s3:::alice-private/notes.txt', resourceAccount: A }),
    }),
  },
];

export const DEFAULT_EXAMPLE = EXAMPLES[0];

/** A fresh copy of an example's state (the page edits its state in place). */
export function exampleState(example) {
  return JSON.parse(JSON.stringify(example.state));
}
