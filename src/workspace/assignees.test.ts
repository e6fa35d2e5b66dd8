import assert from 'node:assert/strict';
import { it } from 'node:test';
import { describeEachDatabase, useTestApp } from '../../test/helpers.js';

describeEachDatabase('workspace: tasks and duties go to active people', (ctx) => {
  const get = useTestApp(ctx);
  const officer = () => ({ authorization: `Bearer ${get().tokens.compliance_officer}` });

  it('a task for someone who has no account, or a disabled one, is refused naming the field', async () => {
    const t = get();
    const duty = (await t.app.services.workspace.overview()).items[0]!;
    const task = (assignee: string) =>
      t.inject({
        method: 'POST',
        url: `/api/workspace/${duty.id}/notes`,
        headers: officer(),
        payload: { kind: 'task', body: 'Collect the signed policy', assignee, dueDate: '2027-04-01' },
      });
    const ghost = await task('nobody-by-that-name');
    assert.equal(ghost.statusCode, 400, ghost.body);
    assert.equal(ghost.json().error.code, 'validation_failed');
    assert.match(ghost.json().error.message, /assignee/);

    const admin = await t.app.services.auth.findActor('admin');
    const leaver = await t.app.services.auth.createUser(admin, {
      username: 'leaver',
      role: 'security_officer',
      password: 'a long enough passphrase',
    });
    await t.app.services.auth.updateUser(admin, leaver.id, { disabled: true });
    assert.equal((await task('leaver')).statusCode, 400, 'a disabled account takes no tasks');

    const ok = await task('SECURITY_OFFICER');
    assert.equal(ok.statusCode, 201, ok.body);
    assert.equal(ok.json().assignee, 'security_officer', 'stored under the account’s own name');
  });

  it('a duty’s owner must be an active user too', async () => {
    const t = get();
    const duty = (await t.app.services.workspace.overview()).items[0]!;
    const owner = (username: string) =>
      t.inject({
        method: 'PUT',
        url: `/api/workspace/${duty.id}/owner`,
        headers: officer(),
        payload: { username },
      });
    const bad = await owner('typo-officer');
    assert.equal(bad.statusCode, 400);
    assert.match(bad.json().error.message, /username/);
    assert.equal((await owner('security_officer')).statusCode, 204);
  });
});
