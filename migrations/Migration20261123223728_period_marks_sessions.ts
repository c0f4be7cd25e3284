import { Migration } from '@mikro-orm/migrations';

export class Migration20261123223728_period_marks_sessions extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "bot_session" ("id" serial primary key, "telegram_user_id" bigint not null, "key" varchar(255) not null, "payload" jsonb not null, "expires_at" timestamptz not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now());`);
    this.addSql(`alter table "bot_session" add constraint "bot_session_telegram_user_id_key_unique" unique ("telegram_user_id", "key");`);

    this.addSql(`create table "reminder_sent" ("id" serial primary key, "school_id" int not null, "staff_id" int not null, "item" varchar(255) not null, "sent_at" timestamptz not null);`);
    this.addSql(`create index "reminder_sent_school_id_index" on "reminder_sent" ("school_id");`);
    this.addSql(`create index "reminder_sent_staff_id_index" on "reminder_sent" ("staff_id");`);
    this.addSql(`alter table "reminder_sent" add constraint "reminder_sent_staff_id_item_unique" unique ("staff_id", "item");`);

    this.addSql(`create table "period_mark" ("id" serial primary key, "school_id" int not null, "assignment_id" int not null, "period_id" int not null, "student_id" int not null, "value" text check ("value" in ('2', '3', '4', '5', 'pass', 'fail', 'na', 'exempt')) null, "deferred_until" date null, "version" int not null default 1, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now());`);
    this.addSql(`create index "period_mark_school_id_index" on "period_mark" ("school_id");`);
    this.addSql(`create index "period_mark_assignment_id_index" on "period_mark" ("assignment_id");`);
    this.addSql(`create index "period_mark_period_id_index" on "period_mark" ("period_id");`);
    this.addSql(`create index "period_mark_student_id_index" on "period_mark" ("student_id");`);
    this.addSql(`alter table "period_mark" add constraint "period_mark_assignment_id_period_id_student_id_unique" unique ("assignment_id", "period_id", "student_id");`);

    this.addSql(`create table "period_lock" ("id" serial primary key, "school_id" int not null, "assignment_id" int not null, "period_id" int not null, "locked" boolean not null default true, "locked_at" timestamptz not null, "unlocked_at" timestamptz null, "unlocked_by" varchar(255) null, "version" int not null default 1, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now());`);
    this.addSql(`create index "period_lock_school_id_index" on "period_lock" ("school_id");`);
    this.addSql(`create index "period_lock_assignment_id_index" on "period_lock" ("assignment_id");`);
    this.addSql(`create index "period_lock_period_id_index" on "period_lock" ("period_id");`);
    this.addSql(`alter table "period_lock" add constraint "period_lock_assignment_id_period_id_unique" unique ("assignment_id", "period_id");`);

    this.addSql(`alter table "reminder_sent" add constraint "reminder_sent_school_id_foreign" foreign key ("school_id") references "school" ("id") on update cascade;`);
    this.addSql(`alter table "reminder_sent" add constraint "reminder_sent_staff_id_foreign" foreign key ("staff_id") references "staff" ("id") on update cascade;`);

    this.addSql(`alter table "period_mark" add constraint "period_mark_school_id_foreign" foreign key ("school_id") references "school" ("id") on update cascade;`);
    this.addSql(`alter table "period_mark" add constraint "period_mark_assignment_id_foreign" foreign key ("assignment_id") references "teaching_assignment" ("id") on update cascade;`);
    this.addSql(`alter table "period_mark" add constraint "period_mark_period_id_foreign" foreign key ("period_id") references "period" ("id") on update cascade;`);
    this.addSql(`alter table "period_mark" add constraint "period_mark_student_id_foreign" foreign key ("student_id") references "student" ("id") on update cascade;`);

    this.addSql(`alter table "period_lock" add constraint "period_lock_school_id_foreign" foreign key ("school_id") references "school" ("id") on update cascade;`);
    this.addSql(`alter table "period_lock" add constraint "period_lock_assignment_id_foreign" foreign key ("assignment_id") references "teaching_assignment" ("id") on update cascade;`);
    this.addSql(`alter table "period_lock" add constraint "period_lock_period_id_foreign" foreign key ("period_id") references "period" ("id") on update cascade;`);

    this.addSql(`alter table "lesson" add column "attendance_taken_at" timestamptz null;`);

    this.addSql(`alter table "homework" add column "due_date" date null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "bot_session" cascade;`);

    this.addSql(`drop table if exists "reminder_sent" cascade;`);

    this.addSql(`drop table if exists "period_mark" cascade;`);

    this.addSql(`drop table if exists "period_lock" cascade;`);

    this.addSql(`alter table "homework" drop column "due_date";`);

    this.addSql(`alter table "lesson" drop column "attendance_taken_at";`);
  }

}
