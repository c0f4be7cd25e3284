import { Migration } from '@mikro-orm/migrations';

export class Migration20261123230314_notifications_messages extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "notification_preference" ("telegram_account_id" bigint not null, "disabled_kinds" jsonb not null, "quiet_hours_start" varchar(5) null, "quiet_hours_end" varchar(5) null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), constraint "notification_preference_pkey" primary key ("telegram_account_id"));`);

    this.addSql(`create table "notification" ("id" bigserial primary key, "school_id" int not null, "telegram_account_id" bigint not null, "person_kind" text check ("person_kind" in ('guardian', 'student', 'staff')) not null, "person_id" int not null, "student_id" int null, "kind" text check ("kind" in ('mark', 'markChanged', 'markRemoved', 'absence', 'homework', 'schedule', 'announcement', 'message', 'digest')) not null, "payload" jsonb not null, "event_key" varchar(255) not null, "status" text check ("status" in ('pending', 'sent', 'skipped', 'failed')) not null default 'pending', "not_before" timestamptz not null, "attempts" int not null default 0, "last_error" varchar(255) null, "sent_at" timestamptz null, "message_id" bigint null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now());`);
    this.addSql(`create index "notification_school_id_index" on "notification" ("school_id");`);
    this.addSql(`create index "notification_status_not_before_index" on "notification" ("status", "not_before");`);
    this.addSql(`create index "notification_telegram_account_id_status_index" on "notification" ("telegram_account_id", "status");`);
    this.addSql(`alter table "notification" add constraint "notification_telegram_account_id_event_key_unique" unique ("telegram_account_id", "event_key");`);

    this.addSql(`create table "announcement" ("id" serial primary key, "school_id" int not null, "group_id" int null, "author_id" int null, "title" varchar(255) null, "text" text not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now());`);
    this.addSql(`create index "announcement_school_id_index" on "announcement" ("school_id");`);
    this.addSql(`create index "announcement_group_id_index" on "announcement" ("group_id");`);

    this.addSql(`create table "message_thread" ("id" serial primary key, "school_id" int not null, "guardian_id" int not null, "staff_id" int not null, "student_id" int not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now());`);
    this.addSql(`create index "message_thread_school_id_index" on "message_thread" ("school_id");`);
    this.addSql(`create index "message_thread_guardian_id_index" on "message_thread" ("guardian_id");`);
    this.addSql(`create index "message_thread_staff_id_index" on "message_thread" ("staff_id");`);
    this.addSql(`create index "message_thread_student_id_index" on "message_thread" ("student_id");`);
    this.addSql(`alter table "message_thread" add constraint "message_thread_guardian_id_staff_id_student_id_unique" unique ("guardian_id", "staff_id", "student_id");`);

    this.addSql(`create table "thread_message" ("id" serial primary key, "school_id" int not null, "thread_id" int not null, "author" text check ("author" in ('guardian', 'staff')) not null, "text" text not null, "read_at" timestamptz null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now());`);
    this.addSql(`create index "thread_message_school_id_index" on "thread_message" ("school_id");`);
    this.addSql(`create index "thread_message_thread_id_index" on "thread_message" ("thread_id");`);

    this.addSql(`create table "weekly_digest" ("id" serial primary key, "school_id" int not null, "guardian_id" int not null, "student_id" int not null, "week_start" date not null, "sent_at" timestamptz null, "acknowledged_at" timestamptz null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now());`);
    this.addSql(`create index "weekly_digest_school_id_index" on "weekly_digest" ("school_id");`);
    this.addSql(`create index "weekly_digest_guardian_id_index" on "weekly_digest" ("guardian_id");`);
    this.addSql(`create index "weekly_digest_student_id_index" on "weekly_digest" ("student_id");`);
    this.addSql(`alter table "weekly_digest" add constraint "weekly_digest_guardian_id_student_id_week_start_unique" unique ("guardian_id", "student_id", "week_start");`);

    this.addSql(`alter table "notification" add constraint "notification_school_id_foreign" foreign key ("school_id") references "school" ("id") on update cascade;`);

    this.addSql(`alter table "announcement" add constraint "announcement_school_id_foreign" foreign key ("school_id") references "school" ("id") on update cascade;`);
    this.addSql(`alter table "announcement" add constraint "announcement_group_id_foreign" foreign key ("group_id") references "school_group" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "announcement" add constraint "announcement_author_id_foreign" foreign key ("author_id") references "staff" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "message_thread" add constraint "message_thread_school_id_foreign" foreign key ("school_id") references "school" ("id") on update cascade;`);
    this.addSql(`alter table "message_thread" add constraint "message_thread_guardian_id_foreign" foreign key ("guardian_id") references "guardian" ("id") on update cascade;`);
    this.addSql(`alter table "message_thread" add constraint "message_thread_staff_id_foreign" foreign key ("staff_id") references "staff" ("id") on update cascade;`);
    this.addSql(`alter table "message_thread" add constraint "message_thread_student_id_foreign" foreign key ("student_id") references "student" ("id") on update cascade;`);

    this.addSql(`alter table "thread_message" add constraint "thread_message_school_id_foreign" foreign key ("school_id") references "school" ("id") on update cascade;`);
    this.addSql(`alter table "thread_message" add constraint "thread_message_thread_id_foreign" foreign key ("thread_id") references "message_thread" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "weekly_digest" add constraint "weekly_digest_school_id_foreign" foreign key ("school_id") references "school" ("id") on update cascade;`);
    this.addSql(`alter table "weekly_digest" add constraint "weekly_digest_guardian_id_foreign" foreign key ("guardian_id") references "guardian" ("id") on update cascade;`);
    this.addSql(`alter table "weekly_digest" add constraint "weekly_digest_student_id_foreign" foreign key ("student_id") references "student" ("id") on update cascade;`);

    this.addSql(`alter table "telegram_account" add column "blocked_at" timestamptz null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "thread_message" drop constraint "thread_message_thread_id_foreign";`);

    this.addSql(`drop table if exists "notification_preference" cascade;`);

    this.addSql(`drop table if exists "notification" cascade;`);

    this.addSql(`drop table if exists "announcement" cascade;`);

    this.addSql(`drop table if exists "message_thread" cascade;`);

    this.addSql(`drop table if exists "thread_message" cascade;`);

    this.addSql(`drop table if exists "weekly_digest" cascade;`);

    this.addSql(`alter table "telegram_account" drop column "blocked_at";`);
  }

}
