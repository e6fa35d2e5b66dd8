import { sql, type Kysely } from 'kysely';

/**
 * The identity vault (issue 15): people (sealed records, keyed-index hashes,
 * masks), their service accounts with public handles, two-person reveals,
 * and the ids of the keys used. One identity number is one person.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('identity_subjects')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('ciphertext', 'text', (c) => c.notNull())
    .addColumn('wrapped_key', 'text', (c) => c.notNull())
    .addColumn('key_id', 'text', (c) => c.notNull())
    .addColumn('id_hash', 'text', (c) => c.notNull().unique())
    .addColumn('phone_hash', 'text', (c) => c.notNull())
    .addColumn('index_key_id', 'text', (c) => c.notNull())
    .addColumn('name_masked', 'text', (c) => c.notNull())
    .addColumn('id_number_masked', 'text', (c) => c.notNull())
    .addColumn('phone_masked', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('identity_subjects_phone')
    .on('identity_subjects')
    .column('phone_hash')
    .execute();
  await db.schema.createIndex('identity_subjects_key').on('identity_subjects').column('key_id').execute();
  await db.schema
    .createIndex('identity_subjects_index_key')
    .on('identity_subjects')
    .column('index_key_id')
    .execute();
  await db.schema
    .createIndex('identity_subjects_by_created')
    .on('identity_subjects')
    .columns(['created_at', 'id'])
    .execute();

  await db.schema
    .createTable('identity_accounts')
    .addColumn('service', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('handle', 'text', (c) => c.notNull().unique())
    .addColumn('subject_id', 'text', (c) => c.notNull().references('identity_subjects.id'))
    .addColumn('enrolled_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('identity_accounts_pk', ['service', 'user_id'])
    .execute();
  await db.schema
    .createIndex('identity_accounts_subject')
    .on('identity_accounts')
    .column('subject_id')
    .execute();

  await db.schema
    .createTable('identity_reveals')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('subject_id', 'text', (c) => c.notNull().references('identity_subjects.id'))
    .addColumn('basis', 'text', (c) => c.notNull())
    .addColumn('register_entry_id', 'text')
    .addColumn('reference', 'text')
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('pending', 'approved', 'rejected', 'opened')`),
    )
    .addColumn('requested_by', 'text', (c) => c.notNull())
    .addColumn('requested_at', 'timestamptz', (c) => c.notNull())
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'timestamptz')
    .addColumn('decision_note', 'text')
    .addColumn('open_until', 'timestamptz')
    .addColumn('opened_at', 'timestamptz')
    .addColumn('evidence_id', 'text')
    .execute();
  await db.schema
    .createIndex('identity_reveals_by_requested')
    .on('identity_reveals')
    .columns(['requested_at', 'id'])
    .execute();

  await db.schema
    .createTable('identity_vault_keys')
    .addColumn('which', 'text', (c) => c.notNull().check(sql`which in ('vault', 'index')`))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('first_used_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('identity_vault_keys_pk', ['which', 'id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['identity_vault_keys', 'identity_reveals', 'identity_accounts', 'identity_subjects'])
    await db.schema.dropTable(t).ifExists().execute();
}
