// Unit tests (Node, no browser) of the playground's state handling: the link format, the translation
// of a state into a Scenario, and the mapping of results back to editors and request fields.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { blankState, buildScenario, editorFor, normalizeState, requestFieldAt } from '../../www/src/state.js';
import { decodeState, encodeState, fromCompact, toCompact } from '../../www/src/share.js';
import { EXAMPLES, exampleState } from '../../www/src/examples.js';

test('a blank state compacts to nothing: defaults are left out of links', () => {
  assert.deepEqual(toCompact(blankState()), {});
  assert.deepEqual(fromCompact({}), blankState());
});

test('every example survives the compact form and the link unchanged', async () => {
  for (const ex of EXAMPLES) {
    const state = normalizeState(exampleState(ex));
    assert.deepEqual(fromCompact(JSON.parse(JSON.stringify(toCompact(state)))), state, ex.id);
    const hash = await encodeState(state);
    assert.match(hash, /^#v1:[A-Za-z0-9_-]+$/, ex.id);
    assert.deepEqual(await decodeState(hash), state, ex.id);
  }
});

test('switched-off policies and flags are kept in the link; unreadable links give null', async () => {
  const s = normalizeState(exampleState(EXAMPLES[0]));
  s.identity[0].on = false;
  s.scp.on = false;
  s.resource.type = 'trust';
  s.context.push({ key: 'aws:CalledVia', value: 'a, b', list: true });
  assert.deepEqual(await decodeState(await encodeState(s)), s);
  assert.equal(await decodeState('#v1:%%%'), null);
  assert.equal(await decodeState('#v2:abc'), null);
  assert.equal(await decodeState(''), null);
});

test('normalizeState repairs partial and hostile input', () => {
  const s = normalizeState({ identity: [{ text: 7 }, null], request: { kind: 'wizard', tags: [['a'], 'x'] }, context: [{ key: 'k' }] });
  assert.deepEqual(s.identity, [{ name: 'Policy1', text: '', on: true }, { name: 'Policy2', text: '', on: true }]);
  assert.equal(s.request.kind, '');
  assert.deepEqual(s.request.tags, [['a', '']]);
  assert.deepEqual(s.context, [{ key: 'k', value: '', list: false }]);
});

test('buildScenario leaves out empty and switched-off policies and maps inputs back to editors', () => {
  const s = normalizeState(exampleState(EXAMPLES.find((e) => e.id === 'region-lock-scp')));
  s.identity.push({ name: 'Off', text: '{}', on: false }, { name: 'Second', text: '{"Version":"2012-10-17","Statement":[]}', on: true });
  const built = buildScenario(s);
  assert.deepEqual(built.scenario.policies.identity.map((p) => p.id), ['DeveloperAccess', 'Second']);
  assert.equal(editorFor(built, 'policies.identity[1]'), 'identity:2');
  assert.equal(editorFor(built, 'policies.scp[1][1]'), 'scp:1:1');
  assert.equal(editorFor(built, 'policies.scp[1][1].Statement[0]'), 'scp:1:1');
  assert.equal(editorFor(built, null, 'scp', 'RegionGuard'), 'scp:1:1');
  assert.equal(editorFor(built, 'request'), null);
  assert.equal(built.scenario.policies.permissionsBoundary, undefined);
  assert.deepEqual(built.scenario.request, {
    principal: 'arn:aws:iam::111122223333:user/dev-alice',
    action: 'ec2:RunInstances',
    resource: 'arn:aws:ec2:ap-south-1:111122223333:instance/*',
    context: { 'aws:RequestedRegion': 'ap-south-1' },
  });
});

test('buildScenario writes a principal object only when it says more than the ARN', () => {
  const built = buildScenario(normalizeState(exampleState(EXAMPLES.find((e) => e.id === 'abac-tags'))));
  assert.deepEqual(built.scenario.request.principal, {
    arn: 'arn:aws:sts::111122223333:assumed-role/Engineer/jdoe',
    kind: 'role-session',
    roleArn: 'arn:aws:iam::111122223333:role/Engineer',
    tags: { Project: 'phoenix', Team: 'platform' },
  });
  const svc = normalizeState({ request: { principal: 'lambda.amazonaws.com', kind: 'service', action: 'sqs:SendMessage' } });
  assert.deepEqual(buildScenario(svc).scenario.request.principal, { service: 'lambda.amazonaws.com', kind: 'service' });
  const list = normalizeState({ request: { principal: 'anonymous', action: 's3:GetObject' }, context: [{ key: 'aws:CalledVia', value: ' a, ,b ', list: true }] });
  assert.deepEqual(buildScenario(list).scenario.request.context, { 'aws:CalledVia': ['a', 'b'] });
});

test('requestFieldAt finds the request field (and context key) under a range of the scenario text', () => {
  const scenario = buildScenario(normalizeState(exampleState(EXAMPLES.find((e) => e.id === 'ip-allowlist')))).scenario;
  const text = JSON.stringify(scenario);
  const at = (needle) => {
    const i = text.indexOf(needle);
    assert.ok(i >= 0, needle);
    return requestFieldAt(scenario, { start: { line: 1, column: i + 1 }, end: { line: 1, column: i + 2 } });
  };
  assert.deepEqual(at('"s3:GetObject"'), { field: 'action' });
  assert.deepEqual(at('"arn:aws:s3:::analytics-data/events'), { field: 'resource' });
  assert.deepEqual(at('"198.51.100.24"'), { field: 'context', key: 'aws:SourceIp' });
  assert.deepEqual(at('["athena.amazonaws.com"]'), { field: 'context', key: 'aws:CalledVia' });
  assert.equal(requestFieldAt(scenario, { start: { line: 2, column: 1 }, end: { line: 2, column: 2 } }), null);
  assert.equal(requestFieldAt(scenario, null), null);
});
