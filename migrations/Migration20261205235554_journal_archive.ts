import { Migration } from '@mikro-orm/migrations';

export class Migration20261205235554_journal_archive extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "journal_archive" ("id" serial primary key, "school_id" int not null, "group_id" int null, "year_id" int null, "class_name" varchar(255) not null, "year_name" varchar(255) not null, "kind" text check ("kind" in ('journal', 'summary')) not null, "set_dir" varchar(500) not null, "path" varchar(500) not null, "sha256" varchar(64) not null, "size" bigint not null, "made_at" timestamptz not null, "made_by_staff_id" int null, "made_by" varchar(255) not null, "expires_on" date not null, "verified_at" timestamptz null, "verify_state" text check ("verify_state" in ('ok', 'changed', 'missing', 'extra', 'bad-signature', 'no-manifest')) null, "deleted_at" timestamptz null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now());`);
    this.addSql(`create index "journal_archive_school_id_index" on "journal_archive" ("school_id");`);
    this.addSql(`create index "journal_archive_group_id_index" on "journal_archive" ("group_id");`);
    this.addSql(`create index "journal_archive_year_id_index" on "journal_archive" ("year_id");`);
    this.addSql(`create index "journal_archive_school_id_year_id_group_id_index" on "journal_archive" ("school_id", "year_id", "group_id");`);
    this.addSql(`create index "journal_archive_expires_on_index" on "journal_archive" ("expires_on");`);

    this.addSql(`alter table "journal_archive" add constraint "journal_archive_school_id_foreign" foreign key ("school_id") references "school" ("id") on update cascade;`);
    this.addSql(`alter table "journal_archive" add constraint "journal_archive_group_id_foreign" foreign key ("group_id") references "school_group" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "journal_archive" add constraint "journal_archive_year_id_foreign" foreign key ("year_id") references "academic_year" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "journal_archive" add constraint "journal_archive_made_by_staff_id_foreign" foreign key ("made_by_staff_id") references "staff" ("id") on update cascade on delete set null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "journal_archive" cascade;`);
  }

}
