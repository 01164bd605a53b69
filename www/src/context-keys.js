// Context keys the context editor offers, with a value to start from when one is added.

export const COMMON_KEYS = [
  ['aws:SourceIp', '203.0.113.10'],
  ['aws:MultiFactorAuthPresent', 'true'],
  ['aws:MultiFactorAuthAge', '300'],
  ['aws:RequestedRegion', 'us-east-1'],
  ['aws:CurrentTime', () => new Date().toISOString().replace(/\.\d+Z$/, 'Z')],
  ['aws:EpochTime', () => String(Math.floor(Date.now() / 1000))],
  ['aws:SecureTransport', 'true'],
  ['aws:ViaAWSService', 'false'],
  ['aws:CalledVia', 'athena.amazonaws.com', true],
  ['aws:PrincipalOrgID', 'o-exampleorgid'],
  ['aws:PrincipalOrgPaths', 'o-exampleorgid/r-ab12/ou-ab12-11111111/', true],
  ['aws:PrincipalIsAWSService', 'false'],
  ['aws:PrincipalTag/', ''],
  ['aws:ResourceTag/', ''],
  ['aws:RequestTag/', ''],
  ['aws:TagKeys', '', true],
  ['aws:SourceVpc', 'vpc-1a2b3c4d'],
  ['aws:SourceVpce', 'vpce-1a2b3c4d'],
  ['aws:SourceAccount', '111122223333'],
  ['aws:SourceArn', ''],
  ['aws:SourceOrgID', 'o-exampleorgid'],
  ['aws:ResourceOrgID', 'o-exampleorgid'],
  ['aws:UserAgent', ''],
  ['aws:Referer', ''],
  ['s3:prefix', ''],
  ['s3:x-amz-server-side-encryption', 'aws:kms'],
  ['sts:ExternalId', ''],
  ['sts:RoleSessionName', ''],
  ['iam:PassedToService', 'ec2.amazonaws.com'],
  ['iam:PermissionsBoundary', ''],
  ['kms:ViaService', 's3.us-east-1.amazonaws.com'],
  ['kms:CallerAccount', '111122223333'],
  ['ec2:InstanceType', 't3.micro'],
];

/** The starting row for a key: a suggested value, and whether it is a list. */
export function suggestedRow(key) {
  const hit = COMMON_KEYS.find(([k]) => k === key);
  if (!hit) return { key, value: '', list: false };
  const [, v, list] = hit;
  return { key, value: typeof v === 'function' ? v() : v, list: Boolean(list) };
}
