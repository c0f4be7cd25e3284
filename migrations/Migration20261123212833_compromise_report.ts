import { Migration } from '@mikro-orm/migrations';

export class Migration20261123212833_compromise_report extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "compromise_report" ("id" serial primary key, "school_id" int not null, "person_kind" text check ("person_kind" in ('staff', 'student', 'guardian')) not null, "person_id" int not null, "reported_at" timestamptz not null, "leaked_since" timestamptz not null, "reported_by_self" boolean not null default false, "reported_by_staff_id" int null, "source" text check ("source" in ('bot', 'panel', 'cli')) not null, "bindings_revoked" int not null default 0, "sessions_ended" int not null default 0, "rolled_back_at" timestamptz null, "rolled_back_by_id" int null);`);
    this.addSql(`create index "compromise_report_school_id_index" on "compromise_report" ("school_id");`);
    this.addSql(`create index "compromise_report_person_kind_person_id_index" on "compromise_report" ("person_kind", "person_id");`);

    this.addSql(`alter table "compromise_report" add constraint "compromise_report_school_id_foreign" foreign key ("school_id") references "school" ("id") on update cascade;`);
    this.addSql(`alter table "compromise_report" add constraint "compromise_report_reported_by_staff_id_foreign" foreign key ("reported_by_staff_id") references "staff" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "compromise_report" add constraint "compromise_report_rolled_back_by_id_foreign" foreign key ("rolled_back_by_id") references "staff" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "audit_entry" drop constraint if exists "audit_entry_action_check";`);

    this.addSql(`alter table "audit_entry" add constraint "audit_entry_action_check" check("action" in ('create', 'update', 'delete', 'movement', 'rollback'));`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "compromise_report" cascade;`);

    this.addSql(`alter table "audit_entry" drop constraint if exists "audit_entry_action_check";`);

    this.addSql(`alter table "audit_entry" add constraint "audit_entry_action_check" check("action" in ('create', 'update', 'delete', 'movement'));`);
  }

}
