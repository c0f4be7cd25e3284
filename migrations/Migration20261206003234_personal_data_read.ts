import { Migration } from '@mikro-orm/migrations';

export class Migration20261206003234_personal_data_read extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "personal_data_read" ("id" bigserial primary key, "at" timestamptz not null, "school_id" int null, "channel" text check ("channel" in ('bot', 'panel', 'cli', 'job', 'import')) not null, "address" varchar(64) null, "actor_kind" text check ("actor_kind" in ('staff', 'deployment', 'system', 'guardian', 'student')) not null, "actor_staff_id" int null, "actor_account_id" int null, "kind" text check ("kind" in ('record', 'list', 'journal', 'export', 'statement', 'report', 'archive')) not null, "resource" varchar(64) not null, "record_id" varchar(64) null, "detail" varchar(255) null, "people" int not null);`);
    this.addSql(`create index "personal_data_read_school_id_at_index" on "personal_data_read" ("school_id", "at");`);
    this.addSql(`create index "personal_data_read_actor_staff_id_at_index" on "personal_data_read" ("actor_staff_id", "at");`);
    // Append-only (G4): nobody, the application included, changes or removes a line.
    this.addSql(`create function "personal_data_read_append_only"() returns trigger language plpgsql as $$ begin raise exception 'personal_data_read is append-only: % refused', tg_op using errcode = 'insufficient_privilege'; end $$;`);
    this.addSql(`create trigger "personal_data_read_no_change" before update or delete on "personal_data_read" for each row execute function "personal_data_read_append_only"();`);
    this.addSql(`create trigger "personal_data_read_no_truncate" before truncate on "personal_data_read" for each statement execute function "personal_data_read_append_only"();`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "personal_data_read" cascade;`);
    this.addSql(`drop function if exists "personal_data_read_append_only"();`);
  }

}
