// Browser tests of the playground's help from the AWS service data (issue 5): completion of actions,
// operators and condition keys in the policy editors, the expansion of a wildcard on hover (and Mod-k),
// and the request form's suggestions. As everywhere, the page must log no console error and make no
// request outside its own origin.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { artifacts, launch, openPage, serve, settled } from './harness.mjs';

let server;
let browser;

before(async () => {
  server = await serve();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function withPage(fn) {
  const p = await openPage(browser, server.origin, '/');
  try {
    await settled(p.page);
    await fn(p.page);
    assert.deepEqual(p.problems(), [], 'console errors or foreign requests');
  } finally {
    await p.close();
  }
}

const POLICY = (statement) => JSON.stringify({ Version: '2012-10-17', Statement: [statement] }, null, 2);
const EDITOR = '[data-testid="editor-identity-0"]';

/** Replaces the first identity policy and puts the cursor right after the first `marker` in it. */
async function cursorAfter(page, text, marker) {
  await page.evaluate((t) => window.__iamsim.setEditorText('identity:0', t), text);
  const offset = text.indexOf(marker) + marker.length;
  assert.ok(offset >= marker.length, `marker ${marker}`);
  assert.equal(await page.evaluate((at) => window.__iamsim.setCursor('identity:0', at), offset), true);
}

// CodeMirror ignores Enter for a short while after the list opens (interactionDelay, 75 ms), so that a
// list popping up under a fast typist does not take the Enter meant for a new line.
async function accept(page) {
  await page.waitForTimeout(150);
  await page.keyboard.press('Enter');
}

const options = (page) => page.locator('.cm-tooltip-autocomplete [role="option"]').allTextContents();

test('typing an action in an Action value offers and inserts it', async () => {
  await withPage(async (page) => {
    await cursorAfter(page, POLICY({ Effect: 'Allow', Action: '', Resource: '*' }), '"Action": "');
    await page.keyboard.type('s3:GetO');
    await page.locator('.cm-tooltip-autocomplete').waitFor();
    await page.waitForFunction(() => [...document.querySelectorAll('.cm-tooltip-autocomplete [role="option"]')]
      .some((o) => o.textContent.startsWith('s3:GetObject')));
    const offered = await options(page);
    assert.ok(offered.includes('s3:GetObject'), offered.join(', '));
    await page.screenshot({ path: join(artifacts, 'complete-action.png') });
    // The best match is first; Enter accepts it.
    assert.equal(offered[0], 's3:GetObject');
    await accept(page);
    const text = await page.evaluate(() => window.__iamsim.editorText('identity:0'));
    assert.match(text, /"Action": "s3:GetObject",/);
    // Completing in the middle of a name replaces the whole name.
    await cursorAfter(page, POLICY({ Effect: 'Allow', Action: 's3:GetObjectAc', Resource: '*' }), '"s3:GetObj');
    await page.keyboard.press('Control+Space');
    await page.waitForFunction(() => document.querySelector('.cm-tooltip-autocomplete [role="option"]')?.textContent === 's3:GetObject');
    await accept(page);
    assert.match(await page.evaluate(() => window.__iamsim.editorText('identity:0')), /"Action": "s3:GetObject",/);
    await settled(page);
  });
});

test('the service prefix comes first, then that service\'s actions (in an Action list too)', async () => {
  await withPage(async (page) => {
    await cursorAfter(page, POLICY({ Effect: 'Allow', Action: ['s3:GetObject', ''], Resource: '*' }), '"s3:GetObject",\n        "');
    await page.keyboard.type('dynamod');
    await page.locator('.cm-tooltip-autocomplete').waitFor();
    const offered = await options(page);
    assert.ok(offered.some((o) => o.startsWith('dynamodb:')), offered.join(', '));
    assert.ok(offered.some((o) => o.includes('Amazon DynamoDB')), 'the service name is shown beside its prefix');
    await accept(page);
    // Accepting a prefix inserts `dynamodb:` and opens the actions of DynamoDB.
    await page.waitForFunction(() => [...document.querySelectorAll('.cm-tooltip-autocomplete [role="option"]')]
      .some((o) => o.textContent === 'dynamodb:GetItem'));
    const text = await page.evaluate(() => window.__iamsim.editorText('identity:0'));
    assert.match(text, /"dynamodb:"/);
  });
});

test('condition keys and operators are offered in a Condition block', async () => {
  await withPage(async (page) => {
    const policy = POLICY({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { Bool: { '': 'true' } } });
    await cursorAfter(page, policy, '"Bool": {\n          "');
    await page.keyboard.type('aws:MultiF');
    await page.locator('.cm-tooltip-autocomplete').waitFor();
    await page.waitForFunction(() => [...document.querySelectorAll('.cm-tooltip-autocomplete [role="option"]')]
      .some((o) => o.textContent.startsWith('aws:MultiFactorAuthPresent')));
    const offered = await options(page);
    assert.ok(offered.some((o) => o.startsWith('aws:MultiFactorAuthPresent') && o.includes('Bool')), offered.join(', '));
    await page.keyboard.press('Escape');

    // The statement's service keys are offered (s3:...), other services' are not.
    await cursorAfter(page, policy, '"Bool": {\n          "');
    await page.keyboard.type('s3:Existing');
    await page.locator('.cm-tooltip-autocomplete').waitFor();
    const s3 = await options(page);
    assert.ok(s3.some((o) => o.startsWith('s3:ExistingObjectTag/')), s3.join(', '));
    await page.keyboard.press('Escape');
    await cursorAfter(page, policy, '"Bool": {\n          "');
    await page.keyboard.type('ec2:InstanceT');
    await page.waitForTimeout(400);
    assert.ok(!(await options(page)).some((o) => o.startsWith('ec2:InstanceType')), 'keys of a service the statement does not use');
    await page.keyboard.press('Escape');

    // A key with a variable part inserts its stem: the tag name is the user's to type.
    await cursorAfter(page, policy, '"Bool": {\n          "');
    await page.keyboard.type('aws:ResourceTa');
    await page.waitForFunction(() => [...document.querySelectorAll('.cm-tooltip-autocomplete [role="option"]')]
      .some((o) => o.textContent.startsWith('aws:ResourceTag/${TagKey}')));
    await accept(page);
    assert.match(await page.evaluate(() => window.__iamsim.editorText('identity:0')), /"aws:ResourceTag\/": "true"/);

    // Operators, with their set-qualified and IfExists forms, directly under Condition.
    await cursorAfter(page, policy, '"Condition": {\n        "');
    await page.keyboard.type('ForAllValues:StringLi');
    await page.locator('.cm-tooltip-autocomplete').waitFor();
    const ops = await options(page);
    assert.ok(ops.includes('ForAllValues:StringLike'), ops.join(', '));
    assert.ok(ops.includes('ForAllValues:StringLikeIfExists'), ops.join(', '));
    await page.screenshot({ path: join(artifacts, 'complete-operator.png') });
  });
});

test('hovering a wildcard shows its expansion; an exact action its access level', async () => {
  await withPage(async (page) => {
    await page.evaluate((t) => window.__iamsim.setEditorText('identity:0', t),
      POLICY({ Effect: 'Allow', Action: ['s3:Get*', 'iam:PassRole', 's3:Nothing*'], Resource: '*' }));
    const hover = async (text) => {
      await page.mouse.move(0, 0);
      await page.locator('.cm-tooltip-hover').waitFor({ state: 'detached' }).catch(() => {});
      await page.locator(`${EDITOR} .cm-line`, { hasText: text }).locator('span', { hasText: text }).first().hover();
      const info = page.locator('.cm-tooltip-hover [data-testid="action-info"]');
      await info.waitFor();
      return info;
    };
    const get = await hover('s3:Get*');
    const text = await get.textContent();
    const count = Number(await get.getAttribute('data-count'));
    assert.ok(count > 50, `count ${count}`);
    assert.match(text, new RegExp(`s3:Get\\* matches ${count} actions`));
    assert.match(text, /s3:GetObject/);
    assert.equal(await get.locator('li').count(), 50);
    assert.match(text, new RegExp(`… and ${count - 50} more`));
    await page.screenshot({ path: join(artifacts, 'hover-expansion.png') });

    assert.match(await (await hover('iam:PassRole')).textContent(), /Access level: Write/);
    assert.match(await (await hover('s3:Nothing*')).textContent(), /matches no action/);
  });
});

test('Mod-k shows the same information at the cursor, Escape hides it', async () => {
  await withPage(async (page) => {
    await cursorAfter(page, POLICY({ Effect: 'Allow', Action: 'ec2:Describe*', Resource: '*' }), '"ec2:Desc');
    await page.keyboard.press('Control+k');
    const info = page.locator(`${EDITOR} [data-testid="action-info"]`);
    await info.waitFor();
    assert.match(await info.textContent(), /ec2:Describe\* matches \d+ actions/);
    await page.keyboard.press('Escape');
    await info.waitFor({ state: 'detached' });
  });
});

test('the request form suggests actions and the context keys of the action', async () => {
  await withPage(async (page) => {
    const values = (list) => page.locator(`[data-testid="${list}"] option`).evaluateAll((os) => os.map((o) => o.value));
    assert.equal(await page.getAttribute('[data-testid="action"]', 'list'), 'action-options');
    await page.fill('[data-testid="action"]', 'dynamo');
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="action-options"] option')].some((o) => o.value === 'dynamodb:'));
    await page.fill('[data-testid="action"]', 's3:GetO');
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="action-options"] option')].some((o) => o.value === 's3:GetObject'));
    assert.ok((await values('action-options')).every((v) => v.startsWith('s3:')));

    // The context keys follow the action: its own keys first, the global ones after.
    await page.fill('[data-testid="action"]', 's3:GetObject');
    await page.click('[data-testid="add-context"]');
    assert.equal(await page.locator('[data-testid="context-key"]').last().getAttribute('list'), 'common-keys');
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="context-key-options"] option')]
      .some((o) => o.value === 's3:ExistingObjectTag/'));
    const keys = await values('context-key-options');
    assert.ok(keys.indexOf('s3:ExistingObjectTag/') < keys.indexOf('aws:SourceIp'), keys.slice(0, 20).join(', '));
    assert.ok(keys.includes('aws:MultiFactorAuthPresent'));
    assert.ok(keys.includes('aws:ResourceTag/'));
    // ec2:SourceInstanceArn is a global key (AWS lists it so); ec2:Tenancy belongs to EC2's actions only.
    assert.ok(keys.includes('ec2:SourceInstanceArn'));
    assert.ok(!keys.includes('ec2:Tenancy'), 'other services\' keys are not offered');
    await page.fill('[data-testid="action"]', 'ec2:RunInstances');
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="context-key-options"] option')]
      .some((o) => o.value === 'ec2:Tenancy'));
    await settled(page);
  });
});
