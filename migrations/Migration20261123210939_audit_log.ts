import { Migration } from '@mikro-orm/migrations';

export class Migration20261123210939_audit_log extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "audit_entry" ("id" bigserial primary key, "school_id" int null, "at" timestamptz not null default now(), "source" text check ("source" in ('bot', 'panel', 'cli', 'job', 'import')) not null, "actor_kind" text check ("actor_kind" in ('staff', 'deployment', 'system')) not null, "actor_staff_id" int null, "actor_account_id" int null, "action" text check ("action" in ('create', 'update', 'delete', 'movement')) not null, "entity" varchar(255) not null, "entity_id" varchar(255) not null, "before" jsonb null, "after" jsonb null);`);
    this.addSql(`create index "audit_entry_actor_staff_id_index" on "audit_entry" ("actor_staff_id");`);
    this.addSql(`create index "audit_entry_school_id_at_index" on "audit_entry" ("school_id", "at");`);
    this.addSql(`create index "audit_entry_entity_entity_id_index" on "audit_entry" ("entity", "entity_id");`);

    this.addSql(`alter table "audit_entry" add constraint "audit_entry_school_id_foreign" foreign key ("school_id") references "school" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "audit_entry" add constraint "audit_entry_actor_staff_id_foreign" foreign key ("actor_staff_id") references "staff" ("id") on update cascade on delete set null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "audit_entry" cascade;`);
  }

}
