import assert from 'node:assert/strict';
import { it } from 'node:test';
import { describeEachDatabase, useTestApp } from '../../test/helpers.js';

type Role = 'admin' | 'compliance_officer' | 'security_officer' | 'auditor';

describeEachDatabase('workspace: a duty’s drawer (owner, comments, tasks, reviews, registers)', (ctx) => {
  const get = useTestApp(ctx);
  const as = (role: Role) => ({ authorization: `Bearer ${get().tokens[role]}` });
  const call = (role: Role, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
    get().inject({ method, url, headers: as(role), ...(payload ? { payload } : {}) });

  /** A duty of the test organisation that a visible register proves. */
  async function dutyWithRegister(): Promise<{ duty: string; register: string }> {
    const items = (await call('auditor', 'GET', '/api/workspace')).json().items as { id: string }[];
    const ids = new Set(items.map((i) => i.id));
    const registers = (await call('auditor', 'GET', '/api/registers')).json().registers as {
      visible: boolean;
      spec: { id: string; obligations: string[] };
    }[];
    for (const r of registers.filter((x) => x.visible))
      for (const o of r.spec.obligations) if (ids.has(o)) return { duty: o, register: r.spec.id };
    throw new Error('the test organisation has no duty a register proves');
  }

  it('the detail names the registers that prove the duty, and the owner with who assigned them and when', async () => {
    const { duty, register } = await dutyWithRegister();
    const before = (await call('auditor', 'GET', `/api/workspace/${duty}`)).json();
    assert.equal(before.item.id, duty);
    assert.equal(before.item.owner, null);
    assert.ok(
      before.registers.some((r: { id: string }) => r.id === register),
      `${register} is listed as proving ${duty}`,
    );

    const set = await call('compliance_officer', 'PUT', `/api/workspace/${duty}/owner`, {
      username: 'security_officer',
    });
    assert.equal(set.statusCode, 204, set.body);
    const after = (await call('auditor', 'GET', `/api/workspace/${duty}`)).json();
    assert.equal(after.item.owner, 'security_officer');
    assert.equal(after.ownerAssignedBy, 'compliance_officer');
    assert.ok(after.ownerAssignedAt);

    // The audit trail keeps who gave the duty to whom.
    const trail = (await call('admin', 'GET', '/api/audit-events?limit=50')).json();
    const events = trail.events as { action: string; detail: Record<string, unknown> }[];
    const assigned = events.find((e) => e.action === 'workspace.owner');
    assert.ok(assigned, 'owner change is in the audit trail');
    assert.deepEqual(
      { obligation: assigned.detail.obligation, owner: assigned.detail.owner },
      { obligation: duty, owner: 'security_officer' },
    );

    assert.equal(
      (await call('security_officer', 'PUT', `/api/workspace/${duty}/owner`, { username: 'admin' }))
        .statusCode,
      403,
    );
    assert.equal((await call('auditor', 'GET', '/api/workspace/csl.no-such-duty')).statusCode, 404);
  });

  it('the owner picker lists active people, not service accounts or disabled ones', async () => {
    const t = get();
    const admin = await t.app.services.auth.findActor('admin');
    await t.app.services.auth.createUser(admin, {
      username: 'siem-bot',
      role: 'security_officer',
      kind: 'service',
    });
    const gone = await t.app.services.auth.createUser(admin, {
      username: 'gone',
      role: 'security_officer',
      password: 'a long enough passphrase',
    });
    await t.app.services.auth.updateUser(admin, gone.id, { disabled: true });
    const res = await call('compliance_officer', 'GET', '/api/workspace/people');
    assert.equal(res.statusCode, 200, res.body);
    const names = (res.json().people as { username: string }[]).map((p) => p.username);
    assert.ok(names.includes('security_officer') && names.includes('auditor'));
    assert.ok(!names.includes('siem-bot'), 'no service account');
    assert.ok(!names.includes('gone'), 'no disabled account');
    assert.equal((await call('auditor', 'GET', '/api/workspace/people')).statusCode, 403);
  });

  it('comments and tasks: added with author and time, a task with an assignee and due date, marked done', async () => {
    const { duty } = await dutyWithRegister();
    const comment = await call('security_officer', 'POST', `/api/workspace/${duty}/notes`, {
      kind: 'comment',
      body: 'The signed copy is with legal',
    });
    assert.equal(comment.statusCode, 201, comment.body);
    const task = await call('compliance_officer', 'POST', `/api/workspace/${duty}/notes`, {
      kind: 'task',
      body: 'Collect the signed copy',
      assignee: 'security_officer',
      dueDate: '2027-01-15',
    });
    assert.equal(task.statusCode, 201, task.body);
    const loose = await call('compliance_officer', 'POST', `/api/workspace/${duty}/notes`, {
      kind: 'task',
      body: 'Someone: check the retention period',
    });
    assert.equal(loose.statusCode, 201, 'assignee and due date are optional');
    assert.equal(loose.json().assignee, null);
    const open = (await call('auditor', 'GET', `/api/workspace/${duty}`)).json().item.openTasks;
    assert.equal(open, 2);
    assert.equal(
      (await call('security_officer', 'POST', `/api/workspace/notes/${task.json().id}/done`, {})).statusCode,
      204,
    );
    const notes = (await call('auditor', 'GET', `/api/workspace/${duty}/notes`)).json().notes as {
      kind: string;
      body: string;
      author: string;
      createdAt: string;
      doneBy: string | null;
    }[];
    assert.deepEqual(
      notes.map((n) => [n.kind, n.author, n.doneBy]),
      [
        ['comment', 'security_officer', null],
        ['task', 'compliance_officer', 'security_officer'],
        ['task', 'compliance_officer', null],
      ],
    );
    assert.ok(notes.every((n) => !Number.isNaN(Date.parse(n.createdAt))));
    assert.equal((await call('auditor', 'GET', `/api/workspace/${duty}`)).json().item.openTasks, 1);
  });

  it('a review takes a comment; a rejection without a reason is refused in both languages, naming the field', async () => {
    const { duty } = await dutyWithRegister();
    const submit = async (summary: string) => {
      const res = await call('security_officer', 'POST', `/api/workspace/${duty}/submissions`, { summary });
      assert.equal(res.statusCode, 201, res.body);
      return res.json() as { id: string; submittedBy: string; submittedAt: string };
    };
    const first = await submit('Scan of the signed policy');
    assert.equal(first.submittedBy, 'security_officer');

    for (const note of [undefined, '   ']) {
      const bare = await call('compliance_officer', 'POST', `/api/workspace/submissions/${first.id}/review`, {
        approve: false,
        ...(note === undefined ? {} : { note }),
      });
      assert.equal(bare.statusCode, 400, bare.body);
      const error = bare.json().error;
      assert.equal(error.code, 'validation_failed');
      assert.equal(error.field, 'note');
      assert.match(error.messages.zh, /审核意见/);
      assert.match(error.messages.en, /reason/);
    }
    const still = (await call('auditor', 'GET', `/api/workspace/submissions?duty=${duty}`)).json();
    assert.equal(still.submissions[0].status, 'pending', 'a refused rejection leaves it pending');

    const rejected = await call(
      'compliance_officer',
      'POST',
      `/api/workspace/submissions/${first.id}/review`,
      {
        approve: false,
        note: 'The scan is unsigned: attach the signed page',
      },
    );
    assert.equal(rejected.statusCode, 200, rejected.body);
    assert.equal(rejected.json().status, 'rejected');
    assert.equal(rejected.json().reviewNote, 'The scan is unsigned: attach the signed page');
    assert.equal(rejected.json().reviewedBy, 'compliance_officer');
    assert.ok(rejected.json().reviewedAt);

    const second = await submit('Signed policy, all pages');
    const approved = await call(
      'compliance_officer',
      'POST',
      `/api/workspace/submissions/${second.id}/review`,
      {
        approve: true,
        note: '签字页齐全',
      },
    );
    assert.equal(approved.statusCode, 200, approved.body);
    assert.equal(approved.json().reviewNote, '签字页齐全', 'an approval keeps its comment too');

    // The duty's own history: both submissions, newest first, with submitter and time.
    const mine = (await call('auditor', 'GET', `/api/workspace/submissions?duty=${duty}`)).json()
      .submissions as {
      id: string;
      submittedBy: string;
      submittedAt: string;
      status: string;
    }[];
    assert.deepEqual(
      mine.map((s) => [s.id, s.status, s.submittedBy]),
      [
        [second.id, 'approved', 'security_officer'],
        [first.id, 'rejected', 'security_officer'],
      ],
    );
    const other = (await call('auditor', 'GET', '/api/workspace/submissions?duty=csl.mlps-filing')).json();
    assert.ok(other.submissions.every((s: { obligationId: string }) => s.obligationId === 'csl.mlps-filing'));

    // The approved one is in the ledger's history of the duty.
    await get().app.services.ledger.sequence();
    const history = (await call('auditor', 'GET', `/api/ledger/records?duty=${duty}`)).json().records as {
      id: string;
      reviewer: string | null;
    }[];
    assert.equal(history[0]!.id, approved.json().evidenceId);
    assert.equal(history[0]!.reviewer, 'compliance_officer');
  });
});
