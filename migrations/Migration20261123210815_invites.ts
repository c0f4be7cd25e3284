import { Migration } from '@mikro-orm/migrations';

export class Migration20261123210815_invites extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "invite_failure" ("id" serial primary key, "telegram_account_id" bigint not null, "at" timestamptz not null default now());`);
    this.addSql(`create index "invite_failure_telegram_account_id_index" on "invite_failure" ("telegram_account_id");`);

    this.addSql(`create table "invite" ("id" serial primary key, "school_id" int not null, "person_kind" text check ("person_kind" in ('staff', 'student', 'guardian')) not null, "person_id" int not null, "code_hash" varchar(64) not null, "expires_at" timestamptz not null, "used_at" timestamptz null, "revoked_at" timestamptz null, "issued_by_staff_id" int null, "created_at" timestamptz not null default now());`);
    this.addSql(`create index "invite_school_id_index" on "invite" ("school_id");`);
    this.addSql(`alter table "invite" add constraint "invite_code_hash_unique" unique ("code_hash");`);
    this.addSql(`create index "invite_person_kind_person_id_index" on "invite" ("person_kind", "person_id");`);

    this.addSql(`create table "consent" ("id" serial primary key, "school_id" int not null, "guardian_id" int not null, "status" text check ("status" in ('given', 'refused', 'withdrawn')) not null, "date" date not null, "recorded_by_id" int null, "note" varchar(255) null, "created_at" timestamptz not null default now());`);
    this.addSql(`create index "consent_school_id_index" on "consent" ("school_id");`);
    this.addSql(`create index "consent_guardian_id_index" on "consent" ("guardian_id");`);

    this.addSql(`create table "telegram_binding" ("id" serial primary key, "telegram_account_id" bigint not null, "school_id" int not null, "person_kind" text check ("person_kind" in ('staff', 'student', 'guardian')) not null, "person_id" int not null, "invite_id" int null, "created_at" timestamptz not null default now(), "revoked_at" timestamptz null);`);
    this.addSql(`create index "telegram_binding_telegram_account_id_index" on "telegram_binding" ("telegram_account_id");`);
    this.addSql(`create index "telegram_binding_school_id_index" on "telegram_binding" ("school_id");`);
    this.addSql(`alter table "telegram_binding" add constraint "telegram_binding_invite_id_unique" unique ("invite_id");`);
    this.addSql(`create index "telegram_binding_person_kind_person_id_index" on "telegram_binding" ("person_kind", "person_id");`);

    this.addSql(`alter table "invite" add constraint "invite_school_id_foreign" foreign key ("school_id") references "school" ("id") on update cascade;`);
    this.addSql(`alter table "invite" add constraint "invite_issued_by_staff_id_foreign" foreign key ("issued_by_staff_id") references "staff" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "consent" add constraint "consent_school_id_foreign" foreign key ("school_id") references "school" ("id") on update cascade;`);
    this.addSql(`alter table "consent" add constraint "consent_guardian_id_foreign" foreign key ("guardian_id") references "guardian" ("id") on update cascade;`);
    this.addSql(`alter table "consent" add constraint "consent_recorded_by_id_foreign" foreign key ("recorded_by_id") references "staff" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "telegram_binding" add constraint "telegram_binding_telegram_account_id_foreign" foreign key ("telegram_account_id") references "telegram_account" ("id") on update cascade;`);
    this.addSql(`alter table "telegram_binding" add constraint "telegram_binding_school_id_foreign" foreign key ("school_id") references "school" ("id") on update cascade;`);
    this.addSql(`alter table "telegram_binding" add constraint "telegram_binding_invite_id_foreign" foreign key ("invite_id") references "invite" ("id") on update cascade on delete set null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "telegram_binding" drop constraint "telegram_binding_invite_id_foreign";`);

    this.addSql(`drop table if exists "invite_failure" cascade;`);

    this.addSql(`drop table if exists "invite" cascade;`);

    this.addSql(`drop table if exists "consent" cascade;`);

    this.addSql(`drop table if exists "telegram_binding" cascade;`);
  }

}
